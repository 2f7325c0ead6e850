package dev.danvic.hmm.pools.benchmarks;

import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.core.DashboardPoolService;
import dev.danvic.hmm.pools.core.PlatformTiles;
import dev.danvic.hmm.pools.core.PoolRegistry;
import dev.danvic.hmm.pools.simulator.PoolSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measure 1, the mixed demo in a running JVM: what a server sees when it builds a new dashboard
 * service (a restart of the service, a new tenant) while its JVM is already warm. 19 Solopool and
 * MMFP pools and one Braiins pool (one request per 5 s per token: its first tiles need a second
 * request 5 s after the first), each start a new registry, transport and service with every
 * default, the default read budget included. Timed from {@code PoolRegistry.discover()} until the
 * first {@code platformTiles()} answers, the Braiins pool still {@code loading}; the median of
 * several starts. Warm-up starts before them are not counted. In alternating turns the same 19
 * pools start without the Braiins pool: their ratio shows what the Braiins pool itself costs, a
 * figure the load of a shared machine moves far less than the times.
 */
final class MixedDemo {
  static final int POOLS = 20;
  private static final int WARM_UP_STARTS = 3;

  private MixedDemo() {}

  /**
   * @param latency L, each simulator's answer delay
   * @param starts new services to time
   * @param aim the aim, × L
   * @return one row
   */
  static Row run(Duration latency, int starts, double aim) {
    List<PoolSimulator> sims = new ArrayList<>();
    try {
      List<PoolConfig> pools = new ArrayList<>();
      for (int i = 0; i < POOLS; i++) {
        PoolSimulator.Kind kind =
            i == POOLS - 1 ? PoolSimulator.Kind.BRAIINS : i % 2 == 0 ? PoolSimulator.Kind.SOLOPOOL : PoolSimulator.Kind.MMFP;
        // apart from the other measures' simulators
        PoolSimulator sim = SimulatedPools.startMixed(kind, "127.0.251." + (i + 1), 7000L + i, latency);
        sims.add(sim);
        pools.add(config(sim, i));
      }
      for (int i = 0; i < WARM_UP_STARTS; i++) {
        firstTiles(pools);
      }
      List<PoolConfig> withoutBraiins = pools.subList(0, POOLS - 1);
      double[] ratios = new double[starts];
      double[] alone = new double[starts];
      double[] toAlone = new double[starts];
      double[] readOnly = new double[starts];
      double[] cpu = new double[starts];
      int mostLoading = 0;
      int fewestHealthy = POOLS;
      for (int r = 0; r < starts; r++) {
        ThreadCost cost = ThreadCost.start();
        Start s = firstTiles(pools);
        cpu[r] = cost.sinceStart().cpuNanos();
        ratios[r] = s.total / (double) latency.toNanos();
        readOnly[r] = s.read / (double) latency.toNanos();
        mostLoading = Math.max(mostLoading, s.tiles.tile1Health().loadingPools());
        fewestHealthy = Math.min(fewestHealthy, s.tiles.tile1Health().healthyPools());
        alone[r] = firstTiles(withoutBraiins).total / (double) latency.toNanos();
        toAlone[r] = ratios[r] / alone[r];
      }
      double median = Percentiles.median(ratios);
      boolean othersComplete = fewestHealthy >= POOLS - 1;
      return new Row(
          "1 mixed demo, first platform tiles of a new service, warmed JVM (19 Solopool/MMFP + 1 Braiins),"
              + " default read budget, L=" + latency.toMillis() + " ms",
          "N=" + POOLS,
          Units.fixed(median, 2) + " × L (" + Units.millis(median * latency.toNanos()) + " from PoolRegistry.discover(),"
              + " of which the read " + Units.fixed(Percentiles.median(readOnly), 2) + " × L; median of " + starts
              + " starts, " + Units.fixed(Percentiles.min(ratios), 2) + "–" + Units.fixed(Percentiles.max(ratios), 2)
              + "; the 19 pools without the Braiins pool, in alternating turns, " + Units.fixed(Percentiles.median(alone), 2)
              + " × L, the mixed demo " + Units.fixed(Percentiles.median(toAlone), 2) + " × that"
              + "; SDK CPU " + Units.millis(Percentiles.median(cpu)) + "; at most " + mostLoading
              + " pool(s) loading, at least " + fewestHealthy + " healthy)",
          "≤ " + Units.fixed(aim, 1) + " × L",
          Row.Verdict.of(othersComplete && median <= aim));
    } finally {
      sims.forEach(PoolSimulator::close);
    }
  }

  /** One start: its platform tiles, nanoseconds from discover() and from the read's call. */
  private record Start(PlatformTiles tiles, long total, long read) {}

  private static Start firstTiles(List<PoolConfig> pools) {
    long t0 = System.nanoTime();
    try (PoolRegistry registry = PoolRegistry.discover();
        DashboardPoolService service = DashboardPoolService.builder(registry).pools(pools).build()) {
      long asked = System.nanoTime();
      PlatformTiles tiles = service.platformTiles().join();
      long done = System.nanoTime();
      return new Start(tiles, done - t0, done - asked);
    }
  }

  private static PoolConfig config(PoolSimulator sim, int i) {
    PoolConfig.Builder b =
        PoolConfig.builder()
            .id(String.format(Locale.ROOT, "mixed-%02d", i))
            .poolType(sim.kind().poolType())
            .name(sim.kind().poolType() + " " + i)
            .url("stratum+tcp://" + sim.bindAddress())
            .port(3333)
            .username(sim.username())
            .config(Map.of(PoolConfig.API_BASE_URL, sim.baseUrl(), PoolConfig.COIN, sim.coin().name()));
    if (sim.token() != null) {
      b.apiKey(sim.token());
    }
    return b.build();
  }

  /**
   * Runs this measure alone and prints its row.
   *
   * @param args optionally the number of timed starts (default 7)
   */
  public static void main(String[] args) {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    int starts = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    Row row = run(Benchmarks.LATENCY, starts, Benchmarks.MIXED_DEMO_AIM);
    System.out.println(row.measure() + " | " + row.size() + " | " + row.figure() + " | " + row.aim() + " | " + row.verdict().text());
    System.exit(0);
  }
}
