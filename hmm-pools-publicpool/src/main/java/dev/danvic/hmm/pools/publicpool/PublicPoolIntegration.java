package dev.danvic.hmm.pools.publicpool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.BasePoolIntegration;
import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.Failures;
import dev.danvic.hmm.pools.JsonProbe;
import dev.danvic.hmm.pools.LenientJson;
import dev.danvic.hmm.pools.OfflineVerdict;
import dev.danvic.hmm.pools.PoolApiException;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.PoolContext;
import dev.danvic.hmm.pools.PoolEndpoint;
import dev.danvic.hmm.pools.PoolHealthStatus;
import dev.danvic.hmm.pools.PoolRequest;
import dev.danvic.hmm.pools.PublicHosts;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * The plugin for public-pool ({@code pool_type} {@value #POOL_TYPE}): the open-source solo pool
 * that NerdMiner, Bitaxe and NerdAxe owners mine on, at {@code public-pool.io} or self-hosted.
 * BTC only, no API key. The account is the payout address (config {@code username}).
 *
 * <p><b>Where requests go</b> ({@link PublicPoolEndpoints}): config {@code api_base_url} when set
 * (every request goes there); else {@code https://public-pool.io:40557} for the public instance;
 * else {@code http://host:3334} (config {@code api_port} for another port) for a self-hosted one.
 *
 * <p><b>Where figures come from.</b>
 * <ul>
 *   <li>{@code /api/pool} (essential; its round trip is the latency): pool hash rate
 *       ({@code totalHashRate}, H/s); without an address, {@code active_workers} is the pool's
 *       {@code totalMiners}.</li>
 *   <li>{@code /api/network} (bitcoind's {@code getmininginfo}): network difficulty and hash rate;
 *       pool percentage and the pool's time to a block ({@code D * 2^32 / H}) come from them. When
 *       it fails, those stay {@code null} and the message says so.</li>
 *   <li>{@code /api/client/{address}}: {@code active_workers} = {@code workersCount}; the user's
 *       hash rate = the workers' {@code hashRate} summed (fractional H/s allowed); the user's time
 *       to a block and 24 h odds from it; {@code best_share_difficulty} = the highest
 *       {@code bestDifficulty} of the connected workers (a string with two decimals),
 *       {@code best_share_difficulty_ever} = the account's top-level {@code bestDifficulty}; the
 *       newest {@code lastSeen} (ISO-8601) is named in the message. An unknown address answers
 *       {@code {"workersCount":0,"workers":[]}}: a healthy pool with zero workers, not an error.</li>
 *   <li>Shares, blocks in 24 h and every amount are {@code null}: a solo pool pays the whole block
 *       to its finder and public-pool reports no share counts; {@code supports_earnings} and
 *       {@code supports_balance} are {@code false}. {@code blocksFound[]} has no timestamps, so no
 *       24 h count can be made from it.</li>
 * </ul>
 *
 * <p><b>Detection.</b> {@code public-pool.io} (whole host name, any port; stratum is 21496) is
 * answered offline. The domains of other well-known hosted pools are refused offline. Any other
 * host is probed once with {@code GET http://host:3334/api/pool}, without credentials, and is
 * public-pool when it answers 200 with {@code totalHashRate} beside {@code totalMiners},
 * {@code blockHeight} or {@code blocksFound}.
 *
 * <p>Stateless and thread-safe; found by {@link java.util.ServiceLoader}.
 */
public final class PublicPoolIntegration implements BasePoolIntegration {
  /**
   * How often the network figures ({@code /api/network}, the node's {@code getmininginfo}) are
   * fetched: every 5 minutes (core keeps the answer in between); the difficulty changes every 2016
   * blocks, the height about every 10 minutes.
   */
  public static final Duration NETWORK_REFRESH = Duration.ofMinutes(5);

  /** This plugin's {@code pool_type}. */
  public static final String POOL_TYPE = "publicpool";

  private static final String DISPLAY_NAME = "public-pool";


  private final PublicPoolEndpoints endpoints;

  /** Creates the plugin with {@link PublicPoolEndpoints#defaults()}; {@link java.util.ServiceLoader} calls this. */
  public PublicPoolIntegration() {
    this(PublicPoolEndpoints.defaults());
  }

  private PublicPoolIntegration(PublicPoolEndpoints endpoints) {
    this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
  }

  /**
   * @param endpoints a table with public instances this release does not know
   * @return a plugin using it, to register with the registry explicitly
   */
  public static PublicPoolIntegration withEndpoints(PublicPoolEndpoints endpoints) {
    return new PublicPoolIntegration(endpoints);
  }

  /** @return {@value #POOL_TYPE} */
  @Override
  public String poolType() {
    return POOL_TYPE;
  }

  /** @return {@code "public-pool"} */
  @Override
  public String displayName() {
    return DISPLAY_NAME;
  }

  /** @return the project's source, which is its API documentation */
  @Override
  public URI documentationUrl() {
    return URI.create("https://github.com/benjamin-wilson/public-pool");
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

  /**
   * @param endpoint the normalised endpoint
   * @return {@link OfflineVerdict#MATCH} for a known public instance, {@link OfflineVerdict#NO_MATCH}
   *     for another hosted pool's domain, else {@link OfflineVerdict#UNKNOWN}
   */
  @Override
  public OfflineVerdict detectOffline(PoolEndpoint endpoint) {
    if (endpoints.isPublicHost(endpoint)) {
      return OfflineVerdict.MATCH;
    }
    return PublicHosts.isHostedPoolOtherThan(endpoint, "public-pool.io") ? OfflineVerdict.NO_MATCH : OfflineVerdict.UNKNOWN;
  }

  /**
   * Probes {@code /api/pool} on the API port beside the stratum port (3334), without credentials.
   *
   * @param endpoint the endpoint
   * @param context HTTP, JSON and time
   * @return whether it answers as public-pool; never fails
   */
  @Override
  public CompletableFuture<Boolean> detect(PoolEndpoint endpoint, PoolContext context) {
    try {
      return JsonProbe.answers(context, endpoints.probeOrigin(endpoint) + PublicPoolEndpoints.POOL, PublicPoolJson::looksLikePool);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(false);
    }
  }

  /**
   * One {@code GET /api/pool} without retries: healthy on 2xx with a JSON object; its
   * {@code totalMiners} are the active workers.
   *
   * @param pool the configured pool
   * @param context HTTP, JSON and time
   * @return the status; never fails
   */
  @Override
  public CompletableFuture<PoolHealthStatus> healthCheck(PoolConfig pool, PoolContext context) {
    try {
      return poolAnswerOnce(endpoints.apiOrigin(pool), context)
          .thenApply(
              a ->
                  new PoolHealthStatus(
                      true, a.latencyMs(), null, PublicPoolJson.pool(a.json()).miners(), context.now()))
          .exceptionally(e -> PoolHealthStatus.unhealthy(describe(e), context.now()));
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(
          PoolHealthStatus.unhealthy(Failures.describe(e), context.now()));
    }
  }

  /**
   * Reads {@code /api/pool}, {@code /api/network} and, with an address, {@code
   * /api/client/{address}} in parallel (see the class documentation).
   *
   * @param pool the configured pool
   * @param context HTTP, JSON and time
   * @return the tiles, or an error-state tile set when {@code /api/pool} fails; never fails
   */
  @Override
  public CompletableFuture<DashboardTileData> dashboardData(PoolConfig pool, PoolContext context) {
    Instant started = context.now();
    try {
      String origin = endpoints.apiOrigin(pool);
      List<String> notes = new CopyOnWriteArrayList<>();
      CompletableFuture<PublicPoolJson.NetworkReading> network =
          Failures.guard(() -> context.getJson(PoolRequest.get(origin + PublicPoolEndpoints.NETWORK).withRefreshInterval(NETWORK_REFRESH)))
              .thenApply(PublicPoolJson::network)
              .exceptionally(
                  e -> {
                    notes.add("network figures unavailable (" + describe(e) + ")");
                    return PublicPoolJson.NetworkReading.NONE;
                  });
      String address = pool.username();
      boolean hasAddress = address != null && !address.isBlank();
      CompletableFuture<PublicPoolJson.@Nullable ClientReading> client =
          !hasAddress
              ? CompletableFuture.completedFuture(null)
              : Failures.guard(
                      () -> context.getJson(PoolRequest.get(origin + PublicPoolEndpoints.clientPath(address.trim()))))
                  .<PublicPoolJson.@Nullable ClientReading>thenApply(PublicPoolJson::client)
                  .exceptionally(
                      e -> {
                        notes.add("account figures unavailable (" + describe(e) + ")");
                        return null;
                      });
      return poolAnswer(origin, context)
          .thenCompose(
              a ->
                  network.thenCombine(
                      client,
                      (n, c) ->
                          PublicPoolTiles.tiles(
                              PublicPoolJson.pool(a.json()), n, hasAddress, c, a.latencyMs(), List.copyOf(notes), context.now())))
          .exceptionally(e -> DashboardTileData.error(describe(e), context.now()));
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(DashboardTileData.error(Failures.describe(e), started));
    }
  }

  /** {@code /api/pool}: its body as a JSON object and the round trip the plugin saw, ms. */
  private record PoolAnswer(JsonNode json, double latencyMs) {}

  /** For the tiles: retried by core like every other request; latency as the plugin sees it. */
  private static CompletableFuture<PoolAnswer> poolAnswer(String origin, PoolContext context) {
    PoolRequest request = PoolRequest.get(origin + PublicPoolEndpoints.POOL);
    long started = System.nanoTime();
    return Failures.guard(() -> context.getJson(request))
        .thenApply(json -> new PoolAnswer(object(json, 200, request), Math.max(0, (System.nanoTime() - started) / 1e6)));
  }

  /** For the health check: sent once, without retries; latency from the transport. */
  private static CompletableFuture<PoolAnswer> poolAnswerOnce(String origin, PoolContext context) {
    PoolRequest request = PoolRequest.get(origin + PublicPoolEndpoints.POOL);
    return Failures.guard(() -> context.send(request))
        .thenApply(
            r ->
                new PoolAnswer(
                    object(LenientJson.parse(r.requireSuccess(request.safeUrl()), request.safeUrl()), r.status(), request),
                    r.latencyMs()));
  }

  private static JsonNode object(JsonNode json, int status, PoolRequest request) {
    if (!json.isObject()) {
      throw new PoolApiException(
          PoolApiException.Kind.MALFORMED_RESPONSE,
          status,
          request.safeUrl(),
          "expected a JSON object from " + request.safeUrl());
    }
    return json;
  }

  private static String describe(Throwable e) {
    return DISPLAY_NAME + ": " + Failures.describe(e);
  }
}
