package dev.danvic.hmm.pools.simulator;

import dev.danvic.hmm.pools.Coin;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/**
 * Realistic magnitudes for one coin, as of late 2025: network difficulty, chain height, block
 * subsidy, and how big a Solopool.org pool for that coin is.
 *
 * @param coin the coin
 * @param difficulty network difficulty (plain) around which the simulated difficulty drifts
 * @param anchorHeight the chain height at {@link #ANCHOR}
 * @param heightSpacing the time between two blocks of the whole chain (DigiByte: 15 s over five
 *     algorithms, while {@link Coin#blockTime()} is the 75 s of SHA-256d alone)
 * @param subsidy the block subsidy in coin units, without fees
 * @param solopoolHashrate the Solopool.org pool's hash rate for this coin, H/s
 * @param solopoolMiners how many miners that pool has
 * @param addressPrefix what this coin's addresses start with
 */
record CoinProfile(
    Coin coin,
    double difficulty,
    long anchorHeight,
    Duration heightSpacing,
    BigDecimal subsidy,
    double solopoolHashrate,
    int solopoolMiners,
    String addressPrefix) {

  /** When each profile's {@code anchorHeight} was (about) the chain's height. */
  static final Instant ANCHOR = Instant.parse("2025-11-20T00:00:00Z");
  /** Blocks until a coinbase can be spent, the same for all four coins. */
  static final int MATURITY_BLOCKS = 100;
  /** The characters of bech32 and CashAddr addresses. */
  static final String BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

  static CoinProfile of(Coin coin) {
    switch (coin) {
      case BTC:
        return new CoinProfile(
            coin, 1.2e14, 925_000, Duration.ofMinutes(10), new BigDecimal("3.125"), 3.0e16, 900, "bc1q");
      case BCH:
        return new CoinProfile(
            coin, 5.0e11, 923_000, Duration.ofMinutes(10), new BigDecimal("3.125"), 5.0e16, 400, "q");
      case DGB:
        return new CoinProfile(
            coin, 1.0e9, 22_100_000, Duration.ofSeconds(15), new BigDecimal("274"), 2.0e15, 150, "dgb1q");
      case BC2:
        return new CoinProfile(
            coin, 5.0e7, 52_000, Duration.ofMinutes(10), new BigDecimal("50"), 1.0e14, 60, "bc1q");
      default:
        throw new IllegalArgumentException("no profile for coin " + coin);
    }
  }

  /** A plausible address for this coin, the same for the same (seed, index). */
  String address(long seed, long index) {
    int length = coin == Coin.BCH ? 41 : 38;
    return addressPrefix + Drift.chars(seed, 0xADD7, index, BECH32, length);
  }
}
