package dev.danvic.hmm.pools.publicpool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.LenientJson;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Reads public-pool's JSON into small immutable readings. Pure functions; every key is optional,
 * and numbers may arrive as strings (a worker's {@code bestDifficulty} always does).
 */
final class PublicPoolJson {
  private PublicPoolJson() {}

  /**
   * {@code GET /api/pool}.
   *
   * @param hashrate {@code totalHashRate}, H/s
   * @param miners {@code totalMiners}
   * @param blockHeight {@code blockHeight}
   * @param feePercent {@code fee}, percent
   */
  record PoolReading(
      @Nullable Double hashrate,
      @Nullable Integer miners,
      @Nullable Long blockHeight,
      @Nullable Double feePercent) {}

  /**
   * {@code GET /api/network}, bitcoind's {@code getmininginfo}.
   *
   * @param difficulty {@code difficulty}, plain difficulty (positive)
   * @param hashrate {@code networkhashps}, H/s (positive)
   */
  record NetworkReading(@Nullable Double difficulty, @Nullable Double hashrate) {
    static final NetworkReading NONE = new NetworkReading(null, null);
  }

  /**
   * {@code GET /api/client/{address}}. An unknown address is an account with zero workers.
   *
   * @param workers {@code workersCount}, else the length of {@code workers[]}
   * @param hashrate the workers' {@code hashRate} summed, H/s; 0 with zero workers; {@code null}
   *     when the answer lists no workers at all or a worker's {@code hashRate} cannot be read
   * @param bestDifficulty the highest {@code bestDifficulty} of the connected workers (their
   *     sessions), plain difficulty
   * @param bestDifficultyEver the account's {@code bestDifficulty} at the top level (all-time)
   * @param lastSeen the newest {@code lastSeen} of a worker
   */
  record ClientReading(
      @Nullable Integer workers,
      @Nullable Double hashrate,
      @Nullable Double bestDifficulty,
      @Nullable Double bestDifficultyEver,
      @Nullable Instant lastSeen) {}

  static PoolReading pool(JsonNode json) {
    return new PoolReading(
        LenientJson.nonNegative(json, "totalHashRate"),
        LenientJson.intCount(json, "totalMiners"),
        LenientJson.count(json, "blockHeight"),
        LenientJson.nonNegative(json, "fee"));
  }

  static NetworkReading network(JsonNode json) {
    return new NetworkReading(
        positive(LenientJson.number(json, "difficulty")),
        positive(LenientJson.number(json, "networkhashps")));
  }

  static ClientReading client(JsonNode json) {
    JsonNode list = LenientJson.at(json, "workers");
    Integer count = LenientJson.intCount(json, "workersCount");
    Double hashrate = null;
    Double best = null;
    Instant lastSeen = null;
    boolean unreadable = false;
    if (list != null && list.isArray()) {
      hashrate = 0.0;
      for (JsonNode w : list) {
        Double rate = LenientJson.nonNegative(w, "hashRate");
        if (rate != null) {
          hashrate += rate;
        } else if (w.hasNonNull("hashRate")) {
          unreadable = true; // NaN, negative or not a number: the sum is unknown, not smaller
        }
        best = max(best, positive(LenientJson.number(w, "bestDifficulty")));
        Instant seen = LenientJson.instant(w, "lastSeen");
        if (seen != null && (lastSeen == null || seen.isAfter(lastSeen))) {
          lastSeen = seen;
        }
      }
      if (count == null) {
        count = list.size();
      }
      if (unreadable || !Double.isFinite(hashrate)) {
        hashrate = null;
      }
    }
    return new ClientReading(
        count, hashrate, best, positive(LenientJson.number(json, "bestDifficulty")), lastSeen);
  }

  /** A body that looks like public-pool's {@code /api/pool}: the keys only it writes together. */
  static boolean looksLikePool(@Nullable JsonNode json) {
    return json != null
        && json.isObject()
        && json.has("totalHashRate")
        && (json.has("totalMiners") || json.has("blockHeight") || json.has("blocksFound"));
  }

  private static @Nullable Double max(@Nullable Double a, @Nullable Double b) {
    // not one conditional expression: with Math.max's double in it, a null operand is unboxed
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return Math.max(a, b);
  }

  private static @Nullable Double positive(@Nullable Double v) {
    return v == null || !(v > 0) ? null : v;
  }
}
