package dev.danvic.hmm.pools.benchmarks;

import dev.danvic.hmm.pools.core.PlatformTiles;
import dev.danvic.hmm.pools.simulator.PoolSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measure 2: K readers ask a cold service for the platform tiles at the same moment; how many
 * requests reach each pool endpoint. Each reader is its own thread, all released together by one
 * latch; the pools answer slowly enough that every reader has asked before the first answer.
 */
final class SingleFlight {
  private SingleFlight() {}

  /**
   * @param pools running simulators, at least {@code poolCount}
   * @param poolCount how many pools the service watches
   * @param latency how long the pools take to answer (long enough for every reader to ask first)
   * @param readers the K to measure
   * @return one row per K
   */
  static List<Row> run(SimulatedPools pools, int poolCount, Duration latency, int[] readers) {
    List<Row> rows = new ArrayList<>();
    List<PoolSimulator> sims = pools.simulators(poolCount);
    Duration before = sims.get(0).latency();
    sims.forEach(s -> s.setLatency(latency));
    try {
      for (int k : readers) {
        rows.add(once(pools, sims, poolCount, latency, k));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      rows.add(Row.failed("2 single flight", "K=?", "exactly 1", "interrupted"));
    } finally {
      sims.forEach(s -> s.setLatency(before));
    }
    return rows;
  }

  private static Row once(SimulatedPools pools, List<PoolSimulator> sims, int poolCount, Duration latency, int k)
      throws InterruptedException {
    sims.forEach(PoolSimulator::resetCounts);
    try (Sdk sdk = Sdk.start(pools.configs(poolCount))) {
      CountDownLatch ready = new CountDownLatch(k);
      CountDownLatch go = new CountDownLatch(1);
      AtomicLong lastAsked = new AtomicLong();
      AtomicInteger incomplete = new AtomicInteger();
      List<Thread> threads = new ArrayList<>(k);
      for (int i = 0; i < k; i++) {
        Thread t = new Thread(() -> {
          ready.countDown();
          try {
            go.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            incomplete.incrementAndGet();
            return;
          }
          long asked = System.nanoTime();
          lastAsked.accumulateAndGet(asked, Math::max);
          PlatformTiles tiles = sdk.service.platformTiles().join();
          if (tiles.tile1Health().healthyPools() != poolCount) {
            incomplete.incrementAndGet();
          }
        }, "reader-" + i);
        t.setDaemon(true);
        threads.add(t);
        t.start();
      }
      ready.await();
      long opened = System.nanoTime();
      go.countDown();
      for (Thread t : threads) {
        t.join();
      }
      long spread = lastAsked.get() - opened;

      long min = Long.MAX_VALUE;
      long max = 0;
      int endpoints = 0;
      for (PoolSimulator sim : sims) {
        Map<String, Long> counts = sim.requestCounts();
        endpoints += counts.size();
        for (long c : counts.values()) {
          min = Math.min(min, c);
          max = Math.max(max, c);
        }
      }
      boolean allEndpoints = endpoints == poolCount * SimulatedPools.REQUESTS_PER_REFRESH;
      String figure =
          (min == max ? String.valueOf(max) : min + " to " + max)
              + " per endpoint (" + endpoints + " endpoints of " + poolCount + " pools); every read asked within "
              + Units.millis(spread) + " of the start, L=" + latency.toMillis() + " ms"
              + (incomplete.get() > 0 ? "; " + incomplete.get() + " reads incomplete" : "");
      boolean met = allEndpoints && min == 1 && max == 1 && incomplete.get() == 0;
      return new Row("2 single flight, cold cache", "K=" + k, figure, "exactly 1", Row.Verdict.of(met));
    }
  }
}
