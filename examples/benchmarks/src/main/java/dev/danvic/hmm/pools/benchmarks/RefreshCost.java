package dev.danvic.hmm.pools.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * Measure 5, end to end: CPU time and heap allocation of one refresh of N pools (every pool's three
 * requests, parsing, tiles, aggregation), counted on every thread but the simulators'. After two
 * warm-up refreshes, so thread pools are populated.
 */
final class RefreshCost {
  private RefreshCost() {}

  /**
   * @param pools running simulators, at least the largest N
   * @param sizes the N to measure
   * @param refreshes measured refreshes per N
   * @return one row per N
   */
  static List<Row> run(SimulatedPools pools, int[] sizes, int refreshes) {
    List<Row> rows = new ArrayList<>();
    if (!ThreadCost.supported()) {
      rows.add(Row.failed("5 refresh cost, end to end", "N=*", "-", "this JVM cannot measure per-thread CPU and allocation"));
      return rows;
    }
    for (int n : sizes) {
      try (Sdk sdk = Sdk.start(pools.configs(n))) {
        sdk.refresh();
        sdk.refresh();
        ThreadCost cost = ThreadCost.start();
        long t0 = System.nanoTime();
        int incomplete = 0;
        for (int i = 0; i < refreshes; i++) {
          incomplete += n - sdk.refresh().tile1Health().healthyPools();
        }
        long wall = (System.nanoTime() - t0) / refreshes;
        ThreadCost.Spent spent = cost.sinceStart();
        double cpu = spent.cpuNanos() / (double) refreshes;
        double bytes = spent.bytes() / (double) refreshes;
        double simulators = spent.simulatorCpuNanos() / (double) refreshes;
        String figure =
            "CPU " + Units.millis(cpu) + ", alloc " + Units.bytes(bytes) + " per refresh ("
                + Units.fixed(cpu / n / 1000, 0) + " µs, " + Units.bytes(bytes / n) + " per pool; wall "
                + Units.millis(wall) + "; simulators' CPU " + Units.millis(simulators)
                + (incomplete > 0 ? "; " + incomplete + " pool reads incomplete" : "") + ")";
        rows.add(new Row("5 refresh cost, end to end", "N=" + n, figure, "-", Row.Verdict.INFO));
      }
    }
    return rows;
  }
}
