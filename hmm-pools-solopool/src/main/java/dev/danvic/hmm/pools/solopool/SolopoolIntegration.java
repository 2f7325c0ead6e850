package dev.danvic.hmm.pools.solopool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.BasePoolIntegration;
import dev.danvic.hmm.pools.Coin;
import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.Failures;
import dev.danvic.hmm.pools.InvalidPoolConfigException;
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
import dev.danvic.hmm.pools.PoolWorker;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The Solopool.org plugin ({@code pool_type} {@code solopool}): solo mining of BTC, BCH, DGB
 * (SHA-256d) and BC2, no API key.
 *
 * <h2>Which coin, which API</h2>
 * The coin comes from the endpoint, looked up in {@link SolopoolEndpoints}: the exact
 * {@code host:port}, else a host that serves one coin only ({@code btc.solopool.org} on any port),
 * else the config key {@code coin}, else, for a host within {@code solopool.org}, a port that
 * names one coin across the table. Never from the wallet address (BC2 addresses look exactly like
 * BTC addresses). A {@code coin} setting that contradicts the endpoint is refused. Requests go to
 * the coin's API origin ({@code https://btc.solopool.org}, ...) or, when set, to the config key
 * {@code api_base_url} and nowhere else; paths are appended as written: {@code /api/stats},
 * {@code /api/blocks}, {@code /api/accounts/{address}}.
 *
 * <h2>Detection</h2>
 * {@link #detectOffline}: a {@code host:port} in the table is a {@code MATCH}; a host outside
 * {@code solopool.org} (whole labels, never a substring) and not in the table is
 * {@code NO_MATCH}; a {@code solopool.org} host on a port the table does not know is
 * {@code UNKNOWN}. {@link #detect} then probes {@code /api/stats} of the coin's API origin when the
 * coin can be told from the host or the port, and answers {@code false} without traffic when it
 * cannot (such a pool can still be added explicitly with the {@code coin} key).
 *
 * <h2>Tiles</h2>
 * {@code /api/stats}, {@code /api/blocks} and, when a username (wallet address) is set,
 * {@code /api/accounts/{address}} are fetched in parallel. A failure of the stats makes an error
 * tile; a failure of the blocks or the account only leaves their values {@code null} and says so
 * in {@code health_message}.
 * <ul>
 *   <li>Tile 1: {@code latency_ms} is the stats request's round trip as the plugin sees it
 *       (retries included); {@code active_workers} is the wallet's {@code workersOnline} when a
 *       wallet is set and known, the pool's {@code totalWorkers} when no wallet is set, and
 *       {@code null} for an unknown wallet (Solopool answers 404 until it has received a share).</li>
 *   <li>Tile 2: pool hash rate (H/s), network difficulty from {@code node.difficulty},
 *       {@code stats.difficulty}, {@code networkDifficulty} or {@code nodes[]}; network hash rate
 *       as reported, else {@link dev.danvic.hmm.pools.MiningMath#networkHashrate} with the coin's block time (DGB
 *       75 s); pool percentage and time to block from {@link dev.danvic.hmm.pools.MiningMath}.</li>
 *   <li>Tile 3: valid and invalid shares summed over the wallet's workers when they report
 *       {@code sharesValid}/{@code sharesInvalid}; else {@code null}. Stale shares are never
 *       reported.</li>
 *   <li>Tile 4: {@code blocks_found_24h} and the last block time follow {@link
 *       dev.danvic.hmm.pools.FoundBlocks}' rule: candidates, immature and matured blocks, not
 *       orphans, whose timestamp lies within 24 hours of the context's clock; the last block time
 *       is the newest such block or the stats' {@code lastBlockTime}, whichever is later.</li>
 *   <li>With a known wallet: {@code user_hashrate} ({@code currentHashrate}, else the long-window
 *       {@code hashrate}), the user's time to block and the odds of a block within 24 hours.</li>
 * </ul>
 *
 * <h2>Earnings and balances</h2>
 * The account API reports {@code stats.balance} (confirmed balance), {@code stats.immature}
 * (pending balance) and {@code earnings[]} per period (the 86 400 s entry is the 24 h earnings),
 * so {@link #supportsBalance()} and {@link #supportsEarnings()} are {@code true}. Amounts are
 * integers in the coin's API unit: 10<sup>-9</sup> coin for DGB (the unit documented for block
 * rewards; balances are taken to share it, as in the open-ethereum-pool family). For BTC, BCH and
 * BC2 the unit is not verified, so those amounts are {@code null} rather than a guess, unless the
 * table says otherwise ({@link SolopoolEndpoints.Builder#amountDecimals}).
 *
 * <p>Stateless and thread-safe; the public no-arg constructor (for {@link java.util.ServiceLoader})
 * uses {@link SolopoolEndpoints#defaults()}.
 */
public final class SolopoolIntegration implements BasePoolIntegration {
  /** This plugin's {@code pool_type}. */
  public static final String POOL_TYPE = "solopool";

  static final String STATS_PATH = "/api/stats";
  static final String BLOCKS_PATH = "/api/blocks";
  static final String ACCOUNTS_PATH = "/api/accounts/";
  /**
   * How often the block lists ({@code /api/blocks}) are fetched: every 2 minutes (core keeps the
   * answer in between). Blocks of a solo pool are rare; a new one shows at most 2 min late, while
   * stats and the account are read on every refresh.
   */
  public static final Duration BLOCKS_REFRESH = Duration.ofMinutes(2);

  private static final String DISPLAY_NAME = "Solopool.org";
  private static final URI DOCUMENTATION = URI.create("https://solopool.org");
  private static final List<String> COINS = List.of("BTC", "BCH", "DGB", "BC2");

  private final SolopoolEndpoints endpoints;

  /** The plugin with the published table, {@link SolopoolEndpoints#defaults()}. */
  public SolopoolIntegration() {
    this(SolopoolEndpoints.defaults());
  }

  private SolopoolIntegration(SolopoolEndpoints endpoints) {
    this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
  }

  /**
   * The plugin with a table of the user's, for hosts or ports Solopool opened after this release.
   * Register it with the registry explicitly (the {@link java.util.ServiceLoader} instance uses the
   * defaults).
   *
   * @param endpoints the table, usually {@code SolopoolEndpoints.defaults().toBuilder()...build()}
   * @return the plugin
   */
  public static SolopoolIntegration withEndpoints(SolopoolEndpoints endpoints) {
    return new SolopoolIntegration(endpoints);
  }

  /** @return the table this instance uses */
  public SolopoolEndpoints endpoints() {
    return endpoints;
  }

  /** @return {@code "solopool"} */
  @Override
  public String poolType() {
    return POOL_TYPE;
  }

  /** @return {@code "Solopool.org"} */
  @Override
  public String displayName() {
    return DISPLAY_NAME;
  }

  /** @return {@code https://solopool.org} */
  @Override
  public URI documentationUrl() {
    return DOCUMENTATION;
  }

  /** @return BTC, BCH, DGB, BC2 */
  @Override
  public List<String> supportedCoins() {
    return COINS;
  }

  /** @return {@code false}: Solopool's API is public */
  @Override
  public boolean requiresApiKey() {
    return false;
  }

  /**
   * @return {@code true}: the account API has {@code earnings[]} (see the class documentation), for
   *     the coins whose amount unit is known; {@link #supportsEarnings(PoolConfig)} says it per pool
   */
  @Override
  public boolean supportsEarnings() {
    return true;
  }

  /**
   * @return {@code true}: the account API has balance and immature (see the class documentation),
   *     for the coins whose amount unit is known; {@link #supportsBalance(PoolConfig)} says it per pool
   */
  @Override
  public boolean supportsBalance() {
    return true;
  }

  /**
   * @param pool a Solopool configuration
   * @return whether its tiles can carry earnings: a wallet is configured (the account is read) and
   *     the amount unit of its coin is known ({@link SolopoolEndpoints#amountDecimals}; by default
   *     DGB only); {@code false} for a configuration whose coin cannot be told
   */
  @Override
  public boolean supportsEarnings(PoolConfig pool) {
    return accountAmountsKnown(pool);
  }

  /**
   * @param pool a Solopool configuration
   * @return whether its tiles can carry balances; the same rule as {@link
   *     #supportsEarnings(PoolConfig)}
   */
  @Override
  public boolean supportsBalance(PoolConfig pool) {
    return accountAmountsKnown(pool);
  }

  private boolean accountAmountsKnown(PoolConfig pool) {
    if (pool.username() == null || pool.username().isBlank()) {
      return false;
    }
    try {
      return endpoints.amountDecimals(coinOf(pool)).isPresent();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Refuses a pool whose coin cannot be told (set {@code coin}), a {@code coin} Solopool does not
   * serve or that contradicts the endpoint, and a coin without a known API origin.
   *
   * @param config a configuration whose {@code pool_type} is {@code solopool}
   * @throws InvalidPoolConfigException naming {@code coin} or {@code api_base_url}
   */
  @Override
  public void validate(PoolConfig config) {
    BasePoolIntegration.super.validate(config);
    target(config);
  }

  /**
   * @param endpoint the normalised endpoint
   * @return {@code MATCH} for a {@code host:port} in the table, {@code UNKNOWN} for another port on
   *     a {@code solopool.org} host or a host of the table, {@code NO_MATCH} otherwise
   */
  @Override
  public OfflineVerdict detectOffline(PoolEndpoint endpoint) {
    if (endpoints.coinAt(endpoint).isPresent()) {
      return OfflineVerdict.MATCH;
    }
    if (endpoint.isWithin(SolopoolEndpoints.DOMAIN) || endpoints.knowsHost(endpoint.host())) {
      return OfflineVerdict.UNKNOWN;
    }
    return OfflineVerdict.NO_MATCH;
  }

  /**
   * Answers from {@link #detectOffline} without traffic when it is certain; otherwise sends one
   * {@code GET /api/stats} (no retries) to the API origin of the coin told by the host or the port,
   * and answers {@code true} when it returns Solopool statistics.
   *
   * @param endpoint the normalised endpoint
   * @param context HTTP, JSON and time
   * @return whether the endpoint is Solopool's; never fails
   */
  @Override
  public CompletableFuture<Boolean> detect(PoolEndpoint endpoint, PoolContext context) {
    try {
      OfflineVerdict verdict = detectOffline(endpoint);
      if (verdict != OfflineVerdict.UNKNOWN) {
        return CompletableFuture.completedFuture(verdict == OfflineVerdict.MATCH);
      }
      Optional<String> origin =
          endpoints
              .coinOfHost(endpoint.host())
              .or(() -> endpoints.coinOfPort(endpoint.port()))
              .flatMap(endpoints::apiOrigin);
      if (origin.isEmpty()) {
        return CompletableFuture.completedFuture(false);
      }
      PoolRequest request = PoolRequest.get(origin.get() + STATS_PATH);
      return Failures.guard(() -> context.send(request))
          .handle(
              (response, failure) ->
                  failure == null
                      && response.isSuccessful()
                      && SolopoolJson.looksLikeStats(parseOrNull(response, request)));
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(false);
    }
  }

  /**
   * One {@code GET /api/stats} without retries: healthy on a 2xx answer holding Solopool
   * statistics, with the transport's latency and the pool's worker count.
   *
   * @param pool the configured pool
   * @param context HTTP, JSON and time
   * @return the status; never fails
   */
  @Override
  public CompletableFuture<PoolHealthStatus> healthCheck(PoolConfig pool, PoolContext context) {
    Target target;
    try {
      target = target(pool);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(
          PoolHealthStatus.unhealthy(DISPLAY_NAME + ": " + Failures.describe(e), context.now()));
    }
    PoolRequest request = PoolRequest.get(target.url(STATS_PATH));
    return Failures.guard(() -> context.send(request))
        .handle((response, failure) -> health(target, request, response, failure, context.now()))
        .exceptionally(e -> PoolHealthStatus.unhealthy(target.label() + ": " + Failures.describe(e), context.now()));
  }

  /**
   * Reads stats, blocks and (with a username) the account in parallel and fills the tiles; see the
   * class documentation for each value.
   *
   * @param pool the configured pool; {@code username} is the wallet address
   * @param context HTTP, JSON and time
   * @return the tiles, or an error-state tile set when the stats cannot be read; never fails
   */
  @Override
  public CompletableFuture<DashboardTileData> dashboardData(PoolConfig pool, PoolContext context) {
    boolean earnings = supportsEarnings(pool);
    boolean balance = supportsBalance(pool);
    return readTiles(pool, context)
        .thenApply(t -> t.toBuilder().supportsEarnings(earnings).supportsBalance(balance).build());
  }

  private CompletableFuture<DashboardTileData> readTiles(PoolConfig pool, PoolContext context) {
    Target target;
    try {
      target = target(pool);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(errorTile(DISPLAY_NAME + ": " + Failures.describe(e), context.now()));
    }
    try {
      long started = System.nanoTime();
      PoolRequest statsRequest = PoolRequest.get(target.url(STATS_PATH));
      CompletableFuture<Outcome> stats = Outcome.of(() -> context.getJson(statsRequest), started);
      CompletableFuture<Outcome> blocks =
          Outcome.of(() -> context.getJson(request(target, BLOCKS_PATH)), started);
      String wallet = pool.username();
      CompletableFuture<Outcome> account =
          wallet == null
              ? CompletableFuture.completedFuture(Outcome.NOT_ASKED)
              : Outcome.of(
                  () -> context.getJson(PoolRequest.get(target.url(ACCOUNTS_PATH + PoolRequest.pathSegment(wallet)))),
                  started);
      return CompletableFuture.allOf(stats, blocks, account)
          .thenApply(
              v -> tiles(target, statsRequest, stats.join(), blocks.join(), account.join(), context.now()))
          .exceptionally(e -> errorTile(target.label() + ": " + Failures.describe(e), context.now()));
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(errorTile(target.label() + ": " + Failures.describe(e), context.now()));
    }
  }

  /**
   * Every block {@code /api/blocks} lists (candidates, immature, matured, orphans included with
   * their status), each once, newest first. Rewards are in coin units where the coin's amount unit
   * is known, else {@code null}.
   *
   * @param pool the configured pool
   * @param context HTTP, JSON and time
   * @return the blocks; fails with {@link PoolApiException} (or {@link InvalidPoolConfigException})
   *     when they cannot be read
   */
  @Override
  public CompletableFuture<List<PoolBlock>> recentBlocks(PoolConfig pool, PoolContext context) {
    return read(
        pool,
        context,
        BLOCKS_PATH,
        "block lists",
        SolopoolJson::looksLikeBlocks,
        (json, coin) -> SolopoolJson.blocks(json, coin, endpoints.amountDecimals(coin)));
  }

  /**
   * Pool-wide statistics from {@code /api/stats}; the network hash rate is the reported one, else
   * derived from the difficulty and the coin's block time.
   *
   * @param pool the configured pool
   * @param context HTTP, JSON and time
   * @return the statistics; fails with {@link PoolApiException} (or
   *     {@link InvalidPoolConfigException}) when they cannot be read
   */
  @Override
  public CompletableFuture<PoolStats> stats(PoolConfig pool, PoolContext context) {
    return read(
        pool,
        context,
        STATS_PATH,
        "statistics",
        SolopoolJson::looksLikeStats,
        (json, coin) -> SolopoolTiles.stats(SolopoolJson.stats(json), coin));
  }

  /**
   * The wallet's workers from {@code /api/accounts/{address}}, online and offline (see {@link
   * SolopoolJson#workers}).
   *
   * @param pool the configured pool; {@code username} is the wallet address
   * @param context HTTP, JSON and time
   * @return the workers; fails with {@link InvalidPoolConfigException} naming {@code username}
   *     when no wallet is set, with {@link PoolApiException} when they cannot be read
   */
  @Override
  public CompletableFuture<List<PoolWorker>> workers(PoolConfig pool, PoolContext context) {
    String wallet = pool.username();
    if (wallet == null) {
      return CompletableFuture.failedFuture(
          new InvalidPoolConfigException("username", DISPLAY_NAME + " lists workers per wallet; set the username to the wallet address"));
    }
    return read(pool, context, ACCOUNTS_PATH + PoolRequest.pathSegment(wallet), "account",
        SolopoolJson::looksLikeAccount, (json, coin) -> SolopoolJson.workers(json));
  }

  /** A GET of {@code path}; the block lists carry {@link #BLOCKS_REFRESH}. */
  private static PoolRequest request(Target target, String path) {
    PoolRequest request = PoolRequest.get(target.url(path));
    return BLOCKS_PATH.equals(path) ? request.withRefreshInterval(BLOCKS_REFRESH) : request;
  }

  /** One API read for a capability: fails with the reason, or with a wrong-shape error. */
  private <T> CompletableFuture<T> read(
      PoolConfig pool,
      PoolContext context,
      String path,
      String what,
      Predicate<JsonNode> looksRight,
      BiFunction<JsonNode, Coin, T> parse) {
    return Failures.guard(
        () -> {
          Target target = target(pool);
          PoolRequest request = request(target, path);
          return context
              .getJson(request)
              .thenApply(
                  json -> {
                    if (!looksRight.test(json)) {
                      throw notSolopool(request, what);
                    }
                    return parse.apply(json, target.coin());
                  });
        });
  }

  /**
   * The coin of a configured pool (see the class documentation for the order of the sources).
   *
   * @throws InvalidPoolConfigException naming {@code coin}
   */
  Coin coinOf(PoolConfig pool) {
    PoolEndpoint endpoint = pool.endpoint();
    Optional<Coin> fromEndpoint =
        endpoints.coinAt(endpoint).or(() -> endpoints.coinOfHost(endpoint.host()));
    Optional<Coin> fromConfig = Optional.empty();
    Optional<String> configured = pool.configValue(PoolConfig.COIN);
    if (configured.isPresent()) {
      fromConfig = Coin.find(configured.get()).filter(c -> COINS.contains(c.symbol()));
      if (fromConfig.isEmpty()) {
        throw new InvalidPoolConfigException(
            PoolConfig.COIN,
            "'" + configured.get() + "' is not a coin " + DISPLAY_NAME + " serves; use one of "
                + String.join(", ", COINS));
      }
    }
    if (fromEndpoint.isPresent()) {
      if (fromConfig.isPresent() && fromConfig.get() != fromEndpoint.get()) {
        throw new InvalidPoolConfigException(
            PoolConfig.COIN,
            "'" + fromConfig.get() + "' contradicts " + endpoint.authority() + ", which serves "
                + fromEndpoint.get() + "; remove the setting or fix the port");
      }
      return fromEndpoint.get();
    }
    if (fromConfig.isPresent()) {
      return fromConfig.get();
    }
    if (endpoint.isWithin(SolopoolEndpoints.DOMAIN) || endpoints.knowsHost(endpoint.host())) {
      Optional<Coin> byPort = endpoints.coinOfPort(endpoint.port());
      if (byPort.isPresent()) {
        return byPort.get();
      }
    }
    throw new InvalidPoolConfigException(
        PoolConfig.COIN,
        "cannot tell the coin from " + endpoint.authority() + "; set '" + PoolConfig.COIN
            + "' to one of " + String.join(", ", COINS));
  }

  private Target target(PoolConfig pool) {
    Coin coin = coinOf(pool);
    String origin =
        pool.apiBaseUrl()
            .or(() -> endpoints.apiOrigin(coin))
            .orElseThrow(
                () ->
                    new InvalidPoolConfigException(
                        PoolConfig.API_BASE_URL,
                        "no API origin is known for " + coin + "; set '" + PoolConfig.API_BASE_URL + "'"));
    return new Target(coin, origin);
  }

  private static PoolHealthStatus health(
      Target target,
      PoolRequest request,
      @Nullable PoolResponse response,
      @Nullable Throwable failure,
      Instant at) {
    if (failure != null || response == null) {
      return PoolHealthStatus.unhealthy(
          target.label() + ": " + (failure == null ? "no response" : Failures.describe(failure)), at);
    }
    String problem;
    Integer workers = null;
    if (!response.isSuccessful()) {
      problem = PoolApiException.forStatus(response.status(), request.safeUrl()).getMessage();
    } else {
      try {
        JsonNode json = LenientJson.parse(response, request.safeUrl());
        if (SolopoolJson.looksLikeStats(json)) {
          problem = null;
          workers = SolopoolJson.stats(json).workers();
        } else {
          problem = notSolopool(request, "statistics").getMessage();
        }
      } catch (PoolApiException e) {
        problem = e.getMessage();
      }
    }
    return new PoolHealthStatus(
        problem == null, response.latencyMs(), problem == null ? null : target.label() + ": " + problem, workers, at);
  }

  private DashboardTileData tiles(
      Target target,
      PoolRequest statsRequest,
      Outcome stats,
      Outcome blocks,
      Outcome account,
      Instant now) {
    if (stats.failure() != null) {
      return errorTile(target.label() + ": " + Failures.describe(stats.failure()), now);
    }
    JsonNode statsJson = stats.value();
    if (!SolopoolJson.looksLikeStats(statsJson)) {
      return errorTile(target.label() + ": " + notSolopool(statsRequest, "statistics").getMessage(), now);
    }
    Coin coin = target.coin();
    OptionalInt decimals = endpoints.amountDecimals(coin);
    List<String> notes = new ArrayList<>();
    List<PoolBlock> list = null;
    if (blocks.failure() != null) {
      notes.add("block list unavailable: " + Failures.describe(blocks.failure()));
    } else if (!SolopoolJson.looksLikeBlocks(blocks.value())) {
      notes.add("block list unreadable");
    } else {
      list = SolopoolJson.blocks(blocks.value(), coin, decimals);
    }
    SolopoolTiles.Account a;
    if (account == Outcome.NOT_ASKED) {
      a = SolopoolTiles.Account.NOT_ASKED;
    } else if (account.failure() != null) {
      a =
          new SolopoolTiles.Account(
              true,
              null,
              isNotFound(account.failure())
                  ? "wallet not known to " + DISPLAY_NAME + " yet (no share received from it); pool figures only"
                  : "account data unavailable: " + Failures.describe(account.failure()));
    } else if (account.value() == null || !account.value().isObject()) {
      a = new SolopoolTiles.Account(true, null, "account data unreadable; pool figures only");
    } else {
      a = new SolopoolTiles.Account(true, SolopoolJson.account(account.value(), decimals), null);
    }
    return SolopoolTiles.tiles(coin, SolopoolJson.stats(statsJson), stats.elapsedMs(), list, notes, a, now);
  }

  private DashboardTileData errorTile(String message, Instant at) {
    return SolopoolTiles.error(message, at);
  }

  private static boolean isNotFound(Throwable t) {
    Throwable u = Failures.unwrap(t);
    return u instanceof PoolApiException && ((PoolApiException) u).kind() == PoolApiException.Kind.NOT_FOUND;
  }

  private static PoolApiException notSolopool(PoolRequest request, String what) {
    return new PoolApiException(
        PoolApiException.Kind.MALFORMED_RESPONSE,
        200,
        request.safeUrl(),
        request.safeUrl() + " answered JSON that is not Solopool " + what);
  }

  private static @Nullable JsonNode parseOrNull(PoolResponse response, PoolRequest request) {
    try {
      return LenientJson.parse(response, request.safeUrl());
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Where one pool's requests go, and for which coin. */
  private record Target(Coin coin, String origin) {
    String url(String path) {
      return origin + path;
    }

    String label() {
      return DISPLAY_NAME + " " + coin.symbol();
    }
  }

  /**
   * A request's result or failure, so that parallel requests are combined without one failure
   * failing the others.
   */
  private record Outcome(@Nullable JsonNode value, @Nullable Throwable failure, double elapsedMs) {
    static final Outcome NOT_ASKED = new Outcome(null, null, 0);

    static CompletableFuture<Outcome> of(Supplier<CompletableFuture<JsonNode>> call, long startedNanos) {
      return Failures.guard(call)
          .handle((v, e) -> new Outcome(v, e, Math.max(0, (System.nanoTime() - startedNanos) / 1e6)));
    }
  }
}
