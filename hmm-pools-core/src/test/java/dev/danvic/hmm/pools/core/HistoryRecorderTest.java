package dev.danvic.hmm.pools.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.core.history.HistoryMetric;
import dev.danvic.hmm.pools.core.history.HistoryPoint;
import dev.danvic.hmm.pools.core.history.HistoryRecorder;
import dev.danvic.hmm.pools.core.history.HistoryRetention;
import dev.danvic.hmm.pools.core.history.InMemoryHistoryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The recorder turns each refresh of the service into one history sample. */
class HistoryRecorderTest {
  static final Instant START = Instant.parse("2026-03-01T00:00:00Z");

  @Test
  void everyRefreshHealthyOrNotBecomesOneSampleWithShareIncreases() {
    ManualTime time = new ManualTime(START);
    FakePlugin plugin = new FakePlugin("solopool");
    AtomicLong valid = new AtomicLong(1_000);
    plugin.tiles(
        (p, c) ->
            valid.get() < 0
                ? CompletableFuture.failedFuture(new IllegalStateException("HTTP 503 from pool"))
                : CompletableFuture.completedFuture(
                    DashboardTileData.builder(c.now()).userHashrate(4e12).shares(valid.get(), null, null).latencyMs(20.0).build()));
    ManualExecutor executor = new ManualExecutor();
    InMemoryHistoryStore store = InMemoryHistoryStore.create(time.clock(), HistoryRetention.defaults());
    try (PoolRegistry registry =
            PoolRegistry.builder().register(plugin).transport(new FakeTransport(time.clock())).clock(time.clock()).build();
        DashboardPoolService service = service(registry, time, executor);
        HistoryRecorder recorder = HistoryRecorder.attach(service, store)) {
      refresh(service, executor);
      time.advance(Duration.ofSeconds(30));
      valid.set(1_300);
      refresh(service, executor);
      time.advance(Duration.ofSeconds(30));
      valid.set(-1); // the pool fails
      refresh(service, executor);
      executor.runAll();

      List<HistoryPoint> points = store.points("p1", START, time.clock().instant().plusSeconds(1));
      assertThat(points).hasSize(3);
      assertThat(points.get(0).avg(HistoryMetric.USER_HASHRATE)).isEqualTo(4e12);
      assertThat(points.get(0).count(HistoryMetric.SHARES_VALID)).as("no previous refresh").isZero();
      assertThat(points.get(1).avg(HistoryMetric.SHARES_VALID)).isEqualTo(300.0);
      assertThat(points.get(2).healthySamples()).isZero();
      assertThat(points.get(2).avg(HistoryMetric.USER_HASHRATE)).isNull();
    }
  }

  @Test
  void recordingNeverMakesTheServiceAskThePoolAgain() {
    ManualTime time = new ManualTime(START);
    FakePlugin plugin = new FakePlugin("solopool");
    ManualExecutor executor = new ManualExecutor();
    InMemoryHistoryStore store = InMemoryHistoryStore.create(time.clock(), HistoryRetention.defaults());
    try (PoolRegistry registry =
            PoolRegistry.builder().register(plugin).transport(new FakeTransport(time.clock())).clock(time.clock()).build();
        DashboardPoolService service = service(registry, time, executor);
        HistoryRecorder recorder = HistoryRecorder.attach(service, store)) {
      CompletableFuture<?> read = service.poolTiles("p1"); // the load is queued on the executor
      service.invalidate("p1"); // the tiles are dropped before the load ends and is announced
      executor.runAll();
      read.join();

      assertThat(plugin.dashboardCalls.get()).as("only the application's read asked the pool").isEqualTo(1);
      assertThat(store.poolIds()).as("nothing cached to record; the next load will be").isEmpty();
      refresh(service, executor);
      assertThat(store.points("p1", START, START.plusSeconds(1))).hasSize(1);
    }
  }

  private static DashboardPoolService service(PoolRegistry registry, ManualTime time, ManualExecutor executor) {
    return DashboardPoolService.builder(registry)
        .pools(List.of(PoolConfig.builder().id("p1").name("p1").poolType("solopool").url("pool.example.invalid").port(3333).build()))
        .executor(executor)
        .ticker(new FakeTicker())
        .clock(time.clock())
        .build();
  }

  private static void refresh(DashboardPoolService service, ManualExecutor executor) {
    service.invalidate("p1");
    CompletableFuture<?> read = service.poolTiles("p1");
    executor.runAll();
    read.join();
    executor.runAll();
  }
}
