package dev.danvic.hmm.pools.benchmarks;

import java.util.Arrays;

/** Percentiles and medians of samples, by the nearest-rank method. */
final class Percentiles {
  private Percentiles() {}

  /**
   * The nearest-rank percentile: the smallest sample such that at least {@code p} percent of the
   * samples are at or below it.
   *
   * @param samples the samples, in any order (not changed)
   * @param p the percentile, above 0 and at most 100
   * @return the percentile
   * @throws IllegalArgumentException when there are no samples or {@code p} is out of range
   */
  static long percentile(long[] samples, double p) {
    if (samples.length == 0) {
      throw new IllegalArgumentException("no samples to take a percentile of");
    }
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be above 0 and at most 100, was " + p);
    }
    long[] sorted = samples.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }

  /**
   * @param samples the samples, in any order (not changed)
   * @return the median: the middle sample, or the mean of the two middle ones
   * @throws IllegalArgumentException when there are no samples
   */
  static double median(double[] samples) {
    if (samples.length == 0) {
      throw new IllegalArgumentException("no samples to take a median of");
    }
    double[] sorted = samples.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /**
   * @param samples at least one value
   * @return the smallest
   */
  static double min(double[] samples) {
    return Arrays.stream(samples).min().orElseThrow(() -> new IllegalArgumentException("no samples"));
  }

  /**
   * @param samples at least one value
   * @return the largest
   */
  static double max(double[] samples) {
    return Arrays.stream(samples).max().orElseThrow(() -> new IllegalArgumentException("no samples"));
  }
}
