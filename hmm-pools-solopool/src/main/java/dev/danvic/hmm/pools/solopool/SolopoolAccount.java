package dev.danvic.hmm.pools.solopool;

import static dev.danvic.hmm.pools.LenientJson.at;
import static dev.danvic.hmm.pools.LenientJson.bool;
import static dev.danvic.hmm.pools.LenientJson.count;
import static dev.danvic.hmm.pools.LenientJson.epochSeconds;
import static dev.danvic.hmm.pools.LenientJson.intCount;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Iterator;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

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
record SolopoolAccount(
    @Nullable Double hashrate,
    @Nullable Integer workersOnline,
    @Nullable Integer workersOffline,
    @Nullable Long sharesValid,
    @Nullable Long sharesInvalid,
    @Nullable BigDecimal balance,
    @Nullable BigDecimal immature,
    @Nullable BigDecimal paid,
    @Nullable BigDecimal earnings24h,
    @Nullable Instant lastShare) {

  private static final long DAY_SECONDS = 86_400;

  static SolopoolAccount from(JsonNode root, OptionalInt decimals) {
    JsonNode workers = at(root, "workers");
    Integer online = intCount(root, "workersOnline");
    Integer offline = intCount(root, "workersOffline");
    if (online == null) {
      online = countWorkers(workers, false);
    }
    if (offline == null) {
      offline = countWorkers(workers, true);
    }
    return new SolopoolAccount(
        SolopoolStats.firstReadable(root, "currentHashrate", "hashrate"),
        online,
        offline,
        sumOverWorkers(workers, "sharesValid"),
        sumOverWorkers(workers, "sharesInvalid"),
        Amounts.coins(at(root, "stats.balance"), decimals),
        Amounts.coins(at(root, "stats.immature"), decimals),
        Amounts.coins(at(root, "stats.paid"), decimals),
        earnings24h(at(root, "earnings"), decimals),
        epochSeconds(at(root, "stats.lastShare")));
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
        return Amounts.coins(at(e, "amount"), decimals);
      }
    }
    return null;
  }
}
