package dev.danvic.hmm.pools.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.danvic.hmm.pools.PoolConfig;
import static dev.danvic.hmm.pools.core.DashboardPoolServiceTest.await;
import static dev.danvic.hmm.pools.core.DashboardPoolServiceTest.pool;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A service with a shared {@link TileStore}: services sharing one store load a pool once per
 * window, fall back to their own load when the store is unreachable, and never hand it a secret.
 */
class DashboardPoolServiceTileStoreTest {
  final FakeTicker ticker = new FakeTicker();
  final FakePlugin solo = new FakePlugin("solopool");
  final FakePlugin braiins = new FakePlugin("braiins", List.of("BTC"), true);
  final MemoryTileStore store = new MemoryTileStore(ticker);
  final List<DashboardPoolService> services = new ArrayList<>();
  PoolRegistry registry;

  @BeforeEach
  void setUp() {
    Clock clock = Clock.fixed(DashboardPoolServiceTest.NOW, ZoneOffset.UTC);
    registry = PoolRegistry.builder().register(solo).register(braiins).transport(new FakeTransport(clock)).clock(clock).build();
  }

  @AfterEach
  void tearDown() {
    services.forEach(DashboardPoolService::close);
    registry.close();
  }

  private DashboardPoolService.Builder service(PoolConfig... pools) {
    return DashboardPoolService.builder(registry).pools(List.of(pools)).ticker(ticker);
  }

  private DashboardPoolService build(DashboardPoolService.Builder b) {
    DashboardPoolService s = b.build();
    services.add(s);
    return s;
  }

  private List<DashboardPoolService> three(PoolConfig... pools) {
    List<DashboardPoolService> out = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      // loads and refreshes run on the reading thread: a read returns once they have finished
      out.add(build(service(pools).tileStore(store).executor(Runnable::run)));
    }
    return out;
  }

  @Test
  void threeServicesSharingAStoreLoadEachPoolOncePerWindow() throws Exception {
    List<DashboardPoolService> services = three(pool("a", "solopool"), pool("b", "braiins"));
    for (int round = 0; round < 5; round++) {
      for (DashboardPoolService s : services) {
        Map<String, PoolTileSet> tiles = await(s.poolTiles());
        assertThat(tiles.get("a").tiles().healthMessage()).isEqualTo("a");
        assertThat(tiles.get("b").tiles().healthMessage()).isEqualTo("b");
      }
    }
    assertThat(solo.dashboardCalls).hasValue(1);
    assertThat(braiins.dashboardCalls).hasValue(1);

    // the next window (tile TTL 30 s): one load again, whichever service asks first
    ticker.advance(Duration.ofSeconds(31));
    for (int round = 0; round < 3; round++) {
      for (DashboardPoolService s : services) {
        await(s.poolTiles());
      }
    }
    assertThat(solo.dashboardCalls).as("one load per pool in the second window").hasValue(2);
    assertThat(braiins.dashboardCalls).hasValue(2);
  }

  @Test
  void anUnreachableStoreCostsOneLoadPerServiceAndNeverAWrongOrStuckPool() throws Exception {
    store.down = true;
    List<DashboardPoolService> services = three(pool("a", "solopool"));
    for (DashboardPoolService s : services) {
      assertThat(await(s.poolTiles("a")).orElseThrow().tiles().healthMessage()).isEqualTo("a");
      assertThat(await(s.health("a")).orElseThrow().healthy()).isTrue();
    }
    assertThat(solo.dashboardCalls).hasValue(3);
    store.down = false; // back: the next window is shared again
    ticker.advance(Duration.ofSeconds(61));
    for (DashboardPoolService s : services) {
      await(s.poolTiles("a"));
    }
    assertThat(store.stored()).as("the tiles stored once the store is back").isEqualTo(1);
    assertThat(solo.dashboardCalls).hasValue(4);
  }

  @Test
  void theStoreNeverSeesASecretAndAChangedPoolGetsANewKey() throws Exception {
    DashboardPoolService s = build(service(pool("b", "braiins")).tileStore(store));
    await(s.poolTiles());
    await(s.health("b"));
    PoolConfig changed = PoolConfig.builder().id("b").name("b").poolType("braiins").url("pool.example.invalid").port(3333).apiKey("other-token").build();
    s.putPool(changed);
    await(s.poolTiles());
    assertThat(store.seen).isNotEmpty().noneMatch(v -> v.contains("s3cret-token") || v.contains("other-token"));
    List<String> tileKeys = store.seen.stream().filter(k -> k.startsWith("tiles:b:")).distinct().toList();
    assertThat(tileKeys).hasSize(2);
    assertThat(braiins.dashboardCalls).hasValue(2);
  }

  @Test
  void aLoadsLeaseOutlivesItsDeadlineEvenAPluginsLongerMinimum() throws Exception {
    braiins.minimumDeadline = Duration.ofSeconds(30); // Braiins: 5 s between requests
    DashboardPoolService s =
        build(service(pool("a", "solopool"), pool("b", "braiins")).deadline(Duration.ofSeconds(10)).tileStore(store));
    await(s.poolTiles());
    Map<String, Duration> byPool = new java.util.HashMap<>();
    store.leases.forEach((k, v) -> byPool.put(k.split(":")[1], v));
    assertThat(byPool).containsEntry("a", Duration.ofSeconds(12)).containsEntry("b", Duration.ofSeconds(32));
  }

  @Test
  void invalidatingAPoolDropsItsSharedTilesForEveryService() throws Exception {
    List<DashboardPoolService> services = three(pool("a", "solopool"));
    await(services.get(0).poolTiles());
    assertThat(store.stored()).isEqualTo(1);
    services.get(1).invalidate("a");
    assertThat(store.stored()).isZero();
    await(services.get(2).poolTiles());
    assertThat(solo.dashboardCalls).hasValue(2);
  }

  @Test
  void withoutAStoreNothingChanges() throws Exception {
    DashboardPoolService a = build(service(pool("a", "solopool")));
    DashboardPoolService b = build(service(pool("a", "solopool")));
    await(a.poolTiles());
    await(b.poolTiles());
    assertThat(solo.dashboardCalls).hasValue(2); // each process its own cache, as before
    assertThat(store.seen).isEmpty();
  }

}
