package dev.danvic.hmm.pools.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.alerts.AlertEvent;
import dev.danvic.hmm.pools.alerts.AxeOsMiner;
import dev.danvic.hmm.pools.alerts.FailoverAdvice;
import dev.danvic.hmm.pools.alerts.FailoverGroup;
import dev.danvic.hmm.pools.alerts.FailoverPolicy;
import dev.danvic.hmm.pools.alerts.Observation;
import dev.danvic.hmm.pools.alerts.PoolObservations;
import dev.danvic.hmm.pools.alerts.RuleKind;
import dev.danvic.hmm.pools.core.DashboardPoolService;
import dev.danvic.hmm.pools.core.PoolChangeListener;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failover groups: {@code GET/POST /failover/groups}, {@code PUT/DELETE /failover/groups/{id}}.
 * Each group's {@link FailoverPolicy} follows the service's tile and health refreshes; its advice
 * is logged with its reason and pushed to the pages as {@code {"type":"failover",...}}, and, for a
 * group with an {@code axeos_url}, applied to the miner through its AxeOS API: dry run unless the
 * group says {@code "apply": true}.
 */
final class FailoverRoutes implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FailoverRoutes.class);
  private static final Set<String> FIELDS = Set.of("id", "miner", "pool_ids", "fail_after_minutes", "recover_after_minutes",
      "min_dwell_minutes", "max_latency_ms", "max_reject_rate", "axeos_url", "stratum_user", "apply", "channels");

  /** A group as the server keeps it: the SDK's group, the miner's AxeOS address and whether to act. */
  record Entry(
      FailoverGroup group, @Nullable String axeosUrl, @Nullable String stratumUser, boolean apply, List<String> channels,
      FailoverPolicy policy) {}

  private final PoolsServer server;
  private final PoolStore pools;
  private final AlertStore store;
  private final ObjectMapper json;
  private final LiveUpdates updates;
  private final OkHttpClient http;
  private final Clock clock;
  private final Map<String, Entry> groups = new ConcurrentHashMap<>();
  private final PoolChangeListener.Registration attached;
  private final java.util.function.BiConsumer<AlertEvent, List<String>> deliver;

  FailoverRoutes(PoolsServer server, PoolStore pools, AlertStore store, DashboardPoolService service, LiveUpdates updates,
      ObjectMapper json, OkHttpClient http, Clock clock, java.util.function.BiConsumer<AlertEvent, List<String>> deliver) {
    this.server = server;
    this.pools = pools;
    this.store = store;
    this.json = json;
    this.updates = updates;
    this.http = http;
    this.clock = clock;
    this.deliver = deliver;
    for (AlertStore.StoredGroup g : store.groups()) {
      try {
        Entry e = parse(json.readTree(g.definition()), null, g.currentPool());
        groups.put(e.group().id(), e);
      } catch (IOException | RuntimeException ex) {
        LOG.warn("stored failover group {} is not used: {}", g.id(), ex.getMessage());
      }
    }
    // observations never older than the last one: a late event never moves a rig back
    this.attached = PoolObservations.attach(service, Runnable::run, poolId -> null, this::observe);
  }

  private void observe(String poolId, Observation o) {
    for (Entry e : groups.values()) {
      FailoverAdvice advice;
      synchronized (e.policy()) {
        advice = e.policy().observe(poolId, o, clock.instant()).orElse(null);
      }
      if (advice != null) {
        act(e, advice);
      }
    }
  }

  private void act(Entry e, FailoverAdvice advice) {
    LOG.info("failover {}: {}", advice.groupId(), advice.text());
    store.setCurrentPool(advice.groupId(), advice.toPoolId());
    push(advice, e.axeosUrl() == null ? "advice only (no axeos_url)" : null);
    // delivered like an alert: recorded with the events, shown on the page, sent to the channels
    deliver.accept(
        new AlertEvent(advice.groupId(), "failover " + advice.miner(), RuleKind.POOL_UNHEALTHY, advice.fromPoolId(),
            advice.backToPrimary() ? AlertEvent.Type.RESOLVED : AlertEvent.Type.FIRED, advice.text(), advice.time()),
        e.channels());
    PoolConfig to = pools.find(advice.toPoolId()).orElse(null);
    if (e.axeosUrl() == null || to == null) {
      return;
    }
    String user = e.stratumUser() != null ? e.stratumUser() : to.username() != null ? to.username() : "";
    new AxeOsMiner(e.axeosUrl(), http, !e.apply())
        .apply(advice, new AxeOsMiner.Stratum(to.url(), to.port(), user))
        .whenComplete((done, t) -> push(advice, t == null ? done : "the miner refused: " + dev.danvic.hmm.pools.Failures.unwrap(t).getMessage()));
  }

  private void push(FailoverAdvice advice, @Nullable String action) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "failover");
    m.put("group_id", advice.groupId());
    m.put("miner", advice.miner());
    m.put("from", advice.fromPoolId());
    m.put("to", advice.toPoolId());
    m.put("reason", advice.reason());
    m.put("text", advice.text());
    m.put("action", action);
    m.put("time", advice.time().toString());
    updates.publishMessage(m);
  }

  /**
   * Stores (or replaces) and follows a group: the demo's, whose miner's address changes each start.
   *
   * @param definition the group as JSON, as a POST body
   */
  void putGroup(String definition) {
    Entry e;
    try {
      e = parse(json.readTree(definition), null, null);
    } catch (IOException ex) {
      throw new IllegalArgumentException("not a group: " + ex.getMessage(), ex);
    }
    synchronized (groups) {
      String stored;
      try {
        stored = json.writeValueAsString(view(e));
      } catch (IOException ex) {
        throw new IllegalStateException(ex);
      }
      if (!store.insertGroup(e.group().id(), stored)) {
        store.updateGroup(e.group().id(), stored);
      }
      groups.put(e.group().id(), e);
    }
  }

  void routes(RoutesConfig r) {
    r.get("/failover/groups", ctx -> server.answer(ctx, 200, groups.values().stream().map(FailoverRoutes::view).toList()));
    r.post("/failover/groups", ctx -> write(ctx, null));
    r.put("/failover/groups/{id}", ctx -> write(ctx, ctx.pathParam("id")));
    r.delete("/failover/groups/{id}", ctx -> {
      String id = ctx.pathParam("id");
      synchronized (groups) {
        if (!store.deleteGroup(id)) {
          throw new ApiError(404, "id", "no failover group with id '" + (id.length() > 64 ? id.substring(0, 64) + "..." : id) + "'");
        }
        groups.remove(id);
      }
      ctx.status(204);
    });
  }

  private void write(Context ctx, @Nullable String pathId) {
    JsonNode body;
    try {
      body = json.readTree(server.jsonBody(ctx));
    } catch (IOException e) {
      throw ApiError.badRequest(null, "the body is not valid JSON");
    }
    Entry e = parse(body, pathId, null);
    for (String p : e.group().poolIds()) {
      if (pools.find(p).isEmpty()) {
        throw ApiError.badRequest("pool_ids", "no pool with id '" + p + "'");
      }
    }
    String definition;
    try {
      definition = json.writeValueAsString(view(e));
    } catch (IOException ex) {
      throw new IllegalStateException(ex);
    }
    synchronized (groups) {
      if (pathId == null) {
        if (!store.insertGroup(e.group().id(), definition)) {
          throw new ApiError(409, "id", "a failover group with id '" + e.group().id() + "' exists");
        }
      } else if (!store.updateGroup(pathId, definition)) {
        throw new ApiError(404, "id", "no failover group with id '" + (pathId.length() > 64 ? pathId.substring(0, 64) + "..." : pathId) + "'");
      }
      groups.put(e.group().id(), e);
    }
    server.answer(ctx, pathId == null ? 201 : 200, view(e));
  }

  static Map<String, Object> view(Entry e) {
    FailoverGroup g = e.group();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", g.id());
    m.put("miner", g.miner());
    m.put("pool_ids", g.poolIds());
    m.put("fail_after_minutes", g.failAfter().toSeconds() / 60.0);
    m.put("recover_after_minutes", g.recoverAfter().toSeconds() / 60.0);
    m.put("min_dwell_minutes", g.minDwell().toSeconds() / 60.0);
    m.put("max_latency_ms", g.maxLatencyMs());
    m.put("max_reject_rate", g.maxRejectRate());
    m.put("axeos_url", e.axeosUrl());
    m.put("stratum_user", e.stratumUser());
    m.put("apply", e.apply());
    m.put("channels", e.channels());
    m.put("current_pool", e.policy().current());
    return m;
  }

  private Entry parse(JsonNode body, @Nullable String pathId, @Nullable String currentPool) {
    if (body == null || !body.isObject()) {
      throw ApiError.badRequest(null, "the body must be a JSON object");
    }
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f) && !f.equals("current_pool")) {
        throw ApiError.badRequest(f, "unknown field '" + (f.length() > 40 ? f.substring(0, 40) + "..." : f) + "'");
      }
    }
    String id = pathId != null ? pathId : text(body, "id");
    if (id == null) {
      id = "group-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }
    List<String> poolIds = new ArrayList<>();
    JsonNode p = body.get("pool_ids");
    if (p == null || !p.isArray()) {
      throw ApiError.badRequest("pool_ids", "pool_ids must be an array of pool ids, primary first");
    }
    for (JsonNode n : p) {
      if (!n.isTextual()) {
        throw ApiError.badRequest("pool_ids", "pool_ids must be an array of pool ids, primary first");
      }
      poolIds.add(n.asText());
    }
    String axeos = text(body, "axeos_url");
    if (axeos != null) {
      HttpUrl u = HttpUrl.parse(axeos);
      if (u == null) {
        throw ApiError.badRequest("axeos_url", "axeos_url must be the miner's http address, e.g. http://192.168.1.50");
      }
    }
    JsonNode apply = body.get("apply");
    if (apply != null && !apply.isNull() && !apply.isBoolean()) {
      throw ApiError.badRequest("apply", "apply must be true or false");
    }
    try {
      FailoverGroup g = new FailoverGroup(id, text(body, "miner") == null ? id : text(body, "miner"), poolIds,
          minutes(body, "fail_after_minutes", 5), minutes(body, "recover_after_minutes", 10), minutes(body, "min_dwell_minutes", 15),
          number(body, "max_latency_ms"), number(body, "max_reject_rate"));
      return new Entry(g, axeos, text(body, "stratum_user"), apply != null && apply.asBoolean(false), channels(body),
          new FailoverPolicy(g, currentPool));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage().split(" ", 2)[0], e.getMessage());
    }
  }

  private static List<String> channels(JsonNode body) {
    List<String> out = new ArrayList<>();
    JsonNode ch = body.get("channels");
    if (ch == null || ch.isNull()) {
      return out;
    }
    if (!ch.isArray()) {
      throw ApiError.badRequest("channels", "channels must be an array of channel ids");
    }
    for (JsonNode c : ch) {
      if (!c.isTextual() || !c.asText().matches("[A-Za-z0-9_-]{1,64}")) {
        throw ApiError.badRequest("channels", "channels must be an array of channel ids");
      }
      out.add(c.asText());
    }
    return out;
  }

  private static @Nullable String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual() || v.asText().isBlank()) {
      throw ApiError.badRequest(field, field + " must be a non-empty string");
    }
    return v.asText().trim();
  }

  private static @Nullable Double number(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
      throw ApiError.badRequest(field, field + " must be a number");
    }
    return v.asDouble();
  }

  private static Duration minutes(JsonNode body, String field, double absent) {
    Double m = number(body, field);
    double v = m == null ? absent : m;
    if (v < 0 || v > 43_200) {
      throw ApiError.badRequest(field, field + " must be 0 to 43200 minutes");
    }
    return Duration.ofSeconds(Math.round(v * 60));
  }

  @Override
  public void close() {
    attached.close();
  }
}
