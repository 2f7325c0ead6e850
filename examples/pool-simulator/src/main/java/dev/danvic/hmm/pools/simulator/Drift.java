package dev.danvic.hmm.pools.simulator;

import java.time.Duration;
import java.time.Instant;

/**
 * Deterministic "random" numbers: every value is a pure function of a seed, a stream (which
 * quantity) and an index (which minute, block or worker), so two simulators with the same seed
 * and clock serve the same numbers, and no state has to be kept between requests.
 */
final class Drift {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  /** How many past steps a walk sums; (1 - REVERSION)^WINDOW is about 0.002, so older steps no longer matter. */
  private static final int WINDOW = 80;
  /** How strongly a walk is pulled back towards 1 each step, so it never wanders off to 0 or infinity. */
  private static final double REVERSION = 0.075;
  /** The most steps {@link #mean} averages one by one. */
  static final int SAMPLES = 24;

  private Drift() {}

  /** SplitMix64's finaliser: a bijective mix of 64 bits. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A well mixed 64-bit value for one (seed, stream, index). */
  static long hash(long seed, long stream, long index) {
    return mix(mix(seed ^ mix(stream * GOLDEN + 1)) + index * GOLDEN);
  }

  /** A value uniform in [0, 1) for one (seed, stream, index). */
  static double unit(long seed, long stream, long index) {
    return (hash(seed, stream, index) >>> 11) * 0x1.0p-53;
  }

  /** A value uniform in [lo, hi) for one (seed, stream, index). */
  static double between(long seed, long stream, long index, double lo, double hi) {
    return lo + (hi - lo) * unit(seed, stream, index);
  }

  /**
   * A mean-reverting random walk around 1: each {@code step} the value moves by about
   * {@code maxStep} at most (0.02 = ±2 %), and it stays within a few times that of 1.
   *
   * @param at the time; the walk changes only at multiples of {@code step} since the epoch
   * @return a factor to multiply a base value with, near 1
   */
  static double walk(long seed, long stream, Instant at, Duration step, double maxStep) {
    long base = streamBase(seed, stream);
    return factor(sum(base, Math.floorDiv(at.getEpochSecond(), step.toSeconds())), maxStep);
  }

  /**
   * The mean of {@link #walk} over the {@code window} that ends at {@code at}: what a pool's "5
   * minute" or "24 hour" average shows. Up to {@value #SAMPLES} steps it averages every step;
   * longer windows are sampled at {@value #SAMPLES} evenly spaced steps, which keeps a 24 hour
   * average as cheap as a 1 hour one.
   */
  static double mean(long seed, long stream, Instant at, Duration step, double maxStep, Duration window) {
    long base = streamBase(seed, stream);
    long last = Math.floorDiv(at.getEpochSecond(), step.toSeconds());
    long steps = Math.max(1, window.toSeconds() / step.toSeconds());
    if (steps > SAMPLES) {
      double total = 0;
      for (int i = 0; i < SAMPLES; i++) {
        total += factor(sum(base, last - i * steps / SAMPLES), maxStep);
      }
      return total / SAMPLES;
    }
    long k = last - steps + 1;
    double x = sum(base, k);
    double total = factor(x, maxStep);
    double oldest = Math.pow(1 - REVERSION, WINDOW);
    while (k < last) {
      k++;
      // the same sum one step later: add the new term, age the others, drop the one leaving
      x = term(base, k) + (1 - REVERSION) * x - oldest * term(base, k - WINDOW);
      total += factor(x, maxStep);
    }
    return total / steps;
  }

  private static long streamBase(long seed, long stream) {
    return mix(seed ^ mix(stream * GOLDEN + 1));
  }

  /** One step of a walk, uniform in [-1, 1). */
  private static double term(long base, long k) {
    return 2 * ((mix(base + k * GOLDEN) >>> 11) * 0x1.0p-53) - 1;
  }

  private static double sum(long base, long k) {
    double x = 0;
    double weight = 1;
    for (int i = 0; i < WINDOW; i++) {
      x += weight * term(base, k - i);
      weight *= 1 - REVERSION;
    }
    return x;
  }

  private static double factor(double x, double maxStep) {
    // one step changes x by a fresh term minus REVERSION times the rest, so by about maxStep at most
    return Math.exp(x * Math.log1p(maxStep) * (1 - REVERSION));
  }

  /**
   * {@code length} characters drawn from {@code alphabet} (of at most 32 characters, ideally a
   * power of two), deterministic per (seed, stream, index).
   */
  static String chars(long seed, long stream, long index, String alphabet, int length) {
    StringBuilder sb = new StringBuilder(length);
    long h = 0;
    for (int i = 0; i < length; i++) {
      int bit = (i % 12) * 5;
      if (bit == 0) {
        h = hash(seed ^ index, stream, i / 12);
      }
      sb.append(alphabet.charAt((int) ((h >>> bit) & 31) % alphabet.length()));
    }
    return sb.toString();
  }
}
