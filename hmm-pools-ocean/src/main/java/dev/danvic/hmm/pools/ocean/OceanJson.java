package dev.danvic.hmm.pools.ocean;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.FoundBlocks;
import dev.danvic.hmm.pools.LenientJson;
import dev.danvic.hmm.pools.PoolApiException;
import dev.danvic.hmm.pools.PoolBlock;
import dev.danvic.hmm.pools.PoolResponse;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads OCEAN's answers into small immutable readings. Pure functions; every key is optional.
 *
 * <p>OCEAN wraps every answer in an envelope, {@code {"result": …}} or {@code {"error": "…"}},
 * whatever the HTTP status; nearly every number is a JSON string (hash rates are whole H/s and can
 * exceed 2^53, so they are read as exact decimals); two keys are spelled as OCEAN spells them
 * ({@code lastest_share_ts}, {@code fees_colected_satoshis}); {@code earnpay} times carry no zone
 * and mean UTC; {@code earnpay} amounts are satoshis.
 */
final class OceanJson {
  /** Longest part of an OCEAN error message repeated on a tile. */
  private static final int MAX_MESSAGE = 200;

  /** Satoshis per BTC, as a power of ten. */
  private static final int SATOSHI_DECIMALS = 8;

  private OceanJson() {}

  /**
   * {@code /v1/pool_stat}.
   *
   * @param workers workers mining on the pool
   * @param users accounts mining on the pool
   * @param blocks blocks the pool has found, all-time
   * @param hashrate the pool's hash rate, H/s (5 min window where given)
   */
  record PoolReading(
      @Nullable Integer workers, @Nullable Integer users, @Nullable Long blocks, @Nullable BigDecimal hashrate) {}

  /**
   * {@code /v1/statsnap/{address}}.
   *
   * @param hashrate {@code hashrate_300s}, exact H/s (the documented window: 5 minutes)
   * @param sharesInTides {@code shares_in_tides}: the account's shares in the TIDES window
   * @param lastShare {@code lastest_share_ts}
   * @param unpaid {@code unpaid}, BTC
   * @param estimatedNextBlock {@code estimated_total_earn_next_block}, else
   *     {@code estimated_earn_next_block}, BTC
   * @param snapshot {@code snap_ts}
   */
  record SnapReading(
      @Nullable BigDecimal hashrate,
      @Nullable Long sharesInTides,
      @Nullable Instant lastShare,
      @Nullable BigDecimal unpaid,
      @Nullable BigDecimal estimatedNextBlock,
      @Nullable Instant snapshot) {}

  /**
   * One {@code earnings[]} entry of {@code /v1/earnpay}: a block OCEAN found that paid the address.
   *
   * @param block the block, confirmed, its {@code ts} (no zone) read as UTC
   * @param netEarned {@code satoshis_net_earned}, as BTC
   * @param feeCollected {@code fees_colected_satoshis} (OCEAN's spelling), as BTC
   */
  record Earning(PoolBlock block, @Nullable BigDecimal netEarned, @Nullable BigDecimal feeCollected) {}

  /**
   * {@code /v1/earnpay/{address}/{start}/{end}}.
   *
   * @param earnings the blocks that paid the address, as listed
   */
  record EarningsReading(List<Earning> earnings) {
    /** @return the blocks, for {@link FoundBlocks} */
    List<PoolBlock> blocks() {
      return earnings.stream().map(Earning::block).toList();
    }

    /**
     * @param now the end of the window
     * @return BTC earned from the blocks found in the 24 h before {@code now}
     *     ({@link FoundBlocks#inLast24h}); zero when none
     */
    BigDecimal earnedLast24h(Instant now) {
      return sum(now, Earning::netEarned);
    }

    /**
     * @param now the end of the window
     * @return the fees OCEAN kept on those blocks, BTC
     */
    BigDecimal feesLast24h(Instant now) {
      return sum(now, Earning::feeCollected);
    }

    private BigDecimal sum(Instant now, java.util.function.Function<Earning, @Nullable BigDecimal> amount) {
      BigDecimal total = BigDecimal.ZERO;
      for (Earning e : earnings) {
        BigDecimal v = amount.apply(e);
        if (v != null && FoundBlocks.inLast24h(e.block(), now)) {
          total = total.add(v);
        }
      }
      // each term is bounded; the sum of a long list could still leave the range
      BigDecimal bounded = LenientJson.bounded(total);
      return bounded == null ? BigDecimal.ZERO : bounded;
    }
  }

  /**
   * Opens OCEAN's envelope.
   *
   * @param response the response, whatever its status
   * @param safeUrl the URL without query, for messages
   * @return the {@code result}
   * @throws PoolApiException carrying OCEAN's own message for an {@code error}; the status's failure
   *     for a non-2xx answer without an envelope; {@code MALFORMED_RESPONSE} for a body that is not
   *     an envelope
   */
  static JsonNode result(PoolResponse response, String safeUrl) {
    JsonNode body;
    try {
      body = LenientJson.parse(response, safeUrl);
    } catch (PoolApiException e) {
      response.requireSuccess(safeUrl);
      throw e;
    }
    return result(body, response.status(), safeUrl);
  }

  /**
   * Opens OCEAN's envelope of a parsed body.
   *
   * @param body the parsed body
   * @param status the HTTP status it came with
   * @param safeUrl the URL without query, for messages
   * @return the {@code result}
   * @throws PoolApiException as {@link #result(PoolResponse, String)}
   */
  static JsonNode result(JsonNode body, int status, String safeUrl) {
    String error = LenientJson.text(LenientJson.at(body, "error"));
    if (error != null) {
      String said = error.length() > MAX_MESSAGE ? error.substring(0, MAX_MESSAGE) + "…" : error;
      PoolApiException.Kind kind =
          status == 404 ? PoolApiException.Kind.NOT_FOUND : PoolApiException.Kind.HTTP_STATUS;
      throw new PoolApiException(kind, status, safeUrl, said);
    }
    JsonNode result = LenientJson.at(body, "result");
    if (result == null) {
      if (status < 200 || status >= 300) {
        throw PoolApiException.forStatus(status, safeUrl);
      }
      throw new PoolApiException(
          PoolApiException.Kind.MALFORMED_RESPONSE,
          status,
          safeUrl,
          "expected OCEAN's {\"result\": …} envelope from " + safeUrl);
    }
    return result;
  }

  /** @return whether the answer holds an envelope at all (an OCEAN error or result) */
  static boolean isEnvelope(PoolResponse response, String safeUrl) {
    try {
      JsonNode body = LenientJson.parse(response, safeUrl);
      return body.isObject() && (body.has("result") || body.has("error"));
    } catch (PoolApiException e) {
      return false;
    }
  }

  static PoolReading pool(JsonNode result) {
    return new PoolReading(
        LenientJson.intCount(result, "workers", "active_workers"),
        LenientJson.intCount(result, "users", "active_users"),
        LenientJson.count(result, "blocks", "blocks_found"),
        hashrate(result, "hashrate_300s", "pool_300s", "hashrate_60s", "pool_60s", "hashrate"));
  }

  static SnapReading snap(JsonNode result) {
    return new SnapReading(
        hashrate(result, "hashrate_300s", "hashrate_60s"),
        LenientJson.count(result, "shares_in_tides"),
        LenientJson.epochSeconds(LenientJson.at(result, "lastest_share_ts")),
        nonNegative(LenientJson.decimal(result, "unpaid")),
        nonNegative(
            LenientJson.decimal(result, "estimated_total_earn_next_block", "estimated_earn_next_block")),
        LenientJson.epochSeconds(LenientJson.at(result, "snap_ts")));
  }

  /**
   * {@code /v1/user_hashrate_full/{address}}: {@code active_worker_count} when given, else the
   * workers (each a name mapping to a list holding one object of windows, directly in the result or
   * under {@code workers}) whose 5 min hash rate is above zero.
   *
   * @return the active workers, or {@code null} when the answer says nothing about them or a
   *     worker's hash rate cannot be read (NaN, negative)
   */
  static @Nullable Integer activeWorkers(JsonNode result) {
    Integer count = LenientJson.intCount(result, "active_worker_count");
    if (count != null) {
      return count;
    }
    JsonNode workers = result.has("workers") && result.get("workers").isObject() ? result.get("workers") : result;
    int active = 0;
    boolean any = false;
    boolean unreadable = false;
    for (Iterator<Map.Entry<String, JsonNode>> it = workers.fields(); it.hasNext(); ) {
      JsonNode windows = it.next().getValue();
      JsonNode first = windows.isArray() && windows.size() > 0 ? windows.get(0) : windows;
      if (!first.isObject()) {
        continue;
      }
      any = true;
      BigDecimal h = hashrate(first, "hashrate_300s", "hashrate_60s");
      if (h != null && h.signum() > 0) {
        active++;
      } else if (h == null && (first.hasNonNull("hashrate_300s") || first.hasNonNull("hashrate_60s"))) {
        unreadable = true; // NaN, negative or not a number: whether it hashes is unknown
      }
    }
    return any && !unreadable ? active : null;
  }

  static EarningsReading earnings(JsonNode result) {
    List<Earning> out = new ArrayList<>();
    JsonNode list = LenientJson.at(result, "earnings");
    if (list != null && list.isArray()) {
      for (JsonNode e : list) {
        PoolBlock block =
            new PoolBlock(
                "BTC",
                null,
                LenientJson.text(LenientJson.at(e, "block_hash")),
                LenientJson.instantUtc(LenientJson.at(e, "ts")),
                null,
                null,
                null,
                null,
                PoolBlock.Status.CONFIRMED);
        out.add(
            new Earning(
                block,
                LenientJson.scaled(LenientJson.at(e, "satoshis_net_earned"), SATOSHI_DECIMALS),
                LenientJson.scaled(LenientJson.at(e, "fees_colected_satoshis"), SATOSHI_DECIMALS)));
      }
    }
    return new EarningsReading(List.copyOf(out));
  }

  /** An exact, non-negative hash rate from the first present key, H/s. */
  private static @Nullable BigDecimal hashrate(JsonNode node, String... keys) {
    return nonNegative(LenientJson.decimal(node, keys));
  }

  private static @Nullable BigDecimal nonNegative(@Nullable BigDecimal v) {
    return v == null || v.signum() < 0 ? null : v;
  }
}
