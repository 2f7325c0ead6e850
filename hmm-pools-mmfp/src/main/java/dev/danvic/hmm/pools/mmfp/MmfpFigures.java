package dev.danvic.hmm.pools.mmfp;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The figures one MMFP answer gives for one coin, whatever its shape (GoSlimStratum
 * {@code metrics/pool}, the engine's {@code /api/v1/stats}, the seed's {@code /stats}). Every value
 * the server did not give is {@code null}.
 *
 * @param poolHashrate the pool's hash rate, H/s
 * @param networkDifficulty network difficulty (positive)
 * @param networkHashrate the network hash rate the server reports, H/s
 * @param poolPercentage the server's {@code pool_percentage} as written (unit checked later)
 * @param timeToBlockSeconds the server's expected time to block when written as seconds
 * @param timeToBlockText the server's expected time to block when written as text
 * @param workers the worker (or miner) count the server reports
 * @param sharesValid accepted shares
 * @param sharesInvalid rejected shares
 * @param sharesStale stale shares
 * @param blocksFoundTotal blocks found <em>all-time</em>; never a 24 h figure
 * @param lastBlockTime when the pool last found a block
 * @param blockHeight the network's current height
 */
record MmfpFigures(
    @Nullable Double poolHashrate,
    @Nullable Double networkDifficulty,
    @Nullable Double networkHashrate,
    @Nullable Double poolPercentage,
    @Nullable Double timeToBlockSeconds,
    @Nullable String timeToBlockText,
    @Nullable Integer workers,
    @Nullable Long sharesValid,
    @Nullable Long sharesInvalid,
    @Nullable Long sharesStale,
    @Nullable Long blocksFoundTotal,
    @Nullable Instant lastBlockTime,
    @Nullable Long blockHeight) {

  /** No figures at all (a server that lists no data for the coin). */
  static final MmfpFigures NONE =
      new MmfpFigures(null, null, null, null, null, null, null, null, null, null, null, null, null);
}
