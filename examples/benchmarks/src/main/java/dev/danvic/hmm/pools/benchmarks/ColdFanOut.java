package dev.danvic.hmm.pools.benchmarks;

import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.core.PlatformTiles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.ResponseBody;

/**
 * Measure 1: the time from a cold start (new registry, transport and service, nothing cached, no
 * connection open) until the first complete platform tiles, as a ratio to the pools' latency L.
 * The same requests sent by a bare OkHttp client, without the SDK, show what the machine itself
 * allows.
 */
final class ColdFanOut {
  private ColdFanOut() {}

  /**
   * @param pools running simulators, at least the largest N, answering after {@code latency}
   * @param latency L
   * @param sizes the N to measure
   * @param repeats cold starts per N (three times as many below 1000 pools, see {@link #turns});
   *     the median is reported
   * @return one row per N for the SDK, then one per N for bare OkHttp
   */
  static List<Row> run(SimulatedPools pools, Duration latency, int[] sizes, int repeats) {
    List<Row> rows = new ArrayList<>();
    List<Row> bare = new ArrayList<>();
    for (int n : sizes) {
      int turns = turns(n, repeats);
      double[] ratios = new double[turns];
      double[] toFloor = new double[turns];
      double[] sdkCpu = new double[turns];
      double[] simulatorCpu = new double[turns];
      double[] bareRatios = new double[turns];
      double[] bareCpu = new double[turns];
      double[] bareSimulatorCpu = new double[turns];
      int bareFailures = 0;
      int worstHealthy = n;
      for (int r = 0; r < turns; r++) {
        // the SDK and its floor take turns, so that both see the same machine
        ThreadCost cost = ThreadCost.start();
        try (Sdk sdk = Sdk.start(pools.configs(n))) {
          long t0 = System.nanoTime();
          PlatformTiles tiles = sdk.service.platformTiles().join();
          ratios[r] = (System.nanoTime() - t0) / (double) latency.toNanos();
          worstHealthy = Math.min(worstHealthy, tiles.tile1Health().healthyPools());
          ThreadCost.Spent spent = cost.sinceStart();
          sdkCpu[r] = spent.cpuNanos();
          simulatorCpu[r] = spent.simulatorCpuNanos();
        }
        BareRun b = bareOkHttp(pools.configs(n), latency);
        bareRatios[r] = b.ratio;
        bareCpu[r] = b.clientCpu;
        bareSimulatorCpu[r] = b.simulatorCpu;
        bareFailures += b.failures;
        toFloor[r] = ratios[r] / b.ratio;
      }
      double median = Percentiles.median(ratios);
      double floorMedian = Percentiles.median(toFloor);
      double aim = aim(n);
      String figure =
          Units.fixed(floorMedian, 2) + " × the floor, " + Units.fixed(median, 2) + " × L ("
              + Units.millis(median * latency.toNanos()) + "; median of " + turns + ", "
              + Units.fixed(Percentiles.min(toFloor), 2) + "–" + Units.fixed(Percentiles.max(toFloor), 2)
              + " × the floor; CPU: SDK " + Units.millis(Percentiles.median(sdkCpu)) + ", simulators "
              + Units.millis(Percentiles.median(simulatorCpu)) + ")"
              + (worstHealthy < n ? "; only " + worstHealthy + " of " + n + " pools complete" : "");
      boolean complete = worstHealthy == n;
      rows.add(
          new Row(
              "1 cold fan-out, L=" + latency.toMillis() + " ms",
              "N=" + n,
              figure,
              Double.isNaN(aim) ? "- (all complete)" : "≤ " + Units.fixed(aim, 2) + " × the floor",
              Double.isNaN(aim)
                  ? (complete ? Row.Verdict.INFO : Row.Verdict.NO)
                  : Row.Verdict.of(complete && floorMedian <= aim)));
      double bareMedian = Percentiles.median(bareRatios);
      bare.add(
          new Row(
              "1 same requests, bare OkHttp (floor)",
              "N=" + n,
              Units.fixed(bareMedian, 2) + " × L (" + n * SimulatedPools.REQUESTS_PER_REFRESH + " requests; median of "
                  + turns + "; CPU: client " + Units.millis(Percentiles.median(bareCpu)) + ", simulators "
                  + Units.millis(Percentiles.median(bareSimulatorCpu)) + ")"
                  + (bareFailures > 0 ? "; " + bareFailures + " failed" : ""),
              "-",
              Row.Verdict.INFO));
    }
    rows.addAll(bare);
    return rows;
  }

  /**
   * Turns at one N: below 1000 pools a turn takes about a second, and the median of three ratios
   * moved by a third from run to run on a shared machine, so such N get three times the turns.
   *
   * @param n pools
   * @param repeats the turns asked for
   * @return the turns to take
   */
  static int turns(int n, int repeats) {
    return n >= 1000 ? repeats : 3 * repeats;
  }

  /** The aims, as a ratio to bare OkHttp: 1.05 at N = 100, 1.2 at N = 1000; none below 100. */
  private static double aim(int n) {
    if (n >= 1000) {
      return 1.2;
    }
    return n >= 100 ? 1.05 : Double.NaN;
  }

  /** One bare run: its time × L, the client's and the simulators' CPU, nanoseconds, and failures. */
  private record BareRun(double ratio, double clientCpu, double simulatorCpu, int failures) {}

  /**
   * The same three requests per pool, from a new bare OkHttp client with the transport's limits,
   * with no SDK around them: the floor this machine sets.
   */
  private static BareRun bareOkHttp(List<PoolConfig> configs, Duration latency) {
    List<String> urls = new ArrayList<>();
    for (PoolConfig c : configs) {
      String base = c.config().get(PoolConfig.API_BASE_URL);
      urls.add(base + "/api/stats");
      urls.add(base + "/api/blocks");
      urls.add(base + "/api/accounts/" + c.username());
    }
    ThreadCost cost = ThreadCost.start();
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(4096);
    dispatcher.setMaxRequestsPerHost(5);
    OkHttpClient client = new OkHttpClient.Builder().dispatcher(dispatcher).build();
    long t0 = System.nanoTime();
    int failed = BareCalls.send(client, urls, ResponseBody::bytes);
    double ratio = (System.nanoTime() - t0) / (double) latency.toNanos();
    ThreadCost.Spent spent = cost.sinceStart();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
    return new BareRun(ratio, spent.cpuNanos(), spent.simulatorCpuNanos(), failed);
  }
}
