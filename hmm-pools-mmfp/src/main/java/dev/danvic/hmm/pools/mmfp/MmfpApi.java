package dev.danvic.hmm.pools.mmfp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.Coin;
import dev.danvic.hmm.pools.Failures;
import dev.danvic.hmm.pools.LenientJson;
import dev.danvic.hmm.pools.PoolApiException;
import dev.danvic.hmm.pools.PoolBlock;
import dev.danvic.hmm.pools.PoolContext;
import dev.danvic.hmm.pools.PoolHealthStatus;
import dev.danvic.hmm.pools.PoolRequest;
import dev.danvic.hmm.pools.PoolResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * Every HTTP exchange with an MMFP server: the health probe, the chain of API shapes the tiles are
 * read from, and the block list. Stateless; all I/O goes through the {@link PoolContext}.
 *
 * <p>The chain: GoSlimStratum's {@code /api/v1/{COIN}/metrics/pool} (with
 * {@code /api/v1/{COIN}/metrics/miners}); when that is absent, the engine's {@code /api/v1/stats}
 * (with {@code /api/v1/miners}); when that is absent too, the seed's {@code /stats} (with
 * {@code /blocks/recent}). "Absent" is 404, 405, 410 or 501, or a 2xx body that is not a JSON
 * object (a web UI answering every path with its HTML page). Any other failure of the endpoint
 * being tried (refused connection, timeout, 5xx, 401/403) ends the chain: the same server would
 * not answer the next shape either.
 */
final class MmfpApi {
  static final String HEALTH = "/api/v1/health";
  static final String ENGINE_STATS = "/api/v1/stats";
  static final String ENGINE_MINERS = "/api/v1/miners";
  static final String SEED_STATS = "/stats";
  static final String SEED_BLOCKS = "/blocks/recent";

  /** Statuses that say "no such endpoint here", so the next API shape is tried. */
  private static final Set<Integer> ABSENT_STATUSES = Set.of(404, 405, 410, 501);

  private MmfpApi() {}

  static String metricsPool(MmfpTarget target) {
    return "/api/v1/" + target.metricsCoin().symbol() + "/metrics/pool";
  }

  static String metricsMiners(MmfpTarget target) {
    return "/api/v1/" + target.metricsCoin().symbol() + "/metrics/miners";
  }

  /**
   * Reads the figures of the target's coin from the first API shape the server answers.
   *
   * @return the reading; fails with a {@link PoolApiException} (or another
   *     {@link dev.danvic.hmm.pools.HmmPoolsException}) whose message a person can act on
   */
  static CompletableFuture<MmfpReading> read(MmfpTarget t, PoolContext ctx) {
    List<Shape> shapes =
        List.of(
            new Shape(metricsPool(t), metricsMiners(t), (json, miners) -> MmfpJson.fromMetrics(json, miners, t)),
            new Shape(
                ENGINE_STATS,
                ENGINE_MINERS,
                (json, miners) -> MmfpJson.fromStats(MmfpReading.Source.ENGINE, json, miners, null, t)),
            new Shape(
                SEED_STATS,
                SEED_BLOCKS,
                (json, blocks) -> MmfpJson.fromStats(MmfpReading.Source.SEED, json, null, blocks, t)));
    return readFrom(shapes, 0, t, ctx, new ArrayList<>());
  }

  /**
   * One API shape: its essential endpoint, an optional companion requested alongside it, and how
   * the two are read.
   */
  private record Shape(
      String path,
      String companion,
      BiFunction<JsonNode, @Nullable JsonNode, MmfpReading> reader) {}

  private static CompletableFuture<MmfpReading> readFrom(
      List<Shape> shapes, int i, MmfpTarget t, PoolContext ctx, List<String> tried) {
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
                return CompletableFuture.<MmfpReading>failedFuture(Failures.unwrap(err));
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
  static CompletableFuture<List<PoolBlock>> recentBlocks(MmfpTarget t, PoolContext ctx) {
    return Failures.guard(() -> ctx.getJson(t.request(SEED_BLOCKS)))
        .handle(
            (json, err) -> {
              if (err != null) {
                if (absentReason(err) != null) {
                  throw new UnsupportedOperationException(
                      "this MMFP server does not list recent blocks (" + SEED_BLOCKS + " not found)");
                }
                throw asUnchecked(err);
              }
              JsonNode list = MmfpJson.blockList(json);
              if (list == null) {
                throw new PoolApiException(
                    PoolApiException.Kind.MALFORMED_RESPONSE,
                    200,
                    t.url(SEED_BLOCKS),
                    "expected a list of blocks from " + t.url(SEED_BLOCKS));
              }
              Coin coin = t.configuredCoin();
              return MmfpJson.blocks(list, coin == null ? null : coin.symbol());
            });
  }

  /** Sends the health probe once; never fails (a missing answer is in {@link HealthProbe#failure()}). */
  static CompletableFuture<HealthProbe> probeHealth(MmfpTarget t, PoolContext ctx) {
    PoolRequest request = t.request(HEALTH);
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
  static CompletableFuture<Boolean> detect(MmfpTarget t, PoolContext ctx) {
    return probeHealth(t, ctx)
        .thenCompose(
            p -> {
              if (p.ok()) {
                return CompletableFuture.completedFuture(true);
              }
              if (p.response() == null) {
                return CompletableFuture.completedFuture(false); // nothing listens there
              }
              PoolRequest stats = t.request(SEED_STATS);
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
  static CompletableFuture<PoolHealthStatus> healthCheck(MmfpTarget t, PoolContext ctx) {
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
              PoolRequest stats = t.request(SEED_STATS);
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
                              noApi(t, HEALTH + " (HTTP " + r.status() + "), " + SEED_STATS + " (HTTP 200, not JSON)", "")
                                  .getMessage(),
                              null,
                              ctx.now());
                        }
                        String message =
                            isAuth(s.status())
                                ? authMessage(t, PoolApiException.forStatus(s.status(), stats.safeUrl()).getMessage())
                                : noApi(t, HEALTH + " (HTTP " + r.status() + "), " + SEED_STATS + " (HTTP " + s.status() + ")", "")
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
  static String describe(Throwable failure, MmfpTarget t) {
    Throwable u = Failures.unwrap(failure);
    if (u instanceof PoolApiException pe && pe.kind() == PoolApiException.Kind.AUTH_REJECTED) {
      return authMessage(t, pe.getMessage());
    }
    return Failures.describe(u);
  }

  static String authMessage(MmfpTarget t, String detail) {
    return t.hasApiKey()
        ? "MMFP rejected the API key; check config api_key (" + detail + ")"
        : "MMFP requires an API key (X-API-Key); set config api_key (" + detail + ")";
  }

  static boolean isAuth(int status) {
    return status == 401 || status == 403;
  }

  /** @return why the failure means "this API shape is not served here", or {@code null} when it does not */
  static @Nullable String absentReason(Throwable failure) {
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

  static boolean isAbsentStatus(int status) {
    return ABSENT_STATUSES.contains(status);
  }

  private static PoolApiException noApi(MmfpTarget t, String tried, String extraHint) {
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
  private static CompletableFuture<JsonNode> object(MmfpTarget t, PoolContext ctx, String path) {
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
  private static CompletableFuture<@Nullable JsonNode> optional(MmfpTarget t, PoolContext ctx, String path) {
    return Failures.guard(() -> ctx.getJson(t.request(path)))
        .handle((json, err) -> err != null || LenientJson.isAbsent(json) ? null : json);
  }

  /** The body as a JSON object, or {@code null} when it is not one. */
  static @Nullable JsonNode jsonObject(PoolResponse response, String safeUrl) {
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
    String failureMessage(MmfpTarget t) {
      return failure == null ? "no answer from " + t.url(HEALTH) : describe(failure, t);
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
    @Nullable String problem(MmfpTarget t) {
      if (response == null || ok()) {
        return null;
      }
      int code = response.status();
      String url = t.url(HEALTH);
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
