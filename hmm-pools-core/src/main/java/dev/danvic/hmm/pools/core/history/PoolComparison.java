package dev.danvic.hmm.pools.core.history;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How one pool did over a range: one row of {@link HistoryQueries#compare}. A figure the pool's
 * history cannot give is {@code null}. The maths of each is in {@link HistoryQueries}.
 *
 * @param poolId the pool
 * @param from start of the range
 * @param to end of the range
 * @param samples refreshes recorded in the range
 * @param uptimePercent healthy samples / samples &times; 100, percent
 * @param avgUserHashrate mean user hash rate over the samples that gave one, H/s
 * @param medianUserHashrate median user hash rate, H/s
 * @param latencyP50Ms median API latency, ms
 * @param latencyP95Ms 95th percentile API latency, ms
 * @param rejectRatePercent rejected and stale shares / all shares in the range &times; 100, percent
 * @param blocksFound blocks found in the range
 * @param earningsPerThsPerDay mean 24 h earnings / mean user hash rate in TH/s: coin units per
 *     TH/s per day
 * @param luckPercent blocks found / blocks expected &times; 100, percent (100 = as expected)
 */
public record PoolComparison(
    String poolId,
    Instant from,
    Instant to,
    long samples,
    @Nullable Double uptimePercent,
    @Nullable Double avgUserHashrate,
    @Nullable Double medianUserHashrate,
    @Nullable Double latencyP50Ms,
    @Nullable Double latencyP95Ms,
    @Nullable Double rejectRatePercent,
    @Nullable Long blocksFound,
    @Nullable Double earningsPerThsPerDay,
    @Nullable Double luckPercent) {}
