package dev.danvic.hmm.pools.server;

import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.core.history.HistoryQueries;
import dev.danvic.hmm.pools.core.history.HistoryRetention;
import dev.danvic.hmm.pools.core.history.HistorySample;
import dev.danvic.hmm.pools.core.history.PoolComparison;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The history store's cost at scale (issue 14), printed as figures: N pools with a month of
 * history each (a refresh every 30 s: raw samples for the last 48 h, 5-minute buckets for 30 days,
 * hourly buckets), written through {@link JdbcHistoryStore} into H2 and, when
 * {@code HMM_TEST_POSTGRES_URL} names a server, PostgreSQL; then the 30-day comparison of all
 * pools, the 30-day series of every pool (what the page's 30 d charts ask) and of one pool, each
 * timed over several runs, and the database size per pool per month.
 *
 * <pre>
 * java -cp examples/benchmarks/target/hmm-pools-benchmarks.jar dev.danvic.hmm.pools.server.HistoryBenchmark [pools]
 * </pre>
 */
public final class HistoryBenchmark {
  static final int RUNS = 7;

  private HistoryBenchmark() {}

  /**
   * @param args optional: the number of pools (default 100)
   * @throws Exception when a database fails
   */
  public static void main(String[] args) throws Exception {
    int pools = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    Instant now = Instant.parse("2026-12-01T00:00:00Z");
    Path dir = Files.createTempDirectory("hmm-history-bench");
    run("H2 (embedded file)", "jdbc:h2:file:" + dir.resolve("history").toAbsolutePath(), pools, now, dir);
    String pg = System.getenv("HMM_TEST_POSTGRES_URL");
    if (pg != null && !pg.isBlank()) {
      run("PostgreSQL " + pgVersion(pg), pg, pools, now, null);
    } else {
      System.out.println("PostgreSQL: skipped (HMM_TEST_POSTGRES_URL not set)");
    }
  }

  private static void run(String name, String url, int pools, Instant now, Path h2Dir) throws Exception {
    System.out.println("== " + name + ", " + pools + " pools, 30 days, a sample every 30 s");
    try (PoolStore db = PoolStore.open(url)) {
      wipe(db);
      JdbcHistoryStore store = new JdbcHistoryStore(db, Clock.fixed(now, ZoneOffset.UTC), HistoryRetention.defaults());
      List<String> ids = new ArrayList<>();
      long writeNanos = 0;
      long samples = 0;
      for (int p = 0; p < pools; p++) {
        String id = String.format(Locale.ROOT, "bench-pool-%03d", p);
        ids.add(id);
        DashboardTileData base =
            DashboardTileData.builder(now)
                .userHashrate(1e12 * (1 + p % 20))
                .poolHashrate(5e17)
                .latencyMs(30.0 + p % 40)
                .networkDifficulty(1.2e14)
                .estimatedTimeToBlockSeconds(86_400.0 * 30)
                .activeWorkers(3)
                .build();
        List<HistorySample> month = DemoHistory.generate(id, base, now.minus(Duration.ofDays(30)), now, Duration.ofSeconds(30));
        samples += month.size();
        long t0 = System.nanoTime();
        store.recordAll(month);
        writeNanos += System.nanoTime() - t0;
      }
      System.out.printf(Locale.ROOT, "written: %,d samples in %.1f s (%.1f µs per sample, one transaction per pool)%n",
          samples, writeNanos / 1e9, writeNanos / 1e3 / samples);
      long rows = count(db);
      System.out.printf(Locale.ROOT, "rows: %,d (%,d per pool: raw 48 h, 5-minute 30 d, hourly)%n", rows, rows / pools);

      double[] comparison = time(() -> {
        List<PoolComparison> r = HistoryQueries.compare(store, ids, Duration.ofDays(30));
        if (r.size() != pools || r.get(0).samples() < 80_000) {
          throw new IllegalStateException("unexpected comparison: " + r.get(0));
        }
      });
      report("30-day comparison of all " + pools + " pools", comparison);
      double[] allSeries = time(() -> {
        for (String id : ids) {
          if (HistoryQueries.series(store, id, Duration.ofDays(30), Duration.ofHours(6)).points().isEmpty()) {
            throw new IllegalStateException("no points for " + id);
          }
        }
      });
      report("30-day series (6 h steps) of each of the " + pools + " pools", allSeries);
      double[] one = time(() -> HistoryQueries.series(store, ids.get(0), Duration.ofDays(30), Duration.ofMinutes(5)));
      report("30-day series (5-minute steps) of one pool", one);
      double[] day = time(() -> HistoryQueries.series(store, ids.get(0), Duration.ofHours(24), Duration.ofMinutes(5)));
      report("24-hour series (raw samples, 5-minute steps) of one pool", day);

      long bytes = h2Dir != null ? h2Bytes(db, h2Dir) : pgBytes(db);
      System.out.printf(Locale.ROOT, "database size: %.1f MiB in all, %.0f KiB per pool per month%n",
          bytes / 1048576.0, bytes / 1024.0 / pools);
      wipe(db);
    }
  }

  private interface Work {
    void run() throws Exception;
  }

  /** @return milliseconds of each run after one warm-up, sorted */
  private static double[] time(Work w) throws Exception {
    w.run();
    double[] ms = new double[RUNS];
    for (int i = 0; i < RUNS; i++) {
      long t0 = System.nanoTime();
      w.run();
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    return ms;
  }

  private static void report(String what, double[] ms) {
    System.out.printf(Locale.ROOT, "%s: median %.1f ms, fastest %.1f ms, slowest %.1f ms (%d runs after a warm-up)%n",
        what, ms[ms.length / 2], ms[0], ms[ms.length - 1], ms.length);
  }

  private static long count(PoolStore db) throws SQLException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM pool_history");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void wipe(PoolStore db) throws SQLException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM pool_history")) {
      ps.executeUpdate();
    }
  }

  /**
   * The H2 file after {@code SHUTDOWN COMPACT} (what the data takes on disk, its primary key
   * included, without the free pages an H2 file keeps between compactions); the next statement
   * reopens the database.
   */
  private static long h2Bytes(PoolStore db, Path dir) throws Exception {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SHUTDOWN COMPACT")) {
      ps.execute();
    }
    try (var files = Files.list(dir)) {
      long sum = 0;
      for (Path p : files.toList()) {
        sum += Files.size(p);
      }
      return sum;
    }
  }

  /** The table with its primary-key index and TOAST, as PostgreSQL counts it. */
  private static long pgBytes(PoolStore db) throws SQLException {
    try (Connection c = db.connection();
        PreparedStatement vacuum = c.prepareStatement("VACUUM ANALYZE pool_history")) {
      vacuum.execute();
    }
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT pg_total_relation_size('pool_history')");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String pgVersion(String url) {
    try (Connection c = java.sql.DriverManager.getConnection(url);
        ResultSet rs = c.createStatement().executeQuery("SHOW server_version")) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      return "(version unknown)";
    }
  }
}
