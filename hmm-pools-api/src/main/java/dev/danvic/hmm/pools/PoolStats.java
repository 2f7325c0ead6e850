package dev.danvic.hmm.pools;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Pool-wide statistics, where a plugin offers them ({@link BasePoolIntegration#stats}). Every
 * value the pool does not give is {@code null}, never {@code 0}.
 *
 * @param currency coin symbol, or {@code null}
 * @param poolHashrate the pool's hash rate, H/s
 * @param networkHashrate the network's hash rate, H/s
 * @param networkDifficulty network difficulty (plain difficulty)
 * @param blockHeight current network height
 * @param activeMiners accounts mining now
 * @param activeWorkers workers mining now
 * @param blocksFoundTotal blocks found all-time
 * @param lastBlockTime when the pool last found a block
 * @param feePercent the pool fee, percent (0&ndash;100)
 */
public record PoolStats(
    @Nullable String currency,
    @Nullable Double poolHashrate,
    @Nullable Double networkHashrate,
    @Nullable Double networkDifficulty,
    @Nullable Long blockHeight,
    @Nullable Integer activeMiners,
    @Nullable Integer activeWorkers,
    @Nullable Long blocksFoundTotal,
    @Nullable Instant lastBlockTime,
    @Nullable Double feePercent) {}
