package dev.danvic.hmm.pools.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.PoolConfig;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Answer now, fill in as pools arrive: the read budget, loading pools and stale-while-revalidate. */
class DashboardPoolServiceBudgetTest {
  static final Instant NOW = Instant.parse("2026-02-05T12:00:00Z");
  final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  final FakeTicker ticker = new FakeTicker();
  final FakePlugin fast = new FakePlugin("solopool");
  final FakePlugin slow = new FakePlugin("braiins");
  final PendingCalls<DashboardTileData> slowCalls = new PendingCalls<>();
  /** The budgets the service asked for, each a future the test completes to end it. */
  final List<Duration> budgetsAsked = new ArrayList<>();
  final List<CompletableFuture<Void>> budgets = new ArrayList<>();
  boolean budgetEnded;
  PoolRegistry registry;
  DashboardPoolService service;

  @BeforeEach
  void setUp() {
    slow.tiles(slowCalls);
    registry =
        PoolRegistry.builder()
            .register(fast)
            .register(slow)
            .transport(new FakeTransport(clock))
            .clock(clock)
            .build();
    service =
        DashboardPoolService.builder(registry)
            .pools(List.of(pool("p1", "solopool"), pool("p2", "braiins")))
            .ticker(ticker)
            .budgetTimer(
                budget -> {
                  synchronized (budgets) {
                    CompletableFuture<Void> over = new CompletableFuture<>();
                    if (budgetEnded) {
                      over.complete(null);
                    }
                    budgetsAsked.add(budget);
                    budgets.add(over);
                    return over;
                  }
                })
            .build();
  }

  @AfterEach
  void tearDown() {
    service.close();
    registry.close();
  }

  static PoolConfig pool(String id, String type) {
    return PoolConfig.builder().id(id).name(id).poolType(type).url("pool.example.invalid").port(3333).build();
  }

  /** Ends the budgets asked so far and every later one at once. */
  void endBudgets() {
    synchronized (budgets) {
      budgetEnded = true;
      budgets.forEach(b -> b.complete(null));
    }
  }

  static <T> T await(CompletableFuture<T> f) throws Exception {
    return f.get(10, TimeUnit.SECONDS);
  }

  @Test
  void aReadAnswersWhenTheBudgetEndsWithTheSlowPoolLoadingAndAnnouncesItWhenItArrives() throws Exception {
    EventRecorder events = new EventRecorder();
    service.addListener(events);

    CompletableFuture<PlatformTiles> platform = service.platformTiles();
    PendingCalls.Call<DashboardTileData> first = slowCalls.next();
    assertThat(platform).as("waits while the budget lasts").isNotDone();
    assertThat(budgetsAsked).containsOnly(Duration.ofMillis(DashboardPoolService.DEFAULT_READ_BUDGET_MS));
    // the fast pool's load runs on the service's executor: the budget ends once it has answered
    PoolChangeEvent fastArrived = events.await(Kind.TILES_REFRESHED);
    assertThat(fastArrived.poolId()).isEqualTo("p1");

    endBudgets();
    PlatformTiles tiles = await(platform);
    PlatformTiles.HealthTile health = tiles.tile1Health();
    assertThat(health.totalPools()).isEqualTo(2);
    assertThat(health.healthyPools()).isEqualTo(1);
    assertThat(health.unhealthyPools()).as("a loading pool is not unhealthy").isZero();
    assertThat(health.loadingPools()).isEqualTo(1);
    assertThat(health.status()).isEqualTo(PlatformTiles.Status.HEALTHY);
    assertThat(health.healthMessage()).isEqualTo("loading: Fake braiins 'p2'");

    Map<String, PoolTileSet> perPool = await(service.poolTiles());
    PoolTileSet loading = perPool.get("p2");
    assertThat(loading.loading()).isTrue();
    assertThat(loading.healthState()).isEqualTo("loading");
    assertThat(loading.tiles().healthStatus()).isFalse();
    assertThat(loading.tiles().healthMessage()).startsWith("loading: waiting for the first answer of");
    assertThat(perPool.get("p1").healthState()).isEqualTo("healthy");
    assertThat(slow.dashboardCalls).as("the load carries on; reads do not start another").hasValue(1);

    first.answer().complete(FakePlugin.goodTiles(first.pool(), first.context(), 4));
    PoolChangeEvent arrived = events.await(Kind.TILES_REFRESHED);
    while (!arrived.poolId().equals("p2")) {
      arrived = events.await(Kind.TILES_REFRESHED);
    }
    CompletableFuture<PlatformTiles> after = service.platformTiles();
    assertThat(after).as("every pool has answered: no wait").isDone();
    assertThat(after.join().tile1Health().loadingPools()).isZero();
    assertThat(after.join().tile1Health().healthyPools()).isEqualTo(2);
    assertThat(after.join().tile1Health().healthMessage()).isNull();
  }

  @Test
  void whenEveryPoolIsLoadingTheStatusIsLoading() throws Exception {
    fast.tiles((p, c) -> new CompletableFuture<>());
    CompletableFuture<PlatformTiles> platform = service.platformTiles();
    endBudgets();
    PlatformTiles.HealthTile health = await(platform).tile1Health();
    assertThat(health.status()).isEqualTo(PlatformTiles.Status.LOADING);
    assertThat(health.loadingPools()).isEqualTo(2);
    assertThat(health.healthMessage()).isEqualTo("loading: Fake solopool 'p1', Fake braiins 'p2'");
  }

  @Test
  void afterTheFirstLoadReadersGetTheLastTilesAtOnceWhileARefreshOrANewLoadRuns() throws Exception {
    EventRecorder events = new EventRecorder();
    service.addListener(events);
    CompletableFuture<Optional<PoolTileSet>> first = service.poolTiles("p2");
    PendingCalls.Call<DashboardTileData> load = slowCalls.next();
    load.answer().complete(FakePlugin.goodTiles(load.pool(), load.context(), 1));
    assertThat(await(first).orElseThrow().tiles().activeWorkers()).isEqualTo(1);

    ticker.advance(Duration.ofSeconds(31)); // due for refresh
    CompletableFuture<Optional<PoolTileSet>> refreshing = service.poolTiles("p2");
    assertThat(refreshing).isDone();
    assertThat(refreshing.join().orElseThrow().tiles().activeWorkers()).isEqualTo(1);
    PendingCalls.Call<DashboardTileData> refresh = slowCalls.next();

    ticker.advance(Duration.ofMinutes(5)); // expired while the refresh hangs
    CompletableFuture<Optional<PoolTileSet>> expired = service.poolTiles("p2");
    assertThat(expired).as("never a wait once the pool has answered").isDone();
    assertThat(expired.join().orElseThrow().loading()).isFalse();
    assertThat(expired.join().orElseThrow().tiles().activeWorkers()).isEqualTo(1);
    refresh.answer().complete(FakePlugin.goodTiles(refresh.pool(), refresh.context(), 2));
    PendingCalls.Call<DashboardTileData> reload = slowCalls.next();
    reload.answer().complete(FakePlugin.goodTiles(reload.pool(), reload.context(), 3));
    // the plugin's answer reaches the cache on the service's executor: each of the three loads
    // (first, refresh, new load) is announced once it is there
    for (int i = 0; i < 3; i++) {
      assertThat(events.await(Kind.TILES_REFRESHED).poolId()).isEqualTo("p2");
    }
    assertThat(await(service.poolTiles("p2")).orElseThrow().tiles().activeWorkers())
        .as("the new load's tiles; the refresh that hung was overtaken by it")
        .isEqualTo(3);
    assertThat(budgets).as("no read waited on a budget after the first").hasSize(1);
  }

  @Test
  void aLoadThatStartedBeforeAnInvalidateDoesNotBringItsTilesBackWhileTheNextLoadRuns() throws Exception {
    EventRecorder events = new EventRecorder();
    service.addListener(events);
    endBudgets(); // every read answers at once: loading, or the last tiles
    CompletableFuture<Optional<PoolTileSet>> before = service.poolTiles("p2");
    PendingCalls.Call<DashboardTileData> old = slowCalls.next();
    assertThat(await(before).orElseThrow().loading()).isTrue();

    service.invalidate("p2"); // the user asks for fresh tiles while the old load still runs
    CompletableFuture<Optional<PoolTileSet>> after = service.poolTiles("p2");
    PendingCalls.Call<DashboardTileData> fresh = slowCalls.next();
    assertThat(await(after).orElseThrow().loading()).isTrue();

    old.answer().complete(FakePlugin.goodTiles(old.pool(), old.context(), 1)); // answers late
    assertThat(events.await(Kind.TILES_REFRESHED).poolId()).isEqualTo("p2");
    assertThat(await(service.poolTiles("p2")).orElseThrow().loading())
        .as("the invalidated load's tiles are not served while the fresh load runs")
        .isTrue();

    fresh.answer().complete(FakePlugin.goodTiles(fresh.pool(), fresh.context(), 2));
    assertThat(events.await(Kind.TILES_REFRESHED).poolId()).isEqualTo("p2");
    assertThat(await(service.poolTiles("p2")).orElseThrow().tiles().activeWorkers()).isEqualTo(2);
  }

  @Test
  void closingWithALoadInFlightLogsNoWarning() throws Exception {
    // Caffeine logs (through System.Logger, java.util.logging by default) every load that fails
    // with anything but a plain CancellationException: a user would puzzle over such a warning
    java.util.logging.Logger caffeine = java.util.logging.Logger.getLogger("com.github.benmanes.caffeine");
    List<java.util.logging.LogRecord> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.logging.Handler handler =
        new java.util.logging.Handler() {
          @Override
          public void publish(java.util.logging.LogRecord r) {
            logged.add(r);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    caffeine.addHandler(handler);
    try {
      endBudgets();
      assertThat(await(service.poolTiles("p2")).orElseThrow().loading()).isTrue();
      slowCalls.next(); // the load runs, never answered
      service.close();
      registry.close();
      assertThat(logged).extracting(java.util.logging.LogRecord::getMessage).isEmpty();
    } finally {
      caffeine.removeHandler(handler);
    }
  }

  @Test
  void theLoadingStateIsWrittenInJsonAndReadBack() throws Exception {
    CompletableFuture<Map<String, PoolTileSet>> read = service.poolTiles();
    slowCalls.next();
    endBudgets();
    PoolTileSet loading = await(read).get("p2");
    ObjectMapper json = HmmPoolsJson.mapper();
    JsonNode node = json.readTree(json.writeValueAsString(loading));
    assertThat(node.at("/tile_1_health/health_state").asText()).isEqualTo("loading");
    assertThat(node.at("/tile_1_health/health_status").asBoolean()).isFalse();
    assertThat(json.readValue(json.writeValueAsString(loading), PoolTileSet.class)).isEqualTo(loading);

    PlatformTiles platform = TileAggregator.aggregate(List.of(loading), NOW);
    JsonNode p = json.readTree(json.writeValueAsString(platform));
    assertThat(p.at("/tile_1_health/loading_pools").asInt()).isEqualTo(1);
    assertThat(p.at("/tile_1_health/status").asText()).isEqualTo("loading");
    assertThat(p.at("/tile_1_health/health_message").asText()).isEqualTo("loading: Fake braiins 'p2'");
    assertThat(json.readValue(json.writeValueAsString(platform), PlatformTiles.class)).isEqualTo(platform);
  }

  @Test
  void aNegativeBudgetIsRefusedByName() {
    assertThatThrownBy(() -> DashboardPoolService.builder(registry).readBudget(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("readBudget");
  }
}
