package dev.danvic.hmm.pools.nomp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.BasePoolIntegration;
import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.Failures;
import dev.danvic.hmm.pools.HostedPools;
import dev.danvic.hmm.pools.JsonProbe;
import dev.danvic.hmm.pools.OfflineVerdict;
import dev.danvic.hmm.pools.PoolApiException;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.PoolContext;
import dev.danvic.hmm.pools.PoolEndpoint;
import dev.danvic.hmm.pools.PoolHealthStatus;
import dev.danvic.hmm.pools.PoolRequest;
import dev.danvic.hmm.pools.PoolStats;
import dev.danvic.hmm.pools.PublicHosts;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The plugin for NOMP ({@code pool_type} {@value #POOL_TYPE}): node-open-mining-portal and its
 * forks (z-nomp, …), self-hosted portals for BTC, BCH, DGB and many other coins. No API key; the
 * account is the payout address (config {@code username}).
 *
 * <p><b>Where requests go</b> ({@link NompEndpoints}): config {@code api_base_url} (recommended),
 * else {@code http://host:api_port}, else {@code http://host:8080}.
 *
 * <p><b>Which pool.</b> {@code /api/stats} lists every pool of the portal in a {@code pools} map;
 * config {@value #POOL_ID} names one ({@code bitcoin}, …). Without it, a portal with exactly one
 * pool means that one; several is an error listing their names ({@link HostedPools}).
 *
 * <p><b>Where figures come from</b>, all from the one {@code /api/stats} (its round trip is the
 * latency):
 * <ul>
 *   <li>The pool: {@code hashrate} (H/s; else {@code hashrateString}), and where a fork adds them
 *       {@code poolStats.networkDiff} and {@code networkSols} (then pool percentage, and for
 *       SHA-256 coins the time to a block). Without an address: {@code active_workers} =
 *       {@code workerCount}, shares = {@code poolStats.validShares} / {@code invalidShares}
 *       (strings).</li>
 *   <li>With an address: its workers are those named {@code "address.worker"} (or the bare
 *       address); {@code active_workers} = how many, the user's hash rate = their
 *       {@code hashrateString}s ({@code "4.74 TH"}, no "/s") summed, read by
 *       {@link dev.danvic.hmm.pools.LenientJson#hashrateSi}; shares = their {@code shares}
 *       (difficulty-weighted, truncated) and {@code invalidshares}. No worker listed: 0 workers, the
 *       user's hash rate and shares unknown.</li>
 *   <li>Blocks: NOMP counts them ({@code blocks.pending/confirmed/orphaned}) without times, so
 *       {@code blocks_found_24h} and {@code last_block_time} stay {@code null}; the counts are in
 *       the message and {@link #stats} ({@code validBlocks}, all-time). No earnings or balances in
 *       the API: {@code null}.</li>
 * </ul>
 *
 * <p><b>Detection.</b> The domains of known hosted pools are refused offline; any other host is
 * probed once with {@code GET http://host:8080/api/stats}, without credentials, and is NOMP when it
 * answers a {@code pools} map.
 *
 * <p>Stateless and thread-safe; found by {@link java.util.ServiceLoader}.
 */
public final class NompIntegration implements BasePoolIntegration {
  /** This plugin's {@code pool_type}. */
  public static final String POOL_TYPE = "nomp";

  /** Config key: the name of the pool in the portal's {@code pools} map; see {@link HostedPools}. */
  public static final String POOL_ID = HostedPools.POOL_ID;

  private static final String DISPLAY_NAME = "NOMP";

  private static final String SERVER = "this NOMP portal";


  /** Creates the plugin; {@link java.util.ServiceLoader} calls this. */
  public NompIntegration() {}

  @Override
  public String poolType() {
    return POOL_TYPE;
  }

  @Override
  public String displayName() {
    return DISPLAY_NAME;
  }

  /** @return NOMP's source, whose README documents the portal and its API */
  @Override
  public URI documentationUrl() {
    return URI.create("https://github.com/zone117x/node-open-mining-portal");
  }

  /** @return the SHA-256 coins the dashboard knows; a portal may host any coin NOMP supports */
  @Override
  public List<String> supportedCoins() {
    return List.of("BTC", "BCH", "DGB");
  }

  /** @return {@code false}: the portal's API is public */
  @Override
  public boolean requiresApiKey() {
    return false;
  }

  /**
   * @param endpoint the normalised endpoint
   * @return {@link OfflineVerdict#NO_MATCH} for a known hosted pool's domain, else
   *     {@link OfflineVerdict#UNKNOWN} (probed)
   */
  @Override
  public OfflineVerdict detectOffline(PoolEndpoint endpoint) {
    return PublicHosts.isHostedPoolOtherThan(endpoint) ? OfflineVerdict.NO_MATCH : OfflineVerdict.UNKNOWN;
  }

  /**
   * Probes {@code http://host:8080/api/stats}, without credentials.
   *
   * @param endpoint the endpoint
   * @param context HTTP, JSON and time
   * @return whether it answers NOMP's {@code pools} map; never fails
   */
  @Override
  public CompletableFuture<Boolean> detect(PoolEndpoint endpoint, PoolContext context) {
    return JsonProbe.answers(context, NompEndpoints.probeOrigin(endpoint) + NompEndpoints.STATS, json -> NompJson.poolNames(json) != null);
  }

  /**
   * One {@code GET /api/stats} without retries: healthy when the configured pool is in it; its
   * {@code workerCount} is the active workers.
   *
   * @param pool the configured pool
   * @param context HTTP, JSON and time
   * @return the status; never fails
   */
  @Override
  public CompletableFuture<PoolHealthStatus> healthCheck(PoolConfig pool, PoolContext context) {
    try {
      PoolRequest request = PoolRequest.get(NompEndpoints.apiOrigin(pool) + NompEndpoints.STATS);
      return Failures.guard(() -> context.send(request))
          .thenApply(
              r -> {
                NompJson.PoolReading p = choose(pool, context.readJson(r.requireSuccess(request.safeUrl())), request);
                return new PoolHealthStatus(true, r.latencyMs(), null, p.workerCount(), context.now());
              })
          .exceptionally(e -> PoolHealthStatus.unhealthy(describe(e), context.now()));
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(PoolHealthStatus.unhealthy(Failures.describe(e), context.now()));
    }
  }

  /**
   * Reads {@code /api/stats} (see the class documentation).
   *
   * @param pool the configured pool
   * @param context HTTP, JSON and time
   * @return the tiles, or an error-state tile set when the portal or the pool cannot be read; never
   *     fails
   */
  @Override
  public CompletableFuture<DashboardTileData> dashboardData(PoolConfig pool, PoolContext context) {
    Instant started = context.now();
    try {
      String address = address(pool);
      long sent = System.nanoTime();
      return read(pool, context)
          .thenApply(
              p -> NompTiles.tiles(p, address, Math.max(0, (System.nanoTime() - sent) / 1e6), context.now()))
          .exceptionally(e -> DashboardTileData.error(describe(e), context.now()));
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(DashboardTileData.error(Failures.describe(e), started));
    }
  }

  /**
   * Pool-wide statistics from {@code /api/stats}: hash rate, workers, {@code validBlocks}
   * (all-time) and, from forks, network difficulty and hash rate.
   *
   * @param pool the configured pool
   * @param context HTTP, JSON and time
   * @return the statistics; fails with the API's failure
   */
  @Override
  public CompletableFuture<PoolStats> stats(PoolConfig pool, PoolContext context) {
    try {
      return read(pool, context).thenApply(NompTiles::stats);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static CompletableFuture<NompJson.PoolReading> read(PoolConfig pool, PoolContext context) {
    PoolRequest request = PoolRequest.get(NompEndpoints.apiOrigin(pool) + NompEndpoints.STATS);
    return Failures.guard(() -> context.getJson(request)).thenApply(json -> choose(pool, json, request));
  }

  private static NompJson.PoolReading choose(PoolConfig pool, JsonNode json, PoolRequest request) {
    List<String> names = NompJson.poolNames(json);
    if (names == null) {
      throw new PoolApiException(
          PoolApiException.Kind.MALFORMED_RESPONSE,
          200,
          request.safeUrl(),
          "expected NOMP's {pools: {…}} from " + request.safeUrl());
    }
    return NompJson.pool(json, HostedPools.choose(HostedPools.configured(pool), names, SERVER));
  }

  private static String describe(Throwable e) {
    return DISPLAY_NAME + ": " + Failures.describe(e);
  }

  /** @return the configured address, or {@code null} */
  static @Nullable String address(PoolConfig pool) {
    return pool.username() == null || pool.username().isBlank() ? null : pool.username().trim();
  }
}
