package dev.danvic.hmm.pools.solopool;

import static dev.danvic.hmm.pools.LenientJson.at;
import static dev.danvic.hmm.pools.LenientJson.bool;
import static dev.danvic.hmm.pools.LenientJson.count;
import static dev.danvic.hmm.pools.LenientJson.epochMillis;
import static dev.danvic.hmm.pools.LenientJson.epochSeconds;
import static dev.danvic.hmm.pools.LenientJson.instant;
import static dev.danvic.hmm.pools.LenientJson.intCount;
import static dev.danvic.hmm.pools.LenientJson.nonNegative;
import static dev.danvic.hmm.pools.LenientJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.Coin;
import dev.danvic.hmm.pools.LenientJson;
import dev.danvic.hmm.pools.MiningMath;
import dev.danvic.hmm.pools.PoolBlock;
import dev.danvic.hmm.pools.PoolWorker;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads Solopool's answers ({@code /api/stats}, {@code /api/accounts/{address}},
 * {@code /api/blocks}) into small immutable readings. Pure functions; every key is optional.
 * Amounts are integers in the coin's API unit, turned into coin units only when that unit is known
 * ({@link SolopoolEndpoints#amountDecimals}).
 */
final class SolopoolJson {
  private SolopoolJson() {}

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
  record StatsReading(
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
  }

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

  static StatsReading stats(JsonNode root) {
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
    return new StatsReading(
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

  /**
   * What {@code GET /api/accounts/{address}} says about one wallet.
   *
   * @param hashrate the wallet's hash rate, H/s: {@code currentHashrate} (short window), else
   *     {@code hashrate} (long window)
   * @param workersOnline workers hashing now
   * @param workersOffline workers gone quiet
   * @param sharesValid accepted shares summed over the workers that report them
   * @param sharesInvalid rejected shares summed over the workers that report them
   * @param balance unpaid balance, coin units ({@code stats.balance})
   * @param immature reward of blocks not yet matured, coin units ({@code stats.immature})
   * @param paid paid out all time, coin units ({@code stats.paid})
   * @param earnings24h the {@code earnings[]} entry whose {@code period} is 86400 s, coin units
   * @param lastShare when the pool last received a share from the wallet
   */
  record AccountReading(
      @Nullable Double hashrate,
      @Nullable Integer workersOnline,
      @Nullable Integer workersOffline,
      @Nullable Long sharesValid,
      @Nullable Long sharesInvalid,
      @Nullable BigDecimal balance,
      @Nullable BigDecimal immature,
      @Nullable BigDecimal paid,
      @Nullable BigDecimal earnings24h,
      @Nullable Instant lastShare) {}

  private static final long DAY_SECONDS = 86_400;

  static AccountReading account(JsonNode root, OptionalInt decimals) {
    JsonNode workers = at(root, "workers");
    Integer online = intCount(root, "workersOnline");
    Integer offline = intCount(root, "workersOffline");
    if (online == null) {
      online = countWorkers(workers, false);
    }
    if (offline == null) {
      offline = countWorkers(workers, true);
    }
    return new AccountReading(
        firstReadable(root, "currentHashrate", "hashrate"),
        online,
        offline,
        sumOverWorkers(workers, "sharesValid"),
        sumOverWorkers(workers, "sharesInvalid"),
        coins(at(root, "stats.balance"), decimals),
        coins(at(root, "stats.immature"), decimals),
        coins(at(root, "stats.paid"), decimals),
        earnings24h(at(root, "earnings"), decimals),
        epochSeconds(at(root, "stats.lastShare")));
  }

  /**
   * @param root a parsed body
   * @return whether it is a JSON object shaped like a Solopool account answer
   */
  static boolean looksLikeAccount(@Nullable JsonNode root) {
    return root != null && root.isObject() && (root.has("workers") || root.has("stats") || root.has("workersOnline"));
  }

  /**
   * The wallet's workers from {@code GET /api/accounts/{address}}: {@code workers{name: {lastBeat
   * (s), hr (H/s, short window), offline}}}. A worker without the {@code offline} flag counts as
   * online (it is listed because it sent shares).
   *
   * @param root the account answer
   * @return the workers, sorted by name
   */
  static List<PoolWorker> workers(JsonNode root) {
    JsonNode workers = at(root, "workers");
    List<PoolWorker> out = new ArrayList<>();
    if (workers == null || !workers.isObject()) {
      return out;
    }
    for (Iterator<java.util.Map.Entry<String, JsonNode>> it = workers.fields(); it.hasNext(); ) {
      java.util.Map.Entry<String, JsonNode> w = it.next();
      if (w.getKey().isBlank()) {
        continue;
      }
      Boolean offline = bool(at(w.getValue(), "offline"));
      out.add(new PoolWorker(
          w.getKey(), !Boolean.TRUE.equals(offline), nonNegative(at(w.getValue(), "hr")), epochSeconds(at(w.getValue(), "lastBeat"))));
    }
    out.sort(Comparator.comparing(PoolWorker::name));
    return out;
  }

  /**
   * @return the sum of a count over the workers, or {@code null} when no worker reports it (a
   *     worker without the key adds nothing; it does not make the sum unknown) or the sum does not
   *     fit in a {@code long}
   */
  private static @Nullable Long sumOverWorkers(@Nullable JsonNode workers, String key) {
    if (workers == null || !workers.isObject()) {
      return null;
    }
    Long sum = null;
    for (Iterator<JsonNode> it = workers.elements(); it.hasNext(); ) {
      Long v = count(at(it.next(), key));
      if (v != null) {
        try {
          sum = Math.addExact(sum == null ? 0 : sum, v);
        } catch (ArithmeticException overflow) {
          return null; // a wrapped negative would fail the whole tile
        }
      }
    }
    return sum;
  }

  /**
   * @return how many workers carry {@code offline} equal to {@code offline}, or {@code null} when
   *     no worker carries the flag at all
   */
  private static @Nullable Integer countWorkers(@Nullable JsonNode workers, boolean offline) {
    if (workers == null || !workers.isObject()) {
      return null;
    }
    int n = 0;
    boolean anyFlag = false;
    for (Iterator<JsonNode> it = workers.elements(); it.hasNext(); ) {
      Boolean flag = bool(at(it.next(), "offline"));
      if (flag != null) {
        anyFlag = true;
        if (flag == offline) {
          n++;
        }
      }
    }
    return anyFlag ? n : null;
  }

  private static @Nullable BigDecimal earnings24h(@Nullable JsonNode earnings, OptionalInt decimals) {
    if (earnings == null || !earnings.isArray()) {
      return null;
    }
    for (JsonNode e : earnings) {
      Long period = count(at(e, "period"));
      if (period != null && period == DAY_SECONDS) {
        return coins(at(e, "amount"), decimals);
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- /api/blocks

  /** Most advanced first, so a block listed twice keeps its most advanced status. */
  private static final String[] LISTS = {"matured", "immature", "candidates"};

  private static final Comparator<PoolBlock> NEWEST_FIRST =
      Comparator.comparing(PoolBlock::timestamp, Comparator.nullsLast(Comparator.reverseOrder()))
          .thenComparing(PoolBlock::height, Comparator.nullsLast(Comparator.reverseOrder()));

  /**
   * @param root a parsed body
   * @return whether it is an object with at least one of the block lists or their totals (the
   *     lists are {@code null} while the pool has found nothing)
   */
  static boolean looksLikeBlocks(@Nullable JsonNode root) {
    if (root == null || !root.isObject()) {
      return false;
    }
    for (String list : LISTS) {
      if (root.has(list) || root.has(list + "Total")) {
        return true;
      }
    }
    return false;
  }

  /**
   * @param root a parsed body
   * @param coin the pool's coin
   * @param decimals the coin's amount unit, empty when unknown (rewards are then {@code null})
   * @return every block listed, each once, newest first; orphans included with status
   *     {@link PoolBlock.Status#ORPHANED}
   */
  static List<PoolBlock> blocks(JsonNode root, Coin coin, OptionalInt decimals) {
    List<PoolBlock> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String list : LISTS) {
      JsonNode array = at(root, list);
      if (array == null || !array.isArray()) {
        continue;
      }
      for (JsonNode b : array) {
        if (!b.isObject()) {
          continue;
        }
        PoolBlock block = block(b, list, coin, decimals);
        String key = block.hash() != null ? block.hash() : "height:" + block.height();
        if (block.hash() == null && block.height() == null || seen.add(key)) {
          out.add(block);
        }
      }
    }
    out.sort(NEWEST_FIRST);
    return out;
  }

  private static PoolBlock block(JsonNode b, String list, Coin coin, OptionalInt decimals) {
    PoolBlock.Status status;
    if (Boolean.TRUE.equals(bool(at(b, "orphan")))) {
      status = PoolBlock.Status.ORPHANED;
    } else if (list.equals("matured")) {
      status = PoolBlock.Status.CONFIRMED;
    } else if (list.equals("immature")) {
      status = PoolBlock.Status.IMMATURE;
    } else {
      status = PoolBlock.Status.CANDIDATE;
    }
    return new PoolBlock(
        coin.symbol(),
        count(at(b, "height")),
        text(at(b, "hash")),
        instant(at(b, "timestamp")),
        positive(nonNegative(at(b, "difficulty"))),
        positive(nonNegative(at(b, "shareDifficulty"))),
        coins(at(b, "reward"), decimals),
        text(at(b, "miner")),
        status);
  }

  private static @Nullable Double positive(@Nullable Double v) {
    return v == null || v == 0 ? null : v;
  }

  /**
   * @param node an amount as the API writes it (an integer in the coin's API unit), or {@code null}
   * @param decimals the coin's API unit ({@link SolopoolEndpoints#amountDecimals}); empty when it is
   *     not known, which makes every amount unknown rather than a guess
   * @return the amount in coin units, or {@code null} when absent, negative or of unknown unit
   */
  static @Nullable BigDecimal coins(@Nullable JsonNode node, OptionalInt decimals) {
    return decimals.isEmpty() ? null : LenientJson.scaled(node, decimals.getAsInt());
  }
}
