package dev.danvic.hmm.pools.core;

import dev.danvic.hmm.pools.BasePoolIntegration;
import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.Failures;
import dev.danvic.hmm.pools.HmmPoolsException;
import dev.danvic.hmm.pools.InvalidPoolConfigException;
import dev.danvic.hmm.pools.MiningMath;
import dev.danvic.hmm.pools.OfflineVerdict;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.PoolContext;
import dev.danvic.hmm.pools.PoolEndpoint;
import dev.danvic.hmm.pools.PoolHealthStatus;
import dev.danvic.hmm.pools.PoolWorker;
import dev.danvic.hmm.pools.core.internal.EndableContext;
import dev.danvic.hmm.pools.core.internal.GuardedCall;
import dev.danvic.hmm.pools.core.internal.HttpPoolContext;
import dev.danvic.hmm.pools.core.internal.PluginApiCheck;
import dev.danvic.hmm.pools.core.internal.WarmUp;
import dev.danvic.hmm.pools.core.internal.PoolMessages;
import dev.danvic.hmm.pools.core.internal.RateLimitHolds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool plugins an application knows, and the operations that pick one: detection of the pool
 * behind a {@code host:port}, a health check, the dashboard tiles of a configured pool.
 *
 * <p>Plugins come from {@link java.util.ServiceLoader} when you ask for it ({@link #discover()},
 * {@link Builder#discover()}) and from explicit {@link Builder#register(BasePoolIntegration)}
 * calls; discovery is never a side effect. Two plugins with the same {@code pool_type} are refused
 * when the registry is built, with a message naming both classes.
 *
 * <pre>{@code
 * try (PoolRegistry registry = PoolRegistry.discover()) {
 *   Optional<BasePoolIntegration> plugin = registry.detectPool("stratum+tcp://btc.solopool.org", 3334).join();
 *   DashboardTileData tiles = registry.poolDashboardData(pool).join();
 * }
 * }</pre>
 *
 * <p>Every asynchronous operation here never fails because of a pool: a plugin that throws, fails
 * or does not answer within the deadline gives an unhealthy status or an error-state tile set whose
 * message says why. Bad input (an unknown {@code pool_type}, a missing API key) is refused at once
 * with {@link InvalidPoolConfigException}. Thread-safe.
 */
public final class PoolRegistry implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PoolRegistry.class);
  private static final Pattern POOL_TYPE = Pattern.compile("[a-z][a-z0-9_-]{0,49}");

  private final Map<String, BasePoolIntegration> plugins; // sorted by pool_type, unmodifiable
  private final PoolTransport transport;
  private final boolean ownsTransport;
  private final Duration detectionTimeout;
  private final Duration deadline;
  private final Clock clock;
  private final AtomicBoolean closed = new AtomicBoolean();

  private PoolRegistry(Builder b, Map<String, BasePoolIntegration> plugins, PoolTransport transport) {
    this.plugins = plugins;
    this.transport = transport;
    this.ownsTransport = b.transport == null;
    this.detectionTimeout = b.detectionTimeout;
    this.deadline = b.deadline;
    this.clock = b.clock;
  }

  /**
   * A registry of every plugin found by {@link java.util.ServiceLoader}, with the default transport
   * and timeouts. Same as {@code builder().discover().build()}.
   *
   * @return the registry; close it to release its transport
   * @throws HmmPoolsException when a listed plugin cannot be loaded, its metadata is invalid, or two
   *     plugins share a {@code pool_type}
   */
  public static PoolRegistry discover() {
    return builder().discover().build();
  }

  /**
   * Refuses a plugin class whose jar was built for an api this application cannot serve, before
   * the plugin is instantiated: the same check {@link Builder#discover()} and {@link Builder#build()}
   * make, for applications that load plugins themselves (from a folder of jars, for example).
   *
   * @param pluginClass the plugin's class, loaded but not instantiated
   * @param origin how the plugin reached the application, for the message (a jar's file name)
   * @throws HmmPoolsException naming the plugin, the api version its jar declares in {@code
   *     Hmm-Pools-Api-Version} and the running one, when they are incompatible
   */
  public static void checkApiVersion(Class<?> pluginClass, String origin) {
    PluginApiCheck.check(Objects.requireNonNull(pluginClass, "pluginClass"), Objects.requireNonNull(origin, "origin"));
  }

  /**
   * The first call in a JVM also starts a short-lived daemon thread, {@code hmm-pools-warm-up}, that
   * sets up the JSON reader and caches every registry needs while the caller builds the transport
   * and waits for the first answers (no request, no file; {@code
   * -Ddev.danvic.hmm.pools.warmUp=false} turns it off).
   *
   * @return a builder with no plugins, the default transport, 5 s detection, 10 s deadline
   */
  public static Builder builder() {
    WarmUp.start(); // a fresh JVM's head start, while the caller builds the transport and service
    return new Builder();
  }

  /** @return every plugin, sorted by {@code pool_type} */
  public List<BasePoolIntegration> plugins() {
    return List.copyOf(plugins.values());
  }

  /**
   * @param poolType a {@code pool_type}, for example {@code "braiins"}
   * @return its plugin, or empty when none is registered
   */
  public Optional<BasePoolIntegration> plugin(String poolType) {
    return Optional.ofNullable(plugins.get(poolType));
  }

  /**
   * @param poolType a {@code pool_type}
   * @return its plugin
   * @throws InvalidPoolConfigException naming {@code pool_type} and listing the known ones when no
   *     plugin has it
   */
  public BasePoolIntegration require(String poolType) {
    BasePoolIntegration plugin = poolType == null ? null : plugins.get(poolType);
    if (plugin == null) {
      String known = plugins.isEmpty() ? "none (no plugin registered or discovered)" : String.join(", ", plugins.keySet());
      throw new InvalidPoolConfigException(
          "pool_type", "unknown pool_type '" + poolType + "'; known: " + known);
    }
    return plugin;
  }

  /**
   * Checks that a configuration can be served: its {@code pool_type} has a plugin and that plugin
   * accepts it ({@link BasePoolIntegration#validate(PoolConfig)}, for example an API key it needs).
   *
   * @param pool the configuration
   * @return the plugin that serves it
   * @throws InvalidPoolConfigException naming the offending field
   */
  public BasePoolIntegration validate(PoolConfig pool) {
    Objects.requireNonNull(pool, "pool");
    BasePoolIntegration plugin = require(pool.poolType());
    try {
      plugin.validate(pool);
    } catch (InvalidPoolConfigException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new HmmPoolsException(
          "plugin " + plugin.getClass().getName() + " failed while validating pool '" + pool.id()
              + "': " + GuardedCall.redact(Failures.describe(e), pool.secretValues()),
          e);
    }
    return plugin;
  }

  /**
   * Finds the plugin whose pool is behind an endpoint. The order is fixed, so the answer does not
   * depend on timing:
   *
   * <ol>
   *   <li>Offline pass, no network: plugins are asked {@link
   *       BasePoolIntegration#detectOffline(PoolEndpoint)} in {@code pool_type} order; the first
   *       that says {@link OfflineVerdict#MATCH} is the answer.
   *   <li>Probe pass: every plugin that said {@link OfflineVerdict#UNKNOWN} is probed with {@link
   *       BasePoolIntegration#detect} at the same time; the answer is the first plugin in {@code
   *       pool_type} order whose probe answered {@code true} within the detection timeout (default
   *       5 s). A probe that fails, throws or answers later counts as {@code false}.
   * </ol>
   *
   * <p>The future completes as soon as the answer is certain, and at the latest after the detection
   * timeout; it never fails.
   *
   * @param url what the miner is pointed at: a bare host, {@code host:port} or a stratum/http URL
   * @param port the stratum port, 1&ndash;65535
   * @return the plugin, or empty when none recognised the endpoint
   * @throws InvalidPoolConfigException naming {@code url} or {@code port} when they cannot be parsed
   * @throws IllegalStateException when the registry is closed
   */
  public CompletableFuture<Optional<BasePoolIntegration>> detectPool(String url, int port) {
    ensureOpen();
    PoolEndpoint endpoint = PoolEndpoint.parse(url, port);
    List<BasePoolIntegration> unknown = new ArrayList<>();
    for (BasePoolIntegration plugin : plugins.values()) {
      OfflineVerdict verdict = offlineVerdict(plugin, endpoint);
      if (verdict == OfflineVerdict.MATCH) {
        return CompletableFuture.completedFuture(Optional.of(plugin));
      }
      if (verdict != OfflineVerdict.NO_MATCH) {
        unknown.add(plugin);
      }
    }
    if (unknown.isEmpty()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    Instant probeDeadline = clock.instant().plus(detectionTimeout);
    List<CompletableFuture<Boolean>> probes = new ArrayList<>(unknown.size());
    for (BasePoolIntegration plugin : unknown) {
      EndableContext context =
          new EndableContext(() -> transport.context("detect:" + plugin.poolType(), probeDeadline));
      CompletableFuture<Boolean> probe =
          GuardedCall.run(
              () -> plugin.detect(endpoint, context.open()),
              GuardedCall.DIRECT,
              detectionTimeout,
              message -> {
                LOG.debug("detection probe of {} for {} counted as no: {}", plugin.poolType(), endpoint, message);
                return false;
              },
              List.of());
      probe.whenComplete((v, t) -> context.end());
      probes.add(probe);
    }
    CompletableFuture<Optional<BasePoolIntegration>> result = new CompletableFuture<>();
    Runnable decide =
        () -> {
          for (int i = 0; i < probes.size(); i++) {
            CompletableFuture<Boolean> probe = probes.get(i);
            if (!probe.isDone()) {
              return; // an earlier plugin may still say yes
            }
            if (Boolean.TRUE.equals(probe.getNow(false))) {
              result.complete(Optional.of(unknown.get(i)));
              return;
            }
          }
          result.complete(Optional.empty());
        };
    probes.forEach(p -> p.thenRun(decide));
    return result;
  }

  /**
   * Checks a pool's health with its plugin, within the registry's deadline (default 10 s).
   *
   * @param pool the configured pool
   * @return the status; an unhealthy one with a readable message when the plugin failed or timed
   *     out; never fails
   * @throws InvalidPoolConfigException when {@link #validate(PoolConfig)} refuses the pool
   * @throws IllegalStateException when the registry is closed
   */
  public CompletableFuture<PoolHealthStatus> checkPoolHealth(PoolConfig pool) {
    ensureOpen();
    validate(pool);
    return health(pool, deadline, GuardedCall.DIRECT);
  }

  /**
   * Reads a pool's four dashboard tiles with its plugin, within the registry's deadline (default
   * 10 s). No caching: see {@link DashboardPoolService} for that.
   *
   * @param pool the configured pool
   * @return the tiles; an error-state tile set ({@link DashboardTileData#error(String, Instant)})
   *     with a readable message when the plugin failed or timed out; never fails
   * @throws InvalidPoolConfigException when {@link #validate(PoolConfig)} refuses the pool
   * @throws IllegalStateException when the registry is closed
   */
  public CompletableFuture<DashboardTileData> poolDashboardData(PoolConfig pool) {
    ensureOpen();
    validate(pool);
    return dashboardData(pool, deadline, GuardedCall.DIRECT);
  }

  /**
   * Lists a pool's workers with its plugin ({@link BasePoolIntegration#workers}), within the
   * registry's deadline. No caching: each call reads the pool.
   *
   * @param pool the configured pool
   * @return the workers, or empty when the plugin does not list them, failed or timed out (logged
   *     at debug); never fails
   * @throws InvalidPoolConfigException when {@link #validate(PoolConfig)} refuses the pool
   * @throws IllegalStateException when the registry is closed
   */
  public CompletableFuture<Optional<List<PoolWorker>>> poolWorkers(PoolConfig pool) {
    ensureOpen();
    validate(pool);
    return guarded(
        pool,
        deadline,
        GuardedCall.DIRECT,
        (plugin, p, context) -> plugin.workers(p, context).thenApply(list -> Optional.of(List.copyOf(list))),
        message -> Optional.empty(),
        workers -> workers);
  }

  /** @return the clock used for "now" and for deadlines handed to the transport */
  public Clock clock() {
    return clock;
  }

  /**
   * Closes the transport if the registry created it (a transport given to the builder is left
   * open). Idempotent. Afterwards detection, health checks and tile reads throw {@link
   * IllegalStateException}; the plugin lookups keep working.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && ownsTransport) {
      transport.close();
    }
    WarmUp.awaitEnded(); // no SDK thread outlives a closed registry, not even the head start
  }

  /** @return the transport plugins' contexts come from (for tests of this package) */
  PoolTransport transport() {
    return transport;
  }

  /** Health check without validation, the plugin call started on {@code launcher}. */
  CompletableFuture<PoolHealthStatus> health(PoolConfig pool, Duration timeout, Executor launcher) {
    return guarded(
        pool,
        timeout,
        launcher,
        BasePoolIntegration::healthCheck,
        message -> PoolHealthStatus.unhealthy(message, clock.instant()),
        status -> PoolMessages.named(displayName(pool), scrub(status, pool.secretValues())));
  }

  /** Tile read without validation, the plugin call started on {@code launcher}. */
  CompletableFuture<DashboardTileData> dashboardData(PoolConfig pool, Duration timeout, Executor launcher) {
    return dashboardData(pool, timeout, launcher, null);
  }

  /**
   * Tile read without validation, the plugin call started on {@code launcher}; {@code holds} (when
   * the transport is an {@link HttpPoolTransport}) hears when a request the read waits for is held
   * back by its rate limit.
   */
  CompletableFuture<DashboardTileData> dashboardData(
      PoolConfig pool, Duration timeout, Executor launcher, @Nullable RateLimitHolds holds) {
    return guarded(
        pool,
        timeout,
        launcher,
        holds,
        BasePoolIntegration::dashboardData,
        message -> {
          DashboardTileData.Builder error = DashboardTileData.error(message, clock.instant()).toBuilder();
          plugin(pool.poolType())
              .ifPresent(p -> error.supportsEarnings(supportsEarnings(p, pool)).supportsBalance(supportsBalance(p, pool)));
          return error.build();
        },
        tiles -> PoolMessages.named(displayName(pool), scrub(tiles, pool.secretValues())));
  }

  /** The plugin's display name, for the messages of its pools; {@code null} when it fails. */
  private @Nullable String displayName(PoolConfig pool) {
    try {
      return plugin(pool.poolType()).map(BasePoolIntegration::displayName).orElse(null);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** {@link BasePoolIntegration#supportsEarnings(PoolConfig)}, {@code false} when it throws. */
  static boolean supportsEarnings(BasePoolIntegration plugin, PoolConfig pool) {
    try {
      return plugin.supportsEarnings() && plugin.supportsEarnings(pool);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** {@link BasePoolIntegration#supportsBalance(PoolConfig)}, {@code false} when it throws. */
  static boolean supportsBalance(BasePoolIntegration plugin, PoolConfig pool) {
    try {
      return plugin.supportsBalance() && plugin.supportsBalance(pool);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * A plugin may copy text from the pool's answer into a tile (MMFP's {@code status}, a server's
   * time-to-block text); a pool that echoes the API key back must not put it on a dashboard.
   */
  private static DashboardTileData scrub(DashboardTileData tiles, List<String> secrets) {
    String message = redacted(tiles.healthMessage(), secrets);
    String ettb = redacted(tiles.estimatedTimeToBlock(), secrets);
    String currency = redacted(tiles.currency(), secrets);
    // whatever a plugin computed, a share of the network above 100 % is never shown
    Double share = MiningMath.percentageOrNull(tiles.poolPercentage());
    if (Objects.equals(message, tiles.healthMessage())
        && Objects.equals(ettb, tiles.estimatedTimeToBlock())
        && Objects.equals(currency, tiles.currency())
        && Objects.equals(share, tiles.poolPercentage())) {
      return tiles;
    }
    return tiles.toBuilder()
        .healthMessage(message)
        .estimatedTimeToBlock(ettb)
        .currency(currency)
        .poolPercentage(share)
        .build();
  }

  private static PoolHealthStatus scrub(PoolHealthStatus status, List<String> secrets) {
    String message = redacted(status.errorMessage(), secrets);
    return Objects.equals(message, status.errorMessage())
        ? status
        : new PoolHealthStatus(status.healthy(), status.latencyMs(), message, status.activeWorkers(), status.checkedAt());
  }

  private static @Nullable String redacted(@Nullable String text, List<String> secrets) {
    return text == null ? null : GuardedCall.redact(text, secrets);
  }

  private <T> CompletableFuture<T> guarded(
      PoolConfig pool,
      Duration timeout,
      Executor launcher,
      TriFunction<BasePoolIntegration, PoolConfig, PoolContext, CompletableFuture<T>> op,
      Function<String, T> fallback,
      Function<T, T> scrub) {
    return guarded(pool, timeout, launcher, null, op, fallback, scrub);
  }

  private <T> CompletableFuture<T> guarded(
      PoolConfig pool,
      Duration timeout,
      Executor launcher,
      @Nullable RateLimitHolds holds,
      TriFunction<BasePoolIntegration, PoolConfig, PoolContext, CompletableFuture<T>> op,
      Function<String, T> fallback,
      Function<T, T> scrub) {
    Duration budget = effectiveDeadline(pool.poolType(), timeout);
    Instant cutOff = clock.instant().plus(budget);
    EndableContext context =
        new EndableContext(
            () -> {
              PoolContext opened = transport.context(pool.id(), cutOff);
              if (holds != null && opened instanceof HttpPoolContext http) {
                http.watchHolds(holds);
              }
              return opened;
            });
    CompletableFuture<T> result =
        GuardedCall.run(
                () -> op.apply(require(pool.poolType()), pool, context.open()),
                launcher,
                budget,
                message -> {
                  LOG.debug("pool '{}' ({}) failed: {}", pool.id(), pool.poolType(), message);
                  return fallback.apply(message);
                },
                pool.secretValues())
            .thenApply(scrub);
    // Settled by the plugin, the deadline or the caller's cancel (a pool removed): whatever the
    // plugin still has in flight or chained is cancelled, so no work outlives the operation.
    result.whenComplete((v, t) -> context.end());
    return result;
  }

  /**
   * The deadline one operation of a pool gets: the configured one, or the plugin's
   * {@link BasePoolIntegration#minimumDeadline()} when that is longer (Braiins: its 5 s request
   * spacing makes a full refresh take about 15 s).
   */
  Duration effectiveDeadline(String poolType, Duration configured) {
    Duration minimum;
    try {
      minimum = plugin(poolType).map(BasePoolIntegration::minimumDeadline).orElse(Duration.ZERO);
    } catch (RuntimeException e) {
      LOG.warn("minimumDeadline() of plugin '{}' failed; using the configured deadline", poolType, e);
      minimum = Duration.ZERO;
    }
    return minimum != null && minimum.compareTo(configured) > 0 ? minimum : configured;
  }

  private static OfflineVerdict offlineVerdict(BasePoolIntegration plugin, PoolEndpoint endpoint) {
    try {
      OfflineVerdict v = plugin.detectOffline(endpoint);
      return v == null ? OfflineVerdict.UNKNOWN : v;
    } catch (RuntimeException e) {
      LOG.warn("offline detection of plugin {} failed; it will be probed instead", plugin.getClass().getName(), e);
      return OfflineVerdict.UNKNOWN;
    }
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("PoolRegistry is closed");
    }
  }

  /** Shared by the builders of this package. */
  static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
    return d;
  }

  @FunctionalInterface
  private interface TriFunction<A, B, C, R> {
    R apply(A a, B b, C c);
  }

  /**
   * Builds a {@link PoolRegistry}; {@link #build()} checks every plugin. Not thread-safe.
   */
  public static final class Builder {
    private final List<Entry> entries = new ArrayList<>();
    private @Nullable PoolTransport transport;
    private Duration detectionTimeout = Duration.ofSeconds(5);
    private Duration deadline = Duration.ofSeconds(10);
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Adds every plugin listed in {@code META-INF/services/dev.danvic.hmm.pools.BasePoolIntegration}
     * visible to the thread context class loader, or, when there is none or it lists no plugin, to
     * the class loader of the api module.
     *
     * @return this
     * @throws HmmPoolsException when a listed plugin cannot be loaded or instantiated, or its jar was
     *     built for an api this one cannot serve (the message names both versions)
     */
    public Builder discover() {
      ClassLoader context = Thread.currentThread().getContextClassLoader();
      ClassLoader api = BasePoolIntegration.class.getClassLoader();
      List<BasePoolIntegration> found = context == null ? List.of() : load(context);
      if (found.isEmpty() && context != api) {
        found = load(api);
      }
      found.forEach(p -> entries.add(new Entry(p, "discovered through ServiceLoader")));
      return this;
    }

    /**
     * Adds a plugin explicitly.
     *
     * @param plugin the plugin
     * @return this
     */
    public Builder register(BasePoolIntegration plugin) {
      entries.add(new Entry(Objects.requireNonNull(plugin, "plugin"), "registered explicitly"));
      return this;
    }

    /**
     * @param transport the transport plugins get their contexts from; the registry does not close
     *     it. Without one the registry creates an {@link HttpPoolTransport} with every default but
     *     the registry's clock, and closes it in {@link PoolRegistry#close()}.
     * @return this
     */
    public Builder transport(PoolTransport transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
      return this;
    }

    /**
     * @param timeout how long {@link PoolRegistry#detectPool(String, int)} waits for network probes;
     *     positive; default 5 s
     * @return this
     */
    public Builder detectionTimeout(Duration timeout) {
      this.detectionTimeout = positive(timeout, "detectionTimeout");
      return this;
    }

    /**
     * @param deadline how long {@link PoolRegistry#checkPoolHealth(PoolConfig)} and {@link
     *     PoolRegistry#poolDashboardData(PoolConfig)} wait for a plugin; positive; default 10 s
     * @return this
     */
    public Builder deadline(Duration deadline) {
      this.deadline = positive(deadline, "deadline");
      return this;
    }

    /**
     * @param clock the clock for "now" (timestamps of error tiles, "the last 24 h") and for the
     *     deadline instants handed to the transport; a transport given to {@link #transport}
     *     should read deadlines with the same clock; default the system UTC clock. Wall-clock
     *     facts only: the default transport runs deadlines, backoff, {@code Retry-After} waits and
     *     request spacing on its monotonic ticker, so a fixed clock freezes none of them
     * @return this
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * @return the registry
     * @throws HmmPoolsException when a plugin's jar was built for an api this one cannot serve
     *     (another major version, or a newer minor; see {@link dev.danvic.hmm.pools.ApiVersion}),
     *     when a plugin's metadata is invalid ({@code pool_type} not matching
     *     {@code [a-z][a-z0-9_-]*}, no display name, no coins) or two plugins share a {@code
     *     pool_type}; the message names the classes
     */
    public PoolRegistry build() {
      Map<String, Entry> byType = new TreeMap<>();
      for (Entry e : entries) {
        String type = checkMetadata(e);
        Entry previous = byType.putIfAbsent(type, e);
        if (previous != null) {
          throw new HmmPoolsException(
              "pool_type '" + type + "' is provided twice: by " + previous.describe() + " and by "
                  + e.describe() + "; remove one of them");
        }
      }
      Map<String, BasePoolIntegration> plugins = new TreeMap<>();
      byType.forEach((type, e) -> plugins.put(type, e.plugin));
      PoolTransport t =
          transport != null ? transport : HttpPoolTransport.builder().clock(clock).build();
      return new PoolRegistry(this, Collections.unmodifiableMap(plugins), t);
    }

    private static String checkMetadata(Entry e) {
      PluginApiCheck.check(e.plugin.getClass(), e.origin);
      String type;
      String name;
      List<String> coins;
      try {
        type = e.plugin.poolType();
        name = e.plugin.displayName();
        coins = e.plugin.supportedCoins();
      } catch (RuntimeException ex) {
        throw new HmmPoolsException("plugin " + e.describe() + " failed to report its metadata", ex);
      }
      if (type == null || !POOL_TYPE.matcher(type).matches()) {
        throw new HmmPoolsException(
            "plugin " + e.describe() + ": pool_type '" + type
                + "' must match [a-z][a-z0-9_-]* (at most 50 characters)");
      }
      if (name == null || name.isBlank()) {
        throw new HmmPoolsException("plugin " + e.describe() + ": display name must not be blank");
      }
      if (coins == null || coins.isEmpty() || coins.stream().anyMatch(c -> c == null || c.isBlank())) {
        throw new HmmPoolsException(
            "plugin " + e.describe() + ": supported coins must be a non-empty list of symbols, was " + coins);
      }
      return type;
    }

    private static List<BasePoolIntegration> load(ClassLoader loader) {
      List<BasePoolIntegration> out = new ArrayList<>();
      try {
        Iterator<ServiceLoader.Provider<BasePoolIntegration>> it =
            ServiceLoader.load(BasePoolIntegration.class, loader).stream().iterator();
        while (it.hasNext()) {
          ServiceLoader.Provider<BasePoolIntegration> provider = it.next();
          // before the plugin's constructor runs: it may already call what this api lacks
          PluginApiCheck.check(provider.type(), "discovered through ServiceLoader");
          out.add(provider.get());
        }
      } catch (ServiceConfigurationError e) {
        throw new HmmPoolsException(
            "could not load a pool plugin listed in META-INF/services/"
                + BasePoolIntegration.class.getName() + ": " + e.getMessage(),
            e);
      }
      return out;
    }

    private record Entry(BasePoolIntegration plugin, String origin) {
      String describe() {
        return plugin.getClass().getName() + " (" + origin + ")";
      }
    }
  }
}
