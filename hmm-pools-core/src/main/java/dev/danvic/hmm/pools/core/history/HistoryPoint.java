package dev.danvic.hmm.pools.core.history;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A pool's figures over one interval: a raw sample (an interval of 0 seconds) or a bucket that
 * several samples were folded into, keeping for every figure its minimum, mean and maximum.
 *
 * <p>Folding ({@link #merge}) is exact for min, max, sums and counts, so a 5-minute bucket folded
 * into an hour gives the same mean as the hour's samples would. The mean of a figure is over the
 * samples that gave it ({@link #count}), not over all samples. Immutable.
 */
public final class HistoryPoint {
  private static final int M = HistoryMetric.values().length;

  private final Instant time;
  private final long seconds;
  private final int samples;
  private final int healthySamples;
  private final double[] min;
  private final double[] max;
  private final double[] sum;
  private final int[] count;

  private HistoryPoint(
      Instant time, long seconds, int samples, int healthySamples, double[] min, double[] max, double[] sum, int[] count) {
    this.time = time;
    this.seconds = seconds;
    this.samples = samples;
    this.healthySamples = healthySamples;
    this.min = min;
    this.max = max;
    this.sum = sum;
    this.count = count;
  }

  /**
   * @param sample one refresh
   * @return the sample as a point of 0 seconds at its time
   */
  public static HistoryPoint of(HistorySample sample) {
    double[] sum = new double[M];
    int[] count = new int[M];
    for (HistoryMetric m : HistoryMetric.values()) {
      Double v = sample.value(m);
      int i = m.ordinal();
      if (v != null) {
        sum[i] = v;
        count[i] = 1;
      }
    }
    // one array for min, max and sum: a single sample's are equal, and points are immutable
    return new HistoryPoint(sample.time(), 0, 1, sample.healthy() ? 1 : 0, sum, sum, sum, count);
  }

  /**
   * A point from stored parts (a database store reading its rows).
   *
   * @param time start of the interval
   * @param seconds length of the interval, seconds (0 for a raw sample)
   * @param samples samples folded in (at least 1)
   * @param healthySamples of those, the healthy ones
   * @param min per {@link HistoryMetric#ordinal()}, the minimum (ignored where count is 0)
   * @param max per metric, the maximum
   * @param sum per metric, the sum of its values
   * @param count per metric, how many samples gave it
   * @return the point
   */
  public static HistoryPoint of(
      Instant time, long seconds, int samples, int healthySamples, double[] min, double[] max, double[] sum, int[] count) {
    Objects.requireNonNull(time, "time");
    if (min.length != M || max.length != M || sum.length != M || count.length != M) {
      throw new IllegalArgumentException("a history point needs " + M + " values per part");
    }
    if (seconds < 0 || samples < 1 || healthySamples < 0 || healthySamples > samples) {
      throw new IllegalArgumentException(
          "bad history point: seconds=" + seconds + " samples=" + samples + " healthy=" + healthySamples);
    }
    return new HistoryPoint(time, seconds, samples, healthySamples, min.clone(), max.clone(), sum.clone(), count.clone());
  }

  /**
   * Folds two points into one interval.
   *
   * @param other another point of the same pool
   * @param start start of the resulting interval
   * @param seconds length of the resulting interval, seconds
   * @return the folded point: min of mins, max of maxes, sums and counts added
   */
  public HistoryPoint merge(HistoryPoint other, Instant start, long seconds) {
    double[] mn = new double[M];
    double[] mx = new double[M];
    double[] s = new double[M];
    int[] c = new int[M];
    for (int i = 0; i < M; i++) {
      c[i] = count[i] + other.count[i];
      s[i] = sum[i] + other.sum[i];
      if (count[i] == 0) {
        mn[i] = other.min[i];
        mx[i] = other.max[i];
      } else if (other.count[i] == 0) {
        mn[i] = min[i];
        mx[i] = max[i];
      } else {
        mn[i] = Math.min(min[i], other.min[i]);
        mx[i] = Math.max(max[i], other.max[i]);
      }
    }
    return new HistoryPoint(start, seconds, samples + other.samples, healthySamples + other.healthySamples, mn, mx, s, c);
  }

  /**
   * @param start start of an interval holding this point
   * @param seconds its length, seconds
   * @return the same figures as a point of that interval
   */
  public HistoryPoint withInterval(Instant start, long seconds) {
    return new HistoryPoint(start, seconds, samples, healthySamples, min, max, sum, count);
  }

  /** @return start of the interval (a raw sample's time) */
  public Instant time() {
    return time;
  }

  /** @return length of the interval, seconds; 0 for a raw sample */
  public long seconds() {
    return seconds;
  }

  /** @return samples folded into this point */
  public int samples() {
    return samples;
  }

  /** @return of those, the ones where the pool was healthy */
  public int healthySamples() {
    return healthySamples;
  }

  /** @return healthy samples / samples, 0&ndash;1 */
  public double healthyShare() {
    return (double) healthySamples / samples;
  }

  /**
   * @param m a figure
   * @return how many samples gave it
   */
  public int count(HistoryMetric m) {
    return count[m.ordinal()];
  }

  /**
   * @param m a figure
   * @return the smallest value, or {@code null} when no sample gave it
   */
  public @Nullable Double min(HistoryMetric m) {
    return count[m.ordinal()] == 0 ? null : min[m.ordinal()];
  }

  /**
   * @param m a figure
   * @return the largest value, or {@code null} when no sample gave it
   */
  public @Nullable Double max(HistoryMetric m) {
    return count[m.ordinal()] == 0 ? null : max[m.ordinal()];
  }

  /**
   * @param m a figure
   * @return the mean over the samples that gave it, or {@code null} when none did
   */
  public @Nullable Double avg(HistoryMetric m) {
    int c = count[m.ordinal()];
    return c == 0 ? null : sum[m.ordinal()] / c;
  }

  /**
   * @param m a figure
   * @return the sum of its values (0 when no sample gave it)
   */
  public double sum(HistoryMetric m) {
    return sum[m.ordinal()];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HistoryPoint p
        && time.equals(p.time)
        && seconds == p.seconds
        && samples == p.samples
        && healthySamples == p.healthySamples
        && Arrays.equals(count, p.count)
        && Arrays.equals(sum, p.sum)
        && Arrays.equals(min, p.min)
        && Arrays.equals(max, p.max);
  }

  @Override
  public int hashCode() {
    return Objects.hash(time, seconds, samples, healthySamples, Arrays.hashCode(sum));
  }

  @Override
  public String toString() {
    return "HistoryPoint[" + time + " +" + seconds + "s, " + samples + " samples, " + healthySamples + " healthy]";
  }
}
