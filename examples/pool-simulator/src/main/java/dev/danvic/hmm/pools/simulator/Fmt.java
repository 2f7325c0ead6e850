package dev.danvic.hmm.pools.simulator;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/** How the simulated APIs write numbers: plain decimals (never {@code 1.2E10}) and times. */
final class Fmt {
  private static final BigDecimal SATS_PER_BTC = BigDecimal.valueOf(100_000_000L);
  private static final BigDecimal UNITS_PER_COIN = BigDecimal.valueOf(1_000_000_000L);

  private Fmt() {}

  /** {@code value} rounded to {@code scale} decimals, written without an exponent. */
  static BigDecimal dec(double value, int scale) {
    return BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_EVEN);
  }

  /** A BTC amount as Braiins writes it: a decimal string with 8 decimals. */
  static String btc(BigDecimal amount) {
    return amount.setScale(8, RoundingMode.HALF_EVEN).toPlainString();
  }

  /** A BTC amount in whole satoshis. */
  static long sats(BigDecimal btc) {
    return btc.multiply(SATS_PER_BTC).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
  }

  /** A coin amount in the 1e-9 units of the open-ethereum-pool family (Solopool). */
  static long nanoCoins(BigDecimal coins) {
    return coins.multiply(UNITS_PER_COIN).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
  }

  /** A time as Go's encoding/json writes a {@code time.Time}: RFC 3339, here in UTC, whole seconds. */
  static String rfc3339(long epochSeconds) {
    return Instant.ofEpochSecond(epochSeconds).toString();
  }
}
