package dev.danvic.hmm.pools.server;

import dev.danvic.hmm.pools.HmmPoolsException;
import dev.danvic.hmm.pools.core.history.HistoryMetric;
import dev.danvic.hmm.pools.core.history.HistoryPoint;
import dev.danvic.hmm.pools.core.history.HistoryRetention;
import dev.danvic.hmm.pools.core.history.HistorySample;
import dev.danvic.hmm.pools.core.history.HistoryStore;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The server's {@link HistoryStore}: the table {@code pool_history} in the pool database (H2 or
 * PostgreSQL), one row per raw sample (tier 0) and per 5-minute (tier 1) and hourly (tier 2)
 * bucket, with the tiers and bounds of a {@link HistoryRetention}.
 *
 * <p>The primary key {@code (pool_id, tier, start_ms)} is the index every query and every prune
 * walks: a pool's range of one tier is one contiguous index range, whatever else the table holds.
 * A row's figures are packed in {@code figures}: a 32-bit mask of the figures present, then per
 * figure one double for a raw sample, or min, max, sum (doubles) and count (int) for a bucket.
 *
 * <p>Each {@link #recordAll} is one transaction (the samples and their buckets together or not at
 * all), followed by pruning the touched pools past their retention and the raw-sample cap.
 * Thread-safe: writes are serialised inside this process (one server writes one database).
 */
final class JdbcHistoryStore implements HistoryStore {
  // the table: db/hmm-pools/V3__create_pool_history_table.sql
  private static final HistoryMetric[] METRICS = HistoryMetric.values();
  private static final int M = METRICS.length;

  private final PoolStore db;
  private final Clock clock;
  private final HistoryRetention retention;

  JdbcHistoryStore(PoolStore db, Clock clock, HistoryRetention retention) {
    this.db = Objects.requireNonNull(db, "db");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.retention = Objects.requireNonNull(retention, "retention");
  }

  @Override
  public void record(HistorySample sample) {
    recordAll(List.of(sample));
  }

  /**
   * Records many samples in one transaction (a back-fill): they are folded in memory first, so each
   * bucket is written once.
   *
   * @param samples samples of any pools, in any order
   */
  @Override
  public synchronized void recordAll(List<HistorySample> samples) {
    Instant now = clock.instant();
    // (pool, tier) -> start -> point
    Map<String, Map<Integer, TreeMap<Long, HistoryPoint>>> folded = new LinkedHashMap<>();
    for (HistorySample s : samples) {
      HistoryPoint point = HistoryPoint.of(s);
      Map<Integer, TreeMap<Long, HistoryPoint>> tiers = folded.computeIfAbsent(s.poolId(), k -> new HashMap<>());
      for (int tier = 0; tier <= 2; tier++) {
        if (s.time().isBefore(now.minus(retention.retention(tier)))) {
          continue;
        }
        TreeMap<Long, HistoryPoint> rows = tiers.computeIfAbsent(tier, k -> new TreeMap<>());
        if (tier == 0) {
          rows.put(s.time().toEpochMilli(), point);
        } else {
          Instant start = retention.bucketStart(s.time(), tier);
          long seconds = retention.resolution(tier).toSeconds();
          rows.merge(start.toEpochMilli(), point.withInterval(start, seconds), (a, b) -> a.merge(b, start, seconds));
        }
      }
    }
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try {
        for (Map.Entry<String, Map<Integer, TreeMap<Long, HistoryPoint>>> pool : folded.entrySet()) {
          for (Map.Entry<Integer, TreeMap<Long, HistoryPoint>> tier : pool.getValue().entrySet()) {
            write(c, pool.getKey(), tier.getKey(), tier.getValue());
          }
          prune(c, pool.getKey(), now);
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new HmmPoolsException("history database error: " + e.getMessage(), e);
    }
  }

  private void write(Connection c, String poolId, int tier, TreeMap<Long, HistoryPoint> rows) throws SQLException {
    Map<Long, HistoryPoint> stored = new HashMap<>();
    if (tier > 0) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT start_ms, samples, healthy, figures FROM pool_history"
                  + " WHERE pool_id = ? AND tier = ? AND start_ms >= ? AND start_ms <= ?")) {
        ps.setString(1, poolId);
        ps.setInt(2, tier);
        ps.setLong(3, rows.firstKey());
        ps.setLong(4, rows.lastKey());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            stored.put(rs.getLong(1), read(rs, tier));
          }
        }
      }
    } else {
      try (PreparedStatement ps =
          c.prepareStatement("DELETE FROM pool_history WHERE pool_id = ? AND tier = 0 AND start_ms = ?")) {
        for (Long t : rows.keySet()) {
          ps.setString(1, poolId);
          ps.setLong(2, t);
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
    try (PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO pool_history (pool_id, tier, start_ms, samples, healthy, figures) VALUES (?, ?, ?, ?, ?, ?)");
        PreparedStatement update =
            c.prepareStatement(
                "UPDATE pool_history SET samples = ?, healthy = ?, figures = ? WHERE pool_id = ? AND tier = ? AND start_ms = ?")) {
      boolean inserts = false;
      boolean updates = false;
      for (Map.Entry<Long, HistoryPoint> row : rows.entrySet()) {
        HistoryPoint old = stored.get(row.getKey());
        HistoryPoint p = row.getValue();
        if (old == null) {
          insert.setString(1, poolId);
          insert.setInt(2, tier);
          insert.setLong(3, row.getKey());
          insert.setInt(4, p.samples());
          insert.setInt(5, p.healthySamples());
          insert.setBytes(6, encode(p, tier));
          insert.addBatch();
          inserts = true;
        } else {
          HistoryPoint merged = old.merge(p, old.time(), old.seconds());
          update.setInt(1, merged.samples());
          update.setInt(2, merged.healthySamples());
          update.setBytes(3, encode(merged, tier));
          update.setString(4, poolId);
          update.setInt(5, tier);
          update.setLong(6, row.getKey());
          update.addBatch();
          updates = true;
        }
      }
      if (inserts) {
        insert.executeBatch();
      }
      if (updates) {
        update.executeBatch();
      }
    }
  }

  private void prune(Connection c, String poolId, Instant now) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM pool_history WHERE pool_id = ? AND tier = ? AND start_ms < ?")) {
      for (int tier = 0; tier <= 2; tier++) {
        ps.setString(1, poolId);
        ps.setInt(2, tier);
        ps.setLong(3, now.minus(retention.retention(tier)).toEpochMilli());
        ps.addBatch();
      }
      ps.executeBatch();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "DELETE FROM pool_history WHERE pool_id = ? AND tier = 0 AND start_ms < ("
                + "SELECT start_ms FROM pool_history WHERE pool_id = ? AND tier = 0"
                + " ORDER BY start_ms DESC OFFSET ? ROWS FETCH NEXT 1 ROWS ONLY)")) {
      ps.setString(1, poolId);
      ps.setString(2, poolId);
      ps.setInt(3, retention.maxRawSamplesPerPool() - 1);
      ps.executeUpdate();
    }
  }

  @Override
  public List<HistoryPoint> points(String poolId, Instant from, Instant to, java.time.Duration coarsest) {
    return points(List.of(poolId), from, to, coarsest).get(poolId);
  }

  /** Every pool over one connection: a connection costs more than a pool's rows (PostgreSQL). */
  @Override
  public Map<String, List<HistoryPoint>> points(
      java.util.Collection<String> poolIds, Instant from, Instant to, java.time.Duration coarsest) {
    Map<String, List<HistoryPoint>> out = new LinkedHashMap<>();
    try (Connection c = db.connection()) {
      for (String poolId : poolIds) {
        out.put(poolId, points(c, poolId, from, to, coarsest));
      }
      return out;
    } catch (SQLException e) {
      throw new HmmPoolsException("history database error: " + e.getMessage(), e);
    }
  }

  private List<HistoryPoint> points(Connection c, String poolId, Instant from, Instant to, java.time.Duration coarsest)
      throws SQLException {
    Instant now = clock.instant();
    int tier = retention.tierFor(from, now, coarsest);
    if (tier == 0) {
      Long oldestRaw = oldest(c, poolId, 0);
      Long oldestBucket = oldest(c, poolId, 1);
      long step = retention.mediumResolution().toMillis();
      if (oldestBucket != null
          && (oldestRaw == null || (oldestRaw > from.toEpochMilli() && oldestBucket + step <= oldestRaw))) {
        tier = 1; // the raw samples (capped, or written by another server) no longer reach back that far
      }
    }
    long notBefore = now.minus(retention.retention(tier)).toEpochMilli();
    List<HistoryPoint> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT start_ms, samples, healthy, figures FROM pool_history"
                + " WHERE pool_id = ? AND tier = ? AND start_ms >= ? AND start_ms < ? ORDER BY start_ms")) {
      ps.setString(1, poolId);
      ps.setInt(2, tier);
      ps.setLong(3, Math.max(from.toEpochMilli(), notBefore));
      ps.setLong(4, to.toEpochMilli());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(read(rs, tier));
        }
      }
    }
    return out;
  }

  private static @Nullable Long oldest(Connection c, String poolId, int tier) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT MIN(start_ms) FROM pool_history WHERE pool_id = ? AND tier = ?")) {
      ps.setString(1, poolId);
      ps.setInt(2, tier);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long v = rs.getLong(1);
        return rs.wasNull() ? null : v;
      }
    }
  }

  @Override
  public Set<String> poolIds() {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT DISTINCT pool_id FROM pool_history");
        ResultSet rs = ps.executeQuery()) {
      Set<String> out = new LinkedHashSet<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    } catch (SQLException e) {
      throw new HmmPoolsException("history database error: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void forget(String poolId) {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM pool_history WHERE pool_id = ?")) {
      ps.setString(1, poolId);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new HmmPoolsException("history database error: " + e.getMessage(), e);
    }
  }

  @Override
  public HistoryRetention retention() {
    return retention;
  }

  @Override
  public Instant now() {
    return clock.instant();
  }

  private HistoryPoint read(ResultSet rs, int tier) throws SQLException {
    Instant start = Instant.ofEpochMilli(rs.getLong(1));
    return decode(start, retention.resolution(tier).toSeconds(), rs.getInt(2), rs.getInt(3), rs.getBytes(4), tier);
  }

  static byte[] encode(HistoryPoint p, int tier) {
    int mask = 0;
    int present = 0;
    for (HistoryMetric m : METRICS) {
      if (p.count(m) > 0) {
        mask |= 1 << m.ordinal();
        present++;
      }
    }
    ByteBuffer b = ByteBuffer.allocate(4 + present * (tier == 0 ? 8 : 28));
    b.putInt(mask);
    for (HistoryMetric m : METRICS) {
      if (p.count(m) == 0) {
        continue;
      }
      if (tier == 0) {
        b.putDouble(p.sum(m));
      } else {
        b.putDouble(p.min(m)).putDouble(p.max(m)).putDouble(p.sum(m)).putInt(p.count(m));
      }
    }
    return b.array();
  }

  static HistoryPoint decode(Instant start, long seconds, int samples, int healthy, byte[] bytes, int tier) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    int mask = b.getInt();
    double[] min = new double[M];
    double[] max = new double[M];
    double[] sum = new double[M];
    int[] count = new int[M];
    for (int i = 0; i < M; i++) {
      if ((mask & (1 << i)) == 0) {
        continue;
      }
      if (tier == 0) {
        min[i] = max[i] = sum[i] = b.getDouble();
        count[i] = 1;
      } else {
        min[i] = b.getDouble();
        max[i] = b.getDouble();
        sum[i] = b.getDouble();
        count[i] = b.getInt();
      }
    }
    return HistoryPoint.of(start, seconds, samples, healthy, min, max, sum, count);
  }
}
