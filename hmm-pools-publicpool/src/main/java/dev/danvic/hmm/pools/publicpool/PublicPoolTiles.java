package dev.danvic.hmm.pools.publicpool;

import dev.danvic.hmm.pools.Coin;
import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.MiningMath;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Turns public-pool's readings into the four tiles. Pure functions. */
final class PublicPoolTiles {
  private PublicPoolTiles() {}

  /**
   * @param pool {@code /api/pool}
   * @param network {@code /api/network}, or {@link PublicPoolJson.NetworkReading#NONE}
   * @param hasAddress whether an address is configured (then the workers are the account's, and
   *     unknown when its request failed; else they are the pool's miners)
   * @param client {@code /api/client/{address}}, or {@code null} when no address is configured or
   *     the request failed
   * @param latencyMs the round trip of {@code /api/pool}, ms
   * @param notes what the user should know (a failed optional request), in words
   * @param now when the figures were read
   */
  static DashboardTileData tiles(
      PublicPoolJson.PoolReading pool,
      PublicPoolJson.NetworkReading network,
      boolean hasAddress,
      PublicPoolJson.@Nullable ClientReading client,
      double latencyMs,
      List<String> notes,
      Instant now) {
    Double difficulty = network.difficulty();
    Double networkHashrate =
        network.hashrate() != null
            ? network.hashrate()
            : difficulty == null ? null : MiningMath.networkHashrate(difficulty, Coin.BTC.blockTime());
    DashboardTileData.Builder b =
        DashboardTileData.builder(now)
            .latencyMs(latencyMs)
            .activeWorkers(hasAddress ? (client == null ? null : client.workers()) : pool.miners())
            .networkDifficulty(difficulty)
            .poolHashrate(pool.hashrate())
            .poolPercentage(MiningMath.poolPercentage(pool.hashrate(), networkHashrate))
            .estimatedTimeToBlockSeconds(MiningMath.timeToBlockSecondsOrNull(difficulty, pool.hashrate()))
            .currency(Coin.BTC.symbol())
            .supportsEarnings(false)
            .supportsBalance(false);
    if (client != null) {
      b.userHashrate(client.hashrate())
          .userEstimatedTimeToBlockSeconds(MiningMath.timeToBlockSecondsOrNull(difficulty, client.hashrate()))
          .bestShareDifficulty(client.bestDifficulty())
          .bestShareDifficultyEver(client.bestDifficultyEver());
    }
    return b.healthMessage(message(pool, hasAddress, client, notes)).build();
  }

  private static String message(
      PublicPoolJson.PoolReading pool,
      boolean hasAddress,
      PublicPoolJson.@Nullable ClientReading client,
      List<String> notes) {
    List<String> parts = new ArrayList<>();
    if (client != null && client.workers() != null) {
      int n = client.workers();
      parts.add(n + (n == 1 ? " worker online" : " workers online"));
      if (client.lastSeen() != null) {
        parts.add("last seen " + client.lastSeen());
      }
    } else if (!hasAddress && pool.miners() != null) {
      parts.add(pool.miners() + " miners on the pool");
    }
    parts.addAll(notes);
    return parts.isEmpty() ? "public-pool API answering" : String.join("; ", parts);
  }
}
