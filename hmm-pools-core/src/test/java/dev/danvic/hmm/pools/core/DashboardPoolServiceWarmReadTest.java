package dev.danvic.hmm.pools.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.PoolConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A warm read of every pool is given again while nothing it was made from changed, and never once
 * something did: new tiles, an invalidation, a pool added, replaced, disabled, enabled or removed, a
 * network figure arriving or growing old, and the tile TTL (which still starts exactly one refresh).
 */
class DashboardPoolServiceWarmReadTest {
  static final Instant NOW = Instant.parse("2026-02-05T12:00:00Z");
  static final Duration TTL = Duration.ofSeconds(30);
  final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  final FakeTicker ticker = new FakeTicker();
  final FakePlugin solo = new FakePlugin("solopool");
  final FakePlugin braiins = new FakePlugin("braiins", List.of("BTC"), true);
  /** The pool hash rate the next load of any solo pool reports, H/s. */
  final AtomicLong hashrate = new AtomicLong(100);
  final List<AutoCloseable> toClose = new ArrayList<>();
  PoolRegistry registry;

  @BeforeEach
  void setUp() {
    registry =
        PoolRegistry.builder().register(solo).register(braiins).transport(new FakeTransport(clock)).clock(clock).build();
    solo.tiles((p, c) -> CompletableFuture.completedFuture(tiles(c.now(), hashrate.get())));
    braiins.tiles(
        (p, c) ->
            CompletableFuture.completedFuture(
                DashboardTileData.builder(c.now()).currency("BTC").poolHashrate(1e12).build()));
  }

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
    registry.close();
  }

  static DashboardTileData tiles(Instant at, double hashrate) {
    return DashboardTileData.builder(at).poolHashrate(hashrate).currency("BTC").networkDifficulty(1e14).build();
  }

  DashboardPoolService.Builder service(PoolConfig... pools) {
    return DashboardPoolService.builder(registry)
        .pools(List.of(pools))
        .ticker(ticker)
        .clock(clock)
        .tileTtl(TTL)
        .budgetTimer(budget -> new CompletableFuture<>()); // reads wait for first loads
  }

  DashboardPoolService build(DashboardPoolService.Builder b) {
    DashboardPoolService s = b.build();
    toClose.add(s);
    return s;
  }

  static PoolConfig pool(String id) {
    return PoolConfig.builder().id(id).name(id).poolType("solopool").url("pool.example.invalid").port(3333).build();
  }

  static PoolConfig braiinsPool(String id) {
    return PoolConfig.builder()
        .id(id)
        .name(id)
        .poolType("braiins")
        .url("pool.example.invalid")
        .port(3333)
        .apiKey("s3cret-token")
        .build();
  }

  static <T> T await(CompletableFuture<T> f) throws Exception {
    return f.get(10, TimeUnit.SECONDS);
  }

  static double total(PlatformTiles p) {
    return p.tile2Network().totalPoolHashrate();
  }

  @Test
  void warmReadsAreGivenAgainAndStillCountAsCacheHits() throws Exception {
    AtomicInteger hits = new AtomicInteger();
    DashboardPoolService svc =
        build(
            service(pool("a"), pool("b"), pool("c"))
                // loads run on the calling thread, so the cache has settled them (their age known)
                // before the first read returns: the read after it is then kept, not a fresh walk
                .executor(Runnable::run)
                .eventListener(
                    new SdkEventListener() {
                      @Override
                      public void cacheHits(int count) {
                        hits.addAndGet(count);
                      }
                    }));
    PlatformTiles first = await(svc.platformTiles());
    Map<String, PoolTileSet> byPool = await(svc.poolTiles());
    hits.set(0);

    ticker.advance(Duration.ofSeconds(29));
    for (int i = 0; i < 5; i++) {
      CompletableFuture<PlatformTiles> warm = svc.platformTiles();
      assertThat(warm).as("answered at once").isDone();
      assertThat(warm.join()).isSameAs(first);
      assertThat(await(svc.poolTiles())).as("the same read, not a new walk over the pools").isSameAs(byPool);
    }

    assertThat(total(first)).isEqualTo(300.0);
    assertThat(solo.dashboardCalls).as("no pool asked again").hasValue(3);
    assertThat(hits).as("each warm read counts one hit per pool, as the cache read it stands in for did").hasValue(30);
  }

  @Test
  void aPoolsNewTilesOrAnInvalidationGiveAFreshAggregate() throws Exception {
    DashboardPoolService svc = build(service(pool("a"), pool("b")));
    PlatformTiles first = await(svc.platformTiles());

    hashrate.set(150);
    svc.invalidate("a");
    PlatformTiles second = await(svc.platformTiles());
    assertThat(total(second)).isEqualTo(250.0);
    assertThat(await(svc.poolTiles()).get("a").tiles().poolHashrate()).isEqualTo(150.0);

    hashrate.set(170);
    svc.invalidateAll();
    assertThat(total(await(svc.platformTiles()))).isEqualTo(340.0);
    assertThat(first).isNotSameAs(second);
  }

  @Test
  void addingReplacingDisablingEnablingAndRemovingAPoolGiveAFreshAggregate() throws Exception {
    DashboardPoolService svc = build(service(pool("a"), pool("b")));
    assertThat(await(svc.platformTiles()).tile1Health().totalPools()).isEqualTo(2);

    svc.putPool(pool("c"));
    assertThat(await(svc.platformTiles()).tile1Health().totalPools()).isEqualTo(3);
    assertThat(await(svc.poolTiles())).containsOnlyKeys("a", "b", "c");

    hashrate.set(1000);
    svc.putPool(pool("c").toBuilder().name("c again").build());
    assertThat(total(await(svc.platformTiles()))).as("the replaced pool's new tiles").isEqualTo(1200.0);

    svc.putPool(pool("c").toBuilder().enabled(false).build());
    assertThat(await(svc.platformTiles()).tile1Health().totalPools()).isEqualTo(2);
    assertThat(await(svc.poolTiles())).containsOnlyKeys("a", "b");

    svc.putPool(pool("c"));
    assertThat(await(svc.poolTiles())).containsOnlyKeys("a", "b", "c");

    svc.removePool("a");
    PlatformTiles two = await(svc.platformTiles());
    assertThat(two.tile1Health().totalPools()).isEqualTo(2);
    assertThat(await(svc.poolTiles())).containsOnlyKeys("b", "c");
  }

  @Test
  void theTtlEndsAWarmReadAndStartsExactlyOneRefresh() throws Exception {
    PendingCalls<DashboardTileData> pending = new PendingCalls<>();
    solo.tiles(pending);
    ManualExecutor executor = new ManualExecutor();
    DashboardPoolService svc = build(service(pool("a"), pool("b")).executor(executor));
    CompletableFuture<PlatformTiles> cold = svc.platformTiles();
    executor.runAll();
    pending.next().answer().complete(tiles(NOW, 100));
    ticker.advance(Duration.ofSeconds(10)); // b's tiles arrive 10 s later: its refresh is due 10 s later
    executor.runAll();
    pending.next().answer().complete(tiles(NOW, 100));
    PlatformTiles first = await(cold);
    executor.runAll();

    ticker.advance(Duration.ofSeconds(20)); // a's tiles are 30 s old: exactly the TTL, not past it
    assertThat(await(svc.platformTiles())).isSameAs(first);
    executor.runAll();
    assertThat(pending.waiting()).as("nothing due yet").isZero();

    ticker.advance(Duration.ofMillis(1)); // a is past its TTL
    for (int i = 0; i < 3; i++) {
      assertThat(await(svc.platformTiles())).as("the cached tiles while a refreshes").isSameAs(first);
      executor.runAll();
    }
    PendingCalls.Call<DashboardTileData> refresh = pending.next();
    assertThat(refresh.pool().id()).isEqualTo("a");
    assertThat(pending.waiting()).as("one refresh, however many reads").isZero();

    refresh.answer().complete(tiles(NOW.plusSeconds(30), 400));
    executor.runAll();
    PlatformTiles refreshed = await(svc.platformTiles());
    assertThat(total(refreshed)).isEqualTo(500.0);
    assertThat(await(svc.platformTiles())).isSameAs(refreshed);

    ticker.advance(Duration.ofSeconds(10)); // b is past its TTL now
    assertThat(await(svc.platformTiles())).isSameAs(refreshed);
    executor.runAll();
    assertThat(pending.next().pool().id()).isEqualTo("b");
    assertThat(pending.waiting()).isZero();
    assertThat(solo.dashboardCalls).hasValue(4);
  }

  @Test
  void errorTilesEndAWarmReadAtTheErrorTtl() throws Exception {
    AtomicBoolean failing = new AtomicBoolean(true);
    solo.tiles(
        (p, c) ->
            failing.get()
                ? CompletableFuture.failedFuture(new IllegalStateException("pool down"))
                : CompletableFuture.completedFuture(tiles(c.now(), 100)));
    ManualExecutor executor = new ManualExecutor();
    DashboardPoolService svc = build(service(pool("a")).errorTtl(Duration.ofSeconds(5)).executor(executor));
    CompletableFuture<PlatformTiles> cold = svc.platformTiles();
    executor.runAll();
    assertThat(await(cold).tile1Health().healthyPools()).isZero();
    failing.set(false);

    ticker.advance(Duration.ofSeconds(4));
    assertThat(await(svc.platformTiles()).tile1Health().healthyPools()).as("error tiles kept 5 s").isZero();
    executor.runAll();
    assertThat(solo.dashboardCalls).hasValue(1);
    ticker.advance(Duration.ofSeconds(1));
    assertThat(await(svc.platformTiles()).tile1Health().healthyPools()).as("the last tiles while a new load runs").isZero();
    executor.runAll();
    assertThat(await(svc.platformTiles()).tile1Health().healthyPools()).isEqualTo(1);
    assertThat(solo.dashboardCalls).hasValue(2);
  }

  @Test
  void aSourcesFiguresGrowingOldAndNewOnesArrivingEndAWarmRead() throws Exception {
    DashboardPoolServiceNetworkTest.CountingSource source = new DashboardPoolServiceNetworkTest.CountingSource();
    DashboardPoolService svc =
        build(
            service(braiinsPool("b1"), pool("a"))
                .executor(Runnable::run) // settled before a read returns: see the first test
                .tileTtl(Duration.ofHours(1))
                .networkTtl(Duration.ofMinutes(5))
                .networkSource("BTC", source));
    assertThat(await(svc.poolTiles()).get("b1").tiles().networkDifficulty()).isEqualTo(2e14);
    PoolTileSet first = await(svc.poolTiles()).get("b1"); // a read made once the source answered
    source.difficulty = 3e14;
    ticker.advance(Duration.ofMinutes(5).minusMillis(1));
    assertThat(await(svc.poolTiles()).get("b1")).as("the figures are not yet 5 min old: still used").isSameAs(first);
    assertThat(source.calls).hasValue(1);

    // the tiles' TTL is an hour, but the source's figures are now too old: it is asked again
    ticker.advance(Duration.ofMillis(1));
    assertThat(await(svc.poolTiles()).get("b1").tiles().networkDifficulty()).isEqualTo(3e14);
    assertThat(await(svc.platformTiles()).byCoin().get("BTC").networkDifficulty()).isEqualTo(3e14);
    assertThat(source.calls).hasValue(2);
  }

  @Test
  void aSiblingsDifficultyGrowingOldEndsAWarmRead() throws Exception {
    DashboardPoolService svc =
        build(service(braiinsPool("b1"), pool("a")).tileTtl(Duration.ofMinutes(10)).networkTtl(Duration.ofMinutes(5)));
    assertThat(await(svc.poolTiles()).get("b1").tiles().networkDifficulty()).as("the sibling's").isEqualTo(1e14);
    ticker.advance(Duration.ofMinutes(5));
    assertThat(await(svc.poolTiles()).get("b1").tiles().networkDifficulty()).as("5 min old: still used").isEqualTo(1e14);
    ticker.advance(Duration.ofMillis(1));
    assertThat(await(svc.poolTiles()).get("b1").tiles().networkDifficulty()).as("too old").isNull();
  }

  @Test
  void aReadNeverGivesAnAggregateOlderThanAChangeThatCompletedBeforeIt() throws Exception {
    DashboardPoolService svc = build(service(pool("a")));
    assertThat(total(await(svc.platformTiles()))).isEqualTo(100.0);
    AtomicLong published = new AtomicLong(100); // pool a's hash rate in the cache, once it is there
    AtomicBoolean stop = new AtomicBoolean();
    ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
    AtomicInteger reads = new AtomicInteger();
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < 3; r++) {
      int kind = r;
      Thread t =
          new Thread(
              () -> {
                while (!stop.get()) {
                  long before = published.get();
                  double seen;
                  try {
                    seen =
                        kind == 0
                            ? total(svc.platformTiles().get(10, TimeUnit.SECONDS))
                            : svc.poolTiles().get(10, TimeUnit.SECONDS).get("a").tiles().poolHashrate();
                  } catch (Exception e) {
                    wrong.add(e.toString());
                    return;
                  }
                  reads.incrementAndGet();
                  if (seen < before) {
                    wrong.add("read " + seen + " after " + before + " was in the cache");
                  }
                }
              });
      t.start();
      readers.add(t);
    }
    try {
      for (long k = 101; k <= 400; k++) {
        hashrate.set(k);
        if (k % 2 == 0) {
          svc.putPool(pool("a").toBuilder().name("a " + k).build()); // then a read loads its tiles
        } else {
          ticker.advance(TTL.plusSeconds(1)); // due for refresh: a read starts it in the background
        }
        await(svc.poolTiles("a"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long stuck = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        while (svc.cachedPoolTiles("a").map(s -> s.tiles().poolHashrate()).orElse(0.0) != k) {
          assertThat(System.nanoTime()).as("pool a's tiles of load " + k + " reach the cache").isLessThan(deadline);
          if (k % 2 == 1 && System.nanoTime() > stuck) {
            // Caffeine restarts an entry's age when it settles a completed first load, which may
            // come after the ticker moved: then the read did not find it due, so move on again
            ticker.advance(TTL.plusSeconds(1));
            await(svc.poolTiles("a"));
            stuck = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
          }
          Thread.onSpinWait();
        }
        published.set(k);
      }
    } finally {
      stop.set(true);
      for (Thread t : readers) {
        t.join(10_000);
      }
    }
    assertThat(wrong).isEmpty();
    assertThat(reads.get()).isPositive();
    assertThat(total(await(svc.platformTiles()))).isEqualTo(400.0);
  }
}
