package dev.danvic.hmm.pools.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs {@link AggregationBenchmark} in one forked JVM with the GC profiler (allocation per
 * operation) and turns the results into rows. Short iterations, to fit the whole harness in a few
 * minutes: the figures show how the cost grows with N, not the last per cent.
 */
final class JmhFigures {
  private static final String[] LABELS = {
    "aggregate", "5 aggregation (JMH)",
    "platformJson", "5 platform-tiles JSON (JMH)",
    "poolsJson", "5 per-pool JSON (JMH)"
  };

  private JmhFigures() {}

  /**
   * @param quick fewer, shorter iterations (a smoke run)
   * @return one row per benchmark and N, in the order aggregation, platform JSON, per-pool JSON
   */
  static List<Row> run(boolean quick) {
    Options options =
        new OptionsBuilder()
            .include(AggregationBenchmark.class.getName() + "\\.")
            .forks(1)
            .warmupIterations(quick ? 1 : 3)
            .warmupTime(TimeValue.milliseconds(quick ? 200 : 700))
            .measurementIterations(quick ? 2 : 4)
            .measurementTime(TimeValue.milliseconds(quick ? 200 : 700))
            .jvmArgsAppend("-Xms1g", "-Xmx1g")
            .addProfiler(GCProfiler.class)
            .shouldFailOnError(true)
            .verbosity(VerboseMode.SILENT)
            .build();
    Collection<RunResult> results;
    try {
      results = new Runner(options).run();
    } catch (RunnerException | RuntimeException e) {
      List<Row> failed = new ArrayList<>();
      failed.add(Row.failed("5 JMH aggregation and JSON", "N=10,100,1000", "-", e.getMessage()));
      return failed;
    }
    Map<String, Row> rows = new TreeMap<>();
    for (RunResult r : results) {
      String method = r.getParams().getBenchmark();
      method = method.substring(method.lastIndexOf('.') + 1);
      int n = Integer.parseInt(r.getParams().getParam("pools"));
      Result<?> time = r.getPrimaryResult();
      double bytes = allocationPerOp(r);
      String figure =
          String.format(Locale.ROOT, "%s/op, %s/op (%s, %s per pool)",
              micros(time.getScore()), Units.bytes(bytes), micros(time.getScore() / n), Units.bytes(bytes / n));
      rows.put(order(method) + String.format("%06d", n), new Row(label(method), "N=" + n, figure, "-", Row.Verdict.INFO));
    }
    return new ArrayList<>(rows.values());
  }

  private static double allocationPerOp(RunResult r) {
    for (Map.Entry<String, Result> e : r.getSecondaryResults().entrySet()) {
      if (e.getKey().endsWith("gc.alloc.rate.norm")) {
        return e.getValue().getScore();
      }
    }
    return Double.NaN;
  }

  private static String micros(double us) {
    return us >= 1000 ? String.format(Locale.ROOT, "%.2f ms", us / 1000) : String.format(Locale.ROOT, "%.2f µs", us);
  }

  private static String label(String method) {
    for (int i = 0; i < LABELS.length; i += 2) {
      if (LABELS[i].equals(method)) {
        return LABELS[i + 1];
      }
    }
    return "5 " + method + " (JMH)";
  }

  private static int order(String method) {
    for (int i = 0; i < LABELS.length; i += 2) {
      if (LABELS[i].equals(method)) {
        return i;
      }
    }
    return LABELS.length;
  }
}
