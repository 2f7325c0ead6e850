package dev.danvic.hmm.pools.mmfp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.BasePoolIntegration;
import dev.danvic.hmm.pools.Coin;
import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.Failures;
import dev.danvic.hmm.pools.LenientJson;
import dev.danvic.hmm.pools.OfflineVerdict;
import dev.danvic.hmm.pools.PoolApiException;
import dev.danvic.hmm.pools.PoolBlock;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.PoolContext;
import dev.danvic.hmm.pools.PoolEndpoint;
import dev.danvic.hmm.pools.PoolHealthStatus;
import dev.danvic.hmm.pools.PoolRequest;
import dev.danvic.hmm.pools.PoolResponse;
import dev.danvic.hmm.pools.PoolStats;
import dev.danvic.hmm.pools.PublicHosts;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * The plugin for MMFP Solutions' self-hosted solo pool, GoSlimStratum ({@code pool_type} {@value
 * #POOL_TYPE}), and for the vendor's open-source GoStratumEngine.
 *
 * <p><b>Where requests go.</b> The pool's HTTP API listens on the stratum endpoint's own host, port
 * {@value #DEFAULT_API_PORT} ({@code http://host:4004}); config {@code api_port} changes the port,
 * config {@code api_base_url} replaces the whole origin (then every request goes there and nowhere
 * else, and {@code api_port} is ignored; use it for {@code https}). Config {@code api_key}, when
 * set, is sent as {@code X-API-Key} on every request, marked secret. Config {@code coin} picks the
 * coin (BTC, BCH, DGB or BC2); without it, the {@code /api/v1/{COIN}/...} endpoints are read for
 * BTC, and a server listing its coins ({@code /api/v1/stats}, {@code /stats}) is read for its only
 * coin, else BTC when listed, else the first it lists (the tile's message then says so).
 *
 * <p><b>Where figures come from.</b> GoSlimStratum's {@code /api/v1/{COIN}/metrics/pool} (workers
 * from {@code /api/v1/{COIN}/metrics/miners}); when that is absent, the engine's
 * {@code /api/v1/stats} (shares and blocks only; workers from {@code /api/v1/miners}); when that is
 * absent too, the seed's {@code /stats} with {@code /blocks/recent}. Choices made where the API is
 * vague:
 * <ul>
 *   <li>hash rate: the {@code "5m"} window, else {@code "1m"}, then longer windows;</li>
 *   <li>shares: all-time counts when the server gives them, else the {@code "15m"} window, else
 *       {@code "5m"}, else {@code "1m"}; the reject rate is derived from them;</li>
 *   <li>expected time to block: {@code D * 2^32 / H} from network difficulty and pool hash rate;
 *       the server's {@code estimated_time_to_block} only when that cannot be computed;</li>
 *   <li>{@code pool_percentage}: the server's value, read as percent unless it matches our own
 *       {@code H / H_net * 100} better as a fraction; else our own, with {@code H_net} from the
 *       difficulty and the coin's block time;</li>
 *   <li>{@code best_share_difficulty}: the highest {@code best_share_difficulty} of
 *       {@code metrics/miners} (the engine's {@code best_difficulty}), over the account's workers
 *       when config {@code username} is set, else over every worker;
 *       {@code best_share_difficulty_ever} stays {@code null} (the API has no all-time figure);</li>
 *   <li>{@code blocks_found_24h}: blocks of a {@code /blocks/recent} list stamped within 24 h of
 *       the context's clock; {@code null} when the server lists no blocks. The server's
 *       {@code blocks_found} is all-time and only ever reaches {@link PoolStats#blocksFoundTotal()}.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe; found by {@link java.util.ServiceLoader}.
 */
public final class MmfpIntegration implements BasePoolIntegration {
  /**
   * How often the seed's block list ({@code /blocks/recent}) is fetched: every 2 minutes (core
   * keeps the answer in between); blocks of a solo pool are rare.
   */
  public static final Duration BLOCKS_REFRESH = Duration.ofMinutes(2);

  /** This plugin's {@code pool_type}. */
  public static final String POOL_TYPE = "mmfp";

  /** The port of MMFP's HTTP API on the stratum host, unless config {@code api_port} says otherwise. */
  public static final int DEFAULT_API_PORT = 4004;

  /** The header that carries config {@code api_key}. */
  public static final String API_KEY_HEADER = "X-API-Key";

  /** The coins MMFP serves. */
  static final List<String> COINS = List.of("BTC", "BCH", "DGB", "BC2");

  /** The coin read when config {@code coin} is absent and the server does not list its coins. */
  static final Coin DEFAULT_COIN = Coin.BTC;

  /**
   * Domains of hosted pools that are certainly not a self-hosted MMFP server, so no probe is sent
   * to them.
   */

  /** Creates the plugin; {@link java.util.ServiceLoader} calls this. */
  public MmfpIntegration() {}

  /** @return {@value #POOL_TYPE} */
  @Override
  public String poolType() {
    return POOL_TYPE;
  }

  /** @return {@code "MMFP Pool"} */
  @Override
  public String displayName() {
    return "MMFP Pool";
  }

  /** @return MMFP Solutions' site, which documents GoSlimStratum */
  @Override
  public URI documentationUrl() {
    return URI.create("https://www.mmfpsolutions.io/");
  }

  /** @return BTC, BCH, DGB and BC2 */
  @Override
  public List<String> supportedCoins() {
    return COINS;
  }

  /** @return {@code false}: the {@code X-API-Key} is optional */
  @Override
  public boolean requiresApiKey() {
    return false;
  }

  /**
   * Refuses a {@code coin} MMFP does not serve, besides the default checks.
   *
   * @param config a configuration whose {@code pool_type} is {@value #POOL_TYPE}
   * @throws dev.danvic.hmm.pools.InvalidPoolConfigException naming {@code coin}
   */
  @Override
  public void validate(PoolConfig config) {
    BasePoolIntegration.super.validate(config);
    MmfpEndpoints.configuredCoin(config);
  }

  /**
   * MMFP is self-hosted on any host, so the endpoint alone never proves it: {@link
   * OfflineVerdict#UNKNOWN}, except for the domains of well-known hosted pools (Solopool, Braiins,
   * Slush Pool, public-pool, ckpool, OCEAN: {@link PublicHosts#HOSTED_POOL_DOMAINS}), which are
   * {@link OfflineVerdict#NO_MATCH}.
   *
   * @param endpoint the normalised endpoint
   * @return the verdict
   */
  @Override
  public OfflineVerdict detectOffline(PoolEndpoint endpoint) {
    return PublicHosts.isHostedPoolOtherThan(endpoint) ? OfflineVerdict.NO_MATCH : OfflineVerdict.UNKNOWN;
  }

  /**
   * Probes {@code http://host:4004/api/v1/health} for 200 with {@code status == "ok"}; when the
   * server answers but not so, the seed's {@code /stats} for 200 with a JSON object.
   *
   * @param endpoint the endpoint (without configuration, so always port 4004 and no key)
   * @param context HTTP, JSON and time
   * @return whether it is an MMFP server; never fails
   */
  @Override
  public CompletableFuture<Boolean> detect(PoolEndpoint endpoint, PoolContext context) {
    try {
      return probe(MmfpEndpoints.of(endpoint), context);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(false);
    }
  }

  /**
   * Checks {@code /api/v1/health} (healthy on 200 with {@code status == "ok"}, latency in ms); a
   * server without it is checked with the seed's {@code /stats}.
   *
   * @param pool the configured pool
   * @param context HTTP, JSON and time
   * @return the status; never fails
   */
  @Override
  public CompletableFuture<PoolHealthStatus> healthCheck(PoolConfig pool, PoolContext context) {
    try {
      return checkHealth(MmfpEndpoints.of(pool), context);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(
          PoolHealthStatus.unhealthy(Failures.describe(e), context.now()));
    }
  }

  /**
   * Reads the tiles (see the class documentation for where each figure comes from). Latency and
   * version come from {@code /api/v1/health}; a server whose health reports a status other than
   * {@code "ok"} keeps its figures but has {@code health_status=false}.
   *
   * @param pool the configured pool
   * @param context HTTP, JSON and time
   * @return the tiles, or an error-state tile set naming what failed; never fails
   */
  @Override
  public CompletableFuture<DashboardTileData> dashboardData(PoolConfig pool, PoolContext context) {
    Instant started = context.now();
    try {
      MmfpEndpoints target = MmfpEndpoints.of(pool);
      CompletableFuture<HealthProbe> probe = probeHealth(target, context);
      return read(target, context)
          .thenCombine(probe, (reading, p) -> MmfpTiles.tiles(reading, p, context.now()))
          .exceptionally(e -> DashboardTileData.error(describe(e, target), context.now()));
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(DashboardTileData.error(Failures.describe(e), started));
    }
  }

  /**
   * The seed's {@code /blocks/recent}, newest first, of config {@code coin} when set.
   *
   * @param pool the configured pool
   * @param context HTTP, JSON and time
   * @return the blocks; fails with {@link UnsupportedOperationException} when the server lists none
   */
  @Override
  public CompletableFuture<List<PoolBlock>> recentBlocks(PoolConfig pool, PoolContext context) {
    try {
      return readBlocks(MmfpEndpoints.of(pool), context);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Pool-wide statistics from the same endpoints as the tiles; {@link PoolStats#blocksFoundTotal()}
   * is the server's all-time {@code blocks_found}.
   *
   * @param pool the configured pool
   * @param context HTTP, JSON and time
   * @return the statistics; fails with the API's failure
   */
  @Override
  public CompletableFuture<PoolStats> stats(PoolConfig pool, PoolContext context) {
    try {
      return read(MmfpEndpoints.of(pool), context).thenApply(MmfpTiles::stats);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  // ---------------------------------------------------------------- the HTTP exchanges
  //
  // The chain the tiles are read from: GoSlimStratum's /api/v1/{COIN}/metrics/pool (with
  // /metrics/miners); when that is absent, the engine's /api/v1/stats (with /api/v1/miners); when
  // that is absent too, the seed's /stats (with /blocks/recent). "Absent" is 404, 405, 410 or
  // 501, or a 2xx body that is not a JSON object (a web UI answering every path with its page).
  // Any other failure of the endpoint being tried ends the chain: the same server would not
  // answer the next shape either.


  /** Statuses that say "no such endpoint here", so the next API shape is tried. */
  private static final Set<Integer> ABSENT_STATUSES = Set.of(404, 405, 410, 501);

  /**
   * Reads the figures of the target's coin from the first API shape the server answers.
   *
   * @return the reading; fails with a {@link PoolApiException} (or another
   *     {@link dev.danvic.hmm.pools.HmmPoolsException}) whose message a person can act on
   */
  private static CompletableFuture<MmfpJson.PoolReading> read(MmfpEndpoints t, PoolContext ctx) {
    List<Shape> shapes =
        List.of(
            new Shape(t.metricsPool(), t.metricsMiners(), (json, miners) -> MmfpJson.fromMetrics(json, miners, t)),
            new Shape(
                MmfpEndpoints.ENGINE_STATS,
                MmfpEndpoints.ENGINE_MINERS,
                (json, miners) -> MmfpJson.fromStats(MmfpJson.PoolReading.Source.ENGINE, json, miners, null, t)),
            new Shape(
                MmfpEndpoints.SEED_STATS,
                MmfpEndpoints.SEED_BLOCKS,
                (json, blocks) -> MmfpJson.fromStats(MmfpJson.PoolReading.Source.SEED, json, null, blocks, t)));
    return readFrom(shapes, 0, t, ctx, new ArrayList<>());
  }

  /**
   * One API shape: its essential endpoint, an optional companion requested alongside it, and how
   * the two are read.
   */
  private record Shape(
      String path,
      String companion,
      BiFunction<JsonNode, @Nullable JsonNode, MmfpJson.PoolReading> reader) {}

  private static CompletableFuture<MmfpJson.PoolReading> readFrom(
      List<Shape> shapes, int i, MmfpEndpoints t, PoolContext ctx, List<String> tried) {
    if (i == shapes.size()) {
      return CompletableFuture.failedFuture(
          noApi(t, String.join(", ", tried), t.configuredCoin() == null ? ", or set config coin" : ""));
    }
    Shape shape = shapes.get(i);
    CompletableFuture<JsonNode> primary = object(t, ctx, shape.path());
    CompletableFuture<@Nullable JsonNode> companion = optional(t, ctx, shape.companion());
    return primary
        .handle(
            (json, err) -> {
              if (err == null) {
                return companion.thenApply(c -> shape.reader().apply(json, c));
              }
              String why = absentReason(err);
              if (why == null) {
                return CompletableFuture.<MmfpJson.PoolReading>failedFuture(Failures.unwrap(err));
              }
              tried.add(shape.path() + " (" + why + ")");
              return readFrom(shapes, i + 1, t, ctx, tried);
            })
        .thenCompose(f -> f);
  }

  /**
   * The seed's block list, newest first, of the configured coin when one is configured.
   *
   * @return the blocks; fails with {@link UnsupportedOperationException} when the server has no
   *     {@code /blocks/recent}, with {@link PoolApiException} for other failures
   */
  private static CompletableFuture<List<PoolBlock>> readBlocks(MmfpEndpoints t, PoolContext ctx) {
    return Failures.guard(() -> ctx.getJson(t.request(MmfpEndpoints.SEED_BLOCKS).withRefreshInterval(BLOCKS_REFRESH)))
        .handle(
            (json, err) -> {
              if (err != null) {
                if (absentReason(err) != null) {
                  throw new UnsupportedOperationException(
                      "this MMFP server does not list recent blocks (" + MmfpEndpoints.SEED_BLOCKS + " not found)");
                }
                throw asUnchecked(err);
              }
              JsonNode list = MmfpJson.blockList(json);
              if (list == null) {
                throw new PoolApiException(
                    PoolApiException.Kind.MALFORMED_RESPONSE,
                    200,
                    t.url(MmfpEndpoints.SEED_BLOCKS),
                    "expected a list of blocks from " + t.url(MmfpEndpoints.SEED_BLOCKS));
              }
              Coin coin = t.configuredCoin();
              return MmfpJson.blocks(list, coin == null ? null : coin.symbol());
            });
  }

  /** Sends the health probe once; never fails (a missing answer is in {@link HealthProbe#failure()}). */
  private static CompletableFuture<HealthProbe> probeHealth(MmfpEndpoints t, PoolContext ctx) {
    PoolRequest request = t.request(MmfpEndpoints.HEALTH);
    return Failures.guard(() -> ctx.send(request))
        .handle(
            (response, err) -> {
              if (err != null) {
                return new HealthProbe(null, null, Failures.unwrap(err));
              }
              return new HealthProbe(response, jsonObject(response, request.safeUrl()), null);
            });
  }

  /**
   * Detection: {@code /api/v1/health} answering 200 with {@code status == "ok"}; else, when the
   * server answered at all, the seed's {@code /stats} answering 200 with a JSON object (an HTML page
   * is some other web server). Never fails.
   */
  private static CompletableFuture<Boolean> probe(MmfpEndpoints t, PoolContext ctx) {
    return probeHealth(t, ctx)
        .thenCompose(
            p -> {
              if (p.ok()) {
                return CompletableFuture.completedFuture(true);
              }
              if (p.response() == null) {
                return CompletableFuture.completedFuture(false); // nothing listens there
              }
              PoolRequest stats = t.request(MmfpEndpoints.SEED_STATS);
              return Failures.guard(() -> ctx.send(stats))
                  .thenApply(r -> r.status() == 200 && jsonObject(r, stats.safeUrl()) != null);
            })
        .exceptionally(e -> false);
  }

  /**
   * The health check: {@code /api/v1/health}; when the server has none, the seed's {@code /stats}
   * answering 200 with a JSON object (an HTML page or garbage with 200 is not a healthy pool API).
   * Never fails.
   */
  private static CompletableFuture<PoolHealthStatus> checkHealth(MmfpEndpoints t, PoolContext ctx) {
    return probeHealth(t, ctx)
        .thenCompose(
            p -> {
              PoolResponse r = p.response();
              if (r == null) {
                return done(PoolHealthStatus.unhealthy(p.failureMessage(t), ctx.now()));
              }
              if (p.ok()) {
                return done(PoolHealthStatus.healthy(r.latencyMs(), ctx.now()));
              }
              String problem = p.problem(t);
              if (problem != null) {
                return done(new PoolHealthStatus(false, r.latencyMs(), problem, null, ctx.now()));
              }
              PoolRequest stats = t.request(MmfpEndpoints.SEED_STATS);
              return Failures.guard(() -> ctx.send(stats))
                  .thenApply(
                      s -> {
                        if (s.isSuccessful() && jsonObject(s, stats.safeUrl()) != null) {
                          return PoolHealthStatus.healthy(s.latencyMs(), ctx.now());
                        }
                        if (s.isSuccessful()) {
                          // 200 with an HTML page or garbage: some other web server, not a pool API
                          return new PoolHealthStatus(
                              false,
                              s.latencyMs(),
                              noApi(t, MmfpEndpoints.HEALTH + " (HTTP " + r.status() + "), " + MmfpEndpoints.SEED_STATS + " (HTTP 200, not JSON)", "")
                                  .getMessage(),
                              null,
                              ctx.now());
                        }
                        String message =
                            isAuth(s.status())
                                ? authMessage(t, PoolApiException.forStatus(s.status(), stats.safeUrl()).getMessage())
                                : noApi(t, MmfpEndpoints.HEALTH + " (HTTP " + r.status() + "), " + MmfpEndpoints.SEED_STATS + " (HTTP " + s.status() + ")", "")
                                    .getMessage();
                        return new PoolHealthStatus(false, s.latencyMs(), message, null, ctx.now());
                      });
            })
        .exceptionally(e -> PoolHealthStatus.unhealthy(describe(e, t), ctx.now()));
  }

  /**
   * A failure in words a person can act on; a rejected or missing {@code X-API-Key} says which
   * config key to set. Never contains the key.
   */
  private static String describe(Throwable failure, MmfpEndpoints t) {
    Throwable u = Failures.unwrap(failure);
    if (u instanceof PoolApiException pe && pe.kind() == PoolApiException.Kind.AUTH_REJECTED) {
      return authMessage(t, pe.getMessage());
    }
    return Failures.describe(u);
  }

  private static String authMessage(MmfpEndpoints t, String detail) {
    return t.hasApiKey()
        ? "MMFP rejected the API key; check config api_key (" + detail + ")"
        : "MMFP requires an API key (X-API-Key); set config api_key (" + detail + ")";
  }

  private static boolean isAuth(int status) {
    return status == 401 || status == 403;
  }

  /** @return why the failure means "this API shape is not served here", or {@code null} when it does not */
  private static @Nullable String absentReason(Throwable failure) {
    Throwable u = Failures.unwrap(failure);
    if (!(u instanceof PoolApiException pe)) {
      return null;
    }
    if (pe.kind() == PoolApiException.Kind.MALFORMED_RESPONSE) {
      // a body that cannot be decompressed may well be JSON: say what the transport found
      return pe.getMessage() != null && pe.getMessage().contains("gzip") ? "corrupt gzip body" : "no JSON object";
    }
    if (pe.kind() == PoolApiException.Kind.NOT_FOUND || ABSENT_STATUSES.contains(pe.statusCode())) {
      return "HTTP " + pe.statusCode();
    }
    return null;
  }

  private static boolean isAbsentStatus(int status) {
    return ABSENT_STATUSES.contains(status);
  }

  private static PoolApiException noApi(MmfpEndpoints t, String tried, String extraHint) {
    return new PoolApiException(
        PoolApiException.Kind.NOT_FOUND,
        0,
        t.origin(),
        "no MMFP API found at "
            + t.origin()
            + ": "
            + tried
            + "; check api_port or api_base_url"
            + extraHint);
  }

  /** An essential GET whose body must be a JSON object. */
  private static CompletableFuture<JsonNode> object(MmfpEndpoints t, PoolContext ctx, String path) {
    return Failures.guard(() -> ctx.getJson(t.request(path)))
        .thenApply(
            json -> {
              if (!json.isObject()) {
                throw new PoolApiException(
                    PoolApiException.Kind.MALFORMED_RESPONSE,
                    200,
                    t.url(path),
                    "expected a JSON object from " + t.url(path));
              }
              return json;
            });
  }

  /** An optional GET: any failure is "not there" ({@code null}). */
  private static CompletableFuture<@Nullable JsonNode> optional(MmfpEndpoints t, PoolContext ctx, String path) {
    return Failures.guard(() -> ctx.getJson(t.request(path)))
        .handle((json, err) -> err != null || LenientJson.isAbsent(json) ? null : json);
  }

  /** The body as a JSON object, or {@code null} when it is not one. */
  private static @Nullable JsonNode jsonObject(PoolResponse response, String safeUrl) {
    try {
      JsonNode json = LenientJson.parse(response, safeUrl);
      return json.isObject() ? json : null;
    } catch (PoolApiException e) {
      return null;
    }
  }

  private static RuntimeException asUnchecked(Throwable err) {
    Throwable u = Failures.unwrap(err);
    return u instanceof RuntimeException re ? re : new CompletionException(u);
  }

  private static <T> CompletableFuture<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }

  /**
   * What {@code /api/v1/health} answered.
   *
   * @param response the response, or {@code null} when none arrived
   * @param body the body when it is a JSON object, else {@code null}
   * @param failure why no response arrived, or {@code null}
   */
  record HealthProbe(
      @Nullable PoolResponse response, @Nullable JsonNode body, @Nullable Throwable failure) {

    /** @return why no response arrived, in words */
    String failureMessage(MmfpEndpoints t) {
      return failure == null ? "no answer from " + t.url(MmfpEndpoints.HEALTH) : describe(failure, t);
    }

    /** @return the {@code status} the server reports, or {@code null} */
    @Nullable String status() {
      return response != null && response.isSuccessful() ? LenientJson.text(body, "status") : null;
    }

    /** @return the server's version, or {@code null} */
    @Nullable String version() {
      return LenientJson.text(body, "version");
    }

    /** @return the round trip of the probe, ms, whatever the status; {@code null} without a response */
    @Nullable Double latencyMs() {
      return response == null ? null : response.latencyMs();
    }

    /** @return whether the server answered 200 with {@code status == "ok"} */
    boolean ok() {
      return response != null && response.status() == 200 && "ok".equalsIgnoreCase(status());
    }

    /**
     * @return what is wrong when the health endpoint answered but not "ok" for a reason other than
     *     its absence (a status other than "ok", a rejected key, a server error); {@code null} when
     *     it is fine or absent
     */
    @Nullable String problem(MmfpEndpoints t) {
      if (response == null || ok()) {
        return null;
      }
      int code = response.status();
      String url = t.url(MmfpEndpoints.HEALTH);
      if (isAuth(code)) {
        return authMessage(t, PoolApiException.forStatus(code, url).getMessage());
      }
      if (status() != null) {
        return "MMFP reports status '" + status() + "' at " + url;
      }
      if (response.isSuccessful() || isAbsentStatus(code)) {
        return null; // no MMFP health endpoint here: absent
      }
      return PoolApiException.forStatus(code, url).getMessage();
    }
  }
}
