package dev.danvic.hmm.pools.nomp;

import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.MiningMath;
import dev.danvic.hmm.pools.PoolStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Turns NOMP's readings into the four tiles and into {@link PoolStats}. Pure functions. */
final class NompTiles {
  private NompTiles() {}

  /**
   * @param pool the configured pool of the portal
   * @param address the payout address, or {@code null} when none is configured
   * @param latencyMs the round trip of {@code /api/stats}, ms
   * @param now when the figures were read
   */
  static DashboardTileData tiles(NompJson.PoolReading pool, @Nullable String address, double latencyMs, Instant now) {
    Double difficulty = pool.networkDifficulty();
    boolean sha256 = MiningMath.isSha256d(pool.algorithm());
    DashboardTileData.Builder b =
        DashboardTileData.builder(now)
            .latencyMs(latencyMs)
            .network(difficulty, pool.hashrate(), pool.networkHashrate(), sha256)
            .currency(pool.symbol())
            .supportsEarnings(false)
            .supportsBalance(false);
    List<String> parts = new ArrayList<>();
    if (address == null) {
      b.activeWorkers(pool.workerCount()).shares(pool.validShares(), pool.invalidShares(), null);
      if (pool.workerCount() != null) {
        parts.add(pool.workerCount() + " workers on the pool");
      }
    } else {
      List<NompJson.WorkerReading> mine = pool.workersOf(address);
      Double hashrate = null;
      Long valid = null;
      Long invalid = null;
      for (NompJson.WorkerReading w : mine) {
        hashrate = sum(hashrate, w.hashrate());
        valid = sum(valid, w.shares());
        invalid = sum(invalid, w.invalidShares());
      }
      b.activeWorkers(mine.size())
          .userHashrate(mine.isEmpty() ? null : hashrate)
          .userEstimatedTimeToBlockSeconds(sha256 ? MiningMath.timeToBlockSecondsOrNull(difficulty, hashrate) : null)
          .shares(valid, invalid, null);
      parts.add(
          mine.isEmpty()
              ? "no worker of this address online"
              : mine.size() + (mine.size() == 1 ? " worker online" : " workers online"));
    }
    if (pool.blocksPending() != null || pool.blocksConfirmed() != null) {
      parts.add(
          "pool blocks: "
              + orUnknown(pool.blocksPending())
              + " pending, "
              + orUnknown(pool.blocksConfirmed())
              + " confirmed, "
              + orUnknown(pool.blocksOrphaned())
              + " orphaned");
    }
    return b.healthMessage(parts.isEmpty() ? null : String.join("; ", parts)).build();
  }

  static PoolStats stats(NompJson.PoolReading pool) {
    return new PoolStats(
        pool.symbol(),
        pool.hashrate(),
        pool.networkHashrate(),
        pool.networkDifficulty(),
        null,
        null,
        pool.workerCount(),
        pool.validBlocks(),
        null,
        null);
  }

  private static String orUnknown(@Nullable Integer n) {
    return n == null ? "?" : n.toString();
  }

  private static @Nullable Double sum(@Nullable Double a, @Nullable Double b) {
    if (a == null || b == null) {
      return a == null ? b : a; // not one conditional with a + b: it would unbox a null b
    }
    double s = a + b;
    return Double.isFinite(s) ? s : null;
  }

  /** A sum of counts; one beyond {@code long} (a garbage counter) is unknown, never negative. */
  private static @Nullable Long sum(@Nullable Long a, @Nullable Long b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    long s = a + b;
    return ((a ^ s) & (b ^ s)) < 0 ? null : s;
  }
}
