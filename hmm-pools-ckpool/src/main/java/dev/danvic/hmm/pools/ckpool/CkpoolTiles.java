package dev.danvic.hmm.pools.ckpool;

import dev.danvic.hmm.pools.Coin;
import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.MiningMath;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Turns ckpool's readings into the four tiles. Pure functions. */
final class CkpoolTiles {
  private CkpoolTiles() {}

  /**
   * @param status {@code /pool/pool.status}, merged
   * @param hasAddress whether an address is configured (then workers, shares and best shares are
   *     the account's, and unknown when its file could not be read)
   * @param user {@code /users/{address}}, or {@code null} when no address is configured, the
   *     address is unknown (404) or the request failed
   * @param networkDifficulty config {@code network_difficulty}, or {@code null}: ckpool does not
   *     publish it
   * @param latencyMs the round trip of the status file, ms
   * @param notes what the user should know, in words
   * @param now when the figures were read
   */
  static DashboardTileData tiles(
      CkpoolJson.StatusReading status,
      boolean hasAddress,
      CkpoolJson.@Nullable UserReading user,
      @Nullable Double networkDifficulty,
      double latencyMs,
      List<String> notes,
      Instant now) {
    Double networkHashrate =
        networkDifficulty == null ? null : MiningMath.networkHashrate(networkDifficulty, Coin.BTC.blockTime());
    DashboardTileData.Builder b =
        DashboardTileData.builder(now)
            .latencyMs(latencyMs)
            .networkDifficulty(networkDifficulty)
            .poolHashrate(status.hashrate())
            .poolPercentage(MiningMath.poolPercentage(status.hashrate(), networkHashrate))
            .estimatedTimeToBlockSeconds(MiningMath.timeToBlockSecondsOrNull(networkDifficulty, status.hashrate()))
            .currency(Coin.BTC.symbol())
            .supportsEarnings(false)
            .supportsBalance(false);
    if (!hasAddress) {
      b.activeWorkers(status.workers())
          .shares(status.accepted(), status.rejected(), null)
          .bestShareDifficulty(status.bestShare());
    } else if (user != null) {
      b.activeWorkers(user.workers())
          .shares(user.shares(), null, null)
          .bestShareDifficulty(user.bestShare())
          .bestShareDifficultyEver(user.bestEver())
          .userHashrate(user.hashrate())
          .userEstimatedTimeToBlockSeconds(MiningMath.timeToBlockSecondsOrNull(networkDifficulty, user.hashrate()));
    }
    return b.healthMessage(message(status, hasAddress, user, networkDifficulty, notes)).build();
  }

  private static String message(
      CkpoolJson.StatusReading status,
      boolean hasAddress,
      CkpoolJson.@Nullable UserReading user,
      @Nullable Double networkDifficulty,
      List<String> notes) {
    List<String> parts = new ArrayList<>();
    if (user != null && user.workers() != null) {
      int n = user.workers();
      parts.add(n + (n == 1 ? " worker online" : " workers online"));
    } else if (!hasAddress && status.workers() != null) {
      parts.add(status.workers() + " workers on the pool");
    }
    if (user != null && user.lastShare() != null) {
      parts.add("last share " + user.lastShare());
    }
    parts.addAll(notes);
    if (networkDifficulty == null) {
      parts.add("set config " + CkpoolIntegration.NETWORK_DIFFICULTY + " for the time to a block");
    }
    return String.join("; ", parts);
  }
}
