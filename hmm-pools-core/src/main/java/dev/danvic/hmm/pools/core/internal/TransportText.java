package dev.danvic.hmm.pools.core.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/** Durations and sizes written for a person, as the transport's messages show them. Not API. */
public final class TransportText {
  private TransportText() {}

  /**
   * @param d a duration
   * @return {@code "120 s"}, {@code "0.3 s"}, {@code "1.5 s"} or {@code "20 ms"} (under 0.1 s)
   */
  public static String seconds(Duration d) {
    long ms = Math.max(0, d.toMillis());
    if (ms < 100) {
      return ms + " ms";
    }
    BigDecimal s = BigDecimal.valueOf(ms).movePointLeft(3);
    // one decimal below 10 s, whole seconds above: "0.3 s", "9.5 s", "120 s"
    s = s.setScale(ms < 10_000 ? 1 : 0, RoundingMode.HALF_UP).stripTrailingZeros();
    return s.toPlainString() + " s";
  }

  /**
   * @param bytes a size, bytes
   * @return {@code "4 MiB"}, {@code "512 KiB"}, {@code "100 bytes"}
   */
  public static String bytes(long bytes) {
    String[] units = {"bytes", "KiB", "MiB", "GiB"};
    double v = bytes;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    BigDecimal shown = BigDecimal.valueOf(v).setScale(1, RoundingMode.HALF_UP).stripTrailingZeros();
    return shown.toPlainString() + " " + units[u];
  }
}
