package dev.danvic.hmm.pools.benchmarks;

import dev.danvic.hmm.pools.core.HttpPoolTransport;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;

/**
 * Measure 4: the heap a configured pool keeps at steady state. The live heap (after forced full
 * collections) is read before the SDK exists and again once it watches N pools whose tiles were
 * refreshed a few times; the difference, divided by N, is what one pool costs, the service's,
 * registry's and transport's fixed cost shared out (it is small next to N pools). The simulators
 * run throughout, so their own memory is in both readings.
 */
final class MemoryPerPool {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private MemoryPerPool() {}

  /**
   * @param pools running simulators, at least {@code n}
   * @param n how many pools to configure
   * @param refreshes how many refreshes before the reading
   * @param aimKiB the most KiB per pool the aim allows
   * @return one row
   * @throws InterruptedException when interrupted while the heap settles
   */
  static Row run(SimulatedPools pools, int n, int refreshes, double aimKiB) throws InterruptedException {
    long before = liveHeap();
    HttpPoolTransport transport = HttpPoolTransport.create(); // the defaults, and a hand on its connections
    Sdk sdk = Sdk.start(pools.configs(n), transport);
    long after;
    long afterKept;
    int connections;
    int healthy;
    long threads;
    try {
      healthy = sdk.service.platformTiles().join().tile1Health().healthyPools();
      for (int i = 1; i < refreshes; i++) {
        healthy = sdk.refresh().tile1Health().healthyPools();
      }
      pools.resetCounts(); // the simulators' own per-path counters are not the SDK's memory
      // with the idle connections kept for the next refresh, as the transport does; this counts
      // the simulators' side of those connections too, since they share this heap
      afterKept = liveHeap();
      connections = transport.openConnections();
      transport.closeIdleConnections();
      Thread.sleep(1500); // the simulators notice the closed connections and drop theirs
      after = liveHeap();
      threads = transportThreads();
      Reference.reachabilityFence(sdk);
    } finally {
      sdk.close();
      transport.close();
    }
    double perPoolKiB = (after - before) / (double) n / 1024;
    String figure =
        Units.fixed(perPoolKiB, 1) + " KiB per pool (" + Units.bytes(after - before) + " for " + n + " pools after "
            + refreshes + " refreshes, idle connections closed, " + threads + " transport threads alive; "
            + Units.fixed((afterKept - before) / (double) n / 1024, 1) + " KiB per pool with its " + connections
            + " idle connections kept, both ends of each counted"
            + (healthy < n ? "; only " + healthy + " complete" : "") + ")";
    return new Row(
        "4 retained heap per pool", "N=" + n, figure, "≤ " + Units.fixed(aimKiB, 0) + " KiB", Row.Verdict.of(perPoolKiB <= aimKiB));
  }

  /** @return live threads of the SDK's transports (their per-thread buffers are in the heap) */
  static long transportThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("hmm-pools-transport-"))
        .count();
  }

  /**
   * @return the heap in use after full collections, bytes
   * @throws InterruptedException when interrupted between collections
   */
  static long liveHeap() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(150);
      used = Math.min(used, MEMORY.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
