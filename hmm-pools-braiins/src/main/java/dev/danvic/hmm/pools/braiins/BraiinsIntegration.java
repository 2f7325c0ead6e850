package dev.danvic.hmm.pools.braiins;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.BasePoolIntegration;
import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.Failures;
import dev.danvic.hmm.pools.FoundBlocks;
import dev.danvic.hmm.pools.InvalidPoolConfigException;
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
import dev.danvic.hmm.pools.braiins.BraiinsJson.PoolWide;
import dev.danvic.hmm.pools.braiins.BraiinsJson.Profile;
import dev.danvic.hmm.pools.braiins.BraiinsJson.WorkerStates;
import dev.danvic.hmm.pools.braiins.BraiinsJson.Workers;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The Braiins Pool plugin ({@code pool_type} {@value #POOL_TYPE}): Braiins Pool, formerly Slush
 * Pool, a managed BTC pool paying FPPS. Found by {@link java.util.ServiceLoader}; stateless and
 * thread-safe.
 *
 * <h2>Detection</h2>
 * Offline only: an endpoint whose host is {@code braiins.com} or {@code slushpool.com} or a
 * subdomain of one (whole labels, never a substring: {@code mybraiins.lan} and
 * {@code braiins.example.org} are not) is this pool;
 * {@value #SOLO_HOST} (and any host under it) is Braiins <em>Solo</em>, a different product the
 * account API does not cover, and never this pool. Every other endpoint is {@link
 * OfflineVerdict#NO_MATCH}. {@link #detect} sends nothing: without a token Braiins answers every
 * request with 403, so a probe could not tell Braiins from any other server that refuses it; it
 * returns the offline verdict.
 *
 * <h2>Requests and the rate limit</h2>
 * Requests go to {@code api_base_url} (default {@value #DEFAULT_API_BASE_URL}) and nowhere else,
 * with the paths appended as written. Each carries the {@code api_key} token in both
 * {@value #TOKEN_HEADER} and {@value #LEGACY_TOKEN_HEADER} (marked secret) and one rate-limit key
 * per token (derived from a digest of the token, never the token itself) with a spacing of
 * {@link #MIN_REQUEST_INTERVAL} = 5 s: Braiins allows about one request per 5 s and may ban an IP
 * that sends more. The transport keeps that spacing across retries, health checks and every pool
 * entry using the same token, and fails a request it could not start before the operation's
 * deadline with {@code RATE_LIMITED} without sending it.
 *
 * <p>A dashboard refresh reads the profile ({@value #PROFILE_PATH}) first, every time: it is
 * essential (when it fails the tiles are an error tile set) and its balances, rewards, hash rate,
 * shares and worker counts change every tile window. The other endpoints declare how often they
 * change ({@link PoolRequest#withRefreshInterval}) and core keeps their answers, so a refresh sends
 * only what is due:
 * <ul>
 *   <li>pool statistics ({@value #STATS_PATH}): every {@link #STATS_REFRESH} (5 min), waited for
 *       when due (the pool's hash rate and blocks are worth the one request);
 *   <li>workers ({@value #WORKERS_PATH}): every {@link #WORKERS_REFRESH} (20 s, so once per 30 s
 *       tile window), and rewards ({@value #REWARDS_PATH}): every {@link #REWARDS_REFRESH} (1 h),
 *       both through {@link PoolContext#getJsonDeferred}: a refresh never waits for them; core
 *       fetches them behind it, and the tiles use the answer core keeps (at most twice the
 *       interval old).
 * </ul>
 * Under the 5 s spacing the <strong>first tiles of a Braiins pool come after two requests, about
 * 5 s</strong> (profile at 0 s, statistics at 5 s; workers at 10 s and rewards at 15 s follow
 * behind them), and a steady-state refresh waits for one request (the profile) and sends two (the
 * workers behind it); every 5 min the statistics add one. Until the workers list has arrived,
 * {@code active_workers} is the profile's {@code ok_workers + low_workers}; fields only an
 * endpoint not yet loaded can give are {@code null} and the endpoint is named "loading" in
 * {@code health_message}, never a guess. An enrichment that fails (including {@code RATE_LIMITED})
 * leaves its fields {@code null}, keeps {@code health_status=true} and is named in {@code
 * health_message}; a failure of one endpoint never removes another endpoint's kept answer. The
 * plugin asks core for a 20 s deadline ({@link #minimumDeadline()}) so that the fetches behind a
 * first refresh fit in it. The profile is sent once with {@link PoolContext#send} so that {@code latency_ms} is its round trip; only when
 * that single try fails transiently (connection, timeout, 5xx, 429) is it fetched again through
 * the transport's retrying {@link PoolContext#getJson}. A 401/403 is never retried: the tiles say
 * {@value #TOKEN_REJECTED_MESSAGE}.
 *
 * <h2>Units</h2>
 * Hash rates arrive as numbers in {@code hash_rate_unit} ({@code "Gh/s"} so far; H/s to Eh/s in any
 * letter case is read) and leave in H/s; without a unit the scale is unknown and the hash rate is
 * {@code null}. BTC amounts arrive as decimal strings of up to 30 decimals and are kept exactly as
 * {@link BigDecimal}. Only {@code *_sats} fields (payouts) are satoshis and divided by 10^8.
 *
 * <h2>Tiles</h2>
 * <ul>
 *   <li>{@code health_status}: the profile was read; {@code health_message}: active, off and
 *       disabled workers, plus the enrichments that could not be loaded; {@code latency_ms}: the
 *       profile's round trip.
 *   <li>{@code active_workers}: workers whose {@code state} is {@code ok} or {@code low} (any case;
 *       older data writes {@code OK}) in the workers list; without the list, the profile's
 *       {@code ok_workers + low_workers}.
 *   <li>{@code pool_hashrate}: the <em>whole pool's</em> {@code pool_5m_hash_rate} from the pool
 *       statistics, so that it means the same as for every other pool ("the pool's hash rate").
 *       The account's own 5-minute hash rate ({@code hash_rate_5m}, Slush era
 *       {@code hash_rate_scoring}) is {@code user_hashrate}. Braiins pays FPPS, per share, whoever
 *       finds the block, so the account's own odds of a block do not drive its earnings:
 *       {@code user_estimated_time_to_block} and {@code user_block_odds_24h} stay {@code null}.
 *   <li>{@code network_difficulty}: Braiins publishes none, so it is {@code null}, and with it
 *       {@code pool_percentage} and {@code estimated_time_to_block}.
 *   <li>{@code shares_valid}: the account's shares of the last 24 h ({@code shares_24h}, the same
 *       window as the blocks and earnings of tile 4); without it, the sum of the workers'
 *       {@code shares_24h} when every worker reports one. Braiins reports no invalid or stale
 *       shares: {@code shares_invalid}, {@code shares_stale} and {@code reject_rate} are
 *       {@code null}.
 *   <li>{@code blocks_found_24h}: blocks of the pool statistics' {@code blocks}, orphans left
 *       out, whose {@code date_found} lies within the 24 h before the context's clock ({@code 0} for an empty
 *       {@code blocks {}}, {@code null} without pool statistics). Braiins lists its most recent
 *       blocks only, so on a day with more blocks than it lists this is a lower bound.
 *       {@code last_block_time}: the newest {@code date_found} of a block not orphaned.
 *   <li>{@code estimated_earnings_24h}: today's reward so far (UTC day), {@code today_reward};
 *       without it (Slush-era accounts), the {@code total_reward} of today's {@code daily_rewards}
 *       entry, else {@code null}. {@code estimated_reward} (a projection) is not used.
 *   <li>{@code confirmed_balance}: {@code current_balance}, Slush era {@code confirmed_reward}.
 *       {@code pending_balance}: {@code unconfirmed_reward} where present (Slush era), else
 *       {@code null}: FPPS credits the balance directly.
 *   <li>{@code currency} {@code BTC}; {@code supports_earnings} and {@code supports_balance} true.
 * </ul>
 *
 * <h2>Secrets</h2>
 * The token never appears in a log line (this plugin logs nothing), an exception message, a
 * {@code toString()} or a tile: every message this plugin produces is scrubbed of it.
 */
public final class BraiinsIntegration implements BasePoolIntegration {
  /** The {@code pool_type}. */
  public static final String POOL_TYPE = "braiins";
  /** The origin requests go to unless {@code api_base_url} says otherwise. */
  public static final String DEFAULT_API_BASE_URL = "https://pool.braiins.com";
  /** The account profile: balances, rewards, hash rates, worker counts, shares. */
  public static final String PROFILE_PATH = "/accounts/profile/json/btc/";
  /** The account's workers, keyed by {@code user.worker}. */
  public static final String WORKERS_PATH = "/accounts/workers/json/btc/";
  /** The account's daily rewards. */
  public static final String REWARDS_PATH = "/accounts/rewards/json/btc/";
  /** Pool-wide statistics and the pool's recent blocks. */
  public static final String STATS_PATH = "/stats/json/btc/";
  /** The account's payouts, amounts in satoshis. */
  public static final String PAYOUTS_PATH = "/accounts/payouts/json/btc/";
  /** The token header the current Braiins documentation names. */
  public static final String TOKEN_HEADER = "Pool-Auth-Token";
  /** The token header of the Slush Pool era, which the seed names. */
  public static final String LEGACY_TOKEN_HEADER = "SlushPool-Auth-Token";
  /** The least time between two requests with one token, retries included: 5 s. */
  public static final Duration MIN_REQUEST_INTERVAL = Duration.ofSeconds(5);

  /** How often the pool statistics ({@value #STATS_PATH}) are fetched: every 5 minutes. */
  public static final Duration STATS_REFRESH = Duration.ofMinutes(5);
  /** How often the workers list ({@value #WORKERS_PATH}) is fetched: every 20 s, once per tile window. */
  public static final Duration WORKERS_REFRESH = Duration.ofSeconds(20);
  /** How often the daily rewards ({@value #REWARDS_PATH}) are fetched: every hour. */
  public static final Duration REWARDS_REFRESH = Duration.ofHours(1);
  /** How often the payouts ({@value #PAYOUTS_PATH}) are fetched: every hour. */
  public static final Duration PAYOUTS_REFRESH = Duration.ofHours(1);

  /** The deadline a full refresh needs under {@link #MIN_REQUEST_INTERVAL}; see {@link #minimumDeadline()}. */
  public static final Duration MINIMUM_DEADLINE = Duration.ofSeconds(20);
  /** The tile and health message when Braiins answers 401 or 403. */
  public static final String TOKEN_REJECTED_MESSAGE = "Braiins rejected the API token";
  /** The stratum host of Braiins Solo, a different product, never detected as this pool. */
  public static final String SOLO_HOST = "solo.stratum.braiins.com";
  /** The only coin. */
  static final String CURRENCY = "BTC";

  private static final URI DOCUMENTATION =
      URI.create("https://academy.braiins.com/en/braiins-pool/monitoring/");

  /** Creates the plugin; {@link java.util.ServiceLoader} calls this. */
  public BraiinsIntegration() {}

  @Override
  public String poolType() {
    return POOL_TYPE;
  }

  @Override
  public String displayName() {
    return "Braiins Pool";
  }

  @Override
  public URI documentationUrl() {
    return DOCUMENTATION;
  }

  @Override
  public List<String> supportedCoins() {
    return List.of(CURRENCY);
  }

  @Override
  public boolean requiresApiKey() {
    return true;
  }

  /**
   * @return 20 s: the profile, the statistics and the fetches of workers and rewards behind them
   *     start at 0, 5, 10 and 15 s under {@link #MIN_REQUEST_INTERVAL}, past core's default
   *     10 s deadline; the tiles themselves are ready after the second (about 5 s)
   */
  @Override
  public Duration minimumDeadline() {
    return MINIMUM_DEADLINE;
  }

  @Override
  public boolean supportsEarnings() {
    return true;
  }

  @Override
  public boolean supportsBalance() {
    return true;
  }

  /**
   * {@inheritDoc}
   *
   * <p>{@link OfflineVerdict#MATCH} for hosts within {@code braiins.com} or {@code slushpool.com}
   * (whole labels); {@link OfflineVerdict#NO_MATCH} for {@value #SOLO_HOST} and everything else.
   */
  @Override
  public OfflineVerdict detectOffline(PoolEndpoint endpoint) {
    if (endpoint.isWithin(SOLO_HOST)) {
      return OfflineVerdict.NO_MATCH;
    }
    boolean named = endpoint.isWithin("braiins.com") || endpoint.isWithin("slushpool.com");
    return named ? OfflineVerdict.MATCH : OfflineVerdict.NO_MATCH;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Sends nothing: there is no token to probe with. Completes with whether {@link
   * #detectOffline} says {@link OfflineVerdict#MATCH}.
   */
  @Override
  public CompletableFuture<Boolean> detect(PoolEndpoint endpoint, PoolContext context) {
    return CompletableFuture.completedFuture(detectOffline(endpoint) == OfflineVerdict.MATCH);
  }

  /**
   * {@inheritDoc}
   *
   * <p>One GET of the profile, not retried, under the token's rate limit. Healthy on a 2xx profile;
   * {@code activeWorkers} is the profile's {@code ok_workers + low_workers}. A 401/403 is unhealthy
   * with {@value #TOKEN_REJECTED_MESSAGE}.
   */
  @Override
  public CompletableFuture<PoolHealthStatus> healthCheck(PoolConfig pool, PoolContext context) {
    return withApi(
        pool,
        invalid -> PoolHealthStatus.unhealthy(invalid.getMessage(), context.now()),
        api -> {
          PoolRequest request = api.request(PROFILE_PATH);
          return Failures.guard(() -> context.send(request))
              .handle(
                  (response, failure) -> {
                    Instant at = context.now();
                    if (failure != null) {
                      return PoolHealthStatus.unhealthy(api.describe(failure), at);
                    }
                    Double latency = latency(response);
                    try {
                      Profile profile = readProfile(response, request, context);
                      return new PoolHealthStatus(true, latency, null, profile.states().active(), at);
                    } catch (RuntimeException e) {
                      return new PoolHealthStatus(false, latency, api.describe(e), null, at);
                    }
                  });
        });
  }

  /**
   * {@inheritDoc}
   *
   * <p>See the class documentation for the requests sent and how each tile is filled.
   */
  @Override
  public CompletableFuture<DashboardTileData> dashboardData(PoolConfig pool, PoolContext context) {
    return withApi(
        pool,
        invalid -> errorTiles(invalid.getMessage(), context.now()),
        api ->
            fetchProfile(api, context)
                .thenCompose(
                    profile -> {
                      // in priority order: under the 5 s spacing the statistics (when due) get the next
                      // slot; workers and rewards never hold the tiles up (kept by core, fetched behind)
                      CompletableFuture<Part> stats = optional(statsRequest(api), false, context);
                      CompletableFuture<Part> workers =
                          optional(api.request(WORKERS_PATH).withRefreshInterval(WORKERS_REFRESH), true, context);
                      CompletableFuture<Part> rewards =
                          optional(api.request(REWARDS_PATH).withRefreshInterval(REWARDS_REFRESH), true, context);
                      return CompletableFuture.allOf(stats, workers, rewards)
                          .thenApply(
                              done ->
                                  tiles(
                                      profile,
                                      stats.join(),
                                      workers.join(),
                                      rewards.join(),
                                      context.now()));
                    })
                .exceptionally(failure -> errorTiles(api.describe(failure), context.now())));
  }

  /**
   * {@inheritDoc}
   *
   * <p>The blocks of {@value #STATS_PATH}, newest (highest) first: height, {@code date_found},
   * {@code value} (BTC) and status from {@code state} and {@code confirmations_left}. Braiins gives
   * no hash or difficulty of a block. Fails with {@link PoolApiException} (a rejected token: kind
   * {@code AUTH_REJECTED}, message {@value #TOKEN_REJECTED_MESSAGE}) or, without a token, {@link
   * InvalidPoolConfigException}.
   */
  @Override
  public CompletableFuture<List<PoolBlock>> recentBlocks(PoolConfig pool, PoolContext context) {
    return call(
        pool,
        api ->
            context
                .getJson(statsRequest(api))
                .thenApply(body -> requirePoolWide(body, api).blocks())
                .thenApply(blocks -> blocks == null ? List.<PoolBlock>of() : List.copyOf(blocks)));
  }

  /**
   * {@inheritDoc}
   *
   * <p>From {@value #STATS_PATH}: the pool's 5-minute hash rate (H/s), its active workers and the
   * time of its newest listed block not orphaned. Braiins publishes no network figures, miner
   * count or fee here; those are {@code null}. Fails as {@link #recentBlocks} does.
   */
  @Override
  public CompletableFuture<PoolStats> stats(PoolConfig pool, PoolContext context) {
    return call(
        pool,
        api ->
            context
                .getJson(statsRequest(api))
                .thenApply(body -> requirePoolWide(body, api))
                .thenApply(
                    pw ->
                        new PoolStats(
                            CURRENCY,
                            pw.hashrate5m(),
                            null,
                            null,
                            null,
                            null,
                            pw.activeWorkers(),
                            null,
                            pw.blocks() == null ? null : FoundBlocks.lastFound(pw.blocks()),
                            null)));
  }

  /**
   * The account's payouts from {@value #PAYOUTS_PATH}, on chain and over Lightning, newest request
   * first, amounts converted exactly from satoshis to BTC. One request under the token's rate
   * limit. Not part of {@link BasePoolIntegration}.
   *
   * @param pool a Braiins pool configuration with {@code api_key}
   * @param context HTTP, JSON and time
   * @return the payouts; fails with {@link PoolApiException} (a rejected token: kind
   *     {@code AUTH_REJECTED}, message {@value #TOKEN_REJECTED_MESSAGE}) or, without a token,
   *     {@link InvalidPoolConfigException}
   */
  public CompletableFuture<List<BraiinsPayout>> payouts(PoolConfig pool, PoolContext context) {
    return call(
        pool,
        api ->
            context
                .getJson(api.request(PAYOUTS_PATH).withRefreshInterval(PAYOUTS_REFRESH))
                .thenApply(BraiinsJson::payouts));
  }

  @Override
  public String toString() {
    return "BraiinsIntegration[pool_type=" + POOL_TYPE + "]";
  }

  // ---------------------------------------------------------------------------------------------

  /** The profile's body and, when it came from a single try, that try's round trip in ms. */
  private record Fetched(Profile profile, @Nullable Double latencyMs) {}

  /** The reason of an enrichment core has not fetched yet. */
  private static final String LOADING = "loading";

  /** An enrichment's body, or why it is missing (a short reason, no secret). */
  private record Part(@Nullable JsonNode body, @Nullable String failure) {}

  private static CompletableFuture<Fetched> fetchProfile(BraiinsEndpoints api, PoolContext context) {
    PoolRequest request = api.request(PROFILE_PATH);
    return Failures.guard(() -> context.send(request))
        .handle(
            (response, failure) -> {
              Throwable cause = failure;
              if (response != null) {
                if (response.isSuccessful()) {
                  try {
                    return CompletableFuture.completedFuture(
                        new Fetched(readProfile(response, request, context), latency(response)));
                  } catch (RuntimeException e) {
                    return CompletableFuture.<Fetched>failedFuture(e);
                  }
                }
                cause = PoolApiException.forStatus(response.status(), request.safeUrl());
              }
              Throwable u = Failures.unwrap(cause);
              if (u instanceof PoolApiException p && p.isRetryable()) {
                // the one try failed transiently: let the transport retry with backoff
                return Failures.guard(() -> context.getJson(request))
                    .thenApply(body -> new Fetched(requireProfile(body, request), null));
              }
              return CompletableFuture.<Fetched>failedFuture(u);
            })
        .thenCompose(Function.identity());
  }

  private static Profile readProfile(PoolResponse response, PoolRequest request, PoolContext context) {
    if (!response.isSuccessful()) {
      throw PoolApiException.forStatus(response.status(), request.safeUrl());
    }
    return requireProfile(context.readJson(response), request);
  }

  private static Profile requireProfile(JsonNode body, PoolRequest request) {
    Profile p = BraiinsJson.profile(body);
    if (p == null) {
      throw new PoolApiException(
          PoolApiException.Kind.MALFORMED_RESPONSE,
          200,
          request.safeUrl(),
          "the answer of " + request.safeUrl() + " is not a Braiins profile (no 'btc' object)");
    }
    return p;
  }

  private static PoolWide requirePoolWide(JsonNode body, BraiinsEndpoints api) {
    PoolWide pw = BraiinsJson.poolWide(body);
    if (pw == null) {
      String url = api.origin() + STATS_PATH;
      throw new PoolApiException(
          PoolApiException.Kind.MALFORMED_RESPONSE,
          200,
          url,
          "the answer of " + url + " is not Braiins pool statistics (no 'btc' object)");
    }
    return pw;
  }

  /** The pool statistics, kept by core for {@link #STATS_REFRESH}. */
  private static PoolRequest statsRequest(BraiinsEndpoints api) {
    return api.request(STATS_PATH).withRefreshInterval(STATS_REFRESH);
  }

  /**
   * An enrichment: fetched now, or (deferred) whatever core already keeps, {@code null} with the
   * reason "loading" until the background fetch has answered.
   */
  private static CompletableFuture<Part> optional(
      PoolRequest request, boolean deferred, PoolContext context) {
    return Failures.guard(() -> deferred ? context.getJsonDeferred(request) : context.getJson(request))
        .handle(
            (body, failure) ->
                failure != null
                    ? new Part(null, reason(failure))
                    : body == null ? new Part(null, LOADING) : new Part(body, null));
  }

  private static DashboardTileData tiles(
      Fetched fetched, Part statsPart, Part workersPart, Part rewardsPart, Instant now) {
    List<String> missing = new ArrayList<>();
    PoolWide stats = read(statsPart, "pool statistics", missing, BraiinsJson::poolWide);
    Workers workers = read(workersPart, "workers", missing, BraiinsJson::workers);
    BigDecimal rewardToday =
        read(rewardsPart, "rewards", missing, body -> BraiinsJson.todayReward(body, now));
    return BraiinsTiles.tiles(fetched.profile(), fetched.latencyMs(), stats, workers, rewardToday, missing, now);
  }

  /** Parses an enrichment; one that did not arrive or cannot be read is named in {@code missing}. */
  private static <T> @Nullable T read(
      Part part, String name, List<String> missing, Function<JsonNode, @Nullable T> parser) {
    if (part.body() == null) {
      missing.add(name + " (" + part.failure() + ")");
      return null;
    }
    try {
      return parser.apply(part.body());
    } catch (RuntimeException e) {
      missing.add(name + " (unreadable)");
      return null;
    }
  }

  private static String reason(Throwable failure) {
    Throwable u = Failures.unwrap(failure);
    if (!(u instanceof PoolApiException p)) {
      return "failed";
    }
    switch (p.kind()) {
      case RATE_LIMITED:
        return "rate limited";
      case TIMEOUT:
        return "timed out";
      case AUTH_REJECTED:
        return "token rejected";
      case NOT_FOUND:
        return "HTTP 404";
      case MALFORMED_RESPONSE:
        return "not JSON";
      case BODY_TOO_LARGE:
        return "too large";
      case CONNECTION:
        return "connection failed";
      default:
        return p.statusCode() > 0 ? "HTTP " + p.statusCode() : "failed";
    }
  }

  private static DashboardTileData errorTiles(String message, Instant at) {
    return BraiinsTiles.error(message, at);
  }

  private static @Nullable Double latency(PoolResponse response) {
    double ms = response.latencyMs();
    return Double.isFinite(ms) && ms >= 0 ? ms : null;
  }

  /** Runs a plugin operation with the account's API; failures come out translated and scrubbed. */
  private static <T> CompletableFuture<T> call(
      PoolConfig pool, Function<BraiinsEndpoints, CompletableFuture<T>> body) {
    // completed directly, not relayed, so a caller's handle() sees the exception unwrapped
    CompletableFuture<T> out = new CompletableFuture<>();
    BraiinsEndpoints api;
    try {
      api = BraiinsEndpoints.of(pool);
    } catch (InvalidPoolConfigException e) {
      out.completeExceptionally(e);
      return out;
    }
    Failures.guard(() -> body.apply(api))
        .whenComplete(
            (value, failure) -> {
              if (failure == null) {
                out.complete(value);
              } else {
                out.completeExceptionally(api.translate(failure));
              }
            });
    return out;
  }

  /**
   * Runs an operation that never fails: a configuration without a usable token is answered by
   * {@code invalid} without any request.
   */
  private static <T> CompletableFuture<T> withApi(
      PoolConfig pool,
      Function<InvalidPoolConfigException, T> invalid,
      Function<BraiinsEndpoints, CompletableFuture<T>> body) {
    BraiinsEndpoints api;
    try {
      api = BraiinsEndpoints.of(pool);
    } catch (InvalidPoolConfigException e) {
      return CompletableFuture.completedFuture(invalid.apply(e));
    }
    return body.apply(api);
  }
}
