package dev.danvic.hmm.pools.core.history;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How long a {@link HistoryStore} keeps what, and how much: three tiers, each query served from the
 * finest tier that still covers its start.
 *
 * <ul>
 *   <li>tier 0, raw samples: one per refresh, kept {@link #rawRetention()} (default 48 h), at most
 *       {@link #maxRawSamplesPerPool()} per pool (default 5 760: 48 h at one refresh per 30 s);
 *   <li>tier 1, {@link #mediumResolution()} buckets (default 5 minutes), kept
 *       {@link #mediumRetention()} (default 30 days);
 *   <li>tier 2, {@link #coarseResolution()} buckets (default 1 hour), kept
 *       {@link #coarseRetention()} (default 365 days).
 * </ul>
 *
 * Every sample is folded into its bucket of each tier when it is recorded (min, mean and max per
 * figure kept), so a tier never waits for the finer one to expire. Buckets start at multiples of
 * their resolution since the epoch (UTC). Build with {@link #builder()}; {@link #defaults()} gives
 * the values above.
 *
 * @param rawRetention how long raw samples are kept
 * @param maxRawSamplesPerPool the most raw samples kept per pool, whatever the refresh rate
 * @param mediumResolution length of a tier-1 bucket
 * @param mediumRetention how long tier-1 buckets are kept
 * @param coarseResolution length of a tier-2 bucket (a multiple of the medium resolution)
 * @param coarseRetention how long tier-2 buckets are kept
 * @param maxPools the most pools an in-memory store keeps; the one updated longest ago goes first
 */
public record HistoryRetention(
    Duration rawRetention,
    int maxRawSamplesPerPool,
    Duration mediumResolution,
    Duration mediumRetention,
    Duration coarseResolution,
    Duration coarseRetention,
    int maxPools) {

  /** Checks that the tiers get coarser and longer. */
  public HistoryRetention {
    positive(rawRetention, "rawRetention");
    positive(mediumResolution, "mediumResolution");
    positive(mediumRetention, "mediumRetention");
    positive(coarseResolution, "coarseResolution");
    positive(coarseRetention, "coarseRetention");
    if (maxRawSamplesPerPool < 1 || maxPools < 1) {
      throw new IllegalArgumentException("maxRawSamplesPerPool and maxPools must be at least 1");
    }
    if (mediumResolution.toMillis() % 1000 != 0 || coarseResolution.toSeconds() % mediumResolution.toSeconds() != 0) {
      throw new IllegalArgumentException(
          "coarseResolution (" + coarseResolution + ") must be a whole multiple of mediumResolution ("
              + mediumResolution + "), both whole seconds");
    }
    if (mediumRetention.compareTo(rawRetention) < 0 || coarseRetention.compareTo(mediumRetention) < 0) {
      throw new IllegalArgumentException(
          "retentions must not shrink from raw to medium to coarse: " + rawRetention + ", " + mediumRetention + ", " + coarseRetention);
    }
  }

  /** @return 48 h raw (at most 5 760 per pool), 5-minute buckets 30 days, hourly buckets 365 days, 100 pools */
  public static HistoryRetention defaults() {
    return builder().build();
  }

  /** @return a builder starting from the defaults */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * @param tier 0, 1 or 2
   * @return the tier's bucket length; {@link Duration#ZERO} for raw samples
   */
  public Duration resolution(int tier) {
    return switch (tier) {
      case 0 -> Duration.ZERO;
      case 1 -> mediumResolution;
      case 2 -> coarseResolution;
      default -> throw new IllegalArgumentException("no history tier " + tier);
    };
  }

  /**
   * @param tier 0, 1 or 2
   * @return how long the tier is kept
   */
  public Duration retention(int tier) {
    return switch (tier) {
      case 0 -> rawRetention;
      case 1 -> mediumRetention;
      case 2 -> coarseRetention;
      default -> throw new IllegalArgumentException("no history tier " + tier);
    };
  }

  /**
   * @param from start of a query
   * @param now the store's present
   * @return the finest tier (0, 1, 2) whose retention reaches back to {@code from}
   */
  public int tierFor(Instant from, Instant now) {
    for (int tier = 0; tier < 2; tier++) {
      if (!from.isBefore(now.minus(retention(tier)))) {
        return tier;
      }
    }
    return 2;
  }

  /**
   * @param from start of a query
   * @param now the store's present
   * @param coarsest the longest bucket the caller accepts
   * @return the coarser of {@link #tierFor(Instant, Instant)} and the coarsest tier whose bucket
   *     length is at most {@code coarsest}
   */
  public int tierFor(Instant from, Instant now, Duration coarsest) {
    int tier = tierFor(from, now);
    for (int t = 2; t > tier; t--) {
      if (resolution(t).compareTo(coarsest) <= 0) {
        return t;
      }
    }
    return tier;
  }

  /**
   * @param time a time
   * @param tier 1 or 2
   * @return the start of the tier's bucket holding it
   */
  public Instant bucketStart(Instant time, int tier) {
    long step = resolution(tier).toSeconds();
    return Instant.ofEpochSecond(Math.floorDiv(time.getEpochSecond(), step) * step);
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
  }

  /** Settings for {@link HistoryRetention}; every value starts at its default. */
  public static final class Builder {
    private Duration rawRetention = Duration.ofHours(48);
    private int maxRawSamplesPerPool = 5_760;
    private Duration mediumResolution = Duration.ofMinutes(5);
    private Duration mediumRetention = Duration.ofDays(30);
    private Duration coarseResolution = Duration.ofHours(1);
    private Duration coarseRetention = Duration.ofDays(365);
    private int maxPools = 100;

    private Builder() {}

    /** @param d how long raw samples are kept (default 48 h) @return this */
    public Builder rawRetention(Duration d) {
      rawRetention = d;
      return this;
    }

    /** @param n the most raw samples per pool (default 5 760) @return this */
    public Builder maxRawSamplesPerPool(int n) {
      maxRawSamplesPerPool = n;
      return this;
    }

    /** @param d tier-1 bucket length (default 5 minutes) @return this */
    public Builder mediumResolution(Duration d) {
      mediumResolution = d;
      return this;
    }

    /** @param d how long tier-1 buckets are kept (default 30 days) @return this */
    public Builder mediumRetention(Duration d) {
      mediumRetention = d;
      return this;
    }

    /** @param d tier-2 bucket length (default 1 hour) @return this */
    public Builder coarseResolution(Duration d) {
      coarseResolution = d;
      return this;
    }

    /** @param d how long tier-2 buckets are kept (default 365 days) @return this */
    public Builder coarseRetention(Duration d) {
      coarseRetention = d;
      return this;
    }

    /** @param n the most pools an in-memory store keeps (default 100) @return this */
    public Builder maxPools(int n) {
      maxPools = n;
      return this;
    }

    /**
     * @return the settings
     * @throws IllegalArgumentException when they do not fit together
     */
    public HistoryRetention build() {
      return new HistoryRetention(
          rawRetention, maxRawSamplesPerPool, mediumResolution, mediumRetention, coarseResolution, coarseRetention, maxPools);
    }
  }
}
