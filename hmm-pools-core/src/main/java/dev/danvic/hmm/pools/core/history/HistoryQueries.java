package dev.danvic.hmm.pools.core.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Queries over any {@link HistoryStore}: a pool's series, and a comparison of pools.
 *
 * <p><b>Series</b>: the store's points of the range (raw samples within the raw retention, else
 * buckets) are folded into steps that start at multiples of the step since the epoch; each step
 * keeps min, mean and max of every figure, and how many of its samples were healthy. A step shorter
 * than the stored resolution is widened to it. The store is read at the coarsest tier whose bucket
 * length divides the step (hourly buckets for 6-hour steps), which folds to the same steps.
 *
 * <p><b>Comparison</b>, per pool, over the points of the range: raw samples within the raw
 * retention, else 5-minute or hourly buckets, and the coarsest tier whose bucket is at most 1/500
 * of the range ({@link #comparisonResolution}: hourly buckets for 30 days); a bucket counts with the
 * number of samples in it:
 * <ul>
 *   <li>uptime = healthy samples / samples &times; 100 (percent);
 *   <li>average user hash rate = sum of the user hash rates / number of samples that gave one (H/s);
 *   <li>median user hash rate, p50 and p95 latency: weighted nearest rank over the points' means,
 *       each point weighing as many samples as gave the figure: the smallest value whose cumulative
 *       weight reaches p &times; total weight. Over raw samples this is the exact nearest-rank
 *       percentile; over buckets, a percentile of bucket means;
 *   <li>reject rate = (&Sigma;&Delta;invalid + &Sigma;&Delta;stale) / (&Sigma;&Delta;valid +
 *       &Sigma;&Delta;invalid + &Sigma;&Delta;stale) &times; 100, from the share increases between
 *       refreshes; when the pool reports no share counts, the mean of its reported reject rate;
 *   <li>blocks found = &Sigma; increases of {@code blocks_found_24h} between refreshes;
 *   <li>earnings per TH/s per day = mean of {@code estimated_earnings_24h} / (average user hash
 *       rate / 10<sup>12</sup>), in coin units, when both are known and the hash rate is not 0;
 *   <li>luck = blocks found / blocks expected &times; 100 (percent; 100 = as expected). Block finding
 *       is a Poisson process with rate 1/T, T the expected time to a block (the user's when the pool
 *       gives it, else the pool's); blocks expected = mean rate &times; observed time, where mean
 *       rate = &Sigma;(n<sub>i</sub> / T<sub>i</sub>) / &Sigma;n<sub>i</sub> over the points
 *       (T<sub>i</sub> the point's mean, n<sub>i</sub> its samples giving T), and the observed time
 *       runs from the first sample in the range to the range's end (or now). Known only when the
 *       pool gives both its blocks and a time to block.
 * </ul>
 */
public final class HistoryQueries {
  /** Hash rate per TH/s: 10^12 H/s. */
  static final double TERA = 1e12;

  private HistoryQueries() {}

  /**
   * @param store the history
   * @param poolId the pool
   * @param range how far back from the store's present
   * @param step length of each point
   * @return the pool's series from {@code now - range} to now
   */
  public static HistorySeries series(HistoryStore store, String poolId, Duration range, Duration step) {
    Instant now = store.now();
    return series(store, poolId, now.minus(range), now, step);
  }

  /**
   * @param store the history
   * @param poolId the pool
   * @param from start, inclusive (moved back to the start of its step)
   * @param to end, exclusive
   * @param step length of each point (at least 1 s)
   * @return the pool's series
   */
  public static HistorySeries series(HistoryStore store, String poolId, Instant from, Instant to, Duration step) {
    Objects.requireNonNull(poolId, "poolId");
    if (step.toSeconds() < 1) {
      throw new IllegalArgumentException("step must be at least 1 s, was " + step);
    }
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
    }
    HistoryRetention r = store.retention();
    long s = Math.max(step.toSeconds(), r.resolution(r.tierFor(from, store.now())).toSeconds());
    Instant start = Instant.ofEpochSecond(Math.floorDiv(from.getEpochSecond(), s) * s);
    TreeMap<Long, HistoryPoint> steps = new TreeMap<>();
    Duration coarsest = Duration.ZERO; // the longest stored bucket that divides the step: same folds, fewer rows
    for (int tier = 1; tier <= 2; tier++) {
      if (s % r.resolution(tier).toSeconds() == 0) {
        coarsest = r.resolution(tier);
      }
    }
    for (HistoryPoint p : store.points(poolId, start, to, coarsest)) {
      long key = Math.floorDiv(p.time().getEpochSecond(), s) * s;
      Instant at = Instant.ofEpochSecond(key);
      steps.merge(key, p.withInterval(at, s), (a, b) -> a.merge(b, at, s));
    }
    return new HistorySeries(poolId, start, to, s, new ArrayList<>(steps.values()));
  }

  /**
   * @param store the history
   * @param poolIds the pools to compare
   * @param range how far back from the store's present
   * @return one row per pool, in the order given
   */
  public static List<PoolComparison> compare(HistoryStore store, Collection<String> poolIds, Duration range) {
    Instant now = store.now();
    return compare(store, poolIds, now.minus(range), now);
  }

  /**
   * @param store the history
   * @param poolIds the pools to compare
   * @param from start, inclusive
   * @param to end, exclusive
   * @return one row per pool, in the order given
   */
  public static List<PoolComparison> compare(HistoryStore store, Collection<String> poolIds, Instant from, Instant to) {
    List<PoolComparison> rows = new ArrayList<>();
    Instant now = store.now();
    store.points(poolIds, from, to, comparisonResolution(from, to))
        .forEach((id, points) -> rows.add(compare(id, points, from, to, now)));
    return rows;
  }

  /**
   * @param from start of a comparison
   * @param to its end
   * @return the longest bucket a comparison reads: 1/500 of its range, so that at least about 500
   *     points make its percentiles (a 30-day comparison reads hourly buckets, a 7-day one 5-minute
   *     buckets, a 24-hour one raw samples)
   */
  public static Duration comparisonResolution(Instant from, Instant to) {
    return Duration.between(from, to).dividedBy(500);
  }

  /**
   * The comparison row of one pool from its points (pure).
   *
   * @param poolId the pool
   * @param points its points in the range, oldest first
   * @param from start of the range
   * @param to end of the range
   * @param now the present (the observed time ends at the earlier of {@code to} and now)
   * @return the row
   */
  public static PoolComparison compare(String poolId, List<HistoryPoint> points, Instant from, Instant to, Instant now) {
    long samples = 0;
    long healthy = 0;
    for (HistoryPoint p : points) {
      samples += p.samples();
      healthy += p.healthySamples();
    }
    Double uptime = samples == 0 ? null : 100.0 * healthy / samples;
    Double avgUser = mean(points, HistoryMetric.USER_HASHRATE);
    Double earnings = mean(points, HistoryMetric.EARNINGS_24H);
    Double perTh = earnings != null && avgUser != null && avgUser > 0 ? earnings / (avgUser / TERA) : null;
    return new PoolComparison(
        poolId,
        from,
        to,
        samples,
        uptime,
        avgUser,
        percentile(points, HistoryMetric.USER_HASHRATE, 0.5),
        percentile(points, HistoryMetric.LATENCY_MS, 0.5),
        percentile(points, HistoryMetric.LATENCY_MS, 0.95),
        rejectRate(points),
        blocks(points),
        perTh,
        luck(points, to.isBefore(now) ? to : now));
  }

  static @Nullable Double mean(List<HistoryPoint> points, HistoryMetric m) {
    double sum = 0;
    long n = 0;
    for (HistoryPoint p : points) {
      sum += p.sum(m);
      n += p.count(m);
    }
    return n == 0 ? null : sum / n;
  }

  /** Weighted nearest rank over the points' means, weights = samples that gave the figure. */
  static @Nullable Double percentile(List<HistoryPoint> points, HistoryMetric m, double p) {
    List<HistoryPoint> with = new ArrayList<>();
    long total = 0;
    for (HistoryPoint point : points) {
      if (point.count(m) > 0) {
        with.add(point);
        total += point.count(m);
      }
    }
    if (total == 0) {
      return null;
    }
    with.sort(Comparator.comparingDouble(point -> point.sum(m) / point.count(m)));
    double rank = Math.ceil(p * total);
    long cumulative = 0;
    for (HistoryPoint point : with) {
      cumulative += point.count(m);
      if (cumulative >= rank) {
        return point.sum(m) / point.count(m);
      }
    }
    HistoryPoint last = with.get(with.size() - 1);
    return last.sum(m) / last.count(m);
  }

  private static @Nullable Double rejectRate(List<HistoryPoint> points) {
    long counted = 0;
    double valid = 0;
    double bad = 0;
    for (HistoryPoint p : points) {
      counted += p.count(HistoryMetric.SHARES_VALID) + p.count(HistoryMetric.SHARES_INVALID) + p.count(HistoryMetric.SHARES_STALE);
      valid += p.sum(HistoryMetric.SHARES_VALID);
      bad += p.sum(HistoryMetric.SHARES_INVALID) + p.sum(HistoryMetric.SHARES_STALE);
    }
    if (counted > 0 && valid + bad > 0) {
      return 100.0 * bad / (valid + bad);
    }
    return mean(points, HistoryMetric.REJECT_RATE);
  }

  private static @Nullable Long blocks(List<HistoryPoint> points) {
    long n = 0;
    double sum = 0;
    for (HistoryPoint p : points) {
      n += p.count(HistoryMetric.BLOCKS_FOUND);
      sum += p.sum(HistoryMetric.BLOCKS_FOUND);
    }
    return n == 0 ? null : Math.round(sum);
  }

  private static @Nullable Double luck(List<HistoryPoint> points, Instant end) {
    Long found = blocks(points);
    if (found == null || points.isEmpty()) {
      return null;
    }
    double rates = 0;
    long n = 0;
    for (HistoryPoint p : points) {
      HistoryMetric t =
          p.count(HistoryMetric.USER_TIME_TO_BLOCK_SECONDS) > 0
              ? HistoryMetric.USER_TIME_TO_BLOCK_SECONDS
              : HistoryMetric.TIME_TO_BLOCK_SECONDS;
      Double mean = p.avg(t);
      if (mean != null && mean > 0) {
        rates += p.count(t) / mean;
        n += p.count(t);
      }
    }
    double observed = Duration.between(points.get(0).time(), end).toMillis() / 1000.0;
    if (n == 0 || observed <= 0) {
      return null;
    }
    double expected = rates / n * observed;
    return expected > 0 ? 100.0 * found / expected : null;
  }
}
