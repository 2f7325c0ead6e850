package dev.danvic.hmm.pools.miningcore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.LenientJson;
import dev.danvic.hmm.pools.PoolBlock;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads Miningcore's answers into small immutable readings. Pure functions. Miningcore
 * (ASP.NET, System.Text.Json) writes camelCase keys and leaves a {@code null} field out entirely,
 * so every key is optional; hash rates are H/s, amounts coin units, times ISO-8601, effort a ratio
 * (1.0 = 100 %).
 */
final class MiningcoreJson {
  private MiningcoreJson() {}

  /**
   * One pool of {@code /api/pools} or {@code /api/pools/{id}}.
   *
   * @param id {@code id}
   * @param coin {@code coin.symbol} (else {@code coin.type}), upper case
   * @param algorithm {@code coin.algorithm}
   * @param miners {@code poolStats.connectedMiners}
   * @param hashrate {@code poolStats.poolHashrate}, H/s
   * @param networkHashrate {@code networkStats.networkHashrate}, H/s
   * @param networkDifficulty {@code networkStats.networkDifficulty}
   * @param blockHeight {@code networkStats.blockHeight}
   * @param totalBlocks {@code totalBlocks}, all-time
   * @param lastBlockTime {@code lastPoolBlockTime}
   * @param effortPercent {@code poolEffort} as a percent (the ratio times 100)
   * @param feePercent {@code poolFeePercent}
   */
  record PoolReading(
      @Nullable String id,
      @Nullable String coin,
      @Nullable String algorithm,
      @Nullable Integer miners,
      @Nullable Double hashrate,
      @Nullable Double networkHashrate,
      @Nullable Double networkDifficulty,
      @Nullable Long blockHeight,
      @Nullable Long totalBlocks,
      @Nullable Instant lastBlockTime,
      @Nullable Double effortPercent,
      @Nullable Double feePercent) {}

  /**
   * {@code /api/pools/{id}/miners/{address}}.
   *
   * @param pendingBalance {@code pendingBalance}, coin units
   * @param todayPaid {@code todayPaid}, coin units
   * @param hashrate the workers' {@code hashrate} summed, H/s
   * @param workers how many workers {@code performance.workers} lists
   * @param lastPayment {@code lastPayment}
   */
  record MinerReading(
      @Nullable BigDecimal pendingBalance,
      @Nullable BigDecimal todayPaid,
      @Nullable Double hashrate,
      @Nullable Integer workers,
      @Nullable Instant lastPayment) {}

  /**
   * @param root the body of {@code /api/pools}
   * @return its {@code pools[]} objects, or {@code null} when it has no such array
   */
  static @Nullable List<JsonNode> pools(@Nullable JsonNode root) {
    JsonNode list = LenientJson.at(root, "pools");
    if (list == null || !list.isArray()) {
      return null;
    }
    List<JsonNode> out = new ArrayList<>();
    list.forEach(p -> {
      if (p.isObject()) {
        out.add(p);
      }
    });
    return out;
  }

  /** @return the pool's {@code id}, or {@code null} */
  static @Nullable String id(JsonNode pool) {
    return LenientJson.text(LenientJson.at(pool, "id"));
  }

  static PoolReading pool(JsonNode pool) {
    String coin = LenientJson.text(LenientJson.first(pool, "coin.symbol", "coin.type"));
    Double effort = LenientJson.nonNegative(pool, "poolEffort");
    return new PoolReading(
        id(pool),
        coin == null ? null : coin.toUpperCase(Locale.ROOT),
        LenientJson.text(LenientJson.at(pool, "coin.algorithm")),
        LenientJson.intCount(pool, "poolStats.connectedMiners"),
        LenientJson.nonNegative(pool, "poolStats.poolHashrate"),
        LenientJson.nonNegative(pool, "networkStats.networkHashrate"),
        positive(LenientJson.number(pool, "networkStats.networkDifficulty")),
        LenientJson.count(pool, "networkStats.blockHeight"),
        LenientJson.count(pool, "totalBlocks"),
        LenientJson.instant(LenientJson.at(pool, "lastPoolBlockTime")),
        effort == null ? null : effort * 100,
        LenientJson.nonNegative(pool, "poolFeePercent"));
  }

  /**
   * @param array the body of {@code /api/pools/{id}/blocks}: a bare array
   * @param coin the pool's coin symbol, or {@code null}
   * @return its blocks in the order listed (newest first); statuses {@code pending},
   *     {@code confirmed}, {@code orphaned} (lower case; any case accepted)
   */
  static List<PoolBlock> blocks(JsonNode array, @Nullable String coin) {
    List<PoolBlock> out = new ArrayList<>();
    if (!array.isArray()) {
      return out;
    }
    for (JsonNode b : array) {
      out.add(
          new PoolBlock(
              coin,
              LenientJson.count(b, "blockHeight"),
              LenientJson.text(LenientJson.at(b, "hash")),
              LenientJson.instant(LenientJson.at(b, "created")),
              positive(LenientJson.number(b, "networkDifficulty")),
              null,
              LenientJson.decimal(b, "reward"),
              LenientJson.text(LenientJson.at(b, "miner")),
              status(LenientJson.text(LenientJson.at(b, "status")))));
    }
    return out;
  }

  private static PoolBlock.Status status(@Nullable String status) {
    if (status == null) {
      return PoolBlock.Status.UNKNOWN;
    }
    switch (status.trim().toLowerCase(Locale.ROOT)) {
      case "pending":
        return PoolBlock.Status.CANDIDATE;
      case "confirmed":
        return PoolBlock.Status.CONFIRMED;
      case "orphaned":
        return PoolBlock.Status.ORPHANED;
      default:
        return PoolBlock.Status.UNKNOWN;
    }
  }

  static MinerReading miner(JsonNode miner) {
    JsonNode workers = LenientJson.at(miner, "performance.workers");
    Double hashrate = null;
    Integer count = null;
    if (workers != null && workers.isObject()) {
      count = workers.size();
      boolean unreadable = false;
      for (JsonNode w : workers) {
        Double h = LenientJson.nonNegative(w, "hashrate");
        if (h != null) {
          hashrate = (hashrate == null ? 0 : hashrate) + h;
        } else if (w.hasNonNull("hashrate")) {
          unreadable = true; // NaN, negative or not a number: the sum is unknown, not smaller
        }
      }
      if (unreadable || (hashrate != null && !Double.isFinite(hashrate))) {
        hashrate = null; // one unreadable rate, or a sum beyond a double
      }
    }
    return new MinerReading(
        nonNegative(LenientJson.decimal(miner, "pendingBalance")),
        nonNegative(LenientJson.decimal(miner, "todayPaid")),
        hashrate,
        count,
        LenientJson.instant(LenientJson.at(miner, "lastPayment")));
  }

  private static @Nullable Double positive(@Nullable Double v) {
    return v == null || !(v > 0) ? null : v;
  }

  private static @Nullable BigDecimal nonNegative(@Nullable BigDecimal v) {
    return v == null || v.signum() < 0 ? null : v;
  }
}
