package dev.danvic.hmm.pools.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.InvalidPoolConfigException;
import dev.danvic.hmm.pools.PoolApiException;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.PoolHealthStatus;
import dev.danvic.hmm.pools.core.PoolChangeEvent.Kind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DashboardPoolServiceTest {
  static final Instant NOW = Instant.parse("2026-02-05T12:00:00Z");
  final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  final FakeTransport transport = new FakeTransport(clock);
  final FakeTicker ticker = new FakeTicker();
  final FakePlugin solo = new FakePlugin("solopool");
  final FakePlugin braiins = new FakePlugin("braiins", List.of("BTC"), true);
  final FakePlugin mmfp = new FakePlugin("mmfp");
  final List<AutoCloseable> toClose = new ArrayList<>();
  PoolRegistry registry;

  @BeforeEach
  void setUp() {
    registry =
        PoolRegistry.builder().register(solo).register(braiins).register(mmfp).transport(transport).clock(clock).build();
  }

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
    registry.close();
  }

  DashboardPoolService.Builder service(PoolConfig... pools) {
    // the read budget never runs out here: these tests are about caching, not the budget
    // (DashboardPoolServiceBudgetTest is)
    return DashboardPoolService.builder(registry)
        .pools(List.of(pools))
        .ticker(ticker)
        .budgetTimer(budget -> new CompletableFuture<>());
  }

  DashboardPoolService build(DashboardPoolService.Builder b) {
    DashboardPoolService s = b.build();
    toClose.add(s);
    return s;
  }

  static PoolConfig pool(String id, String type) {
    PoolConfig.Builder b = PoolConfig.builder().id(id).name(id).poolType(type).url("pool.example.invalid").port(3333);
    return (type.equals("braiins") ? b.apiKey("s3cret-token") : b).build();
  }

  static <T> T await(CompletableFuture<T> f) throws Exception {
    return f.get(10, TimeUnit.SECONDS);
  }

  static Integer workers(Optional<PoolTileSet> set) {
    return set.orElseThrow().tiles().activeWorkers();
  }

  @Test
  void theSameAccountWatchedTwiceCountsOnceInThePlatformTotals() throws Exception {
    solo.tiles(
        (p, c) ->
            CompletableFuture.completedFuture(
                DashboardTileData.builder(c.now()).poolHashrate(1e12).currency("BTC").build()));
    PoolConfig wallet = pool("a", "solopool").toBuilder().username("bc1qsame").build();
    PoolConfig sameAgain = pool("b", "solopool").toBuilder().username("bc1qsame").build();
    PoolConfig otherWallet = pool("c", "solopool").toBuilder().username("bc1qother").build();
    DashboardPoolService svc = build(service(wallet, sameAgain, otherWallet));

    PlatformTiles platform = await(svc.platformTiles());
    assertThat(platform.tile1Health().totalPools()).isEqualTo(3);
    assertThat(platform.tile2Network().totalPoolHashrate()).isEqualTo(2e12);
    assertThat(platform.byCoin().get("BTC").pools()).isEqualTo(2);
    assertThat(DashboardPoolService.accountKey(pool("d", "solopool"))).as("no user name: its own").isNull();
    assertThat(DashboardPoolService.accountKey(wallet.toBuilder().config(PoolConfig.API_BASE_URL, "http://127.0.0.1:8080/api").build()))
        .as("another API origin is another account")
        .isNotEqualTo(DashboardPoolService.accountKey(wallet));
  }

  // ------------------------------------------------------------ single flight and caching

  @Test
  void hundredConcurrentCallersOnAColdCacheCauseOnePluginCall() throws Exception {
    PendingCalls<DashboardTileData> pending = new PendingCalls<>();
    solo.tiles(pending);
    DashboardPoolService svc = build(service(pool("p1", "solopool")));
    List<CompletableFuture<?>> reads =
        Callers.atOnce(100, i -> i % 2 == 0 ? svc.platformTiles() : svc.poolTiles("p1"));
    PendingCalls.Call<DashboardTileData> call = pending.next();
    call.answer().complete(FakePlugin.goodTiles(call.pool(), call.context(), 7));
    for (CompletableFuture<?> read : reads) {
      await(read);
    }
    assertThat(solo.dashboardCalls).hasValue(1);
    assertThat(pending.waiting()).isZero();
    assertThat(workers(await(svc.poolTiles("p1")))).isEqualTo(7);
  }

  @Test
  void tilesAreRefreshedInTheBackgroundAfterTheTtlAndServedAtOnceEvenPastTwiceIt() throws Exception {
    PendingCalls<DashboardTileData> pending = new PendingCalls<>();
    solo.tiles(pending);
    ManualExecutor executor = new ManualExecutor();
    DashboardPoolService svc = build(service(pool("p1", "solopool")).executor(executor));

    CompletableFuture<Optional<PoolTileSet>> first = svc.poolTiles("p1");
    executor.runAll();
    pending.next().answer().complete(tiles(1));
    assertThat(workers(await(first))).isEqualTo(1);

    ticker.advance(Duration.ofSeconds(29));
    assertThat(workers(await(svc.poolTiles("p1")))).as("fresh: served from the cache").isEqualTo(1);
    executor.runAll();
    assertThat(pending.waiting()).isZero();

    ticker.advance(Duration.ofSeconds(2)); // 31 s: due for refresh
    assertThat(workers(await(svc.poolTiles("p1")))).as("the previous tiles while refreshing").isEqualTo(1);
    executor.runAll();
    pending.next().answer().complete(tiles(2));
    assertThat(workers(await(svc.poolTiles("p1")))).isEqualTo(2);

    ticker.advance(Duration.ofSeconds(61)); // more than 2 x 30 s after the refresh
    CompletableFuture<Optional<PoolTileSet>> late = svc.poolTiles("p1");
    assertThat(late).as("stale-while-revalidate: expired tiles are served at once").isDone();
    assertThat(workers(await(late))).isEqualTo(2);
    executor.runAll();
    pending.next().answer().complete(tiles(3));
    assertThat(workers(await(svc.poolTiles("p1")))).as("the new load's tiles").isEqualTo(3);
    assertThat(solo.dashboardCalls).hasValue(3);
  }

  @Test
  void errorTilesAreKeptOnlyForTheErrorTtl() throws Exception {
    PendingCalls<DashboardTileData> pending = new PendingCalls<>();
    solo.tiles(pending);
    ManualExecutor executor = new ManualExecutor();
    DashboardPoolService svc =
        build(service(pool("p1", "solopool")).errorTtl(Duration.ofSeconds(5)).executor(executor));

    CompletableFuture<Optional<PoolTileSet>> first = svc.poolTiles("p1");
    executor.runAll();
    pending.next().answer().completeExceptionally(PoolApiException.forStatus(502, "http://127.0.0.1/api/stats"));
    DashboardTileData error = await(first).orElseThrow().tiles();
    assertThat(error.healthStatus()).isFalse();
    assertThat(error.healthMessage()).isEqualTo("Fake solopool: HTTP 502 (server error) from http://127.0.0.1/api/stats");

    ticker.advance(Duration.ofSeconds(4));
    assertThat(await(svc.poolTiles("p1")).orElseThrow().tiles()).isEqualTo(error);
    executor.runAll();
    assertThat(pending.waiting()).isZero();

    ticker.advance(Duration.ofSeconds(2));
    CompletableFuture<Optional<PoolTileSet>> retry = svc.poolTiles("p1");
    assertThat(await(retry).orElseThrow().tiles())
        .as("the pool is asked again; meanwhile its last tiles are served at once")
        .isEqualTo(error);
    executor.runAll();
    pending.next().answer().complete(tiles(5));
    assertThat(workers(await(svc.poolTiles("p1")))).isEqualTo(5);
  }

  @Test
  void healthIsCachedForItsOwnConfigurableTtl() throws Exception {
    PendingCalls<PoolHealthStatus> pending = new PendingCalls<>();
    solo.health(pending);
    ManualExecutor executor = new ManualExecutor();
    DashboardPoolService svc =
        build(service(pool("p1", "solopool")).healthTtl(Duration.ofSeconds(20)).executor(executor));

    CompletableFuture<Optional<PoolHealthStatus>> first = svc.health("p1");
    executor.runAll();
    pending.next().answer().complete(PoolHealthStatus.healthy(11.0, NOW));
    assertThat(await(first).orElseThrow().latencyMs()).isEqualTo(11.0);

    ticker.advance(Duration.ofSeconds(19));
    assertThat(await(svc.health("p1")).orElseThrow().latencyMs()).isEqualTo(11.0);
    executor.runAll();
    assertThat(pending.waiting()).isZero();

    ticker.advance(Duration.ofSeconds(2));
    assertThat(await(svc.health("p1")).orElseThrow().latencyMs()).isEqualTo(11.0);
    executor.runAll();
    pending.next().answer().complete(PoolHealthStatus.healthy(22.0, NOW));
    assertThat(await(svc.health("p1")).orElseThrow().latencyMs()).isEqualTo(22.0);
    assertThat(solo.healthCalls).hasValue(2);
    assertThat(solo.dashboardCalls).as("health never reads tiles").hasValue(0);
  }

  @Test
  void invalidateMakesTheNextReadAskThePoolAgain() throws Exception {
    DashboardPoolService svc = build(service(pool("p1", "solopool"), pool("p2", "mmfp")));
    await(svc.poolTiles());
    await(svc.poolTiles());
    assertThat(solo.dashboardCalls).hasValue(1);

    assertThat(svc.invalidate("p1")).isTrue();
    await(svc.poolTiles());
    assertThat(solo.dashboardCalls).hasValue(2);
    assertThat(mmfp.dashboardCalls).hasValue(1);

    assertThat(svc.invalidate("nope")).isFalse();
    svc.invalidateAll();
    await(svc.poolTiles());
    assertThat(solo.dashboardCalls).hasValue(3);
    assertThat(mmfp.dashboardCalls).hasValue(2);
  }

  // ------------------------------------------------------------ parallel fetch and failures

  @Test
  void twentySlowPoolsAreFetchedInParallel() throws Exception {
    solo.tiles(
        (p, c) ->
            CompletableFuture.supplyAsync(
                () -> FakePlugin.goodTiles(p, c, 1), CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS)));
    List<PoolConfig> pools = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      pools.add(pool("p" + i, "solopool"));
    }
    DashboardPoolService svc = build(DashboardPoolService.builder(registry).pools(pools));

    long start = System.nanoTime();
    Map<String, PoolTileSet> tiles = await(svc.poolTiles());
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(tiles).hasSize(20);
    assertThat(tiles.values()).allSatisfy(t -> assertThat(t.tiles().healthStatus()).isTrue());
    assertThat(took).as("sequential would take 10 s").isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aFailingAndAHungPoolLeaveTheOtherTilesRightAndTheAggregateOnTime() throws Exception {
    braiins.tiles((p, c) -> CompletableFuture.failedFuture(PoolApiException.forStatus(500, "http://127.0.0.1/x")));
    mmfp.tiles((p, c) -> new CompletableFuture<>());
    DashboardPoolService svc =
        build(
            service(pool("good", "solopool"), pool("failing", "braiins"), pool("hung", "mmfp"))
                .deadline(Duration.ofSeconds(1)));

    long start = System.nanoTime();
    Map<String, PoolTileSet> tiles = await(svc.poolTiles());
    await(svc.platformTiles());
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(tiles.keySet()).containsExactly("good", "failing", "hung");
    assertThat(tiles.get("good").tiles().healthStatus()).isTrue();
    assertThat(tiles.get("good").tiles().healthMessage()).isEqualTo("good");
    assertThat(tiles.get("good").displayName()).isEqualTo("Fake solopool");
    assertThat(tiles.get("failing").tiles().healthStatus()).isFalse();
    assertThat(tiles.get("failing").tiles().healthMessage()).startsWith("Fake braiins: HTTP 500");
    assertThat(tiles.get("hung").tiles().healthStatus()).isFalse();
    assertThat(tiles.get("hung").tiles().healthMessage()).isEqualTo("Fake mmfp: timed out after 1 s");
    assertThat(took).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aPluginThatBlocksBeforeReturningDoesNotHoldUpTheOthers() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    mmfp.tiles(
        (p, c) -> {
          try {
            release.await(); // a badly written plugin blocking the calling thread
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return CompletableFuture.completedFuture(FakePlugin.goodTiles(p, c, 0));
        });
    try {
      DashboardPoolService svc =
          build(service(pool("good", "solopool"), pool("blocking", "mmfp")).deadline(Duration.ofSeconds(1)));
      Map<String, PoolTileSet> tiles = svc.poolTiles().get(5, TimeUnit.SECONDS);
      assertThat(tiles.get("good").tiles().healthStatus()).isTrue();
      assertThat(tiles.get("blocking").tiles().healthMessage()).isEqualTo("Fake mmfp: timed out after 1 s");
    } finally {
      release.countDown();
    }
  }

  @Test
  void thePerPoolDeadlineIsHandedToTheTransport() throws Exception {
    DashboardPoolService svc = build(service(pool("p1", "solopool")).deadline(Duration.ofSeconds(4)));
    await(svc.poolTiles("p1"));
    assertThat(transport.opened).containsExactly(new FakeTransport.Opened("p1", NOW.plusSeconds(4)));
  }

  // ------------------------------------------------------------ pools

  @Test
  void badPoolsAreRefusedNamingTheFieldAndNothingIsHalfRegistered() throws Exception {
    DashboardPoolService svc = build(service(pool("p1", "solopool")));
    EventRecorder events = new EventRecorder();
    svc.addListener(events);

    assertThatThrownBy(() -> svc.putPool(pool("p2", "nope")))
        .isInstanceOfSatisfying(InvalidPoolConfigException.class, e -> assertThat(e.field()).isEqualTo("pool_type"))
        .hasMessageContaining("unknown pool_type 'nope'");
    PoolConfig noKey = pool("p3", "braiins").toBuilder().apiKey(null).build();
    assertThatThrownBy(() -> svc.putPool(noKey))
        .isInstanceOfSatisfying(InvalidPoolConfigException.class, e -> assertThat(e.field()).isEqualTo("api_key"));
    PoolConfig replacedBadly = pool("p1", "braiins").toBuilder().apiKey(null).build();
    assertThatThrownBy(() -> svc.putPool(replacedBadly)).isInstanceOf(InvalidPoolConfigException.class);

    assertThat(svc.pools()).extracting(PoolConfig::id).containsExactly("p1");
    assertThat(svc.pools().get(0).poolType()).isEqualTo("solopool");
    assertThat(events.all).isEmpty();
    assertThat(await(svc.poolTiles()).keySet()).containsExactly("p1");
    assertThat(braiins.dashboardCalls).hasValue(0);
  }

  @Test
  void theBuilderRefusesABadPoolAndDuplicateIds() {
    assertThatThrownBy(() -> service(pool("p1", "solopool"), pool("p2", "nope")).build())
        .isInstanceOfSatisfying(InvalidPoolConfigException.class, e -> assertThat(e.field()).isEqualTo("pool_type"));
    assertThatThrownBy(() -> service(pool("p1", "solopool"), pool("p1", "mmfp")).build())
        .isInstanceOfSatisfying(InvalidPoolConfigException.class, e -> assertThat(e.field()).isEqualTo("id"))
        .hasMessageContaining("'p1'");
    assertThatThrownBy(() -> service().tileTtl(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tileTtl");
  }

  @Test
  void aReplacedPoolIsNeverServedTilesFromItsOldConfig() throws Exception {
    PendingCalls<DashboardTileData> pending = new PendingCalls<>();
    solo.tiles(pending);
    DashboardPoolService svc = build(service(pool("p1", "solopool")));
    EventRecorder events = new EventRecorder();
    svc.addListener(events);

    CompletableFuture<Optional<PoolTileSet>> before = svc.poolTiles("p1");
    PendingCalls.Call<DashboardTileData> oldLoad = pending.next();
    svc.putPool(pool("p1", "solopool").toBuilder().name("renamed").build());
    oldLoad.answer().complete(FakePlugin.goodTiles(oldLoad.pool(), oldLoad.context(), 1)); // finishes late

    CompletableFuture<Optional<PoolTileSet>> after = svc.poolTiles("p1");
    PendingCalls.Call<DashboardTileData> newLoad = pending.next();
    assertThat(newLoad.pool().name()).isEqualTo("renamed");
    newLoad.answer().complete(FakePlugin.goodTiles(newLoad.pool(), newLoad.context(), 2));

    assertThat(await(after).orElseThrow().tiles().healthMessage()).isEqualTo("renamed");
    assertThat(await(svc.poolTiles()).get("p1").tiles().healthMessage()).isEqualTo("renamed");
    assertThat(await(before).orElseThrow().tiles().healthMessage())
        .as("a read that began before the update may see the old tiles")
        .isEqualTo("p1");
    events.await(Kind.TILES_REFRESHED);
    assertThat(events.all)
        .extracting(PoolChangeEvent::kind)
        .as("the late load of the old config is not announced")
        .containsExactly(Kind.UPDATED, Kind.TILES_REFRESHED);
  }

  @Test
  void disabledPoolsAreKeptButNeitherFetchedNorShown() throws Exception {
    PoolConfig off = pool("off", "solopool").toBuilder().enabled(false).build();
    DashboardPoolService svc = build(service(pool("on", "solopool"), off));

    assertThat(await(svc.poolTiles()).keySet()).containsExactly("on");
    await(svc.platformTiles());
    assertThat(await(svc.poolTiles("off"))).isEmpty();
    assertThat(await(svc.health("off"))).isEmpty();
    assertThat(await(svc.poolTiles("unknown"))).isEmpty();
    assertThat(svc.pools()).extracting(PoolConfig::id).containsExactly("on", "off");
    assertThat(solo.dashboardPools).extracting(PoolConfig::id).containsOnly("on");
  }

  @Test
  void poolTilesKeepTheOrderPoolsWereAddedIn() throws Exception {
    DashboardPoolService svc = build(service(pool("z", "solopool"), pool("a", "mmfp"), pool("m", "solopool")));
    assertThat(await(svc.poolTiles()).keySet()).containsExactly("z", "a", "m");

    svc.putPool(pool("a", "solopool"));
    svc.putPool(pool("b", "mmfp"));
    assertThat(await(svc.poolTiles()).keySet()).containsExactly("z", "a", "m", "b");
    assertThat(await(svc.poolTiles()).get("a").poolType()).isEqualTo("solopool");

    assertThat(svc.removePool("a")).isTrue();
    assertThat(svc.removePool("a")).isFalse();
    assertThat(await(svc.poolTiles()).keySet()).containsExactly("z", "m", "b");
  }

  // ------------------------------------------------------------ listeners and close

  @Test
  void listenersHearEveryChangeAndAThrowingOneBreaksNothing() throws Exception {
    DashboardPoolService svc = build(service());
    svc.addListener(
        e -> {
          throw new IllegalStateException("listener bug");
        });
    EventRecorder events = new EventRecorder();
    PoolChangeListener.Registration registration = svc.addListener(events);

    svc.putPool(pool("p1", "solopool"));
    svc.putPool(pool("p1", "mmfp"));
    await(svc.poolTiles("p1"));
    events.await(Kind.TILES_REFRESHED);
    svc.invalidate("p1");
    svc.removePool("p1");

    assertThat(events.all)
        .containsExactly(
            new PoolChangeEvent(Kind.ADDED, "p1", NOW),
            new PoolChangeEvent(Kind.UPDATED, "p1", NOW),
            new PoolChangeEvent(Kind.TILES_REFRESHED, "p1", NOW),
            new PoolChangeEvent(Kind.INVALIDATED, "p1", NOW),
            new PoolChangeEvent(Kind.REMOVED, "p1", NOW));

    registration.close();
    registration.close();
    svc.putPool(pool("p2", "solopool"));
    assertThat(events.all).hasSize(5);
  }

  @Test
  void aHealthCheckIsAnnouncedOnceAndACachedStatusIsNot() throws Exception {
    DashboardPoolService svc = build(service(pool("p1", "solopool")));
    EventRecorder events = new EventRecorder();
    svc.addListener(events);
    await(svc.health("p1"));
    events.await(Kind.HEALTH_CHECKED);
    await(svc.health("p1")); // served from the cache: nothing new to tell
    await(svc.poolTiles("p1"));
    events.await(Kind.TILES_REFRESHED);
    assertThat(events.all)
        .containsExactly(
            new PoolChangeEvent(Kind.HEALTH_CHECKED, "p1", NOW), new PoolChangeEvent(Kind.TILES_REFRESHED, "p1", NOW));
  }

  @Test
  void aListenerMayReadTheServiceWhenToldOfNewTiles() throws Exception {
    DashboardPoolService svc = build(service(pool("p1", "solopool")));
    CompletableFuture<Map<String, PoolTileSet>> seen = new CompletableFuture<>();
    svc.addListener(
        e -> {
          if (e.kind() == Kind.TILES_REFRESHED) {
            svc.poolTiles().thenAccept(seen::complete);
          }
        });
    await(svc.poolTiles());
    assertThat(await(seen)).containsOnlyKeys("p1");
    assertThat(solo.dashboardCalls).hasValue(1);
  }

  @Test
  void closeReleasesOnlyWhatTheServiceCreatedAndRefusesEveryLaterCall() throws Exception {
    ExecutorService given = Executors.newFixedThreadPool(2);
    try {
      DashboardPoolService svc = service(pool("p1", "solopool")).executor(given).build();
      await(svc.poolTiles());
      svc.close();
      svc.close();

      assertThat(given.isShutdown()).isFalse();
      assertThat(registry.poolDashboardData(pool("p1", "solopool")).join().healthStatus())
          .as("the registry stays usable")
          .isTrue();
      List<Runnable> calls =
          List.of(
              svc::platformTiles,
              svc::poolTiles,
              () -> svc.poolTiles("p1"),
              () -> svc.health("p1"),
              svc::pools,
              () -> svc.putPool(pool("p2", "solopool")),
              () -> svc.removePool("p1"),
              () -> svc.invalidate("p1"),
              svc::invalidateAll,
              () -> svc.addListener(e -> {}));
      for (Runnable call : calls) {
        assertThatThrownBy(call::run)
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("DashboardPoolService is closed");
      }
    } finally {
      given.shutdownNow();
    }
  }

  private static DashboardTileData tiles(int workers) {
    return DashboardTileData.builder(NOW).activeWorkers(workers).build();
  }
}
