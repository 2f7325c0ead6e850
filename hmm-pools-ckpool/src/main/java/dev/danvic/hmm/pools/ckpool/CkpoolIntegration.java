package dev.danvic.hmm.pools.ckpool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.BasePoolIntegration;
import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.Failures;
import dev.danvic.hmm.pools.InvalidPoolConfigException;
import dev.danvic.hmm.pools.LenientJson;
import dev.danvic.hmm.pools.OfflineVerdict;
import dev.danvic.hmm.pools.PoolApiException;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.PoolContext;
import dev.danvic.hmm.pools.PoolEndpoint;
import dev.danvic.hmm.pools.PoolHealthStatus;
import dev.danvic.hmm.pools.PoolRequest;
import dev.danvic.hmm.pools.PublicHosts;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * The plugin for ckpool ({@code pool_type} {@value #POOL_TYPE}): solo.ckpool.org (and its regional
 * hosts) and self-hosted ckpool, whose status files a web server serves. BTC, no API key; the
 * account is the payout address (config {@code username}).
 *
 * <p><b>Where requests go</b> ({@link CkpoolEndpoints}): config {@code api_base_url} when set;
 * else {@code https://solo.ckpool.org} for the public hosts; else {@code http://host} (config
 * {@code api_port} for another port) for a self-hosted one.
 *
 * <p><b>Where figures come from.</b>
 * <ul>
 *   <li>{@code /pool/pool.status} (essential; sent once, its round trip is the latency): several
 *       JSON objects, one per line, merged ({@link LenientJson#jsonLines}); the older form with the
 *       {@code SPS*} values on a fourth line reads the same. Pool hash rate from the
 *       {@code hashrate5m} window (else 1m, then longer windows), SI strings to H/s. Without an
 *       address: {@code active_workers} = {@code Workers}, shares = {@code accepted} and
 *       {@code rejected} (difficulty-1 shares), {@code best_share_difficulty} = the pool's
 *       {@code bestshare}.</li>
 *   <li>{@code /users/{address}} with an address: {@code active_workers} = {@code workers};
 *       {@code user_hashrate} from the same windows; {@code shares_valid} = {@code shares} (may be
 *       fractional; truncated), invalid and stale unknown; {@code best_share_difficulty} =
 *       {@code bestshare}, {@code best_share_difficulty_ever} = {@code bestever}; {@code lastshare}
 *       is named in the message. An unknown address answers 404: the tile stays healthy with the
 *       pool's figures, the user's figures {@code null}, and says so.</li>
 *   <li>Network difficulty: ckpool publishes none. Config {@value #NETWORK_DIFFICULTY} (plain
 *       difficulty, a positive number) supplies it; then pool percentage (with BTC's 600 s blocks),
 *       the pool's and the user's time to a block and the user's 24 h odds are filled. Without it
 *       they are {@code null}.</li>
 *   <li>Blocks in 24 h, earnings and balances are {@code null}; {@code supports_earnings} and
 *       {@code supports_balance} are {@code false}.</li>
 * </ul>
 *
 * <p><b>Detection.</b> {@code solo.ckpool.org}, {@code eusolo.ckpool.org} and
 * {@code ausolo.ckpool.org} (whole host names) are answered offline; the domains of other hosted
 * pools are refused offline. Any other host is probed once with {@code GET
 * http://host/pool/pool.status}, without credentials, and is ckpool when the merged lines carry
 * ckpool's keys ({@code Users} with {@code Workers}, or {@code hashrate1m} with
 * {@code hashrate5m}).
 *
 * <p>Stateless and thread-safe; found by {@link java.util.ServiceLoader}.
 */
public final class CkpoolIntegration implements BasePoolIntegration {
  /** This plugin's {@code pool_type}. */
  public static final String POOL_TYPE = "ckpool";

  /**
   * Config key: the network difficulty (plain difficulty, a positive number) ckpool does not
   * publish; without it the figures that need it are {@code null}.
   */
  public static final String NETWORK_DIFFICULTY = "network_difficulty";

  private static final String DISPLAY_NAME = "ckpool";


  private final CkpoolEndpoints endpoints;

  /** Creates the plugin with {@link CkpoolEndpoints#defaults()}; {@link java.util.ServiceLoader} calls this. */
  public CkpoolIntegration() {
    this(CkpoolEndpoints.defaults());
  }

  private CkpoolIntegration(CkpoolEndpoints endpoints) {
    this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
  }

  /**
   * @param endpoints a table with public instances this release does not know
   * @return a plugin using it, to register with the registry explicitly
   */
  public static CkpoolIntegration withEndpoints(CkpoolEndpoints endpoints) {
    return new CkpoolIntegration(endpoints);
  }

  /** @return {@value #POOL_TYPE} */
  @Override
  public String poolType() {
    return POOL_TYPE;
  }

  /** @return {@code "ckpool"} */
  @Override
  public String displayName() {
    return DISPLAY_NAME;
  }

  /** @return ckpool's source, whose README documents the status files */
  @Override
  public URI documentationUrl() {
    return URI.create("https://bitbucket.org/ckolivas/ckpool");
  }

  /** @return BTC */
  @Override
  public List<String> supportedCoins() {
    return List.of("BTC");
  }

  /** @return {@code false}: the status files are public */
  @Override
  public boolean requiresApiKey() {
    return false;
  }

  /**
   * Refuses a {@value #NETWORK_DIFFICULTY} that is not a positive number, besides the default checks.
   *
   * @param config a configuration whose {@code pool_type} is {@value #POOL_TYPE}
   * @throws InvalidPoolConfigException naming {@value #NETWORK_DIFFICULTY}
   */
  @Override
  public void validate(PoolConfig config) {
    BasePoolIntegration.super.validate(config);
    networkDifficulty(config);
  }

  /** The configured network difficulty, or {@code null}; refused when not a positive number. */
  static @Nullable Double networkDifficulty(PoolConfig config) {
    Optional<String> text = config.configValue(NETWORK_DIFFICULTY);
    if (text.isEmpty()) {
      return null;
    }
    String value = text.get().trim();
    double d;
    try {
      d = value.length() > 40 ? Double.NaN : new BigDecimal(value).doubleValue();
    } catch (NumberFormatException e) {
      d = Double.NaN;
    }
    if (!(d > 0) || !Double.isFinite(d)) {
      throw new InvalidPoolConfigException(
          NETWORK_DIFFICULTY,
          "must be a positive number (plain difficulty, for example 1.1e14), was '"
              + (value.length() > 40 ? value.substring(0, 40) + "…" : value)
              + "'");
    }
    return d;
  }

  /**
   * @param endpoint the normalised endpoint
   * @return {@link OfflineVerdict#MATCH} for a known public host, {@link OfflineVerdict#NO_MATCH}
   *     for another hosted pool's domain, else {@link OfflineVerdict#UNKNOWN}
   */
  @Override
  public OfflineVerdict detectOffline(PoolEndpoint endpoint) {
    if (endpoints.isPublicHost(endpoint)) {
      return OfflineVerdict.MATCH;
    }
    return PublicHosts.isHostedPoolOtherThan(endpoint, "ckpool.org") ? OfflineVerdict.NO_MATCH : OfflineVerdict.UNKNOWN;
  }

  /**
   * Probes {@code http://host/pool/pool.status}, without credentials.
   *
   * @param endpoint the endpoint
   * @param context HTTP, JSON and time
   * @return whether it answers with ckpool's status lines; never fails
   */
  @Override
  public CompletableFuture<Boolean> detect(PoolEndpoint endpoint, PoolContext context) {
    try {
      String url = endpoints.probeOrigin(endpoint) + CkpoolEndpoints.POOL_STATUS;
      return Failures.guard(() -> context.send(PoolRequest.get(url)))
          .thenApply(r -> r.status() == 200 && CkpoolJson.looksLikeStatus(LenientJson.jsonLines(r, url)))
          .exceptionally(e -> false);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(false);
    }
  }

  /**
   * One {@code GET /pool/pool.status} without retries: healthy when it answers 2xx with JSON lines;
   * its {@code Workers} are the active workers.
   *
   * @param pool the configured pool
   * @param context HTTP, JSON and time
   * @return the status; never fails
   */
  @Override
  public CompletableFuture<PoolHealthStatus> healthCheck(PoolConfig pool, PoolContext context) {
    try {
      return status(endpoints.apiOrigin(pool), context)
          .thenApply(
              s -> new PoolHealthStatus(true, s.latencyMs(), null, CkpoolJson.status(s.json()).workers(), context.now()))
          .exceptionally(e -> PoolHealthStatus.unhealthy(describe(e), context.now()));
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(
          PoolHealthStatus.unhealthy(Failures.describe(e), context.now()));
    }
  }

  /**
   * Reads {@code /pool/pool.status} and, with an address, {@code /users/{address}} in parallel (see
   * the class documentation).
   *
   * @param pool the configured pool
   * @param context HTTP, JSON and time
   * @return the tiles, or an error-state tile set when the status file fails; never fails
   */
  @Override
  public CompletableFuture<DashboardTileData> dashboardData(PoolConfig pool, PoolContext context) {
    Instant started = context.now();
    try {
      String origin = endpoints.apiOrigin(pool);
      Double difficulty = networkDifficulty(pool);
      String address = pool.username();
      boolean hasAddress = address != null && !address.isBlank();
      List<String> notes = new CopyOnWriteArrayList<>();
      CompletableFuture<CkpoolJson.@Nullable UserReading> user =
          !hasAddress
              ? CompletableFuture.completedFuture(null)
              : Failures.guard(
                      () -> context.getJson(PoolRequest.get(origin + CkpoolEndpoints.userPath(address.trim()))))
                  .<CkpoolJson.@Nullable UserReading>thenApply(CkpoolJson::user)
                  .exceptionally(
                      e -> {
                        notes.add(
                            isNotFound(e)
                                ? "address not known to ckpool yet (no share received from it)"
                                : "account figures unavailable (" + describe(e) + ")");
                        return null;
                      });
      return status(origin, context)
          .thenCompose(
              s ->
                  user.thenApply(
                      u ->
                          CkpoolTiles.tiles(
                              CkpoolJson.status(s.json()),
                              hasAddress,
                              u,
                              difficulty,
                              s.latencyMs(),
                              List.copyOf(notes),
                              context.now())))
          .exceptionally(e -> DashboardTileData.error(describe(e), context.now()));
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(DashboardTileData.error(Failures.describe(e), started));
    }
  }

  /** The status file sent once: its lines merged, and its round trip. */
  private record StatusAnswer(JsonNode json, double latencyMs) {}

  private static CompletableFuture<StatusAnswer> status(String origin, PoolContext context) {
    PoolRequest request = PoolRequest.get(origin + CkpoolEndpoints.POOL_STATUS);
    return Failures.guard(() -> context.send(request))
        .thenApply(
            r ->
                new StatusAnswer(
                    LenientJson.jsonLines(r.requireSuccess(request.safeUrl()), request.safeUrl()), r.latencyMs()));
  }

  private static boolean isNotFound(Throwable e) {
    return Failures.unwrap(e) instanceof PoolApiException pe && pe.kind() == PoolApiException.Kind.NOT_FOUND;
  }

  private static String describe(Throwable e) {
    return DISPLAY_NAME + ": " + Failures.describe(e);
  }
}
