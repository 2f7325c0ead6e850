package dev.danvic.hmm.pools;

import java.math.BigDecimal;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A block a pool found.
 *
 * @param currency coin symbol, e.g. "DGB", or {@code null} when unknown
 * @param height block height, or {@code null} when unknown
 * @param hash block hash, or {@code null}
 * @param timestamp when it was found, or {@code null} when unknown
 * @param networkDifficulty the network difficulty it was found at (plain difficulty), or
 *     {@code null} when unknown
 * @param shareDifficulty the difficulty of the winning share (plain difficulty), or {@code null}
 * @param reward the block reward in coin units, or {@code null}
 * @param miner the finder's account or address, or {@code null}
 * @param status where it stands: candidate, immature, confirmed, orphaned or unknown
 */
public record PoolBlock(
    @Nullable String currency,
    @Nullable Long height,
    @Nullable String hash,
    @Nullable Instant timestamp,
    @Nullable Double networkDifficulty,
    @Nullable Double shareDifficulty,
    @Nullable BigDecimal reward,
    @Nullable String miner,
    Status status) {

  /** Where a found block stands. */
  public enum Status {
    /** Found, waiting for confirmations. */
    CANDIDATE,
    /** Confirmed but its reward is not yet spendable. */
    IMMATURE,
    /** Confirmed and matured. */
    CONFIRMED,
    /** Lost to a competing block. */
    ORPHANED,
    /** The pool did not say. */
    UNKNOWN
  }
}
