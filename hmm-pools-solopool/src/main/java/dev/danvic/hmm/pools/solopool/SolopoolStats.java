package dev.danvic.hmm.pools.solopool;

import static dev.danvic.hmm.pools.LenientJson.at;
import static dev.danvic.hmm.pools.LenientJson.count;
import static dev.danvic.hmm.pools.LenientJson.epochMillis;
import static dev.danvic.hmm.pools.LenientJson.instant;
import static dev.danvic.hmm.pools.LenientJson.intCount;
import static dev.danvic.hmm.pools.LenientJson.nonNegative;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.Coin;
import dev.danvic.hmm.pools.MiningMath;
import dev.danvic.hmm.pools.PoolStats;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What {@code GET /api/stats} says, read tolerantly: current keys first, then the older client's
 * keys ({@code poolHashrate}, {@code networkDifficulty}, ...), then the open-ethereum-pool
 * {@code nodes[]} list whose values are strings.
 *
 * @param poolHashrate the pool's hash rate, H/s
 * @param networkDifficulty network difficulty
 * @param reportedNetworkHashrate the network hash rate the pool reports, H/s
 * @param height current network height
 * @param miners accounts mining on the pool
 * @param workers workers mining on the pool
 * @param blocksTotal blocks the pool found, all time
 * @param lastBlockTime when the pool last found a block
 * @param feePercent the pool fee, percent
 * @param serverTime the server's clock ({@code now}, milliseconds in this API family)
 */
record SolopoolStats(
    @Nullable Double poolHashrate,
    @Nullable Double networkDifficulty,
    @Nullable Double reportedNetworkHashrate,
    @Nullable Long height,
    @Nullable Integer miners,
    @Nullable Integer workers,
    @Nullable Long blocksTotal,
    @Nullable Instant lastBlockTime,
    @Nullable Double feePercent,
    @Nullable Instant serverTime) {

  /** Keys of which at least one is in every stats answer of this API family. */
  private static final List<String> MARKERS =
      List.of(
          "hashrate", "poolHashrate", "node", "nodes", "stats", "totalMiners", "totalWorkers",
          "networkDifficulty", "now");

  /**
   * @param root a parsed body
   * @return whether it is a JSON object with at least one key a Solopool stats answer has
   */
  static boolean looksLikeStats(@Nullable JsonNode root) {
    return root != null && root.isObject() && MARKERS.stream().anyMatch(root::has);
  }

  static SolopoolStats from(JsonNode root) {
    JsonNode bestNode = bestNode(root.get("nodes"));
    Double difficulty = firstPositive(root, "node.difficulty", "stats.difficulty", "networkDifficulty");
    if (difficulty == null) {
      difficulty = firstPositive(bestNode, "difficulty");
    }
    Long height = count(root, "node.height", "stats.height");
    if (height == null) {
      height = count(at(bestNode, "height"));
    }
    Instant lastBlock = instant(root, "lastBlockTime", "stats.lastBlockFound");
    return new SolopoolStats(
        firstReadable(root, "hashrate", "poolHashrate"),
        difficulty,
        firstPositive(root, "node.hashrate", "networkHashrate"),
        height,
        intCount(root, "totalMiners", "poolMiners"),
        intCount(root, "totalWorkers"),
        count(root, "totalBlocks", "poolBlocks"),
        lastBlock,
        nonNegative(root, "poolFee"),
        epochMillis(at(root, "now")));
  }

  /**
   * @param coin the pool's coin, for its block time
   * @return the network hash rate in H/s: the pool's own figure when it gives one, else
   *     {@code D * 2^32 / block_time}; {@code null} when neither is known
   */
  @Nullable Double networkHashrate(Coin coin) {
    if (reportedNetworkHashrate != null) {
      return reportedNetworkHashrate;
    }
    return networkDifficulty == null ? null : MiningMath.networkHashrate(networkDifficulty, coin.blockTime());
  }

  PoolStats toPoolStats(Coin coin) {
    return new PoolStats(
        coin.symbol(),
        poolHashrate,
        networkHashrate(coin),
        networkDifficulty,
        height,
        miners,
        workers,
        blocksTotal,
        lastBlockTime,
        feePercent);
  }

  /** The node with the greatest height that reports a difficulty (the others may be syncing). */
  private static @Nullable JsonNode bestNode(@Nullable JsonNode nodes) {
    if (nodes == null || !nodes.isArray()) {
      return null;
    }
    JsonNode best = null;
    long bestHeight = -1;
    for (JsonNode n : nodes) {
      if (firstPositive(n, "difficulty") == null) {
        continue;
      }
      Long h = count(at(n, "height"));
      long height = h == null ? 0 : h;
      if (best == null || height > bestHeight) {
        best = n;
        bestHeight = height;
      }
    }
    return best;
  }

  /**
   * The first of the paths holding a readable number, 0 or more. Unlike
   * {@link dev.danvic.hmm.pools.LenientJson#first}, a present but unreadable value does not hide
   * the keys after it.
   */
  static @Nullable Double firstReadable(@Nullable JsonNode root, String... paths) {
    for (String p : paths) {
      Double v = nonNegative(at(root, p));
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  /**
   * Like {@link #firstReadable}, but skipping zeros too: a difficulty or network hash rate of 0
   * means a node that has not synced, which is unknown, not zero.
   */
  private static @Nullable Double firstPositive(@Nullable JsonNode root, String... paths) {
    for (String p : paths) {
      Double v = nonNegative(at(root, p));
      if (v != null && v > 0) {
        return v;
      }
    }
    return null;
  }
}
