package com.example.hashhut;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.BasePoolIntegration;
import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.Failures;
import dev.danvic.hmm.pools.LenientJson;
import dev.danvic.hmm.pools.MiningMath;
import dev.danvic.hmm.pools.OfflineVerdict;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.PoolContext;
import dev.danvic.hmm.pools.PoolEndpoint;
import dev.danvic.hmm.pools.PoolHealthStatus;
import dev.danvic.hmm.pools.PoolRequest;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A community plugin for HashHut, a made-up BTC pool, written the way a third party writes one:
 * against {@code hmm-pools-api} only, proven with {@code hmm-pools-testkit}, shipped as a jar that
 * the reference server loads from its {@code plugins/} folder.
 *
 * <p>HashHut publishes one document, {@code GET https://HOST/api/v1/stats}:
 * {@code {"hashrate": "1.25E", "workers": 1840, "network_difficulty": 1.1e14, "shares":
 * {"accepted": n, "rejected": n, "stale": n}, "blocks_24h": 3}} (hash rate as an SI string in H/s).
 * Health: that document answers; tiles: the pool's hash rate (H/s), workers, network difficulty,
 * pool share and time to a block, shares and reject rate (percent), blocks in 24 h.
 * Stateless and thread-safe.
 */
public final class HashHutIntegration implements BasePoolIntegration {
  /** This plugin's {@code pool_type}. */
  public static final String POOL_TYPE = "hashhut";

  /** The pool's statistics document, relative to its origin. */
  public static final String STATS = "/api/v1/stats";

  private static final Duration BLOCK_TIME = Duration.ofMinutes(10);

  /** HashHut's domain: hosts under it are HashHut without asking. */
  static final String DOMAIN = "hashhut.example";

  /** Creates the plugin; {@link java.util.ServiceLoader} calls this. */
  public HashHutIntegration() {}

  /** @return {@value #POOL_TYPE} */
  @Override
  public String poolType() {
    return POOL_TYPE;
  }

  /** @return {@code "HashHut"} */
  @Override
  public String displayName() {
    return "HashHut";
  }

  /** @return where HashHut documents its API */
  @Override
  public URI documentationUrl() {
    return URI.create("https://hashhut.example/docs/api");
  }

  /** @return BTC */
  @Override
  public List<String> supportedCoins() {
    return List.of("BTC");
  }

  /** @return {@code false}: the statistics are public */
  @Override
  public boolean requiresApiKey() {
    return false;
  }

  /** @return a match for hosts under {@value #DOMAIN}, else unknown (probed) */
  @Override
  public OfflineVerdict detectOffline(PoolEndpoint endpoint) {
    return endpoint.isWithin(DOMAIN) ? OfflineVerdict.MATCH : OfflineVerdict.UNKNOWN;
  }

  /** @return whether {@code http://host/api/v1/stats} answers HashHut's document; never fails */
  @Override
  public CompletableFuture<Boolean> detect(PoolEndpoint endpoint, PoolContext context) {
    String url = "http://" + endpoint.host() + STATS;
    return Failures.guard(() -> context.getJson(PoolRequest.get(url)))
        .thenApply(json -> json.has("hashrate") && json.has("workers"))
        .exceptionally(e -> false);
  }

  /** @return healthy when the statistics answer, with their workers; never fails */
  @Override
  public CompletableFuture<PoolHealthStatus> healthCheck(PoolConfig pool, PoolContext context) {
    Instant start = context.now();
    return Failures.guard(() -> context.getJson(PoolRequest.get(origin(pool) + STATS)))
        .thenApply(
            json ->
                new PoolHealthStatus(
                    true,
                    (double) Math.max(0, context.now().toEpochMilli() - start.toEpochMilli()),
                    null,
                    LenientJson.intCount(json, "workers"),
                    context.now()))
        .exceptionally(e -> PoolHealthStatus.unhealthy("HashHut: " + Failures.describe(e), context.now()));
  }

  /** @return the tiles, or an error-state tile set saying why; never fails */
  @Override
  public CompletableFuture<DashboardTileData> dashboardData(PoolConfig pool, PoolContext context) {
    Instant start = context.now();
    return Failures.guard(() -> context.getJson(PoolRequest.get(origin(pool) + STATS)))
        .thenApply(json -> tiles(json, Math.max(0, context.now().toEpochMilli() - start.toEpochMilli()), context.now()))
        .exceptionally(e -> DashboardTileData.error("HashHut: " + Failures.describe(e), context.now()));
  }

  static DashboardTileData tiles(JsonNode json, double latencyMs, Instant now) {
    Double hashrate = LenientJson.hashrateSi(LenientJson.at(json, "hashrate"));
    Double difficulty = LenientJson.nonNegative(json, "network_difficulty");
    return DashboardTileData.builder(now)
        .latencyMs(latencyMs)
        .activeWorkers(LenientJson.intCount(json, "workers"))
        .poolHashrate(hashrate)
        .networkDifficulty(difficulty)
        .poolPercentage(
            difficulty == null || !(difficulty > 0) ? null : MiningMath.poolPercentage(hashrate, MiningMath.networkHashrate(difficulty, BLOCK_TIME)))
        .estimatedTimeToBlockSeconds(MiningMath.timeToBlockSecondsOrNull(difficulty, hashrate))
        .shares(
            LenientJson.count(json, "shares.accepted"),
            LenientJson.count(json, "shares.rejected"),
            LenientJson.count(json, "shares.stale"))
        .blocksFound24h(LenientJson.intCount(json, "blocks_24h"))
        .currency("BTC")
        .build();
  }

  /** The configured {@code api_base_url}, else {@code https://HOST}. */
  private static String origin(PoolConfig pool) {
    return pool.apiBaseUrl().orElseGet(() -> "https://" + pool.endpoint().host());
  }
}
