package dev.danvic.hmm.pools.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * OCEAN's API (pool-apis.md), BTC: {@code /v1/pool_stat}, {@code /v1/statsnap/{address}},
 * {@code /v1/user_hashrate_full/{address}}, {@code /v1/earnpay/{address}/{start}/{end}}. Every
 * answer is an envelope, {@code {"result": …}}, or {@code {"error": "…"}} with HTTP 200 for an
 * unknown address (OCEAN's quirk: the status does not say). Nearly every number is a string: hash
 * rates are whole H/s (the pool's exceeds 2^53), times unix seconds; the keys
 * {@code lastest_share_ts} and {@code fees_colected_satoshis} are spelled as OCEAN spells them;
 * {@code earnpay} times are ISO without a zone (UTC) and its amounts satoshis. The home miner's
 * four rigs mine on a large TIDES pool.
 */
final class OceanApi implements PoolApi {
  /** The rest of the pool, H/s: about 650 PH/s. */
  static final double OTHERS_HASHRATE = 650e15;

  private static final String NO_USER = "No such user or user has no active workers";
  private static final DateTimeFormatter ZONELESS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
  private static final BigDecimal FEE = new BigDecimal("0.02");

  private final Setup setup;
  private final Chain chain;
  private final long seed;

  OceanApi(Setup setup) {
    this.setup = setup;
    this.chain = setup.chain();
    this.seed = setup.seed();
  }

  /** @return the pool's hash rate on average, H/s, for the demo's block interval */
  static double poolHashrate() {
    return OTHERS_HASHRATE + MmfpApi.homeHashrate();
  }

  @Override
  public SimResponse answer(SimRequest request) {
    String[] parts = request.route().split("/");
    Instant now = request.now();
    if (request.route().equals("/v1/pool_stat")) {
      return envelope(poolStat(now));
    }
    if (parts.length < 4 || !parts[1].equals("v1")) {
      return SimResponse.notFound(request.path());
    }
    boolean known = parts[3].equals(setup.username());
    switch (parts[2]) {
      case "statsnap":
        return known ? envelope(statsnap(now)) : SimResponse.jsonError(200, NO_USER);
      case "user_hashrate_full":
        return known ? envelope(workers(now)) : SimResponse.jsonError(200, NO_USER);
      case "earnpay":
        if (parts.length != 6) {
          return SimResponse.notFound(request.path());
        }
        return known ? earnpay(parts[4], parts[5], now) : SimResponse.jsonError(200, NO_USER);
      default:
        return SimResponse.notFound(request.path());
    }
  }

  private static SimResponse envelope(ObjectNode result) {
    ObjectNode o = SimResponse.object();
    o.set("result", result);
    return SimResponse.json(o);
  }

  private double home(Instant now, Duration window) {
    return Rig.HOME.stream().mapToDouble(r -> r.hashrate(seed, now, window)).sum();
  }

  private double pool(Instant now) {
    return home(now, Duration.ofMinutes(5)) + OTHERS_HASHRATE * Drift.walk(seed, 0x0CEA, now, Duration.ofMinutes(1), 0.01);
  }

  private static String whole(double hps) {
    return Fmt.dec(hps, 0).toPlainString();
  }

  private ObjectNode poolStat(Instant now) {
    ObjectNode o = SimResponse.object();
    o.put("workers", String.valueOf(2_800 + Rig.HOME.stream().filter(Rig::online).count()));
    o.put("users", "1102");
    o.put("blocks", String.valueOf(chain.count(now)));
    o.put("hashrate_300s", whole(pool(now)));
    return o;
  }

  private ObjectNode statsnap(Instant now) {
    ObjectNode o = SimResponse.object();
    o.put("hashrate_60s", whole(home(now, Duration.ofMinutes(1))));
    o.put("hashrate_300s", whole(home(now, Duration.ofMinutes(5))));
    long window = 8 * 86_400; // TIDES: about eight blocks' worth of shares
    long shares = Rig.HOME.stream().mapToLong(r -> r.diff1Shares(window)).sum();
    o.put("shares_60s", String.valueOf(Rig.HOME.stream().mapToLong(r -> r.diff1Shares(60)).sum()));
    o.put("shares_300s", String.valueOf(Rig.HOME.stream().mapToLong(r -> r.diff1Shares(300)).sum()));
    o.put("shares_in_tides", String.valueOf(shares));
    long last = Rig.HOME.stream().filter(Rig::online).mapToLong(r -> r.lastShare(seed, now, setup.started())).max().orElse(0);
    o.put("lastest_share_ts", String.valueOf(last));
    BigDecimal perBlock = perBlock(now);
    o.put("unpaid", Fmt.btc(perBlock.multiply(BigDecimal.valueOf(3))));
    o.put("estimated_earn_next_block", Fmt.btc(perBlock));
    o.put("estimated_bonus_earn_next_block", Fmt.btc(perBlock.movePointLeft(2)));
    o.put("estimated_total_earn_next_block", Fmt.btc(perBlock.add(perBlock.movePointLeft(2))));
    o.put("estimated_payout_next_block", "0.00000000");
    o.put("snap_ts", String.valueOf(now.getEpochSecond()));
    return o;
  }

  /** The home miner's net share of one block, BTC. */
  private BigDecimal perBlock(Instant now) {
    double share = MmfpApi.homeHashrate() / poolHashrate();
    return chain.meanReward()
        .multiply(BigDecimal.valueOf(share))
        .multiply(BigDecimal.ONE.subtract(FEE))
        .setScale(8, RoundingMode.HALF_EVEN);
  }

  private ObjectNode workers(Instant now) {
    ObjectNode o = SimResponse.object();
    ObjectNode workers = o.putObject("workers");
    for (Rig rig : Rig.HOME) {
      ObjectNode w = workers.putArray(rig.name()).addObject();
      w.put("hashrate_60s", whole(rig.hashrate(seed, now, Duration.ofMinutes(1))));
      w.put("hashrate_300s", whole(rig.hashrate(seed, now, Duration.ofMinutes(5))));
      w.put("hashrate_86400s", whole(rig.hashrate(seed, now, Duration.ofDays(1))));
    }
    return o;
  }

  private SimResponse earnpay(String start, String end, Instant now) {
    long from;
    long to;
    try {
      from = Long.parseLong(start);
      to = Long.parseLong(end);
    } catch (NumberFormatException e) {
      return SimResponse.jsonError(400, "bad time range");
    }
    Instant until = Instant.ofEpochSecond(Math.min(to, now.getEpochSecond()));
    ObjectNode result = SimResponse.object();
    ArrayNode earnings = result.putArray("earnings");
    double share = MmfpApi.homeHashrate() / poolHashrate();
    for (Chain.Block b : chain.between(Instant.ofEpochSecond(from), until, false)) {
      if (b.orphan()) {
        continue;
      }
      long gross = Fmt.sats(b.reward().multiply(BigDecimal.valueOf(share)));
      long fee = FEE.multiply(BigDecimal.valueOf(gross)).longValue();
      ObjectNode e = earnings.addObject();
      e.put("block_hash", b.hash());
      e.put("ts", LocalDateTime.ofInstant(b.time(), ZoneOffset.UTC).format(ZONELESS));
      e.put("shares_in_window", String.valueOf(Rig.HOME.stream().mapToLong(r -> r.diff1Shares(8 * 86_400)).sum()));
      e.put("fees_colected_satoshis", fee);
      // OCEAN writes amounts as numbers, sometimes as strings
      if ((b.slot() & 1) == 0) {
        e.put("satoshis_net_earned", gross - fee);
      } else {
        e.put("satoshis_net_earned", String.valueOf(gross - fee));
      }
    }
    result.putArray("payouts");
    return envelope(result);
  }
}
