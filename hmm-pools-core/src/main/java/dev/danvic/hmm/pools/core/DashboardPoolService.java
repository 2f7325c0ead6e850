package dev.danvic.hmm.pools.core;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import dev.danvic.hmm.pools.BasePoolIntegration;
import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.Failures;
import dev.danvic.hmm.pools.InvalidPoolConfigException;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.PoolHealthStatus;
import dev.danvic.hmm.pools.core.PoolChangeEvent.Kind;
import dev.danvic.hmm.pools.core.internal.ElasticThreads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pools an application watches, with their tiles cached, fetched in parallel and summed into
 * platform tiles: the seed's dashboard service.
 *
 * <pre>{@code
 * try (PoolRegistry registry = PoolRegistry.discover();
 *     DashboardPoolService service = DashboardPoolService.builder(registry).pools(configs).build()) {
 *   PlatformTiles platform = service.platformTiles().join();
 *   Map<String, PoolTileSet> perPool = service.poolTiles().join();
 * }
 * }</pre>
 *
 * <p><b>Reads</b> are asynchronous ({@code CompletableFuture}); call {@code join()} to block. They
 * never fail because of a pool: a pool whose plugin fails, throws or does not answer within the
 * per-pool deadline (default 10 s) gets an error-state tile set whose {@code health_message} says
 * why, and the other pools and the aggregate are unaffected.
 *
 * <p><b>Answer now, fill in as pools arrive.</b> A tile read never waits longer than the read
 * budget (default {@value #DEFAULT_READ_BUDGET_MS} ms, {@link Builder#readBudget(Duration)}): a pool
 * that has not answered its first load by then is given as a {@linkplain PoolTileSet#loading()
 * loading} placeholder ({@code health_state "loading"}, counted in the platform tile's {@code
 * loading_pools}) while its load carries on; {@link Kind#TILES_REFRESHED} announces its tiles when
 * they arrive. Once a pool has answered, readers always get its last tiles at once, even while a
 * refresh runs or after they expired (stale-while-revalidate; {@code last_updated} says how old they
 * are), never a wait.
 *
 * <p><b>The slowest pool is not waited for.</b> Within its budget a read waits only for the pools
 * that can still answer within it. When the {@link HttpPoolTransport} holds a request of a pool's
 * first load back for its rate-limit slot (Braiins: one request per 5 s per token) and the slot
 * comes after the read's budget ends, that pool is given as {@code loading} at once (its {@code
 * health_message} says it waits for its rate-limit slot, in about how many seconds) and the read
 * answers as soon as every other pool has settled, without waiting out the budget. Each read
 * judges by its own budget's end, so a read started later may wait for the same pool; a pool whose
 * held request is let go early (its load ended, or it started sooner) is waited for again; requests
 * a plugin only has fetched behind its answer ({@code getJsonDeferred}) never count. With another
 * {@link PoolTransport}, which says nothing of its waits, a read waits up to the budget as before.
 *
 * <p><b>Caching</b> (Caffeine, one entry per pool): however many callers ask for a pool at once,
 * its plugin runs once (single flight). Tiles younger than the tile TTL (default 30 s) are served
 * as they are. On the first read after the TTL the caller gets the previous tiles while one
 * background refresh runs; so does the first read after twice the TTL, when the entry has expired
 * and a new load starts. An error-state tile set (or an unhealthy status) is kept only for the
 * error TTL (default 5 s, at most the TTL), so a failing pool is asked again soon but not by every
 * caller. Health statuses follow the same rules with the health TTL (default 60 s); a health check
 * waits for its pool (up to the deadline).
 *
 * <p><b>Pools</b>: the service owns the current set. {@link #putPool(PoolConfig)} validates through
 * the registry before anything changes, so a refused configuration leaves no trace. A replaced pool
 * is never served tiles computed from its previous configuration, even from a load that was still
 * running when it was replaced. Removing a pool (or closing the service) cancels its plugin calls
 * in flight: their requests and the plugin's chained work stop with them, as they do at the
 * per-pool deadline. Disabled pools are kept ({@link #pools()}) but not fetched, not in {@link
 * #poolTiles()} and not in the aggregate.
 *
 * <p><b>Threads</b>: none per pool or per load. Unless given an executor, a service has at most
 * {@value #DEFAULT_EXECUTOR_THREADS} threads of its own; with the default {@link HttpPoolTransport}
 * the SDK's threads are at most {@value #DEFAULT_EXECUTOR_THREADS} + the transport's bound
 * ({@link HttpPoolTransport.Builder#maxConcurrentRequests(int)} + 1), for 10 pools or 10 000.
 *
 * <p><b>Platform tiles</b> ({@link #platformTiles()}) count the same account watched twice (same
 * pool type, API origin and user name) once in their totals; see {@link TileAggregator}.
 *
 * <p><b>Network figures</b>: when a pool leaves {@code network_difficulty} {@code null}, the
 * service fills it from the coin's {@link NetworkSource} (by default the most recent difficulty
 * another watched pool of the same coin reported) and derives the pool's share, its time to a
 * block and the user's time and odds with {@link dev.danvic.hmm.pools.MiningMath}; a figure the
 * pool gave is never replaced. {@link PoolTileSet#network()} says where the figures came from;
 * {@link #networkStatus()} shows each source's last value and error.
 *
 * <p><b>Listeners</b> hear of added, updated and removed pools, new tiles and invalidations.
 * Changes made through this service are announced on the caller's thread before the method
 * returns; {@link Kind#TILES_REFRESHED} is announced on the service's executor once the tiles are
 * read, so listeners may be called from several threads at once.
 *
 * <p>Thread-safe. {@link #close()} releases what the service created (its executor, when it made
 * one) but not the registry; afterwards every method throws {@link IllegalStateException}.
 */
public final class DashboardPoolService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardPoolService.class);
  private static final AtomicInteger SERVICES = new AtomicInteger();

  /**
   * Threads of the executor a service creates when none is given: {@value}, whatever the number
   * of pools. Plugins are asynchronous (a load starts requests and returns), so a load never needs
   * a thread of its own; the transport's threads are bounded separately (see {@link
   * HttpPoolTransport}). Idle ones end after 60 s.
   */
  public static final int DEFAULT_EXECUTOR_THREADS = 4;

  /** The default read budget, milliseconds: how long a tile read waits for pools' first loads. */
  public static final long DEFAULT_READ_BUDGET_MS = 1000;

  /** The message of a read whose pool was removed (or the service closed) while it ran. */
  private static final String REMOVED = "the pool was removed (or the service closed) while its tiles were read";

  private final PoolRegistry registry;
  private final Duration deadline;
  private final Duration readBudget;
  private final Function<Duration, CompletableFuture<?>> budgetTimer;
  private final Executor executor;
  private final @Nullable ExecutorService ownExecutor;
  private final Clock clock;
  private final Ticker ticker;
  private final AsyncLoadingCache<PoolSlot, PoolTileSet> tiles;
  private final AsyncLoadingCache<PoolSlot, PoolHealthStatus> health;
  private final NetworkFiller network;
  private final SharedTileLoads shared;
  private final List<PoolChangeListener> listeners = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final SdkEventListener events;
  private final AggregateMemo aggregate = new AggregateMemo();
  /** The last read of every pool, kept while nothing it was made from changed. */
  private final WarmReads warm;
  /** The current pools in insertion order; replaced, never modified (readers need no lock). */
  private volatile Map<String, PoolSlot> pools;

  private DashboardPoolService(Builder b, Map<String, PoolSlot> pools) {
    this.registry = b.registry;
    this.deadline = b.deadline;
    this.readBudget = b.readBudget;
    this.budgetTimer = b.budgetTimer;
    this.clock = b.clock != null ? b.clock : b.registry.clock();
    this.ticker = b.ticker;
    if (b.executor != null) {
      this.executor = b.executor;
      this.ownExecutor = null;
    } else {
      // plugins are asynchronous: a load only starts requests, so a few threads start any number
      this.ownExecutor = ElasticThreads.create(DEFAULT_EXECUTOR_THREADS, daemonThreads());
      this.executor = ownExecutor;
    }
    this.pools = pools;
    this.events = b.events;
    this.shared =
        new SharedTileLoads(
            b.tileStore, b.tileTtl, b.healthTtl, b.errorTtl, pool -> b.registry.effectiveDeadline(pool.poolType(), b.deadline));
    this.tiles =
        cache(b.tileTtl, b.errorTtl, b.ticker, set -> !set.tiles().healthStatus(), this::loadTiles);
    this.health =
        cache(b.healthTtl, b.errorTtl, b.ticker, status -> !status.healthy(), this::loadHealth);
    this.network =
        new NetworkFiller(
            b.networkSources,
            b.networkTtl,
            b.ticker,
            executor,
            scope -> registry.transport().context(scope, registry.clock().instant().plus(deadline)),
            deadline);
    this.warm = new WarmReads(b.ticker, network::changes, network::keepFor, this::warmHits);
  }

  /**
   * @param registry the plugins; the service uses it but never closes it
   * @return a builder with no pools and the default TTLs (tiles 30 s, health 60 s, errors 5 s) and
   *     per-pool deadline (10 s)
   */
  public static Builder builder(PoolRegistry registry) {
    return new Builder(registry);
  }

  // ---------------------------------------------------------------- reads

  /**
   * The four platform tiles across every enabled pool ({@link TileAggregator}). They are summed
   * once per generation of tiles: while no pool's tiles changed, reads get the same {@code
   * PlatformTiles} again, its {@link PlatformTiles#lastUpdated()} the time its figures were summed.
   * While nothing changed at all (no tiles loaded or dropped, the same pools, the same network
   * figures) and no pool's tiles are due for a refresh, a read is answered at once without looking
   * at the pools again, whatever their number; so is {@link #poolTiles()}.
   *
   * @return the tiles; completes within about the per-pool deadline and never fails because of a
   *     pool
   * @throws IllegalStateException when the service is closed
   */
  public CompletableFuture<PlatformTiles> platformTiles() {
    ensureOpen();
    // summed once per generation of tiles: a warm read gets the same aggregate again
    return warm.platform(this::readAll, (sets, accounts) -> aggregate.aggregate(sets, accounts, clock::instant));
  }

  /**
   * The tiles of every enabled pool, fetched in parallel (from the cache when fresh).
   *
   * @return pool id to tile set, in the order the pools were first added; unmodifiable; completes
   *     within about the per-pool deadline and never fails because of a pool
   * @throws IllegalStateException when the service is closed
   */
  public CompletableFuture<Map<String, PoolTileSet>> poolTiles() {
    ensureOpen();
    return warm.tiles(this::readAll);
  }

  /** A fresh read of every enabled pool, and how long it may be given again while nothing changes. */
  private WarmReads.Read readAll() {
    List<PoolSlot> slots = enabledSlots();
    List<CompletableFuture<PoolTileSet>> reads = new ArrayList<>(slots.size());
    List<@Nullable LoadHolds> holds = new ArrayList<>(slots.size());
    Map<String, String> accounts = new LinkedHashMap<>();
    for (PoolSlot slot : slots) {
      reads.add(readTiles(slot));
      holds.add(slot.holds); // of the load the read waits for (read after the read started it)
      if (slot.account != null) {
        accounts.put(slot.config.id(), slot.account);
      }
    }
    CompletableFuture<Map<String, PoolTileSet>> out =
        withinBudget(slots, reads, holds)
            .thenApply(
                filled -> {
                  Map<String, PoolTileSet> byPool = new LinkedHashMap<>();
                  for (int i = 0; i < slots.size(); i++) {
                    byPool.put(slots.get(i).config.id(), filled.get(i));
                  }
                  return Collections.unmodifiableMap(byPool);
                });
    long keepFor = WarmReads.keepFor(tiles.synchronous().policy(), slots, reads, s -> s.last);
    return new WarmReads.Read(out, accounts, keepFor);
  }

  /**
   * The tiles of one pool.
   *
   * @param poolId a pool id
   * @return the tile set, or empty when no enabled pool has this id
   * @throws IllegalStateException when the service is closed
   */
  public CompletableFuture<Optional<PoolTileSet>> poolTiles(String poolId) {
    ensureOpen();
    PoolSlot slot = enabledSlot(poolId);
    return slot == null
        ? CompletableFuture.completedFuture(Optional.empty())
        : withinBudget(List.of(slot), List.of(readTiles(slot)), Collections.singletonList(slot.holds))
            .thenApply(filled -> Optional.of(filled.get(0)));
  }

  /**
   * The tiles of one pool as the cache holds them now, never starting a read of the pool: what a
   * listener of {@link Kind#TILES_REFRESHED} records (a history) without causing requests.
   *
   * @param poolId a pool id
   * @return the cached tile set, network figures filled as {@link #poolTiles(String)} does; empty
   *     when no enabled pool has this id or its tiles are not loaded (dropped, or still loading)
   * @throws IllegalStateException when the service is closed
   */
  public CompletableFuture<Optional<PoolTileSet>> cachedTiles(String poolId) {
    return cachedPoolTiles(poolId)
        .map(set -> network.fill(List.of(set)).thenApply(filled -> Optional.of(filled.get(0))))
        .orElseGet(() -> CompletableFuture.completedFuture(Optional.empty()));
  }

  /**
   * The health of one pool, cached for the health TTL (default 60 s).
   *
   * @param poolId a pool id
   * @return the status (unhealthy with a readable message when the check failed or timed out), or
   *     empty when no enabled pool has this id
   * @throws IllegalStateException when the service is closed
   */
  public CompletableFuture<Optional<PoolHealthStatus>> health(String poolId) {
    ensureOpen();
    PoolSlot slot = enabledSlot(poolId);
    if (slot == null) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return health
        .get(slot)
        .exceptionally(t -> PoolHealthStatus.unhealthy(Failures.describe(t), clock.instant()))
        .thenApply(Optional::of);
  }

  /** @return the registry whose plugins serve the pools (the service uses it but never closes it) */
  public PoolRegistry registry() {
    return registry;
  }

  /**
   * The tiles of a pool as the cache holds them now, as the plugin gave them (network figures not
   * filled; {@link #cachedTiles(String)} fills them), without loading anything or counting as a
   * read: for gauges and other observers that must not make the service call a pool.
   *
   * @param poolId a pool id
   * @return the last tiles read for an enabled pool, or empty when the pool is unknown, disabled,
   *     or its tiles were never read (or are being read for the first time)
   */
  public Optional<PoolTileSet> cachedPoolTiles(String poolId) {
    ensureOpen();
    PoolSlot slot = enabledSlot(poolId);
    if (slot == null) {
      return Optional.empty();
    }
    CompletableFuture<PoolTileSet> f = tiles.asMap().get(slot);
    if (f == null || !f.isDone() || f.isCompletedExceptionally()) {
      return Optional.empty();
    }
    return Optional.ofNullable(f.getNow(null));
  }

  /**
   * The network source of every coin that has one configured or was seen on a pool's tiles: which
   * source, its last value and age, and why it last failed. Never holds a secret.
   *
   * @return one entry per coin, by coin symbol
   * @throws IllegalStateException when the service is closed
   */
  public List<NetworkSourceStatus> networkStatus() {
    ensureOpen();
    return network.status();
  }

  /** @return every pool, enabled or not, in the order they were first added */
  public List<PoolConfig> pools() {
    ensureOpen();
    return pools.values().stream().map(s -> s.config).toList();
  }

  // ---------------------------------------------------------------- changes

  /**
   * Adds a pool, or replaces the pool with the same id. The configuration is validated through the
   * registry first; when it is refused nothing changes. The pool's cached tiles and health are
   * dropped; listeners hear {@link Kind#ADDED} or {@link Kind#UPDATED}.
   *
   * @param pool the configuration
   * @throws InvalidPoolConfigException naming the offending field (an unknown {@code pool_type}, a
   *     missing API key, ...)
   * @throws IllegalStateException when the service is closed
   */
  public void putPool(PoolConfig pool) {
    ensureOpen();
    PoolSlot slot = new PoolSlot(pool, registry.validate(pool));
    PoolSlot previous;
    synchronized (lock) {
      ensureOpen();
      Map<String, PoolSlot> next = new LinkedHashMap<>(pools);
      previous = next.put(pool.id(), slot);
      pools = Collections.unmodifiableMap(next);
    }
    if (previous != null) {
      drop(previous); // a load of the old config still running serves only reads that began before
      network.forget(pool.id());
    }
    warm.changed();
    announce(previous == null ? Kind.ADDED : Kind.UPDATED, pool.id());
  }

  /**
   * Removes a pool and drops its cached tiles and health; listeners hear {@link Kind#REMOVED}.
   *
   * @param poolId a pool id
   * @return whether a pool with this id existed
   * @throws IllegalStateException when the service is closed
   */
  public boolean removePool(String poolId) {
    ensureOpen();
    PoolSlot previous;
    synchronized (lock) {
      ensureOpen();
      if (!pools.containsKey(poolId)) {
        return false;
      }
      Map<String, PoolSlot> next = new LinkedHashMap<>(pools);
      previous = next.remove(poolId);
      pools = Collections.unmodifiableMap(next);
    }
    drop(previous);
    previous.cancelInFlight();
    network.forget(poolId);
    warm.changed();
    announce(Kind.REMOVED, poolId);
    return true;
  }

  /**
   * Drops a pool's cached tiles and health, so the next read asks the pool again; listeners hear
   * {@link Kind#INVALIDATED}.
   *
   * @param poolId a pool id
   * @return whether a pool with this id exists
   * @throws IllegalStateException when the service is closed
   */
  public boolean invalidate(String poolId) {
    ensureOpen();
    PoolSlot slot = pools.get(poolId);
    if (slot == null) {
      return false;
    }
    drop(slot);
    shared.invalidate(slot.config);
    slot.forget(); // asked for fresh tiles: the old ones are not served while they load
    warm.changed();
    announce(Kind.INVALIDATED, poolId);
    return true;
  }

  /**
   * Drops the cached tiles and health of every pool; listeners hear one {@link Kind#INVALIDATED}
   * per pool.
   *
   * @throws IllegalStateException when the service is closed
   */
  public void invalidateAll() {
    ensureOpen();
    for (PoolSlot slot : pools.values()) {
      drop(slot);
      shared.invalidate(slot.config);
      slot.forget();
      warm.changed();
      announce(Kind.INVALIDATED, slot.config.id());
    }
  }

  /**
   * @param listener called for every change from now on
   * @return a registration; closing it removes the listener
   * @throws IllegalStateException when the service is closed
   */
  public PoolChangeListener.Registration addListener(PoolChangeListener listener) {
    ensureOpen();
    Objects.requireNonNull(listener, "listener");
    // wrapped so that adding the same listener twice gives two independent registrations
    PoolChangeListener entry = listener::onChange;
    listeners.add(entry);
    return () -> listeners.remove(entry);
  }

  /**
   * Drops the caches and listeners and shuts down the executor the service created (an executor
   * given to the builder and the registry are left alone). Idempotent. Plugin calls still in
   * flight are cancelled, with their requests; reads waiting on them complete at once.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    listeners.clear();
    pools.values().forEach(PoolSlot::cancelInFlight);
    tiles.synchronous().invalidateAll();
    health.synchronous().invalidateAll();
    network.clear();
    aggregate.clear();
    warm.clear();
    if (ownExecutor != null) {
      ownExecutor.shutdown();
    }
  }

  // ---------------------------------------------------------------- internals

  /**
   * Waits for the reads at most the read budget, and only for the pools that can still answer
   * within it ({@link BudgetWait}), then fills the network figures of what arrived; a read still
   * running by then (a first load: later ones are answered at once) becomes a loading placeholder.
   * Never fails.
   */
  private CompletableFuture<List<PoolTileSet>> withinBudget(
      List<PoolSlot> slots, List<CompletableFuture<PoolTileSet>> reads, List<@Nullable LoadHolds> holds) {
    BudgetWait wait = BudgetWait.start(reads, holds, ticker.read() + readBudget.toNanos());
    CompletableFuture<Void> ready = wait.over();
    // no timer only when every read is done; a wait that ended because the pools still loading
    // are all held past the budget keeps the timer, which bounds the network fill below
    CompletableFuture<?> budget = allDone(reads) ? ready : budgetOver();
    budget.whenComplete((v, t) -> ready.complete(null));
    return ready
        .handle((v, t) -> settled(slots, reads, wait))
        .thenCompose(
            settled -> {
              CompletableFuture<List<PoolTileSet>> filled = network.fill(settled);
              // a network source that is slow to answer must not hold the read past the budget
              return filled.isDone() || budget == ready
                  ? filled
                  : filled.applyToEither(budget.handle((v, t) -> settled), x -> x);
            });
  }

  private static boolean allDone(List<? extends CompletableFuture<?>> futures) {
    for (CompletableFuture<?> f : futures) {
      if (!f.isDone()) {
        return false;
      }
    }
    return true;
  }

  private CompletableFuture<?> budgetOver() {
    try {
      return budgetTimer.apply(readBudget);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(null); // no timer (JVM shutting down): answer now
    }
  }

  private List<PoolTileSet> settled(
      List<PoolSlot> slots, List<CompletableFuture<PoolTileSet>> reads, BudgetWait wait) {
    List<PoolTileSet> out = new ArrayList<>(reads.size());
    for (int i = 0; i < reads.size(); i++) {
      PoolTileSet set = reads.get(i).getNow(null);
      if (set == null) {
        OptionalLong start = wait.heldPastEnd(i); // held for its rate-limit slot past the budget
        Duration held =
            start.isPresent() ? Duration.ofNanos(Math.max(0, start.getAsLong() - ticker.read())) : null;
        set = slots.get(i).loadingTileSet(clock.instant(), held);
      }
      out.add(set);
    }
    return out;
  }

  /** The cached tiles; while a load runs, the pool's last tiles at once when it has some. */
  private CompletableFuture<PoolTileSet> readTiles(PoolSlot slot) {
    CompletableFuture<PoolTileSet> read =
        tiles
            .get(slot)
            .exceptionally(
                t ->
                    slot.errorTileSet(
                        Failures.unwrap(t) instanceof CancellationException c
                                && REMOVED.equals(c.getMessage())
                            ? REMOVED
                            : Failures.describe(t),
                        clock.instant()));
    PoolTileSet last = slot.last;
    return read.isDone() || last == null ? read : CompletableFuture.completedFuture(last);
  }

  private CompletableFuture<PoolTileSet> loadTiles(PoolSlot slot, Executor cacheExecutor) {
    LoadHolds holds = new LoadHolds(ticker); // what a first read learns of this load's rate-limit waits
    slot.holds = holds;
    long forgotten = slot.forgotten(); // an invalidate() from now on makes this load's tiles old
    CompletableFuture<PoolTileSet> loaded = new CompletableFuture<>();
    slot.track(
            shared.tiles(
                slot.config,
                () ->
                    slot.track(registry.dashboardData(slot.config, deadline, executor, holds))
                        .thenApply(slot::tileSet)))
        .whenComplete(
            (set, t) -> {
              observe(set);
              if (set != null) {
                slot.remember(forgotten, set); // before the count: see WarmReads
              }
              warm.changed();
              if (t == null) {
                loaded.complete(set);
              } else {
                // unwrapped: the cache logs a warning for a failed load unless it is a plain
                // CancellationException, and a load cancelled by removePool or close is not news
                // (every other failure already became an error tile set)
                loaded.completeExceptionally(Failures.unwrap(t));
              }
            });
    announceAfter(loaded, Kind.TILES_REFRESHED, slot);
    return loaded;
  }

  private void announceAfter(CompletableFuture<?> loaded, Kind kind, PoolSlot slot) {
    try {
      // Announced from the executor, never from inside the cache's bookkeeping (where a fast
      // load may complete), so a listener that reads the service cannot dead-lock it.
      loaded.thenRunAsync(
          () -> {
            if (pools.get(slot.config.id()) == slot && !closed.get()) {
              announce(kind, slot.config.id());
            }
          },
          executor);
    } catch (RejectedExecutionException closing) {
      // the service is closing: nobody is left to tell
    }
  }

  /** A warm read stood in for {@code n} cache hits: counted as such for the cache's statistics. */
  private void warmHits(int n) {
    if (events != SdkEventListener.NONE) {
      EventStats.tell(() -> events.cacheHits(n));
    }
  }

  private void observe(@Nullable PoolTileSet set) {
    if (set != null) {
      network.observe(set); // so a sibling's difficulty is known before the next read of all pools
    }
  }

  private CompletableFuture<PoolHealthStatus> loadHealth(PoolSlot slot, Executor cacheExecutor) {
    CompletableFuture<PoolHealthStatus> loaded =
        slot.track(shared.health(slot.config, () -> slot.track(registry.health(slot.config, deadline, executor))));
    announceAfter(loaded, Kind.HEALTH_CHECKED, slot);
    return loaded;
  }

  private void drop(PoolSlot slot) {
    // an in-flight load of this slot is discarded by Caffeine; it can never reach a newer slot,
    // because a replaced pool gets a new slot (slots are compared by identity)
    tiles.synchronous().invalidate(slot);
    health.synchronous().invalidate(slot);
  }

  private void announce(Kind kind, String poolId) {
    if (listeners.isEmpty()) {
      return;
    }
    PoolChangeEvent event = new PoolChangeEvent(kind, poolId, clock.instant());
    for (PoolChangeListener listener : listeners) {
      try {
        listener.onChange(event);
      } catch (RuntimeException e) {
        LOG.warn("a pool change listener failed on {}; the service carries on", event, e);
      }
    }
  }

  /**
   * The account a pool watches: its type, API origin (the {@code api_base_url}'s, else the
   * endpoint's host) and user name; {@code null} without a user name. Two pools with one key are
   * the same account watched twice and count once in the platform totals.
   */
  static @Nullable String accountKey(PoolConfig pool) {
    String user = pool.username();
    if (user == null || user.isBlank()) {
      return null;
    }
    String origin =
        pool.apiBaseUrl()
            .map(
                u -> {
                  try {
                    java.net.URI uri = java.net.URI.create(u.trim());
                    return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
                  } catch (IllegalArgumentException e) {
                    return u.trim();
                  }
                })
            .orElseGet(() -> pool.endpoint().host());
    return pool.poolType() + "\n" + origin.toLowerCase(java.util.Locale.ROOT) + "\n" + user.trim();
  }

  private List<PoolSlot> enabledSlots() {
    return pools.values().stream().filter(s -> s.config.enabled()).toList();
  }

  private @Nullable PoolSlot enabledSlot(String poolId) {
    PoolSlot slot = pools.get(Objects.requireNonNull(poolId, "poolId"));
    return slot != null && slot.config.enabled() ? slot : null;
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("DashboardPoolService is closed");
    }
  }

  private <V> AsyncLoadingCache<PoolSlot, V> cache(
      Duration ttl,
      Duration errorTtl,
      Ticker ticker,
      Predicate<V> isError,
      BiFunction<PoolSlot, Executor, CompletableFuture<V>> loader) {
    Duration maxAge = ttl.multipliedBy(2);
    Duration errorAge = errorTtl.compareTo(ttl) < 0 ? errorTtl : ttl;
    Caffeine<Object, Object> builder = Caffeine.newBuilder();
    if (events != SdkEventListener.NONE) {
      builder.recordStats(() -> new EventStats(events));
    }
    return builder
        .ticker(ticker)
        .executor(executor)
        .refreshAfterWrite(ttl)
        .expireAfter(Expiry.<PoolSlot, V>writing((slot, v) -> isError.test(v) ? errorAge : maxAge))
        .buildAsync((slot, cacheExecutor) -> loader.apply(slot, cacheExecutor));
  }

  private static ThreadFactory daemonThreads() {
    int service = SERVICES.incrementAndGet();
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "hmm-pools-dashboard-" + service + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * One version of one pool: a new slot for every {@link #putPool}, compared by identity, so cache
   * entries of a replaced configuration can never be served for the new one.
   */
  private static final class PoolSlot {
    final PoolConfig config;
    final BasePoolIntegration plugin;
    /** {@link #accountKey} of the config, worked out once. */
    final @Nullable String account;
    /** Plugin calls of this slot in flight; cancelled when the pool is removed. */
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
    /**
     * The tiles of the load that completed last: served while a new load runs, and what a warm read
     * must have seen to be kept ({@link WarmReads}); {@code null} before the first and after {@link
     * #forget()}. Set by loads, never by reads: a slow reader holding older tiles cannot put them
     * back over newer ones.
     */
    volatile @Nullable PoolTileSet last;
    /** How often {@link #forget()} ran; guarded by this slot. */
    private long forgotten;
    /** The rate-limit holds of the latest load; {@code null} before the first. */
    volatile @Nullable LoadHolds holds;

    PoolSlot(PoolConfig config, BasePoolIntegration plugin) {
      this.config = config;
      this.plugin = plugin;
      this.account = accountKey(config);
    }

    <T> CompletableFuture<T> track(CompletableFuture<T> call) {
      inFlight.add(call);
      call.whenComplete((v, t) -> inFlight.remove(call));
      return call;
    }

    /**
     * Cancels the plugin calls in flight: the registry then ends their contexts, so the plugin's
     * requests are cancelled and its chained work never runs.
     */
    void cancelInFlight() {
      for (CompletableFuture<?> call : inFlight) {
        call.completeExceptionally(new CancellationException(REMOVED));
      }
    }

    PoolTileSet tileSet(DashboardTileData data) {
      return new PoolTileSet(
          config.id(), config.poolType(), plugin.displayName(), plugin.supportedCoins(), data);
    }

    /** @return how often the last tiles were forgotten: taken as a load starts, given to {@link #remember} */
    synchronized long forgotten() {
      return forgotten;
    }

    /**
     * Keeps a load's tiles to serve while a later load runs, unless they were forgotten since the
     * load began: a load that started before {@link #invalidate} must not bring back the old tiles.
     */
    synchronized PoolTileSet remember(long forgottenWhenLoaded, PoolTileSet set) {
      if (forgottenWhenLoaded == forgotten) {
        last = set;
      }
      return set;
    }

    /** Drops the last tiles (the pool was invalidated): reads wait for its next load. */
    synchronized void forget() {
      forgotten++;
      last = null;
    }

    /**
     * The placeholder of a pool whose first tiles are still loading.
     *
     * @param held how long until its held request starts, when the rate limit holds it back
     */
    PoolTileSet loadingTileSet(Instant at, @Nullable Duration held) {
      String message = "loading: waiting for the first answer of " + plugin.displayName();
      if (held != null) {
        long seconds = Math.max(1, (held.toMillis() + 999) / 1000);
        message += ", whose next request waits for its rate-limit slot, in about " + seconds + " s";
      }
      PoolTileSet error = errorTileSet(message, at);
      return new PoolTileSet(
          error.poolId(), error.poolType(), error.displayName(), error.supportedCoins(), error.tiles(), null, true);
    }

    /** An error-state tile set that still says what the plugin supports. */
    PoolTileSet errorTileSet(String message, Instant at) {
      return tileSet(
          DashboardTileData.error(message, at).toBuilder()
              .supportsEarnings(PoolRegistry.supportsEarnings(plugin, config))
              .supportsBalance(PoolRegistry.supportsBalance(plugin, config))
              .build());
    }

    @Override
    public String toString() {
      return "PoolSlot[" + config.id() + "]"; // never the config: it may hold secrets
    }
  }

  /** Forwards Caffeine's statistics of the tile and health caches to an {@link SdkEventListener}. */
  private static final class EventStats implements StatsCounter {
    private final SdkEventListener events;

    EventStats(SdkEventListener events) {
      this.events = events;
    }

    @Override
    public void recordHits(int count) {
      tell(() -> events.cacheHits(count));
    }

    @Override
    public void recordMisses(int count) {
      tell(() -> events.cacheMisses(count));
    }

    @Override
    public void recordLoadSuccess(long loadTime) {
      tell(() -> events.cacheLoaded(Duration.ofNanos(loadTime), true));
    }

    @Override
    public void recordLoadFailure(long loadTime) {
      tell(() -> events.cacheLoaded(Duration.ofNanos(loadTime), false));
    }

    @Override
    public void recordEviction(int weight, RemovalCause cause) {}

    @Override
    public CacheStats snapshot() {
      return CacheStats.empty();
    }

    private static void tell(Runnable call) {
      try {
        call.run();
      } catch (RuntimeException e) {
        LOG.warn("an SdkEventListener failed; the service carries on", e);
      }
    }
  }

  /** Builds a {@link DashboardPoolService}; {@link #build()} validates every pool. Not thread-safe. */
  public static final class Builder {
    private final PoolRegistry registry;
    private final List<PoolConfig> pools = new ArrayList<>();
    private Duration tileTtl = Duration.ofSeconds(30);
    private Duration healthTtl = Duration.ofSeconds(60);
    private Duration errorTtl = Duration.ofSeconds(5);
    private Duration deadline = Duration.ofSeconds(10);
    private Duration readBudget = Duration.ofMillis(DEFAULT_READ_BUDGET_MS);
    private Function<Duration, CompletableFuture<?>> budgetTimer =
        d ->
            CompletableFuture.runAsync(
                () -> {}, CompletableFuture.delayedExecutor(d.toNanos(), TimeUnit.NANOSECONDS));
    private @Nullable Executor executor;
    private Ticker ticker = Ticker.systemTicker();
    private @Nullable Clock clock;
    private final Map<String, NetworkSource> networkSources = new LinkedHashMap<>();
    private SdkEventListener events = SdkEventListener.NONE;
    private Duration networkTtl = NetworkFiller.DEFAULT_TTL;
    private @Nullable TileStore tileStore;

    private Builder(PoolRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * @param pools the pools to start with (replacing any given before), in display order; ids must
     *     be unique
     * @return this
     */
    public Builder pools(Collection<PoolConfig> pools) {
      this.pools.clear();
      this.pools.addAll(pools);
      return this;
    }

    /**
     * @param ttl how long tiles are served without asking the pool again; positive; default 30 s
     *     (see the class documentation for the refresh window)
     * @return this
     */
    public Builder tileTtl(Duration ttl) {
      this.tileTtl = PoolRegistry.positive(ttl, "tileTtl");
      return this;
    }

    /**
     * @param ttl how long a health status is served without checking again; positive; default 60 s
     * @return this
     */
    public Builder healthTtl(Duration ttl) {
      this.healthTtl = PoolRegistry.positive(ttl, "healthTtl");
      return this;
    }

    /**
     * @param ttl how long an error-state tile set or an unhealthy status is served; positive;
     *     default 5 s; capped at the tile and health TTLs
     * @return this
     */
    public Builder errorTtl(Duration ttl) {
      this.errorTtl = PoolRegistry.positive(ttl, "errorTtl");
      return this;
    }

    /**
     * @param deadline how long one pool may take to answer before it becomes an error-state tile
     *     set ("timed out after 10 s"); positive; default 10 s. Also handed to the transport as the
     *     operation's deadline.
     * @return this
     */
    public Builder deadline(Duration deadline) {
      this.deadline = PoolRegistry.positive(deadline, "deadline");
      return this;
    }

    /**
     * @param budget how long a tile read ({@link #poolTiles()}, {@link #platformTiles()}) waits for
     *     pools still loading their first tiles before it answers with them as {@code loading};
     *     zero or positive; default {@value DashboardPoolService#DEFAULT_READ_BUDGET_MS} ms. A pool
     *     that has answered once is never waited for, nor is one whose next request the rate limit
     *     holds back until after the budget (see the class documentation). A budget longer than
     *     the deadline makes reads wait for every pool (no rate-limit slot comes that late).
     * @return this
     * @throws IllegalArgumentException when negative
     */
    public Builder readBudget(Duration budget) {
      Objects.requireNonNull(budget, "budget");
      if (budget.isNegative()) {
        throw new IllegalArgumentException("readBudget must be zero or positive, was " + budget);
      }
      this.readBudget = budget;
      return this;
    }

    /**
     * Tests only: what tells a read that its budget is over (by default a JDK delayed task).
     *
     * @param timer given the budget, a future that completes when it is over
     * @return this
     */
    Builder budgetTimer(Function<Duration, CompletableFuture<?>> timer) {
      this.budgetTimer = Objects.requireNonNull(timer, "timer");
      return this;
    }

    /**
     * @param executor starts the plugin calls, runs the caches' upkeep and tells listeners of new
     *     tiles; a thread pool, not an executor that runs a task on the submitting thread (that
     *     thread may be inside the cache's bookkeeping). The service does not shut it down. By
     *     default the service creates {@value DashboardPoolService#DEFAULT_EXECUTOR_THREADS} daemon
     *     threads, however many pools it watches, and shuts them down on close.
     * @return this
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * @param ticker the time source of the TTLs (tests inject a fake one); default the system's
     * @return this
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * @param clock the time of change events and of {@link PlatformTiles#lastUpdated()}; default
     *     the registry's clock
     * @return this
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Chooses where the network figures of a coin come from when a pool leaves its network
     * difficulty {@code null}. A coin without a source uses {@link NetworkSource#siblingPools()}.
     *
     * @param coin the coin symbol, for example {@code "BTC"} (any case)
     * @param source the source, for example a {@link BitcoinNodeSource}
     * @return this
     * @throws IllegalArgumentException when the coin is blank
     */
    public Builder networkSource(String coin, NetworkSource source) {
      Objects.requireNonNull(coin, "coin");
      Objects.requireNonNull(source, "source");
      if (coin.isBlank()) {
        throw new IllegalArgumentException("the coin of a network source must not be blank");
      }
      networkSources.put(coin.trim().toUpperCase(java.util.Locale.ROOT), source);
      return this;
    }

    /**
     * @param listener hears of every read of the tile and health caches (hit or miss) and of every
     *     load (a plugin call) with its duration, for metrics; default none
     * @return this
     */
    public Builder eventListener(SdkEventListener listener) {
      this.events = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * @param ttl how long a network source's figures are used before it is asked again (a failure
     *     is kept for 30 s at most); also how long a sibling pool's difficulty stays usable;
     *     positive; default 5 minutes
     * @return this
     */
    public Builder networkTtl(Duration ttl) {
      this.networkTtl = PoolRegistry.positive(ttl, "networkTtl");
      return this;
    }

    /**
     * @param store a store shared with the other processes that watch the same pools (for example
     *     {@code hmm-pools-redis}): each pool is then loaded by one process per window and the
     *     others take its tiles; the in-process cache stays in front of it. Default none: this
     *     process's cache only. The service does not close it.
     * @return this
     */
    public Builder tileStore(TileStore store) {
      this.tileStore = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * @return the service, holding the given pools
     * @throws InvalidPoolConfigException when a pool is refused by the registry or two pools share
     *     an id; nothing is created then
     */
    public DashboardPoolService build() {
      Map<String, PoolSlot> slots = new LinkedHashMap<>();
      for (PoolConfig pool : pools) {
        PoolSlot slot = new PoolSlot(pool, registry.validate(pool));
        if (slots.putIfAbsent(pool.id(), slot) != null) {
          throw new InvalidPoolConfigException("id", "pool id '" + pool.id() + "' is used twice");
        }
      }
      return new DashboardPoolService(this, Collections.unmodifiableMap(slots));
    }
  }
}
