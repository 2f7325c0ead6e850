package dev.danvic.hmm.pools.mmfp;

import dev.danvic.hmm.pools.BasePoolIntegration;
import dev.danvic.hmm.pools.Coin;
import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.Failures;
import dev.danvic.hmm.pools.OfflineVerdict;
import dev.danvic.hmm.pools.PoolBlock;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.PoolContext;
import dev.danvic.hmm.pools.PoolEndpoint;
import dev.danvic.hmm.pools.PoolHealthStatus;
import dev.danvic.hmm.pools.PoolStats;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

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
  private static final List<String> OTHER_POOLS =
      List.of("solopool.org", "braiins.com", "slushpool.com", "ckpool.org", "ocean.xyz");

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
    MmfpTarget.configuredCoin(config);
  }

  /**
   * MMFP is self-hosted on any host, so the endpoint alone never proves it: {@link
   * OfflineVerdict#UNKNOWN}, except for the domains of well-known hosted pools (Solopool, Braiins,
   * Slush Pool, ckpool, OCEAN), which are {@link OfflineVerdict#NO_MATCH}.
   *
   * @param endpoint the normalised endpoint
   * @return the verdict
   */
  @Override
  public OfflineVerdict detectOffline(PoolEndpoint endpoint) {
    for (String domain : OTHER_POOLS) {
      if (endpoint.isWithin(domain)) {
        return OfflineVerdict.NO_MATCH;
      }
    }
    return OfflineVerdict.UNKNOWN;
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
      return MmfpApi.detect(MmfpTarget.of(endpoint), context);
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
      return MmfpApi.healthCheck(MmfpTarget.of(pool), context);
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
      MmfpTarget target = MmfpTarget.of(pool);
      CompletableFuture<MmfpApi.HealthProbe> probe = MmfpApi.probeHealth(target, context);
      return MmfpApi.read(target, context)
          .thenCombine(probe, (reading, p) -> MmfpTiles.tiles(reading, p, context.now()))
          .exceptionally(e -> DashboardTileData.error(MmfpApi.describe(e, target), context.now()));
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
      return MmfpApi.recentBlocks(MmfpTarget.of(pool), context);
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
      return MmfpApi.read(MmfpTarget.of(pool), context).thenApply(MmfpTiles::stats);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
