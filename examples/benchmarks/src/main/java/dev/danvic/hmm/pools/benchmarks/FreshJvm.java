package dev.danvic.hmm.pools.benchmarks;

import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.core.DashboardPoolService;
import dev.danvic.hmm.pools.core.PlatformTiles;
import dev.danvic.hmm.pools.core.PoolRegistry;
import dev.danvic.hmm.pools.simulator.PoolSimulator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Measure 1 in a fresh JVM: what every server start and every short-lived tool sees. Each
 * measurement is a new {@code java} process (the JDK's defaults, nothing compiled, no class
 * loaded) that builds the SDK with its defaults over 20 simulated pools running in this process,
 * and times, from the first SDK call ({@code PoolRegistry.discover()}) on:
 *
 * <ul>
 *   <li><b>first fan-out</b>: 10 Solopool and 10 MMFP pools, until the platform tiles are complete
 *       (the read budget set long, so the figure is the whole fan-out);
 *   <li><b>mixed demo</b>: 19 of those and one Braiins pool (one request per 5 s per token), with
 *       the default read budget, until the first platform tiles answer (the Braiins pool still
 *       {@code loading});
 *   <li>the first 200 cached reads of the platform tiles after the fan-out, against 200 reads
 *       after 2000 more;
 *   <li><b>bare floor</b>: the same 60 requests from a fresh JVM with no SDK, a plain-http OkHttp
 *       client and one Jackson {@code ObjectMapper} parsing every answer into a tree, timed from
 *       the client's creation: what any Java client of these pools pays in a new process.
 * </ul>
 */
final class FreshJvm {
  static final int POOLS = 20;
  private static final String RESULT = "FRESH-JVM-RESULT";

  private FreshJvm() {}

  /**
   * @param latency L
   * @param repeats new processes per figure
   * @param aimFanOut the aim of the first fan-out, × L
   * @return the rows: first fan-out, its cached reads, mixed demo
   * @throws IOException when a process cannot be started
   * @throws InterruptedException when interrupted
   */
  static List<Row> run(Duration latency, int repeats, double aimFanOut)
      throws IOException, InterruptedException {
    List<PoolSimulator> sims = new ArrayList<>();
    Path dir = Files.createTempDirectory("hmm-pools-fresh-jvm");
    try {
      List<String> plain = new ArrayList<>();
      for (int i = 0; i < POOLS; i++) {
        PoolSimulator.Kind kind = i % 2 == 0 ? PoolSimulator.Kind.SOLOPOOL : PoolSimulator.Kind.MMFP;
        plain.add(line(start(sims, kind, i, latency), i));
      }
      PoolSimulator braiins = start(sims, PoolSimulator.Kind.BRAIINS, POOLS, latency);
      List<String> mixed = new ArrayList<>(plain.subList(0, POOLS - 1));
      mixed.add(line(braiins, POOLS));
      Path plainFile = Files.write(dir.resolve("plain.tsv"), plain);
      Path mixedFile = Files.write(dir.resolve("mixed.tsv"), mixed);

      double[] fanOut = new double[repeats];
      double[] build = new double[repeats];
      double[] jvm = new double[repeats];
      double[] slowdown = new double[repeats];
      double[] firstReads = new double[repeats];
      double[] mixedFirst = new double[repeats];
      double[] cpu = new double[repeats];
      double[] classes = new double[repeats];
      double[] bare = new double[repeats];
      double[] bareCpu = new double[repeats];
      double[] bareClasses = new double[repeats];
      int bareFailed = 0;
      int incomplete = 0;
      int mixedLoading = 0;
      for (int r = 0; r < repeats; r++) {
        Map<String, Double> f = child(plainFile, "fan-out");
        fanOut[r] = f.get("tiles") / latency.toNanos();
        build[r] = f.get("build");
        cpu[r] = f.get("cpu");
        classes[r] = f.get("classes");
        jvm[r] = f.get("jvm");
        firstReads[r] = f.get("first200");
        slowdown[r] = f.get("first200") / f.get("later200");
        incomplete = Math.max(incomplete, POOLS - f.get("healthy").intValue());
        Map<String, Double> b = child(plainFile, "bare");
        bare[r] = b.get("tiles") / latency.toNanos();
        bareCpu[r] = b.get("cpu");
        bareClasses[r] = b.get("classes");
        bareFailed = Math.max(bareFailed, b.get("failed").intValue());
        Map<String, Double> m = child(mixedFile, "mixed");
        mixedFirst[r] = m.get("tiles") / latency.toNanos();
        mixedLoading = Math.max(mixedLoading, m.get("loading").intValue());
      }
      String size = "N=" + POOLS;
      double fanOutMedian = Percentiles.median(fanOut);
      double mixedMedian = Percentiles.median(mixedFirst);
      return List.of(
          new Row(
              "1 first fan-out, fresh JVM (10 Solopool, 10 MMFP), L=" + latency.toMillis() + " ms",
              size,
              Units.fixed(fanOutMedian, 2) + " × L (" + Units.millis(fanOutMedian * latency.toNanos()) + " from"
                  + " PoolRegistry.discover(), of which building the SDK " + Units.millis(Percentiles.median(build))
                  + "; median of " + repeats + " processes, " + Units.fixed(Percentiles.min(fanOut), 2) + "–"
                  + Units.fixed(Percentiles.max(fanOut), 2) + "; JVM start to main " + Units.millis(Percentiles.median(jvm))
                  + "; the process's CPU until then " + Units.millis(Percentiles.median(cpu)) + ", "
                  + Units.fixed(Percentiles.median(classes), 0) + " classes loaded)"
                  + (incomplete > 0 ? "; " + incomplete + " pools incomplete" : ""),
              "≤ " + Units.fixed(aimFanOut, 1) + " × L",
              Row.Verdict.of(incomplete == 0 && fanOutMedian <= aimFanOut)),
          new Row(
              "1 bare floor, fresh JVM: the same 60 requests, plain OkHttp + Jackson, no SDK",
              size,
              Units.fixed(Percentiles.median(bare), 2) + " × L (" + Units.millis(Percentiles.median(bare) * latency.toNanos())
                  + " from the client's creation; median of " + repeats + ", " + Units.fixed(Percentiles.min(bare), 2) + "–"
                  + Units.fixed(Percentiles.max(bare), 2) + "; the process's CPU until then "
                  + Units.millis(Percentiles.median(bareCpu)) + ", " + Units.fixed(Percentiles.median(bareClasses), 0)
                  + " classes loaded)" + (bareFailed > 0 ? "; " + bareFailed + " requests failed" : ""),
              "-",
              Row.Verdict.INFO),
          new Row(
              "1 first 200 cached reads, fresh JVM",
              size,
              Units.fixed(Percentiles.median(slowdown), 2) + " × the time of 200 reads after 2000 more ("
                  + Units.millis(Percentiles.median(firstReads)) + " for the first 200 platformTiles(); median of "
                  + repeats + ")",
              "-",
              Row.Verdict.INFO),
          new Row(
              "1 mixed demo, first platform tiles, fresh JVM (19 pools + 1 Braiins), default read budget;"
                  + " its aim of 1.5 × L is on the warmed JVM's row",
              size,
              Units.fixed(mixedMedian, 2) + " × L (" + Units.millis(mixedMedian * latency.toNanos()) + "; median of "
                  + repeats + ", " + Units.fixed(Percentiles.min(mixedFirst), 2) + "–"
                  + Units.fixed(Percentiles.max(mixedFirst), 2) + "; at most " + mixedLoading + " pool(s) loading)",
              "-",
              Row.Verdict.INFO));
    } finally {
      sims.forEach(PoolSimulator::close);
      try (var files = Files.list(dir)) {
        for (Path p : files.toList()) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  private static PoolSimulator start(List<PoolSimulator> sims, PoolSimulator.Kind kind, int i, Duration latency) {
    PoolSimulator sim = SimulatedPools.startMixed(kind, "127.0.250." + (i + 1), 5000L + i, latency);
    sims.add(sim);
    return sim;
  }

  /** One pool as a tab-separated line: id, type, API base URL, coin, user name, token or "-". */
  private static String line(PoolSimulator sim, int i) {
    return String.join(
        "\t",
        String.format(Locale.ROOT, "fresh-%02d", i),
        sim.kind().poolType(),
        sim.baseUrl(),
        sim.coin().name(),
        sim.username(),
        sim.token() == null ? "-" : sim.token());
  }

  private static Map<String, Double> child(Path pools, String mode) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
    String extra = System.getenv("HMM_FRESH_JVM_OPTS"); // for profiling the child, e.g. JFR
    if (extra != null && !extra.isBlank()) {
      command.addAll(List.of(extra.trim().split("\\s+")));
    }
    // another build of the SDK, to compare two versions on the same simulators
    String classpath = System.getenv().getOrDefault("HMM_FRESH_JVM_CLASSPATH", System.getProperty("java.class.path"));
    command.addAll(List.of("-cp", classpath, FreshJvm.class.getName(), mode, pools.toString()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    Map<String, Double> out = null;
    StringBuilder seen = new StringBuilder();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String l = r.readLine(); l != null; l = r.readLine()) {
        if (l.startsWith(RESULT)) {
          out = new java.util.HashMap<>();
          for (String kv : l.substring(RESULT.length()).trim().split(" ")) {
            String[] parts = kv.split("=");
            out.put(parts[0], Double.parseDouble(parts[1]));
          }
        } else {
          seen.append(l).append('\n');
        }
      }
    }
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
    }
    if (out == null) {
      throw new IllegalStateException("the fresh JVM gave no result; its output:\n" + seen);
    }
    return out;
  }

  /**
   * The child process.
   *
   * @param args {@code fan-out|mixed|bare} and the pool file
   * @throws Exception when the SDK fails
   */
  public static void main(String[] args) throws Exception {
    long jvmMillis = System.currentTimeMillis() - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
    if (args[0].equals("bare")) {
      BareFloor.main(Files.readAllLines(Path.of(args[1])), RESULT);
      System.exit(0);
    }
    boolean mixed = args[0].equals("mixed");
    List<PoolConfig> configs = new ArrayList<>();
    for (String l : Files.readAllLines(Path.of(args[1]))) {
      String[] f = l.split("\t");
      PoolConfig.Builder b =
          PoolConfig.builder()
              .id(f[0])
              .poolType(f[1])
              .name(f[0])
              .url("stratum+tcp://" + java.net.URI.create(f[2]).getHost())
              .port(3333)
              .username(f[4])
              .config(Map.of(PoolConfig.API_BASE_URL, f[2], PoolConfig.COIN, f[3]));
      if (!f[5].equals("-")) {
        b.apiKey(f[5]);
      }
      configs.add(b.build());
    }
    long t0 = System.nanoTime();
    try (PoolRegistry registry = PoolRegistry.discover()) {
      DashboardPoolService.Builder b = DashboardPoolService.builder(registry).pools(configs);
      if (!mixed) {
        b.readBudget(Duration.ofMinutes(5)); // the whole fan-out
      }
      try (DashboardPoolService service = b.build()) {
        long built = System.nanoTime();
        PlatformTiles tiles = service.platformTiles().join();
        long done = System.nanoTime();
        StringBuilder result = new StringBuilder(RESULT);
        result.append(" jvm=").append(jvmMillis * 1_000_000L);
        result.append(" build=").append(built - t0);
        result.append(" tiles=").append(done - t0);
        result.append(" cpu=").append(processCpuNanos());
        result.append(" classes=").append(java.lang.management.ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount());
        result.append(" healthy=").append(tiles.tile1Health().healthyPools());
        result.append(" loading=").append(tiles.tile1Health().loadingPools());
        if (!mixed) {
          result.append(" first200=").append(reads(service, 200));
          reads(service, 2000);
          result.append(" later200=").append(reads(service, 200));
        }
        System.out.println(result);
      }
    }
    System.exit(0);
  }

  /** @return the CPU time of this whole process so far (JIT and GC threads included), nanoseconds */
  static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
  }

  private static long reads(DashboardPoolService service, int count) {
    long t0 = System.nanoTime();
    for (int i = 0; i < count; i++) {
      service.platformTiles().join();
    }
    return System.nanoTime() - t0;
  }
}
