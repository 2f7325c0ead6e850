package dev.danvic.hmm.pools.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * The results of the suite: every case asserts and records what it expected, what it saw and
 * whether that passed; {@link ScorecardListener} writes the records as Markdown when the run ends.
 * Thread-safe (fault cases run in parallel).
 */
final class Scorecard {
  /** The command that regenerates {@code docs/RELIABILITY.md}. */
  static final String COMMAND =
      "mvn -B -pl examples/reliability -am verify -Dscorecard.out=../../docs/RELIABILITY.md";

  /** The sections of the issue, in its order. */
  enum Section {
    FAULTS(
        "1. Fault matrix",
        "Each fault is served by a local server (raw sockets on 127.0.0.1) to each plugin, as a pool"
            + " of a `DashboardPoolService` that also watches a healthy Solopool and a healthy MMFP pool"
            + " (simulators), and to core's transport directly. A plugin case passes when the faulted"
            + " pool's tile is an error-state tile with a readable message naming the fault or a"
            + " correctly degraded tile, the neighbours' tiles equal their fault-free baseline, the"
            + " aggregate is back within the deadline (3 s; Braiins: its 20 s minimum), and afterwards no"
            + " call is running, no connection is leaked (`HttpPoolTransport.openConnections()` is 0 once"
            + " idle ones are evicted) and every thread the case handed the library has ended. The faulted"
            + " pools carry the suite's recognisable token; no tile, message or JSON may show it."),
    CONCURRENCY(
        "2. Concurrency",
        "Many threads read platform and pool tiles while pools are added, updated, removed,"
            + " disabled and invalidated and the cache ticker moves."),
    LIFECYCLE(
        "3. Lifecycle",
        "Threads named `hmm-pools-*` and OkHttp's are counted before and after; connections through"
            + " `HttpPoolTransport.openConnections()`."),
    SECRETS(
        "4. Secrets",
        "Every path runs with the recognisable token `" + Secrets.TOKEN + "`; the suite logs at DEBUG"
            + " and reads every captured line, exception message, `toString()`, tile JSON and server"
            + " response."),
    SERVER_INPUT(
        "5. Server input",
        "Mutated `POST /pools` and `PUT /pools/{id}` bodies, generated from a fixed seed, against the"
            + " reference server on an H2 file; then the rows are read back with JDBC."),
    POLITENESS(
        "6. Politeness to pools",
        "Request counts per path come from the simulators; time moves through injected tickers and"
            + " clocks, never by sleeping.");

    final String title;
    final String intro;

    Section(String title, String intro) {
      this.title = title;
      this.intro = intro;
    }
  }

  /** What became of a case. */
  enum Result {
    PASS("pass"),
    FAIL("**FAIL**"),
    /** A defect found in a module this suite may not change (the server, the api's validation); reported. */
    PENDING("found / pending");

    final String text;

    Result(String text) {
      this.text = text;
    }
  }

  /** One case's outcome. */
  record Entry(Section section, int order, String name, String expected, String observed, Result result) {
    boolean passed() {
      return result == Result.PASS;
    }
  }

  /** A case's work: asserts, and returns what it saw, in words. */
  @FunctionalInterface
  interface Check {
    String run() throws Exception;
  }

  private static final List<Entry> ENTRIES = new ArrayList<>();
  private static final Pattern LOOPBACK_PORT = Pattern.compile("(127\\.0\\.0\\.\\d{1,3}|localhost):\\d{2,5}");
  private static final Pattern TMP = Pattern.compile("/tmp/[^\\s,;)'\"]+");

  private Scorecard() {}

  /**
   * Runs a case, records its outcome and rethrows its failure, so that the test fails too.
   *
   * @return what the case observed
   */
  static String check(Section section, int order, String name, String expected, Check body) throws Exception {
    try {
      String observed = body.run();
      add(new Entry(section, order, name, expected, observed, Result.PASS));
      return observed;
    } catch (Exception | AssertionError e) {
      add(new Entry(section, order, name, expected, "FAILED: " + e.getMessage(), Result.FAIL));
      throw e;
    }
  }

  /** Runs a case with no checked failure to declare (for lambdas). */
  static String checkUnchecked(Section section, int order, String name, String expected, Check body) {
    try {
      return check(section, order, name, expected, body);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Records a defect found in a module the suite may not change (the reference server, the api's
   * validation): the case's own checks passed, the defect is reported with its reproduction in
   * {@code observed}.
   */
  static void pending(Section section, int order, String name, String expected, String observed) {
    add(new Entry(section, order, name, expected, observed, Result.PENDING));
  }

  private static void add(Entry e) {
    synchronized (ENTRIES) {
      ENTRIES.removeIf(old -> old.section == e.section && old.name.equals(e.name));
      ENTRIES.add(e);
    }
  }

  static List<Entry> entries() {
    synchronized (ENTRIES) {
      List<Entry> copy = new ArrayList<>(ENTRIES);
      copy.sort(Comparator.comparing(Entry::section).thenComparingInt(Entry::order).thenComparing(Entry::name));
      return copy;
    }
  }

  /** @return the scorecard as Markdown */
  static String render(Instant started, Instant finished) {
    List<Entry> all = entries();
    long passed = all.stream().filter(Entry::passed).count();
    long pending = all.stream().filter(e -> e.result == Result.PENDING).count();
    StringBuilder md = new StringBuilder();
    md.append("# Reliability scorecard\n\n");
    md.append("Generated by the reliability suite (`examples/reliability`); regenerate with\n\n");
    md.append("```\n").append(COMMAND).append("\n```\n\n");
    md.append("- Run: ").append(started.truncatedTo(ChronoUnit.SECONDS)).append(", ")
        .append(seconds(Duration.between(started, finished))).append('\n');
    md.append("- Machine: ").append(Machine.describe()).append('\n');
    md.append("- Totals: ").append(all.size()).append(" cases, ").append(passed).append(" passed, ")
        .append(all.size() - passed - pending).append(" failed, ").append(pending)
        .append(" found / pending (a defect in a module this suite may not change, reported; the case's other checks passed)\n\n");
    md.append("| section | cases | passed | failed | found / pending |\n|---|---:|---:|---:|---:|\n");
    for (Section s : Section.values()) {
      long n = all.stream().filter(e -> e.section == s).count();
      long p = all.stream().filter(e -> e.section == s && e.passed()).count();
      long w = all.stream().filter(e -> e.section == s && e.result == Result.PENDING).count();
      md.append("| ").append(s.title).append(" | ").append(n).append(" | ").append(p).append(" | ")
          .append(n - p - w).append(" | ").append(w).append(" |\n");
    }
    for (Section s : Section.values()) {
      md.append("\n## ").append(s.title).append("\n\n").append(s.intro).append("\n\n");
      List<Entry> rows = all.stream().filter(e -> e.section == s).toList();
      if (rows.isEmpty()) {
        md.append("_Not run in this invocation._\n");
        continue;
      }
      md.append("| # | case | expected | observed | result |\n|---:|---|---|---|---|\n");
      int i = 1;
      for (Entry e : rows) {
        md.append("| ").append(i++).append(" | ").append(cell(e.name)).append(" | ")
            .append(cell(e.expected)).append(" | ").append(cell(e.observed)).append(" | ")
            .append(e.result.text).append(" |\n");
      }
    }
    return md.toString();
  }

  /** Ports and temporary folders change from run to run; the scorecard shows neither. */
  static String cell(String text) {
    String t = text == null ? "" : text;
    t = LOOPBACK_PORT.matcher(t).replaceAll("$1:PORT");
    t = TMP.matcher(t).replaceAll("/tmp/…");
    t = t.replaceAll("\\s+", " ").trim().replace("|", "\\|");
    return t.length() > 420 ? t.substring(0, 417) + "..." : t;
  }

  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }

  static void write(Path file, String markdown) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, markdown, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the scorecard to " + file, e);
    }
  }
}
