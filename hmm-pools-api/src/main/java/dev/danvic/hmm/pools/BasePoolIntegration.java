package dev.danvic.hmm.pools;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A pool plugin: turns one pool's own HTTP API into the SDK's health status and four dashboard
 * tiles. Implementations are stateless and thread-safe; one instance serves every pool of its type.
 *
 * <p>A plugin is found by {@link java.util.ServiceLoader} when its jar lists the class in
 * {@code META-INF/services/dev.danvic.hmm.pools.BasePoolIntegration}, or registered explicitly with
 * the registry in core. It depends on this api module only and does all HTTP through the
 * {@link PoolContext} it is handed.
 *
 * <p>Contract for the async methods: they never throw and never complete exceptionally for a
 * failure of the pool. {@link #detect} completes with {@code false}; {@link #healthCheck} with an
 * unhealthy status; {@link #dashboardData} with {@link DashboardTileData#error(String,
 * java.time.Instant)} carrying a message a person can act on.
 */
public interface BasePoolIntegration {

  /** @return unique identifier, lower case, for example {@code "solopool"} */
  String poolType();

  /** @return a name for people, for example {@code "Braiins Pool"} */
  String displayName();

  /** @return where the pool documents its API (https) */
  URI documentationUrl();

  /** @return the coin symbols the pool serves, for example {@code ["BTC", "BCH"]}; never empty */
  List<String> supportedCoins();

  /** @return whether the pool's API needs a token ({@link PoolConfig#API_KEY}) */
  boolean requiresApiKey();

  /**
   * @return whether the plugin can report earnings (tile 4 {@code estimated_earnings_24h}) for at
   *     least some pools it serves; {@link #supportsEarnings(PoolConfig)} says it for one pool
   */
  default boolean supportsEarnings() {
    return false;
  }

  /**
   * @return whether the plugin can report balances (tile 4 {@code confirmed_balance}, {@code
   *     pending_balance}) for at least some pools it serves; {@link #supportsBalance(PoolConfig)}
   *     says it for one pool
   */
  default boolean supportsBalance() {
    return false;
  }

  /**
   * Whether the plugin can give earnings for this pool: its coin (a pool whose API writes amounts
   * in a unit the plugin does not know for this coin cannot) and its configuration (earnings of an
   * account need the account's address or token). The tiles' {@code supports_earnings} is this,
   * and core uses it for the error tiles it makes; never {@code true} when {@link
   * #supportsEarnings()} is {@code false}.
   *
   * @param pool a configuration of this plugin's {@code pool_type}
   * @return by default {@link #supportsEarnings()}
   */
  default boolean supportsEarnings(PoolConfig pool) {
    return supportsEarnings();
  }

  /**
   * Whether the plugin can give balances for this pool; see {@link #supportsEarnings(PoolConfig)}.
   *
   * @param pool a configuration of this plugin's {@code pool_type}
   * @return by default {@link #supportsBalance()}
   */
  default boolean supportsBalance(PoolConfig pool) {
    return supportsBalance();
  }

  /**
   * The least time one operation ({@link #healthCheck}, {@link #dashboardData}) of this plugin
   * needs, for a pool whose own limits make it slower than the usual deadline. Core gives each
   * operation the longer of its configured deadline (default 10 s) and this. Braiins, which allows
   * one request per 5 s per token, needs about 20 s for a full refresh of four endpoints.
   *
   * @return a duration, zero (the default) when the configured deadline is enough
   */
  default Duration minimumDeadline() {
    return Duration.ZERO;
  }

  /**
   * Refuses a configuration this plugin cannot serve. The registry calls it before a pool is
   * accepted; the default checks {@link #requiresApiKey()}.
   *
   * @param config a configuration whose {@code pool_type} is this plugin's
   * @throws InvalidPoolConfigException naming the offending field
   */
  default void validate(PoolConfig config) {
    if (requiresApiKey() && config.apiKey().isEmpty()) {
      throw new InvalidPoolConfigException(
          PoolConfig.API_KEY, displayName() + " requires an API key; none was given");
    }
  }

  /**
   * Tells from the endpoint alone, without network traffic, whether it is this plugin's pool
   * (known host names and ports). The registry asks every plugin this before it sends any probe.
   *
   * @param endpoint the normalised endpoint
   * @return {@link OfflineVerdict#MATCH}, {@link OfflineVerdict#NO_MATCH}, or
   *     {@link OfflineVerdict#UNKNOWN} (the default) to be probed with {@link #detect}
   */
  default OfflineVerdict detectOffline(PoolEndpoint endpoint) {
    return OfflineVerdict.UNKNOWN;
  }

  /**
   * Probes the network to tell whether the endpoint is this plugin's pool. Called only when
   * {@link #detectOffline} said {@link OfflineVerdict#UNKNOWN}.
   *
   * @param endpoint the normalised endpoint
   * @param context HTTP, JSON and time
   * @return {@code true} when the endpoint answers as this pool does; never fails
   */
  CompletableFuture<Boolean> detect(PoolEndpoint endpoint, PoolContext context);

  /**
   * Checks that the pool's API answers.
   *
   * @param pool the configured pool
   * @param context HTTP, JSON and time
   * @return the status; never fails
   */
  CompletableFuture<PoolHealthStatus> healthCheck(PoolConfig pool, PoolContext context);

  /**
   * Reads the pool's API and fills the four tiles.
   *
   * @param pool the configured pool
   * @param context HTTP, JSON and time
   * @return the tiles, or an error-state tile set; never fails
   */
  CompletableFuture<DashboardTileData> dashboardData(PoolConfig pool, PoolContext context);

  /**
   * Optional capability: blocks the pool found recently, newest first.
   *
   * @param pool the configured pool
   * @param context HTTP, JSON and time
   * @return the blocks; by default fails with {@link UnsupportedOperationException}
   */
  default CompletableFuture<List<PoolBlock>> recentBlocks(PoolConfig pool, PoolContext context) {
    return CompletableFuture.failedFuture(
        new UnsupportedOperationException(poolType() + " does not list recent blocks"));
  }

  /**
   * Optional capability: pool-wide statistics.
   *
   * @param pool the configured pool
   * @param context HTTP, JSON and time
   * @return the statistics; by default fails with {@link UnsupportedOperationException}
   */
  default CompletableFuture<PoolStats> stats(PoolConfig pool, PoolContext context) {
    return CompletableFuture.failedFuture(
        new UnsupportedOperationException(poolType() + " does not report pool statistics"));
  }

  /**
   * Optional capability: the user's workers (the configured username's), online and offline, so an
   * application can tell a named rig that stopped hashing. Called only when asked for, apart from
   * the tiles: a plugin reads what it needs (one request where the pool lists workers with the
   * account).
   *
   * @param pool the configured pool
   * @param context HTTP, JSON and time
   * @return the workers; by default fails with {@link UnsupportedOperationException}
   */
  default CompletableFuture<List<PoolWorker>> workers(PoolConfig pool, PoolContext context) {
    return CompletableFuture.failedFuture(
        new UnsupportedOperationException(poolType() + " does not list workers"));
  }
}
