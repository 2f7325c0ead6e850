package dev.danvic.hmm.pools;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The mining maths every plugin and the aggregation share, so every number on a dashboard is
 * computed the same way.
 *
 * <p>All hash rates are in H/s and all times in seconds. Never convert a hash rate to TH/s before
 * calling these methods: {@code D * 2^32 / H} with H in TH/s is off by a factor of 10^12.
 *
 * <p>The hashes expected per unit of difficulty are taken as exactly {@code 2^32}
 * ({@link #HASHES_PER_DIFFICULTY}). The exact figure for difficulty 1 = target {@code 0x1d00ffff}
 * is {@code 2^48 / 0xFFFF = 4 295 032 833}, 0.0015 % more; the difference is far below the
 * uncertainty of any pool's hash rate.
 */
public final class MiningMath {
  /** Hashes expected per unit of difficulty: {@code 2^32}. */
  public static final double HASHES_PER_DIFFICULTY = 4_294_967_296.0;

  /** Seconds in a (Julian) year of 365.25 days, used for duration text. */
  public static final double SECONDS_PER_YEAR = 365.25 * 86_400;

  /** One day in seconds; the window of {@code blocks_found_24h} and {@code user_block_odds_24h}. */
  public static final double SECONDS_PER_DAY = 86_400;

  private MiningMath() {}

  /**
   * Expected time until a miner (or pool) with hash rate {@code hashrate} finds a block at
   * difficulty {@code difficulty}: {@code T = D * 2^32 / H}.
   *
   * @param difficulty network difficulty, plain (greater than 0)
   * @param hashrate hash rate in H/s (greater than 0)
   * @return the expected time in seconds
   * @throws IllegalArgumentException when an argument is not a finite positive number
   */
  public static double timeToBlockSeconds(double difficulty, double hashrate) {
    requirePositive(difficulty, "difficulty");
    requirePositive(hashrate, "hashrate");
    return difficulty * HASHES_PER_DIFFICULTY / hashrate;
  }

  /**
   * @param algorithm a pool's name for its coin's proof-of-work algorithm ({@code "Sha256"},
   *     {@code "sha256d"}, {@code "scrypt"}, …), or {@code null}
   * @return whether it is SHA-256d, whose difficulty the formulas of this class assume
   *     (difficulty 1 = 2^32 hashes); {@code false} when unknown
   */
  public static boolean isSha256d(@Nullable String algorithm) {
    return algorithm != null && algorithm.trim().toLowerCase(java.util.Locale.ROOT).startsWith("sha256");
  }

  /**
   * {@link #timeToBlockSeconds(double, double)} for values that may be unknown.
   *
   * @param difficulty network difficulty, or {@code null}
   * @param hashrate hash rate in H/s, or {@code null}
   * @return the expected time in seconds, or {@code null} when either input is unknown, zero,
   *     negative or not finite (a pool with no hash rate never finds a block; that is "unknown",
   *     not infinity)
   */
  public static @Nullable Double timeToBlockSecondsOrNull(
      @Nullable Double difficulty, @Nullable Double hashrate) {
    if (!isPositive(difficulty) || !isPositive(hashrate)) {
      return null;
    }
    double t = difficulty * HASHES_PER_DIFFICULTY / hashrate;
    return Double.isFinite(t) ? t : null; // D * 2^32 overflows for an absurd difficulty (1e308)
  }

  /**
   * Probability of at least one block within {@code windowSeconds} when blocks arrive as a Poisson
   * process with mean interval {@code expectedSeconds}: {@code P = 1 - e^(-t/T)}. Never the linear
   * {@code t/T}, which exceeds 1 for long windows.
   *
   * @param windowSeconds the window, in seconds (0 or more)
   * @param expectedSeconds the expected time to a block, in seconds (greater than 0)
   * @return a probability from 0 to 1
   */
  public static double blockOdds(double windowSeconds, double expectedSeconds) {
    if (!(windowSeconds >= 0) || Double.isInfinite(windowSeconds)) {
      throw new IllegalArgumentException("windowSeconds must be finite and >= 0: " + windowSeconds);
    }
    requirePositive(expectedSeconds, "expectedSeconds");
    // -expm1(-x) keeps full precision for the tiny odds of a home miner.
    return -Math.expm1(-windowSeconds / expectedSeconds);
  }

  /**
   * The median wait for a block: {@code T * ln 2}.
   *
   * @param expectedSeconds the expected time to a block, in seconds
   * @return the median wait in seconds
   */
  public static double medianWaitSeconds(double expectedSeconds) {
    requirePositive(expectedSeconds, "expectedSeconds");
    return expectedSeconds * Math.log(2);
  }

  /**
   * The network hash rate implied by a difficulty and the coin's block time:
   * {@code H_net = D * 2^32 / block_time}. Prefer a hash rate the pool reports when it has one.
   *
   * @param difficulty network difficulty (greater than 0)
   * @param blockTime the coin's target block time, for example {@link Coin#blockTime()}
   * @return the network hash rate in H/s
   */
  public static double networkHashrate(double difficulty, Duration blockTime) {
    requirePositive(difficulty, "difficulty");
    double seconds = blockTime.toNanos() / 1e9;
    requirePositive(seconds, "blockTime");
    return difficulty * HASHES_PER_DIFFICULTY / seconds;
  }

  /**
   * The share of the network a hash rate represents: {@code H_pool / H_net * 100}.
   *
   * @param hashrate the pool's (or miner's) hash rate in H/s, or {@code null}
   * @param networkHashrate the network's hash rate in H/s, or {@code null}
   * @return percent (0&ndash;100), or {@code null} when either is unknown, the network hash rate
   *     is not positive, or the share would exceed 100 % (see {@link #percentageOrNull(Double)})
   */
  public static @Nullable Double poolPercentage(
      @Nullable Double hashrate, @Nullable Double networkHashrate) {
    if (hashrate == null || !Double.isFinite(hashrate) || hashrate < 0 || !isPositive(networkHashrate)) {
      return null;
    }
    return percentageOrNull(hashrate / networkHashrate * 100.0);
  }

  /**
   * The one check of a share of the network ({@code pool_percentage}) every plugin and core use:
   * a share is between 0 and 100 percent. Above 100 the two hash rates were not comparable (taken
   * at different times, in different units, or of different networks), so the share is unknown,
   * never a made-up figure above the whole network.
   *
   * @param percent a share in percent, or {@code null}
   * @return the share when it is finite and within 0&ndash;100, else {@code null}
   */
  public static @Nullable Double percentageOrNull(@Nullable Double percent) {
    return percent != null && Double.isFinite(percent) && percent >= 0 && percent <= 100 ? percent : null;
  }

  /**
   * The expected time until <em>any</em> of several independent miners or pools finds a block.
   * Block finding is a Poisson process, so rates add: {@code 1 / sum(1 / T_i)}.
   *
   * @param expectedSeconds each one's expected time in seconds; {@code null}, zero, negative and
   *     non-finite entries are skipped as unknown
   * @return the combined expected time in seconds, or {@code null} when no entry is known
   */
  public static @Nullable Double combinedTimeToBlockSeconds(Iterable<@Nullable Double> expectedSeconds) {
    double rate = 0;
    boolean any = false;
    for (Double t : expectedSeconds) {
      if (isPositive(t)) {
        rate += 1.0 / t;
        any = true;
      }
    }
    return any ? 1.0 / rate : null;
  }

  /**
   * A duration as text a person reads at a glance: under an hour {@code "N minutes"}, under a day
   * {@code "N hours"}, under a year {@code "N days"}, else {@code "N years"} (years of 365.25
   * days). N is rounded to the nearest whole unit; a value that rounds up to the next unit is
   * written in that unit ({@code 3599 s} is {@code "1 hour"}, not {@code "60 minutes"}).
   * Under 30 seconds is {@code "less than a minute"}.
   *
   * @param seconds a duration in seconds, 0 or more
   * @return the text, for example {@code "7 days"}
   */
  public static String humanDuration(double seconds) {
    if (!(seconds >= 0) || Double.isInfinite(seconds)) {
      throw new IllegalArgumentException("seconds must be finite and >= 0: " + seconds);
    }
    long minutes = Math.round(seconds / 60);
    if (minutes < 1) {
      return "less than a minute";
    }
    if (minutes < 60) {
      return plural(minutes, "minute");
    }
    long hours = Math.round(seconds / 3600);
    if (hours < 24) {
      return plural(hours, "hour");
    }
    long days = Math.round(seconds / SECONDS_PER_DAY);
    if (days < 365) {
      return plural(days, "day");
    }
    return plural(Math.max(1, Math.round(seconds / SECONDS_PER_YEAR)), "year");
  }

  /**
   * {@link #humanDuration(double)} for a value that may be unknown.
   *
   * @param seconds a duration in seconds, or {@code null}
   * @return the text, or {@code null} when the duration is unknown, negative or not finite
   */
  public static @Nullable String humanDurationOrNull(@Nullable Double seconds) {
    if (seconds == null || !(seconds >= 0) || Double.isInfinite(seconds)) {
      return null;
    }
    return humanDuration(seconds);
  }

  private static String plural(long n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }

  private static boolean isPositive(@Nullable Double d) {
    return d != null && Double.isFinite(d) && d > 0;
  }

  private static void requirePositive(double value, String name) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be finite and > 0: " + value);
    }
  }
}
