package dev.danvic.hmm.pools.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.alerts.AlertDispatcher;
import dev.danvic.hmm.pools.alerts.AlertEngine;
import dev.danvic.hmm.pools.alerts.AlertEvent;
import dev.danvic.hmm.pools.alerts.AlertRule;
import dev.danvic.hmm.pools.alerts.DeliveryOutcome;
import dev.danvic.hmm.pools.alerts.RuleState;
import dev.danvic.hmm.pools.core.DashboardPoolService;
import dev.danvic.hmm.pools.core.PoolChangeListener;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert routes of the reference server and what runs behind them: the rules, channels, states
 * and events in the database ({@link AlertStore}), an {@link AlertEngine} on the dashboard
 * service's refreshes, an {@link AlertDispatcher} for deliveries, and a poller that refreshes every
 * pool's tiles and health so rules run while no page is open.
 *
 * <ul>
 *   <li>{@code GET/POST /alerts/rules}, {@code PUT/DELETE /alerts/rules/{id}}
 *   <li>{@code GET/POST /alerts/channels}, {@code DELETE /alerts/channels/{id}} (secrets are write
 *       only: a channel is answered with its type and host)
 *   <li>{@code GET /alerts/events?limit=50&offset=0}: newest first
 *   <li>{@code GET /alerts/active}: the rules firing now, per pool
 * </ul>
 *
 * Every event is also pushed to the pages as {@code {"type":"alert","event":{...}}}.
 */
final class AlertsRoutes implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertsRoutes.class);
  static final int MAX_PAGE = 200;

  private final PoolsServer server;
  private final PoolStore pools;
  private final AlertStore store;
  private final ObjectMapper json;
  private final LiveUpdates updates;
  private final AlertEngine engine;
  private final AlertDispatcher dispatcher;
  private final OkHttpClient http;
  private final PoolChangeListener.Registration attached;
  private final ScheduledExecutorService poller;
  private final ReentrantLock writes = new ReentrantLock();
  private final FailoverRoutes failover;

  AlertsRoutes(
      PoolsServer server,
      PoolStore pools,
      DashboardPoolService service,
      LiveUpdates updates,
      ObjectMapper json,
      Clock clock,
      Duration pollInterval) {
    this.server = server;
    this.pools = pools;
    this.store = new AlertStore(pools, clock);
    this.json = json;
    this.updates = updates;
    // one client for every delivery; redirects are not followed, so a receiver cannot bounce a
    // signed body or a token-bearing request elsewhere
    this.http = new OkHttpClient.Builder().followRedirects(false).callTimeout(Duration.ofSeconds(20)).build();
    this.dispatcher = AlertDispatcher.builder().build();
    this.dispatcher.addListener(this::delivered);
    for (AlertInput.ChannelSpec ch : store.channels()) {
      dispatcher.putChannel(ch.build(http));
    }
    this.engine = AlertEngine.builder().store(store).clock(clock)
        .workers(new WorkerNames(service, () -> engine().rules())).build();
    engine.setRules(store.rules());
    engine.addListener(this::onEvent);
    this.poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "hmm-pools-alerts");
              t.setDaemon(true);
              return t;
            });
    // rules run, and write their states, on this thread: the service's threads never wait for the database
    this.attached = engine.attach(service, poller);
    this.failover = new FailoverRoutes(server, pools, store, service, updates, json, http, clock, this::record);
    long every = pollInterval.toMillis();
    poller.scheduleWithFixedDelay(() -> poll(service), every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Stores and watches each rule whose id is not stored yet (the demo's rules; a restart keeps
   * them, and the user's changes to them).
   *
   * @param rules the rules
   */
  void ensureRules(List<AlertRule> rules) {
    writes.lock();
    try {
      for (AlertRule r : rules) {
        if (store.insertRule(r)) {
          engine.putRule(r);
        }
      }
    } finally {
      writes.unlock();
    }
  }

  /** @return the failover groups */
  FailoverRoutes failover() {
    return failover;
  }

  /** @return the engine, for the demo and tests */
  AlertEngine engine() {
    return engine;
  }

  private static void poll(DashboardPoolService service) {
    try {
      service.poolTiles(); // refreshes what is stale; the rules run on the refresh events
      for (PoolConfig p : service.pools()) {
        service.health(p.id());
      }
    } catch (RuntimeException e) {
      LOG.warn("alert poll failed: {}", e.toString());
    }
  }

  private void onEvent(AlertEvent e) {
    engine.rule(e.ruleId()).ifPresent(r -> record(e, r.channels()));
  }

  /** Stores an event, pushes it to the pages and delivers it to the channels (failover advice too). */
  void record(AlertEvent e, List<String> channels) {
    long id = store.addEvent(e);
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("type", "alert");
    message.put("event", AlertInput.view(id, e));
    updates.publishMessage(message);
    dispatcher.dispatch(e, channels);
  }

  private void delivered(DeliveryOutcome o) {
    if (o.delivered()) {
      LOG.info("alert of rule {} on pool {} delivered to channel {} ({} attempts)",
          o.event().ruleId(), o.event().poolId(), o.channelId(), o.attempts());
    }
  }

  void routes(RoutesConfig r) {
    r.get("/alerts/rules", ctx -> server.answer(ctx, 200, store.rules().stream().map(AlertInput::view).toList()));
    r.post("/alerts/rules", this::createRule);
    r.put("/alerts/rules/{id}", this::updateRule);
    r.delete("/alerts/rules/{id}", this::deleteRule);
    r.get("/alerts/channels", ctx -> server.answer(ctx, 200, store.channels().stream().map(AlertInput.ChannelSpec::view).toList()));
    r.post("/alerts/channels", this::createChannel);
    r.delete("/alerts/channels/{id}", this::deleteChannel);
    r.get("/alerts/events", this::events);
    r.get("/alerts/active", this::active);
    failover.routes(r);
    r.get("/alerts.js", ctx -> server.page(ctx, "alerts.js", "text/javascript; charset=utf-8"));
    r.get("/alerts.css", ctx -> server.page(ctx, "alerts.css", "text/css; charset=utf-8"));
  }

  private JsonNode body(Context ctx) {
    byte[] bytes = server.jsonBody(ctx);
    try {
      return json.readTree(bytes);
    } catch (IOException e) {
      throw ApiError.badRequest(null, "the body is not valid JSON");
    }
  }

  private void checkReferences(AlertRule rule) {
    if (rule.poolId() != null && pools.find(rule.poolId()).isEmpty()) {
      throw ApiError.badRequest("pool_id", "no pool with id '" + rule.poolId() + "'");
    }
    for (String c : rule.channels()) {
      if (dispatcher.channels().stream().noneMatch(ch -> ch.id().equals(c))) {
        throw ApiError.badRequest("channels", "no channel with id '" + c + "'");
      }
    }
  }

  private void createRule(Context ctx) {
    AlertRule rule = AlertInput.rule(body(ctx), null);
    writes.lock();
    try {
      checkReferences(rule);
      if (!store.insertRule(rule)) {
        throw new ApiError(409, "id", "a rule with id '" + rule.id() + "' exists; PUT /alerts/rules/" + rule.id() + " changes it");
      }
      engine.putRule(rule);
    } finally {
      writes.unlock();
    }
    server.answer(ctx, 201, AlertInput.view(rule));
  }

  private void updateRule(Context ctx) {
    String id = ctx.pathParam("id");
    AlertRule rule = AlertInput.rule(body(ctx), id);
    writes.lock();
    try {
      checkReferences(rule);
      if (!store.updateRule(rule)) {
        throw new ApiError(404, "id", "no rule with id '" + shorten(id) + "'");
      }
      engine.putRule(rule);
    } finally {
      writes.unlock();
    }
    server.answer(ctx, 200, AlertInput.view(rule));
  }

  private void deleteRule(Context ctx) {
    String id = ctx.pathParam("id");
    writes.lock();
    try {
      if (!store.deleteRuleAndStates(id)) {
        throw new ApiError(404, "id", "no rule with id '" + shorten(id) + "'");
      }
      engine.removeRule(id);
    } finally {
      writes.unlock();
    }
    ctx.status(204);
  }

  private void createChannel(Context ctx) {
    AlertInput.ChannelSpec spec = AlertInput.channel(body(ctx), http);
    writes.lock();
    try {
      if (!store.insertChannel(spec)) {
        throw new ApiError(409, "id", "a channel with id '" + spec.id() + "' exists");
      }
      dispatcher.putChannel(spec.build(http));
    } finally {
      writes.unlock();
    }
    server.answer(ctx, 201, spec.view());
  }

  private void deleteChannel(Context ctx) {
    String id = ctx.pathParam("id");
    writes.lock();
    try {
      List<String> users = engine.rules().stream().filter(r -> r.channels().contains(id)).map(AlertRule::id).sorted().toList();
      if (!users.isEmpty()) {
        throw new ApiError(409, "id", "channel '" + shorten(id) + "' is used by rules " + users + "; change them first");
      }
      if (!store.deleteChannel(id)) {
        throw new ApiError(404, "id", "no channel with id '" + shorten(id) + "'");
      }
      dispatcher.removeChannel(id);
    } finally {
      writes.unlock();
    }
    ctx.status(204);
  }

  private void events(Context ctx) {
    int limit = intParam(ctx, "limit", 50, 1, MAX_PAGE);
    int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    List<Map<String, Object>> events = new ArrayList<>();
    for (AlertStore.StoredEvent e : store.events(limit, offset)) {
      events.add(AlertInput.view(e.id(), e.event()));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("events", events);
    out.put("total", store.eventCount());
    out.put("limit", limit);
    out.put("offset", offset);
    server.answer(ctx, 200, out);
  }

  private void active(Context ctx) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (RuleState s : store.firing()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("rule_id", s.ruleId());
      m.put("rule_name", engine.rule(s.ruleId()).map(AlertRule::name).orElse(s.ruleId()));
      m.put("pool_id", s.poolId());
      m.put("since", s.conditionSince() == null ? null : s.conditionSince().toString());
      out.add(m);
    }
    server.answer(ctx, 200, out);
  }

  private static int intParam(Context ctx, String name, int absent, int min, int max) {
    String v = ctx.queryParam(name);
    if (v == null) {
      return absent;
    }
    try {
      int i = Integer.parseInt(v.trim());
      if (i >= min && i <= max) {
        return i;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiError.badRequest(name, name + " must be a whole number from " + min + " to " + max);
  }

  private static String shorten(String id) {
    return id.length() > 64 ? id.substring(0, 64) + "..." : id;
  }

  @Override
  public void close() {
    poller.shutdownNow();
    attached.close();
    failover.close();
    dispatcher.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
