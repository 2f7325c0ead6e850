package dev.danvic.hmm.pools.core;

import dev.danvic.hmm.pools.BasePoolIntegration;
import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.OfflineVerdict;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.PoolContext;
import dev.danvic.hmm.pools.PoolEndpoint;
import dev.danvic.hmm.pools.PoolHealthStatus;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A scriptable plugin. By default: offline UNKNOWN, probes answer false, tiles carry the pool's
 * name as health message and the call number as active workers, health is good.
 */
class FakePlugin implements BasePoolIntegration {
  private final String type;
  private final List<String> coins;
  private final boolean requiresKey;
  volatile Function<PoolEndpoint, OfflineVerdict> offline = e -> OfflineVerdict.UNKNOWN;
  volatile BiFunction<PoolEndpoint, PoolContext, CompletableFuture<Boolean>> probe =
      (e, c) -> CompletableFuture.completedFuture(false);
  volatile BiFunction<PoolConfig, PoolContext, CompletableFuture<DashboardTileData>> tiles =
      (p, c) -> CompletableFuture.completedFuture(goodTiles(p, c, 0));
  volatile BiFunction<PoolConfig, PoolContext, CompletableFuture<PoolHealthStatus>> health =
      (p, c) -> CompletableFuture.completedFuture(PoolHealthStatus.healthy(12.0, c.now()));
  volatile Duration minimumDeadline = Duration.ZERO;
  final AtomicInteger detectCalls = new AtomicInteger();
  final AtomicInteger dashboardCalls = new AtomicInteger();
  final AtomicInteger healthCalls = new AtomicInteger();
  final List<PoolConfig> dashboardPools = new CopyOnWriteArrayList<>();

  FakePlugin(String type) {
    this(type, List.of("BTC"), false);
  }

  FakePlugin(String type, List<String> coins, boolean requiresKey) {
    this.type = type;
    this.coins = coins;
    this.requiresKey = requiresKey;
  }

  /** Tiles whose health message is the pool's name and whose worker count is {@code n}. */
  static DashboardTileData goodTiles(PoolConfig pool, PoolContext ctx, int n) {
    return DashboardTileData.builder(ctx.now())
        .healthMessage(pool.name())
        .activeWorkers(n)
        .latencyMs(10.0)
        .currency("BTC")
        .build();
  }

  FakePlugin offline(Function<PoolEndpoint, OfflineVerdict> rule) {
    this.offline = rule;
    return this;
  }

  FakePlugin probe(BiFunction<PoolEndpoint, PoolContext, CompletableFuture<Boolean>> probe) {
    this.probe = probe;
    return this;
  }

  FakePlugin tiles(BiFunction<PoolConfig, PoolContext, CompletableFuture<DashboardTileData>> tiles) {
    this.tiles = tiles;
    return this;
  }

  FakePlugin health(BiFunction<PoolConfig, PoolContext, CompletableFuture<PoolHealthStatus>> health) {
    this.health = health;
    return this;
  }

  @Override
  public String poolType() {
    return type;
  }

  @Override
  public String displayName() {
    return "Fake " + type;
  }

  @Override
  public URI documentationUrl() {
    return URI.create("https://example.invalid/" + type);
  }

  @Override
  public List<String> supportedCoins() {
    return coins;
  }

  @Override
  public boolean requiresApiKey() {
    return requiresKey;
  }

  @Override
  public boolean supportsEarnings() {
    return true;
  }

  @Override
  public Duration minimumDeadline() {
    return minimumDeadline;
  }

  @Override
  public OfflineVerdict detectOffline(PoolEndpoint endpoint) {
    return offline.apply(endpoint);
  }

  @Override
  public CompletableFuture<Boolean> detect(PoolEndpoint endpoint, PoolContext context) {
    detectCalls.incrementAndGet();
    return probe.apply(endpoint, context);
  }

  @Override
  public CompletableFuture<PoolHealthStatus> healthCheck(PoolConfig pool, PoolContext context) {
    healthCalls.incrementAndGet();
    return health.apply(pool, context);
  }

  @Override
  public CompletableFuture<DashboardTileData> dashboardData(PoolConfig pool, PoolContext context) {
    dashboardCalls.incrementAndGet();
    dashboardPools.add(pool);
    return tiles.apply(pool, context);
  }
}
