package dev.danvic.hmm.pools.ocean;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.BasePoolIntegration;
import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.Failures;
import dev.danvic.hmm.pools.OfflineVerdict;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.PoolContext;
import dev.danvic.hmm.pools.PoolEndpoint;
import dev.danvic.hmm.pools.PoolHealthStatus;
import dev.danvic.hmm.pools.PoolRequest;
import dev.danvic.hmm.pools.PoolResponse;
import dev.danvic.hmm.pools.FoundBlocks;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The plugin for OCEAN ({@code pool_type} {@value #POOL_TYPE}): the non-custodial TIDES pool at
 * ocean.xyz. BTC, public API, no key; the account is the payout address (config {@code username}).
 *
 * <p><b>Where requests go</b>: config {@code api_base_url} when set, else
 * {@value OceanEndpoints#API_ORIGIN} ({@link OceanEndpoints}).
 *
 * <p><b>The envelope.</b> OCEAN answers {@code {"result": …}} or {@code {"error": "<message>"}}
 * whatever the HTTP status. Every request is sent once and its body read whatever the status; an
 * {@code error} becomes a message carrying OCEAN's own words, never zeros. A 5xx or 429 without an
 * envelope is handed to core's retried {@link PoolContext#getJson} within the deadline.
 *
 * <p><b>Where figures come from.</b>
 * <ul>
 *   <li>{@code /v1/pool_stat} (essential; its round trip is the latency): the pool's hash rate
 *       (the 5 min window where given); without an address, {@code active_workers} is the pool's
 *       {@code workers}. An {@code error} here is an error tile with OCEAN's message.</li>
 *   <li>With an address, in parallel: {@code /v1/statsnap/{address}}: the user's hash rate from
 *       {@code hashrate_300s} (the documented window: 5 min; exact decimals, since whole H/s can
 *       exceed 2^53), shares in the TIDES window ({@code shares_in_tides}, tile 3 valid), the unpaid
 *       balance ({@code unpaid}, BTC, tile 4 confirmed balance), the next block's estimated earnings
 *       and {@code lastest_share_ts} in the message; {@code /v1/user_hashrate_full/{address}}: the
 *       active workers ({@code active_worker_count}, else workers with a 5 min hash rate above
 *       zero); {@code /v1/earnpay/{address}/{now-24h}/{now}}: earnings of the last 24 h (satoshis
 *       net earned / 1e8, times without a zone read as UTC), and the blocks that paid the address
 *       as {@code blocks_found_24h} and {@code last_block_time} under {@link FoundBlocks}' rule.
 *       Each of them failing (OCEAN's "No such user or user has no active workers" among them)
 *       leaves its figures {@code null} and is named in the message.</li>
 *   <li>OCEAN publishes no network difficulty: pool percentage and times to a block are
 *       {@code null}.</li>
 * </ul>
 *
 * <p><b>Detection.</b> {@code ocean.xyz} and its subdomains ({@code mine.ocean.xyz}, regional
 * hosts; any port) are answered offline; no other host is OCEAN, so nothing is ever probed.
 *
 * <p>Stateless and thread-safe; found by {@link java.util.ServiceLoader}.
 */
public final class OceanIntegration implements BasePoolIntegration {
  /** This plugin's {@code pool_type}. */
  public static final String POOL_TYPE = "ocean";

  private static final String DISPLAY_NAME = "OCEAN";

  /** Creates the plugin; {@link java.util.ServiceLoader} calls this. */
  public OceanIntegration() {}

  /** @return {@value #POOL_TYPE} */
  @Override
  public String poolType() {
    return POOL_TYPE;
  }

  /** @return {@code "OCEAN"} */
  @Override
  public String displayName() {
    return DISPLAY_NAME;
  }

  /** @return OCEAN's API documentation */
  @Override
  public URI documentationUrl() {
    return URI.create("https://ocean.xyz/docs/api");
  }

  /** @return BTC */
  @Override
  public List<String> supportedCoins() {
    return List.of("BTC");
  }

  /** @return {@code false}: the API is public */
  @Override
  public boolean requiresApiKey() {
    return false;
  }

  /** @return {@code true}: earnings of the last 24 h from {@code earnpay} */
  @Override
  public boolean supportsEarnings() {
    return true;
  }

  /** @return {@code true}: the unpaid balance */
  @Override
  public boolean supportsBalance() {
    return true;
  }

  /**
   * @param pool a configuration of this plugin
   * @return whether its tiles can carry earnings: only with the account's address ({@code
   *     username}); without one only the pool's figures are read
   */
  @Override
  public boolean supportsEarnings(PoolConfig pool) {
    return pool.username() != null; // a blank username is null in PoolConfig
  }

  /**
   * @param pool a configuration of this plugin
   * @return whether its tiles can carry balances: only with the account's address ({@code username})
   */
  @Override
  public boolean supportsBalance(PoolConfig pool) {
    return pool.username() != null; // a blank username is null in PoolConfig
  }

  /**
   * @param endpoint the normalised endpoint
   * @return {@link OfflineVerdict#MATCH} for {@code ocean.xyz} and its subdomains, else
   *     {@link OfflineVerdict#NO_MATCH}: OCEAN is not self-hosted
   */
  @Override
  public OfflineVerdict detectOffline(PoolEndpoint endpoint) {
    return OceanEndpoints.isOceanHost(endpoint) ? OfflineVerdict.MATCH : OfflineVerdict.NO_MATCH;
  }

  /**
   * @param endpoint the endpoint
   * @param context unused: nothing is sent
   * @return whether the host is OCEAN's; never fails
   */
  @Override
  public CompletableFuture<Boolean> detect(PoolEndpoint endpoint, PoolContext context) {
    return CompletableFuture.completedFuture(detectOffline(endpoint) == OfflineVerdict.MATCH);
  }

  /**
   * One {@code GET /v1/pool_stat}: healthy when its envelope holds a result; its {@code workers}
   * are the active workers; an {@code error} is unhealthy with OCEAN's message.
   *
   * @param pool the configured pool
   * @param context HTTP, JSON and time
   * @return the status; never fails
   */
  @Override
  public CompletableFuture<PoolHealthStatus> healthCheck(PoolConfig pool, PoolContext context) {
    try {
      PoolRequest request = PoolRequest.get(OceanEndpoints.apiOrigin(pool) + OceanEndpoints.POOL_STAT);
      return Failures.guard(() -> context.send(request))
          .thenApply(
              r ->
                  new PoolHealthStatus(
                      true,
                      r.latencyMs(),
                      null,
                      OceanJson.pool(OceanJson.result(r, request.safeUrl())).workers(),
                      context.now()))
          .exceptionally(e -> PoolHealthStatus.unhealthy(describe(e), context.now()));
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(PoolHealthStatus.unhealthy(Failures.describe(e), context.now()));
    }
  }

  /**
   * Reads {@code /v1/pool_stat} and, with an address, the account's three answers in parallel (see
   * the class documentation).
   *
   * @param pool the configured pool
   * @param context HTTP, JSON and time
   * @return the tiles, or an error-state tile set when {@code /v1/pool_stat} fails; never fails
   */
  @Override
  public CompletableFuture<DashboardTileData> dashboardData(PoolConfig pool, PoolContext context) {
    // error tiles too say what this pool supports
    boolean earnings = supportsEarnings(pool);
    boolean balance = supportsBalance(pool);
    return readTiles(pool, context)
        .thenApply(t -> t.toBuilder().supportsEarnings(earnings).supportsBalance(balance).build());
  }

  private CompletableFuture<DashboardTileData> readTiles(PoolConfig pool, PoolContext context) {
    Instant started = context.now();
    try {
      String origin = OceanEndpoints.apiOrigin(pool);
      String address = pool.username() == null ? "" : pool.username().trim();
      List<String> notes = new CopyOnWriteArrayList<>();
      CompletableFuture<OceanTiles.@Nullable Account> account;
      if (address.isEmpty()) {
        account = CompletableFuture.completedFuture(null);
      } else {
        CompletableFuture<OceanJson.@Nullable SnapReading> snap =
            optional(origin + OceanEndpoints.statsnap(address), context, OceanJson::snap, notes);
        CompletableFuture<@Nullable Integer> workers =
            optional(origin + OceanEndpoints.userHashrateFull(address), context, OceanJson::activeWorkers, notes);
        CompletableFuture<OceanJson.@Nullable EarningsReading> earnings =
            optional(
                origin + OceanEndpoints.earnpay(address, started.minus(FoundBlocks.WINDOW), started),
                context,
                OceanJson::earnings,
                notes);
        account =
            CompletableFuture.allOf(snap, workers, earnings)
                .thenApply(v -> new OceanTiles.Account(snap.join(), workers.join(), earnings.join()));
      }
      long sent = System.nanoTime();
      return call(origin + OceanEndpoints.POOL_STAT, context)
          .thenCompose(
              result -> {
                double latencyMs = Math.max(0, (System.nanoTime() - sent) / 1e6);
                return account.thenApply(
                    a -> OceanTiles.tiles(OceanJson.pool(result), a, latencyMs, List.copyOf(notes), context.now()));
              })
          .exceptionally(e -> DashboardTileData.error(describe(e), context.now()));
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(DashboardTileData.error(Failures.describe(e), started));
    }
  }

  /** A request whose failure leaves its figures unknown and is named in {@code notes}. */
  private static <T> CompletableFuture<@Nullable T> optional(
      String url, PoolContext context, Function<JsonNode, T> reader, List<String> notes) {
    return call(url, context)
        .<@Nullable T>thenApply(reader::apply)
        .exceptionally(
            e -> {
              notes.add(describe(e));
              return null;
            });
  }

  /**
   * Sends once and opens the envelope whatever the status; a 5xx or 429 without an envelope goes
   * to core's retried {@link PoolContext#getJson}.
   */
  private static CompletableFuture<JsonNode> call(String url, PoolContext context) {
    PoolRequest request = PoolRequest.get(url);
    String safeUrl = request.safeUrl();
    return Failures.guard(() -> context.send(request))
        .thenCompose(
            (PoolResponse r) -> {
              boolean passing = r.status() >= 500 || r.status() == 429;
              if (passing && !OceanJson.isEnvelope(r, safeUrl)) {
                return Failures.guard(() -> context.getJson(request))
                    .thenApply(body -> OceanJson.result(body, 200, safeUrl));
              }
              return CompletableFuture.completedFuture(OceanJson.result(r, safeUrl));
            });
  }

  private static String describe(Throwable e) {
    return DISPLAY_NAME + ": " + Failures.describe(e);
  }
}
