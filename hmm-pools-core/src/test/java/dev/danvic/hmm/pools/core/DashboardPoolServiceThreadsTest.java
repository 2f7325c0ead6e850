package dev.danvic.hmm.pools.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.PoolConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A service's own threads stay at a fixed number, however many pools load at once. */
class DashboardPoolServiceThreadsTest {
  private static final int POOLS = 3000;

  @Test
  void loadingThousandsOfPoolsAtOnceUsesTheFixedNumberOfServiceThreads() throws Exception {
    Clock clock = Clock.fixed(Instant.parse("2026-02-05T12:00:00Z"), ZoneOffset.UTC);
    Set<Thread> launchers = ConcurrentHashMap.newKeySet();
    List<CompletableFuture<DashboardTileData>> answers = new CopyOnWriteArrayList<>();
    FakePlugin plugin =
        new FakePlugin("solopool")
            .tiles(
                (pool, ctx) -> {
                  launchers.add(Thread.currentThread());
                  busy(); // a plugin spends a little time before it returns its future
                  CompletableFuture<DashboardTileData> answer = new CompletableFuture<>();
                  answers.add(answer);
                  return answer;
                });
    List<PoolConfig> pools = new ArrayList<>();
    for (int i = 0; i < POOLS; i++) {
      pools.add(PoolConfig.builder().id("p" + i).poolType("solopool").url("pool.example.invalid").port(3333).build());
    }
    try (PoolRegistry registry =
            PoolRegistry.builder().register(plugin).transport(new FakeTransport(clock)).clock(clock).build();
        DashboardPoolService service = DashboardPoolService.builder(registry).pools(pools).build()) {
      CompletableFuture<Map<String, PoolTileSet>> all = service.poolTiles();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (answers.size() < POOLS && System.nanoTime() < end) {
        Thread.sleep(5);
      }
      assertThat(answers).as("every load started while none had answered").hasSize(POOLS);
      answers.forEach(a -> a.complete(DashboardTileData.builder(clock.instant()).currency("BTC").build()));
      assertThat(all.get(30, TimeUnit.SECONDS)).hasSize(POOLS);
    }
    assertThat(launchers)
        .as("threads that started plugin calls")
        .hasSizeLessThanOrEqualTo(DashboardPoolService.DEFAULT_EXECUTOR_THREADS)
        .allMatch(t -> t.getName().startsWith("hmm-pools-dashboard-"));
  }

  private static void busy() {
    long until = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(200);
    while (System.nanoTime() < until) {
      Thread.onSpinWait();
    }
  }
}
