package dev.danvic.hmm.pools.core.history;

/**
 * A figure of a pool that history keeps, with the name it has in JSON and its unit.
 *
 * <p>Most are the tile's value as read. Three are derived by the {@link HistoryRecorder} from two
 * successive refreshes of the pool, because the pool reports running totals: the share counts are
 * the <em>increase</em> since the previous sample (a counter that went down, a reset, counts from
 * zero), and {@link #BLOCKS_FOUND} is the increase of {@code blocks_found_24h} (a block that enters
 * the pool's 24 h window), so summing them over a range counts what happened in it.
 */
public enum HistoryMetric {
  /** The pool's hash rate, H/s. */
  POOL_HASHRATE("pool_hashrate", "H/s"),
  /** The user's (account's) hash rate, H/s. */
  USER_HASHRATE("user_hashrate", "H/s"),
  /** Workers hashing. */
  ACTIVE_WORKERS("active_workers", "workers"),
  /** Accepted shares since the previous sample. */
  SHARES_VALID("shares_valid", "shares"),
  /** Rejected shares since the previous sample. */
  SHARES_INVALID("shares_invalid", "shares"),
  /** Stale shares since the previous sample. */
  SHARES_STALE("shares_stale", "shares"),
  /** The pool's reject rate as reported, percent (0&ndash;100). */
  REJECT_RATE("reject_rate", "percent"),
  /** The pool API's round trip, milliseconds. */
  LATENCY_MS("latency_ms", "ms"),
  /** Network difficulty of the pool's coin. */
  NETWORK_DIFFICULTY("network_difficulty", "difficulty"),
  /** Expected time to the pool's next block, seconds. */
  TIME_TO_BLOCK_SECONDS("estimated_time_to_block_seconds", "s"),
  /** Expected time to the user's next block (solo pools), seconds. */
  USER_TIME_TO_BLOCK_SECONDS("user_estimated_time_to_block_seconds", "s"),
  /** Confirmed balance, coin units. */
  CONFIRMED_BALANCE("confirmed_balance", "coin"),
  /** Pending balance, coin units. */
  PENDING_BALANCE("pending_balance", "coin"),
  /** Earnings of the last 24 hours as the pool reports them, coin units per day. */
  EARNINGS_24H("estimated_earnings_24h", "coin/day"),
  /** Blocks found since the previous sample (increase of {@code blocks_found_24h}). */
  BLOCKS_FOUND("blocks_found", "blocks");

  private final String jsonName;
  private final String unit;

  HistoryMetric(String jsonName, String unit) {
    this.jsonName = jsonName;
    this.unit = unit;
  }

  /** @return the snake_case name in JSON, e.g. {@code "user_hashrate"} */
  public String jsonName() {
    return jsonName;
  }

  /** @return the unit, e.g. {@code "H/s"} */
  public String unit() {
    return unit;
  }
}
