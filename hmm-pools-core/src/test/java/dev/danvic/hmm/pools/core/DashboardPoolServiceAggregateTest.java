package dev.danvic.hmm.pools.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.PoolConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The platform aggregate is made once per generation of tiles: warm reads get the same aggregate
 * (made when its figures were computed), and new tiles, a new pool or a loading pool make a new one.
 */
class DashboardPoolServiceAggregateTest {
  static final Instant NOW = Instant.parse("2026-02-05T12:00:00Z");
  final ManualTime time = new ManualTime(NOW);
  final FakeTicker ticker = new FakeTicker();
  final FakePlugin solo = new FakePlugin("solopool");
  /** The pool hash rate the next load of any pool reports, H/s. */
  final AtomicInteger hashrate = new AtomicInteger(100);
  PoolRegistry registry;
  DashboardPoolService svc;

  @BeforeEach
  void setUp() {
    registry = PoolRegistry.builder().register(solo).transport(new FakeTransport(time.clock())).clock(time.clock()).build();
    solo.tiles(
        (p, c) ->
            CompletableFuture.completedFuture(
                DashboardTileData.builder(c.now()).poolHashrate((double) hashrate.get()).currency("BTC").build()));
    svc =
        DashboardPoolService.builder(registry)
            .pools(List.of(pool("a"), pool("b")))
            .ticker(ticker)
            .clock(time.clock())
            .budgetTimer(budget -> new CompletableFuture<>())
            .build();
  }

  @AfterEach
  void tearDown() {
    svc.close();
    registry.close();
  }

  static PoolConfig pool(String id) {
    return PoolConfig.builder().id(id).name(id).poolType("solopool").url("pool.example.invalid").port(3333).build();
  }

  static PlatformTiles read(DashboardPoolService svc) throws Exception {
    return svc.platformTiles().get(10, TimeUnit.SECONDS);
  }

  @Test
  void warmReadsGetTheAggregateOfTheirGeneration() throws Exception {
    PlatformTiles first = read(svc);
    time.advance(Duration.ofSeconds(3));
    PlatformTiles second = read(svc);

    assertThat(second).isSameAs(first);
    assertThat(second.lastUpdated()).as("when its figures were computed").isEqualTo(NOW);
    assertThat(second.tile2Network().totalPoolHashrate()).isEqualTo(200.0);
    assertThat(solo.dashboardCalls).hasValue(2);
  }

  @Test
  void newTilesMakeANewAggregate() throws Exception {
    PlatformTiles first = read(svc);
    hashrate.set(150);
    time.advance(Duration.ofSeconds(3));
    svc.invalidate("a");

    PlatformTiles second = read(svc);

    assertThat(second).isNotSameAs(first);
    assertThat(second.tile2Network().totalPoolHashrate()).isEqualTo(250.0);
    assertThat(second.lastUpdated()).isEqualTo(NOW.plusSeconds(3));
    assertThat(read(svc)).as("and that one is kept in turn").isSameAs(second);
  }

  @Test
  void anAddedOrRemovedPoolMakesANewAggregate() throws Exception {
    PlatformTiles two = read(svc);
    svc.putPool(pool("c"));
    PlatformTiles three = read(svc);
    assertThat(three.tile1Health().totalPools()).isEqualTo(3);
    assertThat(three.tile2Network().totalPoolHashrate()).isEqualTo(300.0);

    svc.removePool("c");
    PlatformTiles twoAgain = read(svc);
    assertThat(twoAgain).isNotSameAs(three);
    assertThat(twoAgain.tile1Health().totalPools()).isEqualTo(2);
    assertThat(twoAgain.tile2Network()).isEqualTo(two.tile2Network());
  }

  @Test
  void aPoolStillLoadingIsCountedAgainOnEveryRead() throws Exception {
    PendingCalls<dev.danvic.hmm.pools.DashboardTileData> pending = new PendingCalls<>();
    solo.tiles(pending);
    try (DashboardPoolService budgeted =
        DashboardPoolService.builder(registry)
            .pools(List.of(pool("slow")))
            .ticker(ticker)
            .clock(time.clock())
            .budgetTimer(budget -> CompletableFuture.completedFuture(null))
            .build()) {
      PlatformTiles loading = read(budgeted);
      assertThat(loading.tile1Health().loadingPools()).isEqualTo(1);

      PendingCalls.Call<dev.danvic.hmm.pools.DashboardTileData> call = pending.next();
      call.answer().complete(DashboardTileData.builder(call.context().now()).poolHashrate(5.0).currency("BTC").build());
      PlatformTiles loaded = read(budgeted);

      assertThat(loaded.tile1Health().loadingPools()).isZero();
      assertThat(loaded.tile2Network().totalPoolHashrate()).isEqualTo(5.0);
    }
  }
}
