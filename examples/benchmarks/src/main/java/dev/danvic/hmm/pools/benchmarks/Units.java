package dev.danvic.hmm.pools.benchmarks;

import java.util.Locale;

/** Figures as text with their unit. */
final class Units {
  private Units() {}

  /**
   * @param bytes a size in bytes
   * @return {@code "512 B"}, {@code "12.3 KiB"} or {@code "4.56 MiB"}; {@code "?"} when unknown (NaN)
   */
  static String bytes(double bytes) {
    if (Double.isNaN(bytes)) {
      return "?";
    }
    if (Math.abs(bytes) < 1024) {
      return String.format(Locale.ROOT, "%.0f B", bytes);
    }
    if (Math.abs(bytes) < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024);
    }
    return String.format(Locale.ROOT, "%.2f MiB", bytes / (1024 * 1024));
  }

  /**
   * @param nanos a duration in nanoseconds
   * @return milliseconds with at most two decimals, such as {@code "3.14 ms"} or {@code "212 ms"}
   */
  static String millis(double nanos) {
    double ms = nanos / 1e6;
    if (ms >= 100) {
      return String.format(Locale.ROOT, "%.0f ms", ms);
    }
    return String.format(Locale.ROOT, ms >= 10 ? "%.1f ms" : "%.2f ms", ms);
  }

  /**
   * @param value a number
   * @param decimals digits after the point
   * @return the number with that many decimals
   */
  static String fixed(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }
}
