package dev.danvic.hmm.pools.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * Runs every benchmark of issue 6 and prints one table: measure, N or K, figure, aim, met?
 *
 * <pre>
 * java -jar examples/benchmarks/target/hmm-pools-benchmarks.jar [--write docs/BENCHMARKS.md] [--quick] [--only 1,3]
 * </pre>
 *
 * <ul>
 *   <li>{@code --write FILE}: also writes the report (machine, table, method) to FILE, keeping the
 *       hand-written notes below the marker line of an existing FILE.
 *   <li>{@code --quick}: a smoke run with small N and short loads (a minute); its figures are not
 *       the benchmark's.
 *   <li>{@code --only 1,3}: only these measures (1 to 6), for working on one of them.
 * </ul>
 *
 * <p>Everything runs in this process and on loopback: up to 1000 simulated Solopool pools on
 * {@code 127.0.0.2}, {@code 127.0.0.3}, ... (Linux routes all of {@code 127.0.0.0/8} to loopback
 * without setup), the SDK with its defaults, the reference server on {@code 127.0.0.1}. JMH runs
 * first, in a forked JVM, before the simulators start. Progress goes to standard error, the table to
 * standard output. The exit code is 0 even when an aim is missed: the figures are the result.
 */
public final class Benchmarks {
  static final Duration LATENCY = Duration.ofMillis(200);
  static final int MEMORY_AIM_KIB = 20;
  static final double WARM_RATIO_AIM = 0.9;
  /** The aims of a fresh JVM's first fan-out over 20 pools and of the mixed demo's first tiles, × L. */
  static final double FRESH_FAN_OUT_AIM = 2.5;

  static final double MIXED_DEMO_AIM = 1.5;

  static final String COMMAND =
      "mvn -B -q -DskipTests -Dmaven.javadoc.skip=true -pl examples/benchmarks -am package"
          + " && java -jar examples/benchmarks/target/hmm-pools-benchmarks.jar";

  private final PrintStream progress = System.err;
  private final long started = System.nanoTime();

  private final Set<Integer> only;

  private Benchmarks(Set<Integer> only) {
    this.only = only;
  }

  private boolean wanted(int measure) {
    return only.isEmpty() || only.contains(measure);
  }

  /**
   * @param args see the class documentation
   * @throws Exception when the report cannot be written
   */
  public static void main(String[] args) throws Exception {
    quietLogs();
    Path write = null;
    boolean quick = false;
    Set<Integer> only = new TreeSet<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--write":
          if (i + 1 >= args.length) {
            usage("--write needs a file");
            return;
          }
          write = Path.of(args[++i]);
          break;
        case "--quick":
          quick = true;
          break;
        case "--only":
          if (i + 1 >= args.length || !args[i + 1].matches("[1-6](,[1-6])*")) {
            usage("--only needs measure numbers 1 to 6, such as 1,3");
            return;
          }
          for (String m : args[++i].split(",")) {
            only.add(Integer.parseInt(m));
          }
          break;
        case "--help":
        case "-h":
          usage(null);
          return;
        default:
          usage("unknown option '" + args[i] + "'");
          return;
      }
    }
    new Benchmarks(only).runAll(quick, write);
    System.exit(0); // the simulators' and clients' daemon threads need no goodbye
  }

  private void runAll(boolean quick, Path write) throws IOException, InterruptedException {
    List<String> machine = Machine.describe();
    System.out.println("hmm-pools benchmarks" + (quick ? " (--quick: smoke run, not the benchmark's figures)" : ""));
    machine.forEach(line -> System.out.println("  " + line));
    System.out.println();

    int wanted = quick ? 100 : 1000;
    Optional<Long> files = Machine.openFilesLimit();
    if (files.isPresent() && files.get() < 10L * wanted + 2000) {
      int fit = (int) Math.max(10, (files.get() - 2000) / 10);
      progress.printf("open files limit %d is too low for %d simulated pools (about 10 each); using %d (raise it with ulimit -n)%n",
          files.get(), wanted, fit);
      wanted = Math.min(wanted, fit);
    }
    int maxPools = wanted;
    int[] sizes = sizesUpTo(maxPools);

    ResultTable table = new ResultTable();
    List<Row> jmh = List.of();
    if (wanted(5)) {
      step("5 JMH: aggregation and JSON writing at N=10, 100, 1000 (forked JVM)");
      jmh = JmhFigures.run(quick);
    }

    measure(1, table, "1 fresh JVM (a new process per figure)", "N=" + FreshJvm.POOLS,
        () -> FreshJvm.run(LATENCY, quick ? 2 : 5, FRESH_FAN_OUT_AIM));

    step("starting " + maxPools + " simulated pools on 127.0.0.2 ... with L=" + LATENCY.toMillis() + " ms");
    try (SimulatedPools pools = SimulatedPools.start(maxPools, LATENCY)) {
      step("warm-up: the first fan-out in this JVM and one refresh, all " + maxPools + " pools");
      Row firstFanOut;
      try (Sdk sdk = Sdk.start(pools.configs(maxPools))) {
        long t0 = System.nanoTime();
        int complete = sdk.service.platformTiles().join().tile1Health().healthyPools();
        long elapsed = System.nanoTime() - t0;
        firstFanOut = new Row("1 first fan-out of the harness JVM (JIT cold)", "N=" + maxPools,
            Units.fixed(elapsed / (double) LATENCY.toNanos(), 2) + " × L (" + Units.millis(elapsed) + "); " + complete + " of "
                + maxPools + " pools complete within the 10 s deadline", "-", Row.Verdict.INFO);
        progress.println("    " + firstFanOut.figure());
        sdk.refresh();
      }
      int repeats = quick ? 1 : 3;
      measure(1, table, "1 cold fan-out", "N=" + join(sizes), () -> ColdFanOut.run(pools, LATENCY, sizes, repeats));
      // a new service in this JVM, warmed by the reads above: the mixed-demo aim
      measure(1, table, "1 mixed demo, warmed JVM", "N=" + MixedDemo.POOLS,
          () -> List.of(MixedDemo.run(LATENCY, quick ? 3 : 7, MIXED_DEMO_AIM)));
      int[] readers = quick ? new int[] {1, 100} : new int[] {1, 100, 1000};
      if (wanted(1)) {
        table.add(firstFanOut);
      }
      measure(2, table, "2 single flight", "K=" + join(readers),
          () -> SingleFlight.run(pools, Math.min(10, maxPools), Duration.ofMillis(500), readers));
      int serverPools = Math.min(100, maxPools);
      measure(3, table, "3 warm serving", serverPools + " pools",
          () -> WarmServing.run(pools, serverPools, 16,
              Duration.ofSeconds(quick ? 1 : 3), Duration.ofSeconds(quick ? 1 : 5), WARM_RATIO_AIM));
      measure(4, table, "4 retained heap per pool", "N=" + maxPools,
          () -> List.of(MemoryPerPool.run(pools, maxPools, 3, MEMORY_AIM_KIB)));
      measure(5, table, "5 refresh cost, end to end", "N=" + join(sizes),
          () -> RefreshCost.run(pools, sizes, quick ? 2 : 5));
      jmh.forEach(table::add);
      int pollers = quick ? 100 : 1000;
      measure(6, table, "6 politeness", serverPools + " pools, " + pollers + " readers",
          () -> List.of(Politeness.run(pools, serverPools, pollers, 32, Duration.ofSeconds(30))));
      step("stopping the simulated pools");
    }
    long seconds = Math.round((System.nanoTime() - started) / 1e9);
    List<String> described = new ArrayList<>(machine);
    described.add("load average at the end: " + Machine.loadAverage().orElse("unknown"));

    System.out.println();
    System.out.print(table.toText());
    System.out.println();
    System.out.println(table.rows().size() + " figures, " + table.missed() + " aims missed, in " + seconds + " s; "
        + described.get(described.size() - 1));
    if (write != null) {
      Report.write(write, described, table, seconds, quick);
      System.out.println("written to " + write);
    }
  }

  private void measure(int number, ResultTable table, String what, String size, Callable<List<Row>> run) {
    if (!wanted(number)) {
      return;
    }
    step(what + " " + size);
    try {
      for (Row row : run.call()) {
        table.add(row);
        progress.println("    " + row.size() + ": " + row.figure() + "  [aim " + row.aim() + ": " + row.verdict().text() + "]");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      table.add(Row.failed(what, size, "-", "interrupted"));
    } catch (Exception | OutOfMemoryError e) {
      e.printStackTrace(progress);
      table.add(Row.failed(what, size, "-", e.toString()));
    }
  }

  private void step(String what) {
    progress.printf(Locale.ROOT, "[%4.0f s] %s%n", (System.nanoTime() - started) / 1e9, what);
  }

  static int[] sizesUpTo(int max) {
    List<Integer> out = new ArrayList<>();
    for (int n = 10; n <= max; n *= 10) {
      out.add(n);
    }
    if (out.isEmpty() || out.get(out.size() - 1) != max) {
      out.add(max);
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  private static String join(int[] values) {
    StringBuilder sb = new StringBuilder();
    for (int v : values) {
      sb.append(sb.length() == 0 ? "" : ",").append(v);
    }
    return sb.toString();
  }

  private static void quietLogs() {
    // the server and the SDK log at INFO; a benchmark table is easier to read without
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
  }

  private static void usage(String error) {
    PrintStream out = error == null ? System.out : System.err;
    if (error != null) {
      out.println("hmm-pools-benchmarks: " + error);
    }
    out.println("usage: java -jar hmm-pools-benchmarks.jar [--write FILE] [--quick] [--only 1,3]");
    out.println("  --write FILE  also write the report (machine, table, method) to FILE, e.g. docs/BENCHMARKS.md");
    out.println("  --quick       smoke run: small N, short loads");
    out.println("  --only LIST   only these measures, 1 to 6 (comma-separated)");
    if (error != null) {
      System.exit(2);
    }
  }
}
