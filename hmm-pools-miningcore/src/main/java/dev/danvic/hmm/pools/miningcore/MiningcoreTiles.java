package dev.danvic.hmm.pools.miningcore;

import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.FoundBlocks;
import dev.danvic.hmm.pools.MiningMath;
import dev.danvic.hmm.pools.PoolBlock;
import dev.danvic.hmm.pools.PoolStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Turns Miningcore's readings into the four tiles and into {@link PoolStats}. Pure functions. */
final class MiningcoreTiles {
  private MiningcoreTiles() {}

  /** What the miner request told about the configured address. */
  enum MinerOutcome {
    /** No address is configured. */
    NOT_ASKED,
    /** The miner answered. */
    KNOWN,
    /** 204 or an empty body: the pool has no share from the address yet. */
    UNKNOWN_MINER,
    /** The request failed. */
    FAILED
  }

  /**
   * @param pool the pool, from {@code /api/pools} or {@code /api/pools/{id}}
   * @param blocks its newest blocks, or {@code null} when the list could not be read
   * @param outcome what the miner request told
   * @param miner the miner's figures when {@code outcome} is {@link MinerOutcome#KNOWN}
   * @param latencyMs the round trip of the pool request, ms
   * @param notes what the user should know, in words
   * @param now when the figures were read
   */
  static DashboardTileData tiles(
      MiningcoreJson.PoolReading pool,
      @Nullable List<PoolBlock> blocks,
      MinerOutcome outcome,
      MiningcoreJson.@Nullable MinerReading miner,
      double latencyMs,
      List<String> notes,
      Instant now) {
    Double difficulty = pool.networkDifficulty();
    boolean sha256 = MiningMath.isSha256d(pool.algorithm());
    DashboardTileData.Builder b =
        DashboardTileData.builder(now)
            .latencyMs(latencyMs)
            .network(difficulty, pool.hashrate(), pool.networkHashrate(), sha256)
            .currency(pool.coin())
            .supportsEarnings(false) // todayPaid is payouts made today, not earnings
            .supportsBalance(true);
    Instant lastBlock = pool.lastBlockTime();
    if (blocks != null) {
      b.blocksFound24h(FoundBlocks.countLast24h(blocks, now));
      lastBlock = FoundBlocks.later(lastBlock, FoundBlocks.lastFound(blocks));
    }
    b.lastBlockTime(lastBlock);

    List<String> parts = new ArrayList<>();
    if (outcome == MinerOutcome.NOT_ASKED) {
      b.activeWorkers(pool.miners());
      if (pool.miners() != null) {
        parts.add(pool.miners() + " miners on the pool");
      }
    } else if (miner != null) {
      b.activeWorkers(miner.workers())
          .userHashrate(miner.hashrate())
          .userEstimatedTimeToBlockSeconds(sha256 ? MiningMath.timeToBlockSecondsOrNull(difficulty, miner.hashrate()) : null)
          .pendingBalance(miner.pendingBalance());
      if (miner.workers() != null) {
        parts.add(miner.workers() + (miner.workers() == 1 ? " worker online" : " workers online"));
      }
    } else if (outcome == MinerOutcome.UNKNOWN_MINER) {
      parts.add("address not known to this pool yet (no share received from it)");
    }
    if (pool.effortPercent() != null) {
      parts.add(String.format(Locale.ROOT, "pool effort %.1f %%", pool.effortPercent()));
    }
    parts.addAll(notes);
    return b.healthMessage(parts.isEmpty() ? null : String.join("; ", parts)).build();
  }

  static PoolStats stats(MiningcoreJson.PoolReading pool) {
    return new PoolStats(
        pool.coin(),
        pool.hashrate(),
        pool.networkHashrate(),
        pool.networkDifficulty(),
        pool.blockHeight(),
        pool.miners(),
        null,
        pool.totalBlocks(),
        pool.lastBlockTime(),
        pool.feePercent());
  }
}
