package dev.danvic.hmm.pools.braiins;

import static dev.danvic.hmm.pools.LenientJson.count;
import static dev.danvic.hmm.pools.LenientJson.decimal;
import static dev.danvic.hmm.pools.LenientJson.epochSeconds;
import static dev.danvic.hmm.pools.LenientJson.first;
import static dev.danvic.hmm.pools.LenientJson.intCount;
import static dev.danvic.hmm.pools.LenientJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.LenientJson;
import dev.danvic.hmm.pools.PoolBlock;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads the Braiins API's JSON, current and Slush-era shapes alike, into plain values: hash rates
 * in H/s, BTC amounts as exact {@link BigDecimal}s, times as {@link Instant}s. Pure functions, no
 * I/O. Every field is optional; what is absent is {@code null}.
 */
final class BraiinsJson {
  private static final String[] PROFILE_KEYS = {
    "username", "current_balance", "today_reward", "confirmed_reward", "unconfirmed_reward",
    "hash_rate_5m", "hash_rate_scoring", "ok_workers"
  };
  private static final String[] STATS_KEYS = {
    "pool_5m_hash_rate", "pool_scoring_hash_rate", "pool_active_workers", "blocks", "fpps_rate", "update_ts"
  };

  private BraiinsJson() {}

  /**
   * Worker counts by state. Each count is {@code null} when unknown.
   *
   * @param ok workers hashing normally
   * @param low workers hashing below their usual rate
   * @param off workers that stopped sending shares
   * @param dis workers the user disabled
   */
  record WorkerStates(
      @Nullable Integer ok, @Nullable Integer low, @Nullable Integer off, @Nullable Integer dis) {

    /** @return workers hashing now ({@code ok + low}), or {@code null} when neither is known */
    @Nullable Integer active() {
      if (ok == null && low == null) {
        return null;
      }
      return nz(ok) + nz(low);
    }
  }

  /**
   * The account's profile.
   *
   * @param hashrate the account's hash rate, H/s ({@code hash_rate_5m}, Slush era
   *     {@code hash_rate_scoring})
   * @param confirmedBalance BTC ({@code current_balance}, Slush era {@code confirmed_reward})
   * @param pendingBalance BTC ({@code unconfirmed_reward}, Slush era only)
   * @param todayReward BTC credited today, UTC ({@code today_reward})
   * @param states worker counts ({@code ok_workers}, ...)
   * @param shares24h shares of the last 24 h ({@code shares_24h})
   */
  record Profile(
      @Nullable Double hashrate,
      @Nullable BigDecimal confirmedBalance,
      @Nullable BigDecimal pendingBalance,
      @Nullable BigDecimal todayReward,
      WorkerStates states,
      @Nullable Long shares24h) {}

  /**
   * The workers list, summed up.
   *
   * @param total workers listed
   * @param states counts by state; a worker with an unknown state is in none of them
   * @param shares24h sum of the workers' {@code shares_24h}, or {@code null} unless every worker
   *     reports it
   */
  record Workers(int total, WorkerStates states, @Nullable Long shares24h) {}

  /**
   * Pool-wide figures of {@code /stats/json/btc/}.
   *
   * @param hashrate5m the whole pool's hash rate over 5 minutes, H/s
   * @param activeWorkers the whole pool's active workers
   * @param blocks the blocks listed, newest first, or {@code null} when the answer has no
   *     {@code blocks} at all (an empty {@code blocks {}} is an empty list)
   */
  record PoolWide(
      @Nullable Double hashrate5m, @Nullable Integer activeWorkers, @Nullable List<PoolBlock> blocks) {}

  /**
   * @param root the body of {@code /accounts/profile/json/btc/}
   * @return the profile, or {@code null} when the body has neither a {@code btc} object nor any
   *     profile key at its root
   */
  static @Nullable Profile profile(JsonNode root) {
    JsonNode btc = section(root, PROFILE_KEYS);
    if (btc == null) {
      return null;
    }
    WorkerStates states =
        new WorkerStates(
            intCount(btc, "ok_workers"),
            intCount(btc, "low_workers"),
            intCount(btc, "off_workers"),
            intCount(btc, "dis_workers"));
    return new Profile(
        hashrate(btc, "hash_rate_5m", "hash_rate_scoring"),
        decimal(btc, "current_balance", "confirmed_reward"),
        decimal(btc, "unconfirmed_reward"),
        decimal(btc, "today_reward"),
        states,
        count(btc, "shares_24h"));
  }

  /**
   * @param root the body of {@code /accounts/workers/json/btc/}: a map keyed by worker name
   *     ({@code "user.worker"}, so never read with a dotted path)
   * @return the summary, or {@code null} when the body has no workers map
   */
  static @Nullable Workers workers(JsonNode root) {
    JsonNode map = first(root, "btc.workers", "workers");
    if (map == null || !map.isObject()) {
      return null;
    }
    int total = 0;
    int ok = 0;
    int low = 0;
    int off = 0;
    int dis = 0;
    long shares = 0;
    boolean everyShares = true;
    for (Map.Entry<String, JsonNode> e : map.properties()) {
      JsonNode w = e.getValue();
      if (!w.isObject()) {
        continue;
      }
      total++;
      String state = text(w.get("state"));
      switch (state == null ? "" : state.trim().toLowerCase(Locale.ROOT)) {
        case "ok":
          ok++;
          break;
        case "low":
          low++;
          break;
        case "off":
          off++;
          break;
        case "dis":
        case "disabled":
          dis++;
          break;
        default:
          break; // an unknown state is counted in none
      }
      Long s = count(w.get("shares_24h"));
      if (s == null) {
        everyShares = false;
      } else {
        shares += s;
      }
    }
    return new Workers(
        total, new WorkerStates(ok, low, off, dis), total > 0 && everyShares ? shares : null);
  }

  /**
   * @param root the body of {@code /stats/json/btc/}
   * @return the pool-wide figures, or {@code null} when the body has neither a {@code btc} object
   *     nor any statistics key at its root
   */
  static @Nullable PoolWide poolWide(JsonNode root) {
    JsonNode btc = section(root, STATS_KEYS);
    if (btc == null) {
      return null;
    }
    return new PoolWide(
        // the Slush-era stats give the pool's hash rate only as its scoring hash rate
        hashrate(btc, "pool_5m_hash_rate", "pool_scoring_hash_rate"),
        intCount(btc, "pool_active_workers"),
        blocks(btc.get("blocks")));
  }

  /**
   * The reward of the context's current UTC day from {@code daily_rewards}.
   *
   * @param root the body of {@code /accounts/rewards/json/btc/}
   * @param now the current time
   * @return {@code total_reward} of the entry whose {@code date} falls on today (UTC), BTC, or
   *     {@code null} when there is none (Braiins adds a day's entry once the day is calculated)
   */
  static @Nullable BigDecimal todayReward(JsonNode root, Instant now) {
    JsonNode days = first(root, "btc.daily_rewards", "daily_rewards");
    if (days == null || !days.isArray()) {
      return null;
    }
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    for (JsonNode day : days) {
      LocalDate date = day(day.get("date"));
      if (today.equals(date)) {
        return decimal(day, "total_reward");
      }
    }
    return null;
  }

  /**
   * @param root the body of {@code /accounts/payouts/json/btc/}: {@code {onchain[], lightning[]}}
   *     (no {@code btc} wrapper, though one is accepted)
   * @return every payout, newest request first; payouts without a request time last
   */
  static List<BraiinsPayout> payouts(JsonNode root) {
    JsonNode body = root.has("btc") && root.get("btc").isObject() ? root.get("btc") : root;
    List<BraiinsPayout> out = new ArrayList<>();
    addPayouts(out, body.get("onchain"), BraiinsPayout.Rail.ONCHAIN);
    addPayouts(out, body.get("lightning"), BraiinsPayout.Rail.LIGHTNING);
    out.sort(
        Comparator.comparing(
            BraiinsPayout::requestedAt, Comparator.nullsLast(Comparator.<Instant>reverseOrder())));
    return out;
  }

  private static void addPayouts(List<BraiinsPayout> out, @Nullable JsonNode list, BraiinsPayout.Rail rail) {
    if (list == null || !list.isArray()) {
      return;
    }
    for (JsonNode p : list) {
      if (!p.isObject()) {
        continue;
      }
      String status = text(p, "status");
      out.add(
          new BraiinsPayout(
              rail,
              epochSeconds(p.get("requested_at_ts")),
              epochSeconds(p.get("resolved_at_ts")),
              status == null ? null : status.trim().toLowerCase(Locale.ROOT),
              satsToBtc(p.get("amount_sats")),
              satsToBtc(p.get("fee_sats")),
              text(p, "destination"),
              text(p, "tx_id"),
              text(p, "trigger_type")));
    }
  }

  /**
   * Satoshis to BTC, exactly. Only for {@code *_sats} fields; every other Braiins amount is BTC
   * already.
   *
   * @param sats a {@code *_sats} value (number or numeric string), or {@code null}
   * @return BTC, or {@code null}
   */
  static @Nullable BigDecimal satsToBtc(@Nullable JsonNode sats) {
    return LenientJson.scaled(sats, 8);
  }

  /**
   * @param owner the object carrying the hash rate and its {@code hash_rate_unit}
   * @param keys candidate keys, in order of preference
   * @return H/s, or {@code null} when the value is absent or the unit is absent or not a hash-rate
   *     unit (Braiins has always sent one; without it the scale is unknown)
   */
  static @Nullable Double hashrate(JsonNode owner, String... keys) {
    String unit = text(owner.get("hash_rate_unit"));
    if (unit == null) {
      return null;
    }
    return LenientJson.hashrateInUnit(first(owner, keys), unit);
  }

  private static @Nullable List<PoolBlock> blocks(@Nullable JsonNode node) {
    if (node == null || !(node.isObject() || node.isArray())) {
      return null;
    }
    List<PoolBlock> out = new ArrayList<>();
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (e.getValue().isObject()) {
          out.add(block(heightOf(e.getKey()), e.getValue()));
        }
      }
    } else {
      for (JsonNode b : node) {
        if (b.isObject()) {
          out.add(block(null, b));
        }
      }
    }
    out.sort(
        Comparator.comparing(PoolBlock::height, Comparator.nullsFirst(Comparator.<Long>naturalOrder()))
            .reversed());
    return out;
  }

  private static PoolBlock block(@Nullable Long key, JsonNode b) {
    Long height = key != null ? key : count(b, "height", "block_height");
    Integer confirmationsLeft = intCount(b, "confirmations_left");
    return new PoolBlock(
        BraiinsIntegration.CURRENCY,
        height,
        text(b, "hash", "block_hash"),
        epochSeconds(b.get("date_found")),
        null,
        null,
        decimal(b, "value"),
        null,
        status(text(b, "state"), confirmationsLeft));
  }

  private static PoolBlock.Status status(@Nullable String state, @Nullable Integer confirmationsLeft) {
    if (state == null) {
      return PoolBlock.Status.UNKNOWN;
    }
    String s = state.trim().toLowerCase(Locale.ROOT);
    if (s.contains("orphan") || s.contains("stale")) {
      return PoolBlock.Status.ORPHANED;
    }
    // before the broader words below, which "immature" and "unconfirmed" contain
    if (s.contains("immature")) {
      return PoolBlock.Status.IMMATURE;
    }
    if (s.contains("unconfirmed")) {
      return PoolBlock.Status.CANDIDATE;
    }
    if (s.contains("confirmed") || s.contains("mature")) {
      return confirmationsLeft != null && confirmationsLeft > 0
          ? PoolBlock.Status.IMMATURE
          : PoolBlock.Status.CONFIRMED;
    }
    if (s.equals("new") || s.contains("pending") || s.contains("candidate")) {
      return PoolBlock.Status.CANDIDATE;
    }
    return PoolBlock.Status.UNKNOWN;
  }

  private static @Nullable Long heightOf(String key) {
    try {
      long h = Long.parseLong(key.trim());
      return h >= 0 ? h : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static @Nullable LocalDate day(@Nullable JsonNode date) {
    Instant at = epochSeconds(date);
    if (at != null) {
      return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }
    String s = text(date);
    if (s == null) {
      return null;
    }
    try {
      return LocalDate.parse(s.trim().length() >= 10 ? s.trim().substring(0, 10) : s.trim());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** The {@code btc} object, or the root itself when it carries the keys directly (oldest shape). */
  private static @Nullable JsonNode section(JsonNode root, String[] knownKeys) {
    JsonNode btc = root.get("btc");
    if (btc != null && btc.isObject()) {
      return btc;
    }
    if (root.isObject()) {
      for (String k : knownKeys) {
        if (root.has(k)) {
          return root;
        }
      }
    }
    return null;
  }

  private static int nz(@Nullable Integer v) {
    return v == null ? 0 : v;
  }
}
