package dev.danvic.hmm.pools.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.danvic.hmm.pools.BasePoolIntegration;
import dev.danvic.hmm.pools.HmmPoolsException;
import dev.danvic.hmm.pools.InvalidPoolConfigException;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.core.DashboardPoolService;
import dev.danvic.hmm.pools.core.HmmPoolsJson;
import dev.danvic.hmm.pools.core.PoolChangeListener;
import dev.danvic.hmm.pools.core.PlatformTiles;
import dev.danvic.hmm.pools.core.PoolRegistry;
import dev.danvic.hmm.pools.micrometer.HmmPoolsMetrics;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference server: the seed's dashboard endpoints and its planned pool API over HTTP, a
 * WebSocket that tells pages to re-fetch, and the dashboard page.
 *
 * <table>
 *   <caption>Endpoints</caption>
 *   <tr><th>request</th><th>answer</th></tr>
 *   <tr><td>{@code GET /api/dashboard/pools/platform-tiles}</td><td>the seed's four platform tiles</td></tr>
 *   <tr><td>{@code GET /api/dashboard/pools}</td><td>the seed's {@code {pool_id: tile set}} of every enabled pool</td></tr>
 *   <tr><td>{@code GET /api/dashboard/pools?pool_id=ID}</td><td>the same map with that one pool (404 when unknown)</td></tr>
 *   <tr><td>{@code GET /api/dashboard/updates} (WebSocket)</td><td>{@code {"type":"refetch",...}} on every change, see {@link LiveUpdates}</td></tr>
 *   <tr><td>{@code GET /pools}</td><td>every stored pool, secrets replaced by {@code "[redacted]"}</td></tr>
 *   <tr><td>{@code GET /pools/{id}}</td><td>one stored pool, redacted</td></tr>
 *   <tr><td>{@code POST /pools}</td><td>adds a pool (201 and the pool, redacted), see {@link PoolInput}</td></tr>
 *   <tr><td>{@code PUT /pools/{id}}</td><td>changes a pool; absent fields and secrets keep their values</td></tr>
 *   <tr><td>{@code DELETE /pools/{id}}</td><td>removes a pool (204)</td></tr>
 *   <tr><td>{@code GET /pools/types}</td><td>the plugins: pool_type, display name, coins, whether a key is needed</td></tr>
 *   <tr><td>{@code POST /pools/discover} {@code {"url":HOST,"port":P}}</td><td>which plugin claims the endpoint; {@code "ports":"3333,3334,4000-4004"} probes up to {@value #MAX_DISCOVER_PORTS} ports of one host (a POST: it makes the server connect out)</td></tr>
 *   <tr><td>{@code GET /api/dashboard/pools/{id}/history}, {@code GET /api/dashboard/comparison}</td><td>a pool's history and a comparison of pools, see {@link HistoryRoutes}</td></tr>
 *   <tr><td>{@code GET /health}</td><td>{@code {"status":"ok", ..., "network":[per coin: source, last
 *       value, age, error]}}, or 503 when the database does not answer</td></tr>
 *   <tr><td>{@code GET /metrics}</td><td>the meters of {@link HmmPoolsMetrics} in the Prometheus text format, see {@link MetricsRoutes}</td></tr>
 *   <tr><td>{@code GET /openapi.json}</td><td>the OpenAPI 3.1 document of these endpoints, see {@link OpenApiRoutes}</td></tr>
 *   <tr><td>{@code GET /}</td><td>the dashboard page</td></tr>
 * </table>
 *
 * <p>Every refused request answers 4xx with {@code {"error": "...", "field": "..."}} ({@code field}
 * is {@code null} when the request as a whole is wrong) and changes nothing. Bodies are capped
 * (default 64 KiB, 413 above) and must be {@code application/json} (415 otherwise), which also
 * keeps other web sites from posting to a server on the user's machine. When the server listens
 * on a loopback address it answers only requests addressed to a loopback host name (403
 * otherwise), so a web page cannot reach it through DNS rebinding. A request that changes state or
 * makes the server connect out ({@code POST}, {@code PUT}, {@code DELETE}) and a WebSocket upgrade
 * are refused (403) when they carry an {@code Origin} other than the server's own, unless that
 * origin is allowed by {@link Builder#allowedOrigins}. A request body is read as it arrives,
 * without a thread, and must be complete within two seconds plus its length at
 * {@value #MIN_BODY_BYTES_PER_SECOND} bytes per second (408 and the connection closed otherwise,
 * see {@link SlowBodyGuard}); reads and writes pause at most {@value #IO_IDLE_TIMEOUT_MS} ms. So
 * slow clients cannot hold the server's threads. The server holds at most {@link Builder#maxPools} pools (409 past it).
 *
 * <p>Writes are serialised and transactional: the database row and the dashboard service change
 * together or not at all. API keys are stored (the pools need them) but never returned or logged.
 */
public final class PoolsServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PoolsServer.class);
  /** Default cap on a request body, bytes (64 KiB). */
  public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

  /** How much of a refused body is read and dropped so the client can still read the 4xx. */
  private static final long DRAIN_LIMIT_BYTES = 4L * 1024 * 1024;
  /** The most ports one discovery request may probe. */
  public static final int MAX_DISCOVER_PORTS = 32;
  /** Default cap on the number of stored pools. */
  public static final int DEFAULT_MAX_POOLS = 1000;
  /** The slowest a request body may arrive, bytes per second, before its connection is closed. */
  public static final long MIN_BODY_BYTES_PER_SECOND = 1024;
  /** The longest pause while reading a request or writing a response, milliseconds. */
  public static final long IO_IDLE_TIMEOUT_MS = 10_000;
  private static final Set<String> DISCOVER_FIELDS = Set.of("url", "port", "ports");

  private final PoolStore store;
  private final PoolRegistry registry;
  private final DashboardPoolService service;
  private final ObjectMapper json = HmmPoolsJson.mapper();
  private final LiveUpdates updates = new LiveUpdates(json);
  private final PoolChangeListener.Registration listening;
  private final HistoryRoutes history;
  private final ReentrantLock writes = new ReentrantLock();
  private final String host;
  private final int maxBodyBytes;
  private final int maxPools;
  private final Set<String> allowedOrigins;
  private final boolean loopbackOnly;
  private final Javalin app;
  private final MetricsRoutes metrics;
  private final PluginFolder plugins;
  private final AlertsRoutes alerts;

  private PoolsServer(Builder b) {
    this.store = Objects.requireNonNull(b.store, "store");
    this.registry = Objects.requireNonNull(b.registry, "registry");
    this.host = b.host;
    this.maxBodyBytes = b.maxBodyBytes;
    this.maxPools = b.maxPools;
    this.allowedOrigins = Set.copyOf(b.allowedOrigins);
    this.loopbackOnly = isLoopback(b.host);
    this.plugins = b.plugins;
    HmmPoolsMetrics meters = b.metrics != null ? b.metrics : new HmmPoolsMetrics();
    java.time.Clock clock = b.clock != null ? b.clock : registry.clock();
    this.service = b.service.apply(DashboardPoolService.builder(registry).eventListener(meters).clock(clock)).build();
    this.metrics = new MetricsRoutes(meters, service);
    loadStoredPools();
    this.listening = service.addListener(updates::publish);
    this.history = new HistoryRoutes(service, b.history != null ? b.history
        : new JdbcHistoryStore(store, clock, dev.danvic.hmm.pools.core.history.HistoryRetention.defaults()),
        store, (ctx, body) -> answer(ctx, 200, body));
    this.alerts = new AlertsRoutes(this, store, service, updates, json, clock, b.alertPollInterval);
    this.app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.http.maxRequestSize = b.maxBodyBytes;
      config.jetty.host = b.host;
      config.jetty.port = b.port;
      config.jetty.modifyHttpConfiguration(http -> {
        // a client that stops sending loses its connection. The body's minimum rate is kept by
        // SlowBodyGuard (due within 2 s plus its length at MIN_BODY_BYTES_PER_SECOND), not by
        // Jetty's own rate check, which measured a small body from the request's start and so
        // refused ordinary requests whenever the machine was busy
        http.setIdleTimeout(IO_IDLE_TIMEOUT_MS);
      });
      // bodies are read without a thread and must arrive in time, so slow clients hold no thread
      config.jetty.modifyServer(server -> server.setHandler(SlowBodyGuard.install(b.maxBodyBytes)));
      config.routes.before(this::guard);
      config.routes.wsBeforeUpgrade(this::guardUpgrade);
      routes(config.routes);
      history.routes(config.routes);
      config.routes.exception(ApiError.class, this::answerError);
      config.routes.exception(Exception.class, this::answerUnexpected);
      config.routes.error(404, ctx -> answerIfEmpty(ctx, 404, "no such endpoint: " + ctx.method() + " " + ctx.path()));
      config.routes.error(405, ctx -> answerIfEmpty(ctx, 405, ctx.method() + " is not allowed on " + ctx.path()));
    });
  }

  /** @return a builder; {@link Builder#store} and {@link Builder#registry} are required */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts listening.
   *
   * @return this server
   * @throws HmmPoolsException when the address cannot be bound
   */
  public PoolsServer start() {
    try {
      app.start();
    } catch (RuntimeException e) {
      close();
      throw new HmmPoolsException("cannot listen on " + host + ": " + e.getMessage(), e);
    }
    LOG.info("hmm-pools server listening on {}", baseUrl());
    return this;
  }

  /** @return the port the server listens on (the real one when started with port 0) */
  public int port() {
    return app.port();
  }

  /** @return {@code http://host:port}, for example {@code http://127.0.0.1:8080} */
  public String baseUrl() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    if ("0.0.0.0".equals(host) || "::".equals(host)) {
      h = "127.0.0.1";
    }
    return "http://" + h + ":" + port();
  }

  /** @return the alert rules, channels and events behind {@code /alerts} */
  AlertsRoutes alerts() {
    return alerts;
  }

  /** @return the dashboard service that serves the tiles (its pools mirror the database) */
  public DashboardPoolService service() {
    return service;
  }

  /** @return every route the server answers, as {@code "GET /pools/{id}"} (WebSocket upgrades as GET) */
  List<String> routes() {
    List<String> out = new ArrayList<>();
    app.unsafe.internalRouter.allHttpHandlers().forEach(h -> out.add(h.endpoint.method.name() + " " + h.endpoint.path));
    app.unsafe.internalRouter.allWsHandlers().forEach(h -> out.add("GET " + h.getPath()));
    return out;
  }

  /** @return where the server keeps pool history */
  public dev.danvic.hmm.pools.core.history.HistoryStore history() {
    return history.store();
  }

  /** Stops listening and closes the dashboard service; the store and registry stay open. */
  @Override
  public void close() {
    alerts.close();
    listening.close();
    history.close();
    updates.close();
    try {
      app.stop();
    } finally {
      service.close();
      metrics.close();
    }
  }

  // ------------------------------------------------------------------ routes

  private void routes(io.javalin.config.RoutesConfig r) {
    r.get("/api/dashboard/pools/platform-tiles", this::platformTiles);
    r.get("/api/dashboard/pools", this::poolTiles);
    r.ws("/api/dashboard/updates", updates::configure);
    r.get("/pools", this::listPools);
    r.post("/pools", this::createPool);
    r.get("/pools/types", this::poolTypes);
    r.post("/pools/discover", this::discover);
    r.get("/pools/discover", ctx -> {
      throw new ApiError(405, null, "discovery makes the server connect out, so it is a POST:"
          + " POST /pools/discover with {\"url\": \"host\", \"port\": 3333}");
    });
    r.get("/pools/{id}", this::getPool);
    r.put("/pools/{id}", this::updatePool);
    r.delete("/pools/{id}", this::deletePool);
    r.get("/health", this::health);
    metrics.register(r);
    new OpenApiRoutes().register(r);
    alerts.routes(r);
    r.get("/", ctx -> page(ctx, "index.html", "text/html; charset=utf-8"));
    r.get("/app.js", ctx -> page(ctx, "app.js", "text/javascript; charset=utf-8"));
    r.get("/platform-detail.js", ctx -> page(ctx, "platform-detail.js", "text/javascript; charset=utf-8"));
    r.get("/form-check.js", ctx -> page(ctx, "form-check.js", "text/javascript; charset=utf-8"));
    r.get("/app.css", ctx -> page(ctx, "app.css", "text/css; charset=utf-8"));
  }

  private void platformTiles(Context ctx) {
    CompletableFuture<PlatformTiles> read = service.platformTiles();
    if (read.isDone() && !read.isCompletedExceptionally()) {
      answerPlatform(ctx, read.join()); // warm: answered on this thread, no asynchronous hand-over
      return;
    }
    ctx.future(() -> read.thenAccept(tiles -> answerPlatform(ctx, tiles)));
  }

  /** The platform tiles and their JSON, written once for as long as the service hands out the same tiles. */
  private record WrittenPlatform(PlatformTiles tiles, byte[] json) {}

  private final java.util.concurrent.atomic.AtomicReference<@Nullable WrittenPlatform> lastPlatform =
      new java.util.concurrent.atomic.AtomicReference<>();

  /** Answers platform tiles; the service hands out the same object until a pool's tiles change. */
  private void answerPlatform(Context ctx, PlatformTiles tiles) {
    WrittenPlatform written = lastPlatform.get();
    if (written == null || written.tiles() != tiles) {
      written = new WrittenPlatform(tiles, jsonBytes(tiles));
      lastPlatform.set(written);
    }
    ctx.status(200).contentType("application/json").result(written.json());
  }

  private void poolTiles(Context ctx) {
    String poolId = ctx.queryParam("pool_id");
    if (poolId == null) {
      ctx.future(() -> service.poolTiles().thenAccept(tiles -> answer(ctx, 200, tiles)));
      return;
    }
    ctx.future(
        () ->
            service
                .poolTiles(poolId)
                .thenAccept(
                    set -> {
                      if (set.isEmpty()) {
                        ApiError e = store.find(poolId).isPresent()
                            ? new ApiError(404, "pool_id", "pool '" + poolId + "' is disabled; it has no tiles")
                            : new ApiError(404, "pool_id", ApiError.unknownPool(poolId).getMessage());
                        answerError(e, ctx);
                      } else {
                        answer(ctx, 200, HmmPoolsJson.byPoolId(List.of(set.get())));
                      }
                    }));
  }

  private void listPools(Context ctx) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (PoolConfig p : store.list()) {
      out.add(view(p));
    }
    answer(ctx, 200, out);
  }

  private void getPool(Context ctx) {
    String id = ctx.pathParam("id");
    answer(ctx, 200, view(store.find(id).orElseThrow(() -> ApiError.unknownPool(id))));
  }

  private void createPool(Context ctx) {
    PoolConfig pool = PoolInput.parse(jsonBody(ctx)).toNewPool(UUID.randomUUID().toString());
    validate(pool);
    PoolConfig stored = write(() -> {
      if (store.count() >= maxPools) {
        throw new ApiError(409, null, "the server already holds " + maxPools
            + " pools, the most it is configured for (--max-pools); remove one first");
      }
      try {
        return store.insert(pool, service::putPool);
      } catch (PoolStore.DuplicatePoolException e) {
        throw new ApiError(409, "id", e.getMessage());
      }
    }, () -> service.removePool(pool.id()));
    LOG.info("added pool {} ({}, {})", stored.id(), stored.poolType(), stored.endpoint());
    ctx.header("Location", "/pools/" + stored.id());
    answer(ctx, 201, view(stored));
  }

  private void updatePool(Context ctx) {
    String id = ctx.pathParam("id");
    PoolInput input = PoolInput.parse(jsonBody(ctx));
    PoolConfig[] before = new PoolConfig[1];
    PoolConfig stored = write(() -> {
      PoolConfig old = store.find(id).orElseThrow(() -> ApiError.unknownPool(id));
      before[0] = old;
      PoolConfig changed = input.applyTo(old);
      try {
        validate(changed);
      } catch (ApiError e) {
        if (e.field() != null && input.droppedSecrets().contains(e.field())) {
          throw new ApiError(e.status(), e.field(), e.getMessage() + " (this request changes where the pool's requests go,"
              + " so the stored " + e.field() + " was not kept: send it again)");
        }
        throw e;
      }
      return store.update(changed, service::putPool).orElseThrow(() -> ApiError.unknownPool(id));
    }, () -> restore(before[0]));
    LOG.info("updated pool {} ({}, {})", stored.id(), stored.poolType(), stored.endpoint());
    answer(ctx, 200, view(stored));
  }

  private void deletePool(Context ctx) {
    String id = ctx.pathParam("id");
    PoolConfig[] before = new PoolConfig[1];
    write(() -> {
      PoolConfig old = store.delete(id, p -> {
        before[0] = p;
        service.removePool(p.id());
      }).orElseThrow(() -> ApiError.unknownPool(id));
      return old;
    }, () -> restore(before[0]));
    LOG.info("removed pool {}", id);
    ctx.status(204);
  }

  private void poolTypes(Context ctx) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (BasePoolIntegration p : registry.plugins()) {
      Map<String, Object> view = pluginView(p);
      PluginFolder.Origin origin = plugins.origin(p);
      view.put("origin", origin.origin());
      view.put("artifact", origin.artifact());
      view.put("version", origin.version());
      out.add(view);
    }
    answer(ctx, 200, out);
  }

  private void discover(Context ctx) {
    JsonNode body = discoverBody(jsonBody(ctx));
    JsonNode urlNode = body.get("url");
    if (urlNode == null || urlNode.isNull() || (urlNode.isTextual() && urlNode.textValue().isBlank())) {
      throw ApiError.badRequest("url", "is required: the host or stratum URL to look at");
    }
    if (!urlNode.isTextual()) {
      throw ApiError.badRequest("url", "must be a string");
    }
    String url = urlNode.textValue();
    if (url.length() > 255) {
      throw ApiError.badRequest("url", "must be at most 255 characters");
    }
    List<Integer> ports = DiscoverPorts.parse(portValues(body, "port"), portValues(body, "ports"), MAX_DISCOVER_PORTS);
    List<CompletableFuture<Optional<BasePoolIntegration>>> probes = new ArrayList<>();
    for (int port : ports) {
      try {
        probes.add(registry.detectPool(url, port));
      } catch (InvalidPoolConfigException e) {
        throw ApiError.badRequest(e.field(), e.getMessage());
      }
    }
    ctx.future(
        () ->
            CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new))
                .thenAccept(
                    done -> {
                      List<Map<String, Object>> results = new ArrayList<>();
                      for (int i = 0; i < ports.size(); i++) {
                        Optional<BasePoolIntegration> plugin = probes.get(i).join();
                        Map<String, Object> r = new LinkedHashMap<>();
                        r.put("port", ports.get(i));
                        r.put("detected", plugin.isPresent());
                        r.put("pool_type", plugin.map(BasePoolIntegration::poolType).orElse(null));
                        r.put("display_name", plugin.map(BasePoolIntegration::displayName).orElse(null));
                        r.put("requires_api_key", plugin.map(BasePoolIntegration::requiresApiKey).orElse(null));
                        results.add(r);
                      }
                      Map<String, Object> out = new LinkedHashMap<>();
                      out.put("url", url.trim());
                      out.put("results", results);
                      answer(ctx, 200, out);
                    }));
  }

  private JsonNode discoverBody(byte[] bytes) {
    JsonNode body;
    try {
      body = json.readTree(bytes);
    } catch (IOException e) {
      throw ApiError.badRequest(null, "malformed JSON; expected {\"url\": \"host\", \"port\": 3333}");
    }
    if (body == null || !body.isObject()) {
      throw ApiError.badRequest(null, "expected a JSON object such as {\"url\": \"host\", \"port\": 3333}");
    }
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!DISCOVER_FIELDS.contains(name)) {
        throw ApiError.badRequest(null, "unknown field; allowed: url, port, ports");
      }
    }
    return body;
  }

  /** A port field as text: a number, a string, or an array of either. */
  private static List<String> portValues(JsonNode body, String field) {
    JsonNode n = body.get(field);
    List<String> out = new ArrayList<>();
    if (n == null || n.isNull()) {
      return out;
    }
    for (JsonNode v : n.isArray() ? n : List.of(n)) {
      if (!(v.isTextual() || v.isIntegralNumber())) {
        throw ApiError.badRequest(field, "must be a port number, or text such as \"3333,3334,4000-4004\"");
      }
      out.add(v.asText());
    }
    return out;
  }

  private void health(Context ctx) {
    Map<String, Object> out = new LinkedHashMap<>();
    try {
      String database = store.ping();
      out.put("status", "ok");
      out.put("database", database);
      out.put("schema_version", store.schemaVersion());
      out.put("pools", service.pools().size());
      out.put("plugins", registry.plugins().stream().map(BasePoolIntegration::poolType).toList());
      out.put("live_pages", updates.connectedPages());
      out.put("network", NetworkOptions.health(service.networkStatus()));
      out.put("plugin_problems", plugins.problems().stream()
          .map(pr -> Map.of("jar", pr.jar(), "error", pr.error())).toList());
      answer(ctx, 200, out);
    } catch (HmmPoolsException e) {
      LOG.warn("health check: the pool database does not answer: {}", e.getMessage());
      out.put("status", "unavailable");
      out.put("error", "the pool database does not answer");
      answer(ctx, 503, out);
    }
  }

  void page(Context ctx, String file, String contentType) throws IOException {
    try (InputStream in = PoolsServer.class.getResourceAsStream("/web/" + file)) {
      if (in == null) {
        throw new ApiError(404, null, "no such page: " + file);
      }
      ctx.contentType(contentType);
      ctx.header("Cache-Control", "no-cache");
      ctx.header("Content-Security-Policy", "default-src 'self'; connect-src 'self'; frame-ancestors 'none'");
      ctx.result(in.readAllBytes());
    }
  }

  // ------------------------------------------------------------------ writes

  /**
   * Runs a database write under the write lock; when it fails after the service was already changed
   * (the commit itself failed), {@code undoService} puts the service back.
   */
  private PoolConfig write(Write work, Runnable undoService) {
    writes.lock();
    try {
      return work.run();
    } catch (ApiError | InvalidPoolConfigException e) {
      throw e; // refused before or inside the transaction: the row was rolled back
    } catch (RuntimeException e) {
      try {
        undoService.run();
      } catch (RuntimeException undo) {
        e.addSuppressed(undo);
      }
      throw e;
    } finally {
      writes.unlock();
    }
  }

  private void restore(@Nullable PoolConfig previous) {
    if (previous != null) {
      service.putPool(previous);
    }
  }

  private void validate(PoolConfig pool) {
    try {
      registry.validate(pool);
    } catch (InvalidPoolConfigException e) {
      throw ApiError.badRequest(e.field(), e.getMessage());
    }
  }

  private void loadStoredPools() {
    for (PoolConfig p : store.list()) {
      try {
        service.putPool(p);
      } catch (InvalidPoolConfigException e) {
        LOG.warn("stored pool {} is not watched: {}", p.id(), e.getMessage());
      }
    }
  }

  @FunctionalInterface
  private interface Write {
    PoolConfig run();
  }

  // ------------------------------------------------------------------ request and response plumbing

  byte[] jsonBody(Context ctx) {
    String type = ctx.contentType();
    String mediaType = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!mediaType.equals("application/json")) {
      drainBody(ctx);
      throw new ApiError(415, null, "Content-Type must be application/json, was " + (type == null ? "none" : "'" + type + "'"));
    }
    String charset = charset(type);
    if (charset != null && !charset.equals("utf-8") && !charset.equals("utf8")) {
      drainBody(ctx);
      throw new ApiError(415, null, "a JSON body must be UTF-8; charset '" + (charset.length() > 40 ? charset.substring(0, 40) + "..." : charset).replaceAll("\\p{Cntrl}", "?") + "' is not accepted");
    }
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBodyBytes) {
      drainBody(ctx);
      throw tooLarge();
    }
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] body = in.readNBytes(maxBodyBytes + 1);
      if (body.length > maxBodyBytes) {
        drain(in);
        throw tooLarge();
      }
      return body;
    } catch (IOException e) {
      throw ApiError.badRequest(null, "the request body could not be read");
    }
  }

  /**
   * Reads and drops a refused request's body, up to {@link #DRAIN_LIMIT_BYTES}. A server that
   * answers and closes with the body unread resets the connection, and the client then never sees
   * the 4xx; a body beyond the limit is not worth reading, and its client may lose the answer.
   */
  private static void drainBody(Context ctx) {
    try (InputStream in = ctx.req().getInputStream()) {
      drain(in);
    } catch (IOException e) {
      // the client went away; nothing to answer
    }
  }

  private static void drain(InputStream in) throws IOException {
    long left = DRAIN_LIMIT_BYTES;
    byte[] buf = new byte[8192];
    int n;
    while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
      left -= n;
    }
  }

  private ApiError tooLarge() {
    return new ApiError(413, null, "the request body is larger than " + maxBodyBytes + " bytes");
  }

  private void guard(Context ctx) {
    checkHost(ctx);
    HandlerType m = ctx.method();
    if (m == HandlerType.POST || m == HandlerType.PUT || m == HandlerType.DELETE || m == HandlerType.PATCH) {
      checkOrigin(ctx);
    }
  }

  private void guardUpgrade(Context ctx) {
    checkHost(ctx);
    checkOrigin(ctx);
  }

  private void checkHost(Context ctx) {
    if (!loopbackOnly) {
      return;
    }
    String requested = hostName(ctx.header("Host"));
    if (!isLoopbackName(requested)) {
      throw new ApiError(403, null, "this server answers only requests addressed to localhost or a loopback address");
    }
  }

  /**
   * A browser names the page a request comes from in {@code Origin}; a request from a page of
   * another origin may not change anything, make the server connect out, or listen to updates. A
   * request without {@code Origin} does not come from another site's page (browsers send it on
   * every cross-origin write and WebSocket), so it passes.
   */
  private void checkOrigin(Context ctx) {
    String origin = ctx.header("Origin");
    if (origin == null) {
      return;
    }
    String o = origin.trim().toLowerCase(Locale.ROOT);
    String host = ctx.header("Host");
    boolean same = host != null && o.equals("http://" + host.trim().toLowerCase(Locale.ROOT));
    if (same || allowedOrigins.contains("*") || allowedOrigins.contains(stripSlash(o))) {
      return;
    }
    drainBody(ctx);
    throw new ApiError(403, null, "requests from the web page at another origin are refused"
        + " (allow it with --allowed-origin if it is yours)");
  }

  private static String stripSlash(String origin) {
    return origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin;
  }

  private static @Nullable String charset(@Nullable String contentType) {
    if (contentType == null) {
      return null;
    }
    for (String param : contentType.split(";")) {
      String[] kv = param.trim().split("=", 2);
      if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("charset")) {
        String v = kv[1].trim();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
          v = v.substring(1, v.length() - 1);
        }
        return v.toLowerCase(Locale.ROOT);
      }
    }
    return null;
  }

  void answer(Context ctx, int status, Object body) {
    ctx.status(status).contentType("application/json").result(jsonBytes(body));
  }

  private byte[] jsonBytes(Object body) {
    try {
      return json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the response as JSON", e);
    }
  }

  private void answerError(ApiError e, Context ctx) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", e.getMessage());
    body.put("field", e.field());
    answer(ctx, e.status(), body);
  }

  private void answerUnexpected(Exception e, Context ctx) {
    if (e instanceof InvalidPoolConfigException invalid) {
      answerError(ApiError.badRequest(invalid.field(), invalid.getMessage()), ctx);
      return;
    }
    if (e instanceof java.nio.charset.UnsupportedCharsetException || e instanceof java.nio.charset.IllegalCharsetNameException) {
      // Jetty reads the charset of Content-Type before our own check can refuse it
      answerError(new ApiError(415, null, "a JSON body must be UTF-8; the charset named in Content-Type is not accepted"), ctx);
      return;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof org.eclipse.jetty.http.HttpException jetty && jetty.getCode() < 500) {
        // Jetty refused the request itself (a body too slow, a bad message): its status, not a 500
        answerError(new ApiError(jetty.getCode(), null, "request refused: " + jetty.getReason()), ctx);
        return;
      }
    }
    if (e instanceof io.javalin.http.HttpResponseException h && h.getStatus() < 500) {
      answerError(new ApiError(h.getStatus(), null, h.getMessage()), ctx);
      return;
    }
    // Our messages never carry secrets, but the stack trace of a foreign exception might carry a
    // request detail: log the type and message only.
    LOG.error("request {} {} failed: {}", ctx.method(), ctx.path(), e.toString());
    answerError(new ApiError(500, null, "internal server error; see the server log"), ctx);
  }

  private void answerIfEmpty(Context ctx, int status, String message) {
    if (ctx.method() == HandlerType.OPTIONS) {
      return;
    }
    String current = ctx.result();
    if (current == null || current.isEmpty() || !"application/json".equals(ctx.res().getContentType())) {
      answerError(new ApiError(status, null, message), ctx);
    }
  }

  private static Map<String, Object> view(PoolConfig p) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", p.id());
    out.put("pool_type", p.poolType());
    out.put("name", p.name());
    out.put("url", p.url());
    out.put("port", p.port());
    out.put("username", p.username());
    out.put("config", p.redactedConfig());
    out.put("enabled", p.enabled());
    out.put("created_at", p.createdAt() == null ? null : p.createdAt().toString());
    out.put("updated_at", p.updatedAt() == null ? null : p.updatedAt().toString());
    return out;
  }

  private static Map<String, Object> pluginView(BasePoolIntegration p) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("pool_type", p.poolType());
    out.put("display_name", p.displayName());
    out.put("documentation_url", p.documentationUrl().toString());
    out.put("supports_coins", p.supportedCoins());
    out.put("requires_api_key", p.requiresApiKey());
    out.put("supports_earnings", p.supportsEarnings());
    out.put("supports_balance", p.supportsBalance());
    return out;
  }

  private static String hostName(@Nullable String hostHeader) {
    if (hostHeader == null) {
      return "";
    }
    String h = hostHeader.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int close = h.indexOf(']');
      return close > 0 ? h.substring(1, close) : h;
    }
    int colon = h.lastIndexOf(':');
    return colon >= 0 && h.indexOf(':') == colon ? h.substring(0, colon) : h;
  }

  private static boolean isLoopbackName(String host) {
    if (host.equals("localhost") || host.endsWith(".localhost")) {
      return true;
    }
    if (host.matches("127(\\.\\d{1,3}){3}") || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1")) {
      return true;
    }
    return false;
  }

  private static boolean isLoopback(String host) {
    if (isLoopbackName(host.toLowerCase(Locale.ROOT))) {
      return true;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Settings of a {@link PoolsServer}. Not thread-safe. */
  public static final class Builder {
    private @Nullable PoolStore store;
    private @Nullable PoolRegistry registry;
    private String host = "127.0.0.1";
    private int port = 8080;
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private int maxPools = DEFAULT_MAX_POOLS;
    private Set<String> allowedOrigins = Set.of();
    private UnaryOperator<DashboardPoolService.Builder> service = UnaryOperator.identity();
    private @Nullable HmmPoolsMetrics metrics;
    private PluginFolder plugins = PluginFolder.none();
    private dev.danvic.hmm.pools.core.history.@Nullable HistoryStore history;
    private java.time.Duration alertPollInterval = java.time.Duration.ofSeconds(15);
    private java.time.@Nullable Clock clock;

    private Builder() {}

    /**
     * @param clock the wall clock of the server's own timestamps: change events, the platform
     *     tiles, the end of every history range, alert and failover events; default the registry's
     *     clock, which also stamps each pool's tiles and so its history samples (give both the same
     *     clock). Timeouts and request spacing never follow it: they run on a monotonic ticker.
     * @return this
     */
    public Builder clock(java.time.Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** @param store where pools are kept; the server reads its pools from it at start @return this */
    public Builder store(PoolStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** @param registry the plugins @return this */
    public Builder registry(PoolRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /** @param host the address to listen on; default {@code 127.0.0.1} @return this */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** @param port the port to listen on, 0 for any free one; default 8080 @return this */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
      }
      this.port = port;
      return this;
    }

    /** @param bytes the largest request body accepted, bytes; default 64 KiB @return this */
    public Builder maxBodyBytes(int bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("maxBodyBytes must be at least 1024, was " + bytes);
      }
      this.maxBodyBytes = bytes;
      return this;
    }

    /**
     * @param max the most pools the server stores; a {@code POST /pools} past it answers 409;
     *     default {@value PoolsServer#DEFAULT_MAX_POOLS}
     * @return this
     */
    public Builder maxPools(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxPools must be at least 1, was " + max);
      }
      this.maxPools = max;
      return this;
    }

    /**
     * @param every how often the alert rules' poller refreshes every pool's tiles and health (what
     *     is still fresh comes from the cache), so rules run while no page is open; default 15 s
     * @return this builder
     */
    public Builder alertPollInterval(java.time.Duration every) {
      if (every.isNegative() || every.isZero()) {
        throw new IllegalArgumentException("alertPollInterval must be positive");
      }
      this.alertPollInterval = every;
      return this;
    }

    /**
     * @param origins origins besides the server's own whose pages may change pools, run discovery
     *     and listen to updates, each as {@code scheme://host[:port]} (for example
     *     {@code https://dash.example.com}); {@code "*"} allows every origin (only behind a proxy
     *     that authenticates); default none
     * @return this
     */
    public Builder allowedOrigins(java.util.Collection<String> origins) {
      Set<String> out = new java.util.HashSet<>();
      for (String o : origins) {
        String t = stripSlash(o.trim().toLowerCase(Locale.ROOT));
        if (!t.equals("*") && !t.matches("https?://[^/\\s]+")) {
          throw new IllegalArgumentException("an allowed origin is scheme://host[:port] or *, was '" + o + "'");
        }
        out.add(t);
      }
      this.allowedOrigins = out;
      return this;
    }

    /**
     * @param customizer adjusts the dashboard service (TTLs, deadline, clock) before it is built
     * @return this
     */
    public Builder service(UnaryOperator<DashboardPoolService.Builder> customizer) {
      this.service = Objects.requireNonNull(customizer, "customizer");
      return this;
    }

    /**
     * @param plugins the community plugins loaded from a folder (already registered with the
     *     registry): {@code GET /pools/types} names their jars, {@code GET /health} lists the jars
     *     that were skipped; default none
     * @return this
     */
    Builder plugins(PluginFolder plugins) {
      this.plugins = Objects.requireNonNull(plugins, "plugins");
      return this;
    }

    /**
     * @param metrics the meters {@code GET /metrics} serves; give the same object to the
     *     registry's {@link dev.danvic.hmm.pools.core.HttpPoolTransport} so requests and retries
     *     are counted too; default a new one (pools and cache only)
     * @return this
     */
    public Builder metrics(HmmPoolsMetrics metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /**
     * @param history where pool history is kept; default the pool database's {@code pool_history}
     *     table ({@link JdbcHistoryStore}, default retention)
     * @return this
     */
    public Builder history(dev.danvic.hmm.pools.core.history.HistoryStore history) {
      this.history = Objects.requireNonNull(history, "history");
      return this;
    }

    /**
     * @return the server, not yet listening (see {@link PoolsServer#start()}); its dashboard
     *     service already holds the stored pools
     */
    public PoolsServer build() {
      return new PoolsServer(this);
    }
  }
}
