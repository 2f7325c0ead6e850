package dev.danvic.hmm.pools.micrometer;

import dev.danvic.hmm.pools.BasePoolIntegration;
import dev.danvic.hmm.pools.Coin;
import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.core.DashboardPoolService;
import dev.danvic.hmm.pools.core.PoolChangeEvent;
import dev.danvic.hmm.pools.core.PoolChangeListener;
import dev.danvic.hmm.pools.core.PoolTileSet;
import dev.danvic.hmm.pools.core.SdkEventListener;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer meters for hmm-pools: a gauge per pool for every dashboard figure, and counters and a
 * timer for what the SDK itself does.
 *
 * <pre>{@code
 * HmmPoolsMetrics metrics = new HmmPoolsMetrics();
 * HttpPoolTransport transport = HttpPoolTransport.builder().eventListener(metrics).build();
 * PoolRegistry registry = PoolRegistry.builder().discover().transport(transport).build();
 * DashboardPoolService service =
 *     DashboardPoolService.builder(registry).eventListener(metrics).pools(configs).build();
 * metrics.watch(service);
 * metrics.bindTo(meterRegistry); // any number of registries, before or after watch
 * }</pre>
 *
 * <p><b>Per pool</b> (tags {@code pool_id}, {@code pool_type}, {@code coin}; the coin is the pool's
 * {@code coin} setting, else the plugin's only coin, else {@code unknown}). Each gauge reads the
 * tiles the service has cached for the pool at the moment it is read, so scraping never makes the
 * service call a pool; a figure the pool does not report, or a pool whose tiles were never read,
 * is {@code NaN} (Prometheus shows it as {@code NaN}; most backends drop it).
 *
 * <table>
 *   <caption>Per-pool gauges (Micrometer names; Prometheus adds the unit: {@code hmm_pools_pool_hashrate_hashes_per_second})</caption>
 *   <tr><th>name</th><th>base unit</th><th>value</th></tr>
 *   <tr><td>{@code hmm.pools.pool.hashrate}</td><td>hashes/second</td><td>the pool's hash rate</td></tr>
 *   <tr><td>{@code hmm.pools.user.hashrate}</td><td>hashes/second</td><td>the user's hash rate</td></tr>
 *   <tr><td>{@code hmm.pools.active.workers}</td><td>&ndash;</td><td>workers hashing now</td></tr>
 *   <tr><td>{@code hmm.pools.shares} (tag {@code state}: valid, invalid, stale)</td><td>&ndash;</td><td>shares as the pool counts them (its window, so a gauge)</td></tr>
 *   <tr><td>{@code hmm.pools.reject.rate}</td><td>percent</td><td>(invalid + stale) / all shares &times; 100</td></tr>
 *   <tr><td>{@code hmm.pools.latency}</td><td>seconds</td><td>round trip of the pool's API</td></tr>
 *   <tr><td>{@code hmm.pools.health}</td><td>&ndash;</td><td>{@value #HEALTHY} healthy, {@value #UNHEALTHY} unhealthy (error tile set), {@code NaN} not read yet or disabled</td></tr>
 *   <tr><td>{@code hmm.pools.time.to.block}</td><td>seconds</td><td>expected time to the pool's next block</td></tr>
 *   <tr><td>{@code hmm.pools.user.time.to.block}</td><td>seconds</td><td>expected time to the user's block (solo)</td></tr>
 *   <tr><td>{@code hmm.pools.user.block.odds.24h}</td><td>ratio</td><td>probability, 0 to 1, that the user finds a block within 24 h</td></tr>
 * </table>
 *
 * <p><b>The SDK</b> (no per-pool tags): {@code hmm.pools.requests} (counter, tag {@code outcome}:
 * {@code 2xx}, {@code 4xx}, {@code 5xx}, {@code timeout}, {@code connection}, ... as {@link
 * SdkEventListener#requestCompleted} lists), {@code hmm.pools.request.retries} (counter), {@code
 * hmm.pools.cache.gets} (counter, tag {@code result}: hit, miss), {@code hmm.pools.cache.loads}
 * (timer in seconds, tag {@code result}: success, failure: the load duration of a pool's tiles or
 * health). Counters count from the moment the object was created, whichever registry is bound
 * later; the timer records once a registry is bound.
 *
 * <p><b>Lifetime</b>: a pool added to the service later gets its meters when it is added; a removed
 * pool loses them at once (they are removed from every bound registry); a changed pool gets them
 * again with its new tags. This object holds the service only through a weak reference and holds
 * no pool configuration, so neither a removed pool nor a service the application dropped is kept
 * alive by metrics; the gauges of a closed or collected service read {@code NaN}. Thread-safe.
 */
public final class HmmPoolsMetrics implements MeterBinder, SdkEventListener {
  /** The {@code hmm.pools.health} value of a healthy pool. */
  public static final double HEALTHY = 1;

  /** The {@code hmm.pools.health} value of an unhealthy pool (its tiles are an error-state set). */
  public static final double UNHEALTHY = 0;

  /** Base unit of the hash-rate gauges. */
  public static final String HASHES_PER_SECOND = "hashes.per.second";

  private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
  private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
  private final LongAdder retries = new LongAdder();
  private final LongAdder cacheHits = new LongAdder();
  private final LongAdder cacheMisses = new LongAdder();
  private final List<Timer> loadSuccess = new CopyOnWriteArrayList<>();
  private final List<Timer> loadFailure = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();
  /** pool id -> its gauge source and the meters made for it in each bound registry; guarded by lock. */
  private final Map<String, PoolMeters> pools = new LinkedHashMap<>();
  private volatile WeakReference<DashboardPoolService> service = new WeakReference<>(null);
  /** The listener given to the watched service; a registration would hold the service. */
  private @Nullable Listener listening; // guarded by lock

  /** Meters with no service watched yet: SDK meters only until {@link #watch} is called. */
  public HmmPoolsMetrics() {}

  /**
   * Registers the per-pool gauges of the service's pools, now and as pools are added, changed and
   * removed. A service watched before is no longer watched (its pools lose their meters).
   *
   * @param dashboardService the service; held weakly
   * @return this
   */
  public HmmPoolsMetrics watch(DashboardPoolService dashboardService) {
    Objects.requireNonNull(dashboardService, "dashboardService");
    synchronized (lock) {
      if (listening != null) {
        listening.active = false; // the service watched before keeps it, but it no longer acts
      }
      new ArrayList<>(pools.keySet()).forEach(this::dropPool);
      service = new WeakReference<>(dashboardService);
      // the service holds the listener (and so this object), never the other way round
      listening = new Listener(this);
      dashboardService.addListener(listening);
      for (PoolConfig pool : dashboardService.pools()) {
        addPool(pool, dashboardService);
      }
    }
    return this;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    synchronized (lock) {
      if (registries.contains(registry)) {
        return;
      }
      registries.add(registry);
      FunctionCounter.builder("hmm.pools.request.retries", retries, LongAdder::doubleValue)
          .description("requests the transport sent again after a failed attempt")
          .register(registry);
      requests.forEach((outcome, count) -> requestCounter(registry, outcome, count));
      FunctionCounter.builder("hmm.pools.cache.gets", cacheHits, LongAdder::doubleValue)
          .description("reads of the tile and health caches")
          .tag("result", "hit")
          .register(registry);
      FunctionCounter.builder("hmm.pools.cache.gets", cacheMisses, LongAdder::doubleValue)
          .description("reads of the tile and health caches")
          .tag("result", "miss")
          .register(registry);
      loadSuccess.add(loadTimer(registry, "success"));
      loadFailure.add(loadTimer(registry, "failure"));
      for (PoolMeters p : pools.values()) {
        p.meters.addAll(p.source.register(registry));
      }
    }
  }

  // ------------------------------------------------------------------ SdkEventListener

  @Override
  public void requestCompleted(String outcome, Duration duration) {
    LongAdder count = requests.get(outcome);
    if (count == null) {
      synchronized (lock) {
        count = requests.computeIfAbsent(outcome, o -> new LongAdder());
        for (MeterRegistry r : registries) {
          requestCounter(r, outcome, count);
        }
      }
    }
    count.increment();
  }

  @Override
  public void requestRetried() {
    retries.increment();
  }

  @Override
  public void cacheHits(int count) {
    cacheHits.add(count);
  }

  @Override
  public void cacheMisses(int count) {
    cacheMisses.add(count);
  }

  @Override
  public void cacheLoaded(Duration duration, boolean success) {
    for (Timer t : success ? loadSuccess : loadFailure) {
      t.record(duration);
    }
  }

  // ------------------------------------------------------------------ pools

  private void onChange(PoolChangeEvent event) {
    synchronized (lock) {
      DashboardPoolService s = service.get();
      switch (event.kind()) {
        case ADDED, UPDATED -> {
          dropPool(event.poolId());
          if (s != null) {
            s.pools().stream()
                .filter(p -> p.id().equals(event.poolId()))
                .findFirst()
                .ifPresent(p -> addPool(p, s));
          }
        }
        case REMOVED -> dropPool(event.poolId());
        default -> {
          // tiles refreshed or invalidated: the gauges read the cache when they are read
        }
      }
    }
  }

  private void addPool(PoolConfig pool, DashboardPoolService s) {
    PoolSource source = new PoolSource(pool.id(), pool.poolType(), coinOf(pool, s), service);
    PoolMeters p = new PoolMeters(source);
    for (MeterRegistry r : registries) {
      p.meters.addAll(source.register(r));
    }
    pools.put(pool.id(), p);
  }

  private void dropPool(String poolId) {
    PoolMeters p = pools.remove(poolId);
    if (p == null) {
      return;
    }
    for (Meter m : p.meters) {
      for (MeterRegistry r : registries) {
        r.remove(m);
      }
    }
  }

  private static String coinOf(PoolConfig pool, DashboardPoolService s) {
    Optional<Coin> configured = pool.coin();
    if (configured.isPresent()) {
      return configured.get().symbol();
    }
    String raw = pool.config().get(PoolConfig.COIN);
    if (raw != null && !raw.isBlank()) {
      return raw;
    }
    List<String> coins = s.registry().plugin(pool.poolType()).map(BasePoolIntegration::supportedCoins).orElse(List.of());
    return coins.size() == 1 ? coins.get(0) : "unknown";
  }

  private static void requestCounter(MeterRegistry registry, String outcome, LongAdder count) {
    FunctionCounter.builder("hmm.pools.requests", count, LongAdder::doubleValue)
        .description("HTTP requests (attempts) the transport sent, by how they ended")
        .tag("outcome", outcome)
        .register(registry);
  }

  private static Timer loadTimer(MeterRegistry registry, String result) {
    return Timer.builder("hmm.pools.cache.loads")
        .description("loads of a pool's tiles or health (a plugin call with its requests)")
        .tag("result", result)
        .register(registry);
  }

  /** The meters made for one pool, in every bound registry. */
  private static final class PoolMeters {
    final PoolSource source;
    final List<Meter> meters = new ArrayList<>();

    PoolMeters(PoolSource source) {
      this.source = source;
    }
  }

  /**
   * What a pool's gauges read: the service's cached tiles of that pool. Held strongly by {@link
   * PoolMeters} (gauges hold their state weakly) until the pool is removed; holds the service
   * weakly and no configuration.
   */
  private static final class PoolSource {
    final String poolId;
    final Tags tags;
    final WeakReference<DashboardPoolService> service;

    PoolSource(String poolId, String poolType, String coin, WeakReference<DashboardPoolService> service) {
      this.poolId = poolId;
      this.tags = Tags.of("pool_id", poolId, "pool_type", poolType, "coin", coin);
      this.service = service;
    }

    @Nullable DashboardTileData tiles() {
      DashboardPoolService s = service.get();
      if (s == null) {
        return null;
      }
      try {
        return s.cachedPoolTiles(poolId).map(PoolTileSet::tiles).orElse(null);
      } catch (IllegalStateException closed) {
        return null;
      }
    }

    double read(ToDoubleFunction<DashboardTileData> figure) {
      DashboardTileData t = tiles();
      return t == null ? Double.NaN : figure.applyAsDouble(t);
    }

    List<Meter> register(MeterRegistry r) {
      List<Meter> out = new ArrayList<>();
      out.add(gauge(r, "hmm.pools.pool.hashrate", HASHES_PER_SECOND, "the pool's hash rate", t -> num(t.poolHashrate())));
      out.add(gauge(r, "hmm.pools.user.hashrate", HASHES_PER_SECOND, "the user's hash rate", t -> num(t.userHashrate())));
      out.add(gauge(r, "hmm.pools.active.workers", null, "workers hashing now", t -> num(t.activeWorkers())));
      out.add(shares(r, "valid", t -> num(t.sharesValid())));
      out.add(shares(r, "invalid", t -> num(t.sharesInvalid())));
      out.add(shares(r, "stale", t -> num(t.sharesStale())));
      out.add(gauge(r, "hmm.pools.reject.rate", "percent", "(invalid + stale) / all shares * 100", t -> num(t.rejectRate())));
      out.add(gauge(r, "hmm.pools.latency", "seconds", "round trip of the pool's API",
          t -> t.latencyMs() == null ? Double.NaN : t.latencyMs() / 1000.0));
      out.add(gauge(r, "hmm.pools.health", null, "1 healthy, 0 unhealthy, NaN not read yet",
          t -> t.healthStatus() ? HEALTHY : UNHEALTHY));
      out.add(gauge(r, "hmm.pools.time.to.block", "seconds", "expected time to the pool's next block",
          t -> num(t.estimatedTimeToBlockSeconds())));
      out.add(gauge(r, "hmm.pools.user.time.to.block", "seconds", "expected time to the user's block",
          t -> num(t.userEstimatedTimeToBlockSeconds())));
      out.add(gauge(r, "hmm.pools.user.block.odds.24h", "ratio", "probability (0 to 1) of a user block within 24 h",
          t -> num(t.userBlockOdds24h())));
      return out;
    }

    private Gauge gauge(MeterRegistry r, String name, @Nullable String unit, String description,
        ToDoubleFunction<DashboardTileData> figure) {
      return Gauge.builder(name, this, s -> s.read(figure))
          .baseUnit(unit)
          .description(description)
          .tags(tags)
          .register(r);
    }

    private Gauge shares(MeterRegistry r, String state, ToDoubleFunction<DashboardTileData> figure) {
      return Gauge.builder("hmm.pools.shares", this, s -> s.read(figure))
          .description("shares as the pool counts them, by state")
          .tags(tags)
          .tag("state", state)
          .register(r);
    }

    private static double num(@Nullable Number n) {
      return n == null ? Double.NaN : n.doubleValue();
    }
  }

  /** Forwards pool changes; holds the metrics object (the service holds this, not the reverse). */
  private static final class Listener implements PoolChangeListener {
    private final HmmPoolsMetrics metrics;
    volatile boolean active = true;

    Listener(HmmPoolsMetrics metrics) {
      this.metrics = metrics;
    }

    @Override
    public void onChange(PoolChangeEvent event) {
      if (active) {
        metrics.onChange(event);
      }
    }
  }
}
