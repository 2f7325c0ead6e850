package dev.danvic.hmm.pools;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The four dashboard tiles of one pool, as a plugin reports them. Every value a pool does not
 * give is {@code null}, never {@code 0}. A pool that failed still has a tile set: see
 * {@link #error(String, Instant)}.
 *
 * <p>Build one with {@link #builder(Instant)}. Every {@code Double} must be finite (a plugin reads
 * pool data through {@link LenientJson}, which turns {@code NaN} and infinities into {@code null}).
 *
 * @param healthStatus tile 1: whether the pool answered and its data could be read
 * @param healthMessage tile 1: a short status a person can act on ("3 workers online",
 *     "invalid API token", "timed out after 10 s"); {@code null} when there is nothing to say
 * @param latencyMs tile 1: round trip of the pool's API, in milliseconds
 * @param activeWorkers tile 1: workers currently hashing
 * @param networkDifficulty tile 2: network difficulty of the pool's coin
 * @param poolHashrate tile 2: the pool's hash rate, H/s
 * @param poolPercentage tile 2: the pool's share of the network, percent (0&ndash;100)
 * @param estimatedTimeToBlock tile 2: expected time to the pool's next block, as text ("7 days")
 * @param estimatedTimeToBlockSeconds tile 2: the same, in seconds
 * @param sharesValid tile 3: accepted shares
 * @param sharesInvalid tile 3: rejected shares
 * @param sharesStale tile 3: stale shares
 * @param rejectRate tile 3: {@code (invalid + stale) / (valid + invalid + stale) * 100}, percent
 * @param blocksFound24h tile 4: blocks found in the last 24 hours
 * @param estimatedEarnings24h tile 4: earnings of the last 24 hours (or today), coin units
 * @param currency tile 4: the coin symbol of every amount and of the network figures, e.g. "BTC"
 * @param confirmedBalance tile 4: confirmed balance, coin units
 * @param pendingBalance tile 4: pending (unconfirmed, immature) balance, coin units
 * @param lastBlockTime tile 4: when the pool last found a block
 * @param userHashrate solo pools with a known account: the user's hash rate, H/s
 * @param userEstimatedTimeToBlock the user's expected time to a block, as text
 * @param userEstimatedTimeToBlockSeconds the same, in seconds
 * @param userBlockOdds24h probability (0&ndash;1, not percent) that the user finds a block within 24 hours
 * @param lastUpdated when these figures were read
 * @param supportsEarnings whether this pool reports earnings at all
 * @param supportsBalance whether this pool reports balances at all
 * @param bestShareDifficulty tile 3, solo pools: the account's best share in the pool's current
 *     window or round, as plain difficulty (difficulty 1 = target {@code 0x1d00ffff}); a block is
 *     found when it reaches the network difficulty. {@code null} when the pool does not report it
 * @param bestShareDifficultyEver tile 3, solo pools: the account's best share of all time, plain
 *     difficulty; {@code null} when the pool does not report it
 */
public record DashboardTileData(
    boolean healthStatus,
    @Nullable String healthMessage,
    @Nullable Double latencyMs,
    @Nullable Integer activeWorkers,
    @Nullable Double networkDifficulty,
    @Nullable Double poolHashrate,
    @Nullable Double poolPercentage,
    @Nullable String estimatedTimeToBlock,
    @Nullable Double estimatedTimeToBlockSeconds,
    @Nullable Long sharesValid,
    @Nullable Long sharesInvalid,
    @Nullable Long sharesStale,
    @Nullable Double rejectRate,
    @Nullable Integer blocksFound24h,
    @Nullable BigDecimal estimatedEarnings24h,
    @Nullable String currency,
    @Nullable BigDecimal confirmedBalance,
    @Nullable BigDecimal pendingBalance,
    @Nullable Instant lastBlockTime,
    @Nullable Double userHashrate,
    @Nullable String userEstimatedTimeToBlock,
    @Nullable Double userEstimatedTimeToBlockSeconds,
    @Nullable Double userBlockOdds24h,
    Instant lastUpdated,
    boolean supportsEarnings,
    boolean supportsBalance,
    @Nullable Double bestShareDifficulty,
    @Nullable Double bestShareDifficultyEver) {

  /** Checks that every number is finite and not negative, and that {@code lastUpdated} is set. */
  public DashboardTileData {
    Objects.requireNonNull(lastUpdated, "lastUpdated");
    check(latencyMs, "latency_ms");
    check(networkDifficulty, "network_difficulty");
    check(poolHashrate, "pool_hashrate");
    check(poolPercentage, "pool_percentage");
    check(estimatedTimeToBlockSeconds, "estimated_time_to_block_seconds");
    check(rejectRate, "reject_rate");
    check(userHashrate, "user_hashrate");
    check(userEstimatedTimeToBlockSeconds, "user_estimated_time_to_block_seconds");
    check(userBlockOdds24h, "user_block_odds_24h");
    check(bestShareDifficulty, "best_share_difficulty");
    check(bestShareDifficultyEver, "best_share_difficulty_ever");
    checkCount(activeWorkers, "active_workers");
    checkCount(blocksFound24h, "blocks_found_24h");
    checkCount(sharesValid, "shares_valid");
    checkCount(sharesInvalid, "shares_invalid");
    checkCount(sharesStale, "shares_stale");
    if (userBlockOdds24h != null && userBlockOdds24h > 1) {
      throw new IllegalArgumentException("user_block_odds_24h is a probability (0-1): " + userBlockOdds24h);
    }
  }

  /**
   * The tile set without the best-share figures (both {@code null}), as the record was before they
   * were added; kept so code written against it still compiles.
   *
   * @param healthStatus see the record
   * @param healthMessage see the record
   * @param latencyMs see the record
   * @param activeWorkers see the record
   * @param networkDifficulty see the record
   * @param poolHashrate see the record
   * @param poolPercentage see the record
   * @param estimatedTimeToBlock see the record
   * @param estimatedTimeToBlockSeconds see the record
   * @param sharesValid see the record
   * @param sharesInvalid see the record
   * @param sharesStale see the record
   * @param rejectRate see the record
   * @param blocksFound24h see the record
   * @param estimatedEarnings24h see the record
   * @param currency see the record
   * @param confirmedBalance see the record
   * @param pendingBalance see the record
   * @param lastBlockTime see the record
   * @param userHashrate see the record
   * @param userEstimatedTimeToBlock see the record
   * @param userEstimatedTimeToBlockSeconds see the record
   * @param userBlockOdds24h see the record
   * @param lastUpdated see the record
   * @param supportsEarnings see the record
   * @param supportsBalance see the record
   */
  public DashboardTileData(
      boolean healthStatus,
      @Nullable String healthMessage,
      @Nullable Double latencyMs,
      @Nullable Integer activeWorkers,
      @Nullable Double networkDifficulty,
      @Nullable Double poolHashrate,
      @Nullable Double poolPercentage,
      @Nullable String estimatedTimeToBlock,
      @Nullable Double estimatedTimeToBlockSeconds,
      @Nullable Long sharesValid,
      @Nullable Long sharesInvalid,
      @Nullable Long sharesStale,
      @Nullable Double rejectRate,
      @Nullable Integer blocksFound24h,
      @Nullable BigDecimal estimatedEarnings24h,
      @Nullable String currency,
      @Nullable BigDecimal confirmedBalance,
      @Nullable BigDecimal pendingBalance,
      @Nullable Instant lastBlockTime,
      @Nullable Double userHashrate,
      @Nullable String userEstimatedTimeToBlock,
      @Nullable Double userEstimatedTimeToBlockSeconds,
      @Nullable Double userBlockOdds24h,
      Instant lastUpdated,
      boolean supportsEarnings,
      boolean supportsBalance) {
    this(
        healthStatus,
        healthMessage,
        latencyMs,
        activeWorkers,
        networkDifficulty,
        poolHashrate,
        poolPercentage,
        estimatedTimeToBlock,
        estimatedTimeToBlockSeconds,
        sharesValid,
        sharesInvalid,
        sharesStale,
        rejectRate,
        blocksFound24h,
        estimatedEarnings24h,
        currency,
        confirmedBalance,
        pendingBalance,
        lastBlockTime,
        userHashrate,
        userEstimatedTimeToBlock,
        userEstimatedTimeToBlockSeconds,
        userBlockOdds24h,
        lastUpdated,
        supportsEarnings,
        supportsBalance,
        null,
        null);
  }

  /**
   * The tile set of a pool that failed: {@code health_status=false}, the message, every other value
   * {@code null}.
   *
   * @param message what went wrong, for a person ("invalid API token", "HTTP 503 from ...")
   * @param at when the failure was seen
   * @return an error-state tile set
   */
  public static DashboardTileData error(String message, Instant at) {
    return builder(at).healthStatus(false).healthMessage(message).build();
  }

  /**
   * @param lastUpdated when the figures were read (use the context's clock)
   * @return a builder with every value unknown and {@code health_status=true}
   */
  public static Builder builder(Instant lastUpdated) {
    return new Builder(lastUpdated);
  }

  /** @return a builder holding this tile set's values */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * @return seconds from {@link #lastBlockTime()} to {@link #lastUpdated()}, or {@code null} when no
   *     block time is known
   */
  public @Nullable Double timeSinceLastBlockSeconds() {
    if (lastBlockTime == null) {
      return null;
    }
    return Math.max(0, Duration.between(lastBlockTime, lastUpdated).toMillis() / 1000.0);
  }

  private static void check(@Nullable Double v, String name) {
    if (v != null && (!Double.isFinite(v) || v < 0)) {
      throw new IllegalArgumentException(name + " must be finite and >= 0, was " + v);
    }
  }

  private static void checkCount(@Nullable Number v, String name) {
    if (v != null && v.longValue() < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, was " + v);
    }
  }

  /** Builds a {@link DashboardTileData}. Not thread-safe. */
  public static final class Builder {
    private boolean healthStatus = true;
    private @Nullable String healthMessage;
    private @Nullable Double latencyMs;
    private @Nullable Integer activeWorkers;
    private @Nullable Double networkDifficulty;
    private @Nullable Double poolHashrate;
    private @Nullable Double poolPercentage;
    private @Nullable String estimatedTimeToBlock;
    private @Nullable Double estimatedTimeToBlockSeconds;
    private @Nullable Long sharesValid;
    private @Nullable Long sharesInvalid;
    private @Nullable Long sharesStale;
    private @Nullable Double rejectRate;
    private @Nullable Integer blocksFound24h;
    private @Nullable BigDecimal estimatedEarnings24h;
    private @Nullable String currency;
    private @Nullable BigDecimal confirmedBalance;
    private @Nullable BigDecimal pendingBalance;
    private @Nullable Instant lastBlockTime;
    private @Nullable Double userHashrate;
    private @Nullable String userEstimatedTimeToBlock;
    private @Nullable Double userEstimatedTimeToBlockSeconds;
    private @Nullable Double userBlockOdds24h;
    private Instant lastUpdated;
    private boolean supportsEarnings;
    private boolean supportsBalance;
    private @Nullable Double bestShareDifficulty;
    private @Nullable Double bestShareDifficultyEver;

    private Builder(Instant lastUpdated) {
      this.lastUpdated = Objects.requireNonNull(lastUpdated, "lastUpdated");
    }

    private Builder(DashboardTileData t) {
      healthStatus = t.healthStatus;
      healthMessage = t.healthMessage;
      latencyMs = t.latencyMs;
      activeWorkers = t.activeWorkers;
      networkDifficulty = t.networkDifficulty;
      poolHashrate = t.poolHashrate;
      poolPercentage = t.poolPercentage;
      estimatedTimeToBlock = t.estimatedTimeToBlock;
      estimatedTimeToBlockSeconds = t.estimatedTimeToBlockSeconds;
      sharesValid = t.sharesValid;
      sharesInvalid = t.sharesInvalid;
      sharesStale = t.sharesStale;
      rejectRate = t.rejectRate;
      blocksFound24h = t.blocksFound24h;
      estimatedEarnings24h = t.estimatedEarnings24h;
      currency = t.currency;
      confirmedBalance = t.confirmedBalance;
      pendingBalance = t.pendingBalance;
      lastBlockTime = t.lastBlockTime;
      userHashrate = t.userHashrate;
      userEstimatedTimeToBlock = t.userEstimatedTimeToBlock;
      userEstimatedTimeToBlockSeconds = t.userEstimatedTimeToBlockSeconds;
      userBlockOdds24h = t.userBlockOdds24h;
      lastUpdated = t.lastUpdated;
      supportsEarnings = t.supportsEarnings;
      supportsBalance = t.supportsBalance;
      bestShareDifficulty = t.bestShareDifficulty;
      bestShareDifficultyEver = t.bestShareDifficultyEver;
    }

    /** @param v tile 1 health @return this */
    public Builder healthStatus(boolean v) {
      healthStatus = v;
      return this;
    }

    /** @param v tile 1 message for a person @return this */
    public Builder healthMessage(@Nullable String v) {
      healthMessage = v;
      return this;
    }

    /** @param v API round trip, ms @return this */
    public Builder latencyMs(@Nullable Double v) {
      latencyMs = v;
      return this;
    }

    /** @param v workers hashing now @return this */
    public Builder activeWorkers(@Nullable Integer v) {
      activeWorkers = v;
      return this;
    }

    /** @param v network difficulty @return this */
    public Builder networkDifficulty(@Nullable Double v) {
      networkDifficulty = v;
      return this;
    }

    /** @param v pool hash rate, H/s @return this */
    public Builder poolHashrate(@Nullable Double v) {
      poolHashrate = v;
      return this;
    }

    /** @param v share of the network, percent @return this */
    public Builder poolPercentage(@Nullable Double v) {
      poolPercentage = v;
      return this;
    }

    /**
     * Sets the expected time to the pool's next block, both as seconds and as text
     * ({@link MiningMath#humanDuration(double)}).
     *
     * @param seconds expected time in seconds, or {@code null} when unknown
     * @return this
     */
    public Builder estimatedTimeToBlockSeconds(@Nullable Double seconds) {
      estimatedTimeToBlockSeconds = seconds;
      estimatedTimeToBlock = MiningMath.humanDurationOrNull(seconds);
      return this;
    }

    /**
     * Tile 2 from the figures every pool is read for, computed one way for every plugin: the
     * network difficulty, the pool's hash rate, the pool's share of the network
     * ({@link MiningMath#poolPercentage}) and the expected time to the pool's next block
     * ({@code D * 2^32 / H}, {@link MiningMath#timeToBlockSecondsOrNull}).
     *
     * @param networkDifficulty network difficulty (plain difficulty), or {@code null}
     * @param poolHashrate the pool's hash rate, H/s, or {@code null}
     * @param networkHashrate the network's hash rate, H/s, or {@code null}
     * @param sha256Difficulty whether the difficulty is SHA-256d difficulty (difficulty 1 =
     *     2^32 hashes), the only kind {@code D * 2^32 / H} holds for; otherwise the time to block
     *     stays unknown
     * @return this
     */
    public Builder network(
        @Nullable Double networkDifficulty,
        @Nullable Double poolHashrate,
        @Nullable Double networkHashrate,
        boolean sha256Difficulty) {
      return networkDifficulty(networkDifficulty)
          .poolHashrate(poolHashrate)
          .poolPercentage(MiningMath.poolPercentage(poolHashrate, networkHashrate))
          .estimatedTimeToBlockSeconds(
              sha256Difficulty ? MiningMath.timeToBlockSecondsOrNull(networkDifficulty, poolHashrate) : null);
    }

    /**
     * Overrides the text of the expected time to block (for a pool that reports it as text).
     *
     * @param text for example {@code "7 days"}
     * @return this
     */
    public Builder estimatedTimeToBlock(@Nullable String text) {
      estimatedTimeToBlock = text;
      return this;
    }

    /**
     * Sets the share counts and derives {@code reject_rate} from them when at least one count is
     * known and their total is above zero.
     *
     * @param valid accepted shares, or {@code null}
     * @param invalid rejected shares, or {@code null}
     * @param stale stale shares, or {@code null}
     * @return this
     */
    public Builder shares(@Nullable Long valid, @Nullable Long invalid, @Nullable Long stale) {
      sharesValid = valid;
      sharesInvalid = invalid;
      sharesStale = stale;
      // in double: the counts are longs whose sum may not fit in one
      double rejected = (double) nz(invalid) + nz(stale);
      double total = rejected + nz(valid);
      rejectRate = (invalid == null && stale == null) || total <= 0 ? null : rejected * 100.0 / total;
      return this;
    }

    /** @param v reject rate in percent, overriding the derived one @return this */
    public Builder rejectRate(@Nullable Double v) {
      rejectRate = v;
      return this;
    }

    /** @param v blocks found in the last 24 h @return this */
    public Builder blocksFound24h(@Nullable Integer v) {
      blocksFound24h = v;
      return this;
    }

    /** @param v earnings of the last 24 h, coin units @return this */
    public Builder estimatedEarnings24h(@Nullable BigDecimal v) {
      estimatedEarnings24h = v;
      return this;
    }

    /** @param v the coin symbol, e.g. "BTC" @return this */
    public Builder currency(@Nullable String v) {
      currency = v;
      return this;
    }

    /** @param v confirmed balance, coin units @return this */
    public Builder confirmedBalance(@Nullable BigDecimal v) {
      confirmedBalance = v;
      return this;
    }

    /** @param v pending balance, coin units @return this */
    public Builder pendingBalance(@Nullable BigDecimal v) {
      pendingBalance = v;
      return this;
    }

    /** @param v when the pool last found a block @return this */
    public Builder lastBlockTime(@Nullable Instant v) {
      lastBlockTime = v;
      return this;
    }

    /** @param v the user's hash rate, H/s @return this */
    public Builder userHashrate(@Nullable Double v) {
      userHashrate = v;
      return this;
    }

    /**
     * Sets the user's expected time to a block (seconds and text) and the odds of a block within
     * 24 hours derived from it ({@link MiningMath#blockOdds(double, double)}).
     *
     * @param seconds the user's expected time in seconds, or {@code null} when unknown
     * @return this
     */
    public Builder userEstimatedTimeToBlockSeconds(@Nullable Double seconds) {
      userEstimatedTimeToBlockSeconds = seconds;
      userEstimatedTimeToBlock = MiningMath.humanDurationOrNull(seconds);
      userBlockOdds24h =
          seconds == null || !(seconds > 0) || seconds.isInfinite()
              ? null
              : MiningMath.blockOdds(MiningMath.SECONDS_PER_DAY, seconds);
      return this;
    }

    /** @param v when the figures were read @return this */
    public Builder lastUpdated(Instant v) {
      lastUpdated = Objects.requireNonNull(v, "lastUpdated");
      return this;
    }

    /** @param v whether the pool reports earnings @return this */
    public Builder supportsEarnings(boolean v) {
      supportsEarnings = v;
      return this;
    }

    /** @param v whether the pool reports balances @return this */
    public Builder supportsBalance(boolean v) {
      supportsBalance = v;
      return this;
    }

    /**
     * @param v the account's best share in the pool's current window or round, plain difficulty
     * @return this
     */
    public Builder bestShareDifficulty(@Nullable Double v) {
      bestShareDifficulty = v;
      return this;
    }

    /** @param v the account's best share of all time, plain difficulty @return this */
    public Builder bestShareDifficultyEver(@Nullable Double v) {
      bestShareDifficultyEver = v;
      return this;
    }

    /**
     * @return the tile set
     * @throws IllegalArgumentException when a number is negative or not finite
     */
    public DashboardTileData build() {
      return new DashboardTileData(
          healthStatus,
          healthMessage,
          latencyMs,
          activeWorkers,
          networkDifficulty,
          poolHashrate,
          poolPercentage,
          estimatedTimeToBlock,
          estimatedTimeToBlockSeconds,
          sharesValid,
          sharesInvalid,
          sharesStale,
          rejectRate,
          blocksFound24h,
          estimatedEarnings24h,
          currency,
          confirmedBalance,
          pendingBalance,
          lastBlockTime,
          userHashrate,
          userEstimatedTimeToBlock,
          userEstimatedTimeToBlockSeconds,
          userBlockOdds24h,
          lastUpdated,
          supportsEarnings,
          supportsBalance,
          bestShareDifficulty,
          bestShareDifficultyEver);
    }

    private static long nz(@Nullable Long v) {
      return v == null ? 0 : v;
    }
  }
}
