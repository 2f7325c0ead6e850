package dev.danvic.hmm.pools.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.danvic.hmm.pools.MiningMath;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Braiins Pool's account API (BTC, FPPS) as pool-apis.md describes it: hash rates in {@code
 * hash_rate_unit} (always {@code "Gh/s"} here), BTC amounts as decimal strings, payouts in integer
 * satoshis, times in unix seconds.
 */
final class BraiinsApi implements PoolApi {
  /** The whole pool, H/s (about 12 EH/s). */
  static final double POOL_HASHRATE = 1.2e19;

  private static final List<String> TOKEN_HEADERS =
      List.of("Pool-Auth-Token", "SlushPool-Auth-Token", "X-Pool-Auth-Token", "X-SlushPool-Auth-Token");
  private static final double GH = 1e9;
  private static final double FPPS_FEE = 0.025;
  private static final long POOL_STREAM = 0xB0A1;
  private static final long WORKERS_STREAM = 0xB0A2;
  private static final long PAYOUT_STREAM = 0xB0A3;
  private static final Instant ACCOUNT_OPENED = Instant.parse("2024-03-01T00:00:00Z");
  private static final Duration PAYOUT_PERIOD = Duration.ofDays(7);
  private static final Duration PAYOUT_SETTLES = Duration.ofMinutes(40);
  private static final int MAX_DAYS = 366;
  private static final int POOL_BLOCKS = 15;

  private final Setup setup;
  private final Chain chain;
  private final long seed;
  private final byte[] token;
  /** The account's FPPS earnings, BTC per second at nominal hash rate, after the pool's fee. */
  private final BigDecimal btcPerSecond;
  private final Instant opened;

  BraiinsApi(Setup setup) {
    this.setup = setup;
    this.chain = setup.chain();
    this.seed = setup.seed();
    String credential = setup.credential();
    if (credential == null) {
      throw new IllegalArgumentException("token: the Braiins simulator needs one");
    }
    this.token = credential.getBytes(StandardCharsets.UTF_8);
    double nominal = setup.rigs().stream().mapToDouble(Rig::expected).sum();
    this.btcPerSecond = BigDecimal.valueOf(nominal * perHash() * (1 - FPPS_FEE));
    this.opened = ACCOUNT_OPENED.minus(Duration.ofDays((long) Drift.between(seed, PAYOUT_STREAM, -1, 0, 60)));
  }

  /** FPPS value of one hash, BTC: the mean block reward over the hashes a block takes. */
  private double perHash() {
    return chain.meanReward().doubleValue() / (chain.profile().difficulty() * MiningMath.HASHES_PER_DIFFICULTY);
  }

  @Override
  public SimResponse answer(SimRequest request) {
    String path = request.route().toLowerCase(Locale.ROOT);
    boolean known =
        path.equals("/accounts/profile/json/btc")
            || path.equals("/accounts/workers/json/btc")
            || path.equals("/accounts/rewards/json/btc")
            || path.equals("/stats/json/btc")
            || path.equals("/accounts/payouts/json/btc");
    if (!known) {
      return SimResponse.notFound(request.path());
    }
    if (!authorised(request)) {
      return SimResponse.text(403, "Invalid Access Profile token");
    }
    Instant now = request.now();
    switch (path) {
      case "/accounts/profile/json/btc":
        return SimResponse.json(profile(now));
      case "/accounts/workers/json/btc":
        return SimResponse.json(workers(now));
      case "/accounts/rewards/json/btc":
        return rewards(request);
      case "/stats/json/btc":
        return SimResponse.json(poolStats(now));
      default:
        return SimResponse.json(payouts(now));
    }
  }

  private boolean authorised(SimRequest request) {
    return TOKEN_HEADERS.stream().anyMatch(name -> request.headerMatches(name, token));
  }

  private static BigDecimal seconds(BigDecimal perSecond, long seconds) {
    return perSecond.multiply(BigDecimal.valueOf(Math.max(0, seconds)));
  }

  private static long midnight(Instant at) {
    return at.truncatedTo(ChronoUnit.DAYS).getEpochSecond();
  }

  private double userHashrate(Instant at, Duration window) {
    return setup.rigs().stream().mapToDouble(r -> r.hashrate(seed, at, window)).sum();
  }

  private long lastPayoutPeriodStart(Instant now) {
    long period = PAYOUT_PERIOD.toSeconds();
    long k = Math.floorDiv(now.getEpochSecond() - opened.getEpochSecond(), period);
    return opened.getEpochSecond() + Math.max(0, k) * period;
  }

  private ObjectNode profile(Instant now) {
    long t = now.getEpochSecond();
    BigDecimal balance = seconds(btcPerSecond, t - lastPayoutPeriodStart(now));
    BigDecimal today = seconds(btcPerSecond, t - midnight(now));
    ObjectNode o = SimResponse.object();
    o.put("username", setup.username());
    ObjectNode btc = o.putObject("btc");
    if (setup.legacy()) {
      BigDecimal unconfirmed = seconds(btcPerSecond, Math.min(3600, t - lastPayoutPeriodStart(now)));
      btc.put("confirmed_reward", Fmt.btc(balance.subtract(unconfirmed)));
      btc.put("unconfirmed_reward", Fmt.btc(unconfirmed));
      btc.put("estimated_reward", Fmt.btc(seconds(btcPerSecond, 86_400)));
      btc.put("send_threshold", "0.01000000");
    } else {
      btc.put("current_balance", Fmt.btc(balance));
      btc.put("today_reward", Fmt.btc(today));
      btc.put("estimated_reward", Fmt.btc(seconds(btcPerSecond, 86_400)));
      btc.put("all_time_reward", Fmt.btc(seconds(btcPerSecond, t - opened.getEpochSecond())));
    }
    btc.put("hash_rate_unit", "Gh/s");
    btc.put("hash_rate_5m", gh(userHashrate(now, Duration.ofMinutes(5))));
    btc.put("hash_rate_60m", gh(userHashrate(now, Duration.ofMinutes(60))));
    btc.put("hash_rate_24h", gh(userHashrate(now, Duration.ofHours(24))));
    if (setup.legacy()) {
      btc.put("hash_rate_scoring", gh(userHashrate(now, Duration.ofMinutes(60))));
    }
    Instant yesterdayEnd = Instant.ofEpochSecond(midnight(now));
    btc.put("hash_rate_yesterday", gh(userHashrate(yesterdayEnd, Duration.ofHours(24))));
    btc.put("ok_workers", countState("ok"));
    btc.put("low_workers", countState("low"));
    btc.put("off_workers", countState("off"));
    btc.put("dis_workers", countState("dis"));
    if (!setup.legacy()) {
      btc.put("shares_5m", shares(now, Duration.ofMinutes(5)));
      btc.put("shares_60m", shares(now, Duration.ofMinutes(60)));
      btc.put("shares_24h", shares(now, Duration.ofHours(24)));
      btc.put("shares_yesterday", shares(yesterdayEnd, Duration.ofHours(24)));
    }
    return o;
  }

  private long countState(String state) {
    return setup.rigs().stream().filter(r -> r.state().equals(state)).count();
  }

  private static BigDecimal gh(double hashesPerSecond) {
    return Fmt.dec(hashesPerSecond / GH, 3);
  }

  private long shares(Instant end, Duration window) {
    return Math.round(userHashrate(end, window) * window.toSeconds() / MiningMath.HASHES_PER_DIFFICULTY);
  }

  private ObjectNode workers(Instant now) {
    ObjectNode o = SimResponse.object();
    ObjectNode map = o.putObject("btc").putObject("workers");
    for (Rig rig : setup.rigs()) {
      ObjectNode w = map.putObject(setup.username() + "." + rig.name());
      w.put("state", setup.legacy() ? rig.state().toUpperCase(Locale.ROOT) : rig.state());
      w.put("last_share", rig.lastShare(seed, now, setup.started()));
      w.put("hash_rate_unit", "Gh/s");
      w.put("hash_rate_5m", gh(rig.hashrate(seed, now, Duration.ofMinutes(5))));
      w.put("hash_rate_60m", gh(rig.hashrate(seed, now, Duration.ofMinutes(60))));
      w.put("hash_rate_24h", gh(rig.hashrate(seed, now, Duration.ofHours(24))));
      if (setup.legacy()) {
        w.put("hash_rate_scoring", gh(rig.hashrate(seed, now, Duration.ofMinutes(60))));
      }
      for (Duration window : List.of(Duration.ofMinutes(5), Duration.ofMinutes(60), Duration.ofHours(24))) {
        long s = Math.round(rig.hashrate(seed, now, window) * window.toSeconds() / MiningMath.HASHES_PER_DIFFICULTY);
        w.put("shares_" + label(window), s);
      }
    }
    return o;
  }

  private static String label(Duration window) {
    return window.toHours() >= 24 ? "24h" : window.toMinutes() + "m";
  }

  private SimResponse rewards(SimRequest request) {
    LocalDate today = LocalDate.ofInstant(request.now(), ZoneOffset.UTC);
    LocalDate to;
    LocalDate from;
    try {
      to = date(request.query().get("to"), "to", today.minusDays(1));
      from = date(request.query().get("from"), "from", to.minusDays(29));
    } catch (IllegalArgumentException e) {
      return SimResponse.text(400, e.getMessage());
    }
    if (from.isAfter(to)) {
      return SimResponse.text(400, "Invalid range: 'from' " + from + " is after 'to' " + to);
    }
    if (to.isAfter(today.minusDays(1))) {
      to = today.minusDays(1); // a day's reward exists once the day is over
    }
    if (from.isBefore(to.minusDays(MAX_DAYS - 1))) {
      from = to.minusDays(MAX_DAYS - 1);
    }
    ObjectNode o = SimResponse.object();
    ArrayNode days = o.putObject("btc").putArray("daily_rewards");
    double perHash = perHash() * (1 - FPPS_FEE);
    for (LocalDate d = to; !d.isBefore(from); d = d.minusDays(1)) {
      long start = d.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
      if (start < opened.getEpochSecond()) {
        break;
      }
      Instant end = Instant.ofEpochSecond(start + 86_400);
      double hashes = userHashrate(end, Duration.ofHours(24)) * 86_400;
      BigDecimal mining = BigDecimal.valueOf(hashes * perHash).setScale(8, RoundingMode.HALF_EVEN);
      BigDecimal bosPlus = mining.multiply(new BigDecimal("0.003")).setScale(8, RoundingMode.HALF_EVEN);
      long shares = Math.round(hashes / MiningMath.HASHES_PER_DIFFICULTY);
      ObjectNode day = days.addObject();
      day.put("date", start);
      day.put("total_reward", Fmt.btc(mining.add(bosPlus)));
      day.put("mining_reward", Fmt.btc(mining));
      day.put("bos_plus_reward", Fmt.btc(bosPlus));
      day.put("referral_bonus", Fmt.btc(BigDecimal.ZERO));
      day.put("referral_reward", Fmt.btc(BigDecimal.ZERO));
      day.put("shares", shares);
      day.putArray("share_prices")
          .add(mining.divide(BigDecimal.valueOf(Math.max(1, shares)), 20, RoundingMode.HALF_EVEN).toPlainString());
      day.put("calculation_date", start + 86_400 + 1_800);
    }
    return SimResponse.json(o);
  }

  private static LocalDate date(@Nullable String value, String name, LocalDate otherwise) {
    if (value == null || value.isBlank()) {
      return otherwise;
    }
    try {
      return LocalDate.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("Invalid date in '" + name + "': " + value + ", expected YYYY-MM-DD");
    }
  }

  private ObjectNode poolStats(Instant now) {
    ObjectNode o = SimResponse.object();
    ObjectNode btc = o.putObject("btc");
    btc.put("hash_rate_unit", "Gh/s");
    btc.put("pool_5m_hash_rate", gh(poolHashrate(now, Duration.ofMinutes(5))));
    btc.put("pool_60m_hash_rate", gh(poolHashrate(now, Duration.ofMinutes(60))));
    btc.put("pool_24h_hash_rate", gh(poolHashrate(now, Duration.ofHours(24))));
    btc.put("pool_active_workers", Math.round(240_000 * Drift.walk(seed, WORKERS_STREAM, now, Duration.ofMinutes(10), 0.005)));
    btc.put("update_ts", Math.floorDiv(now.getEpochSecond(), 60) * 60);
    BigDecimal fppsPerThDay = BigDecimal.valueOf(perHash() * 1e12 * 86_400).setScale(8, RoundingMode.HALF_EVEN);
    if (setup.legacy()) {
      btc.put("fpps_rate", fppsPerThDay.toPlainString());
    } else {
      btc.put("fpps_rate", fppsPerThDay);
    }
    ObjectNode blocks = btc.putObject("blocks");
    List<Chain.Block> recent = chain.recent(now, POOL_BLOCKS + 1, false);
    long tip = chain.height(now);
    double userShare = userHashrate(now, Duration.ofHours(24)) / POOL_HASHRATE;
    for (int i = 0; i < Math.min(POOL_BLOCKS, recent.size()); i++) {
      Chain.Block b = recent.get(i);
      long duration =
          i + 1 < recent.size()
              ? b.time().getEpochSecond() - recent.get(i + 1).time().getEpochSecond()
              : chain.interval().toSeconds();
      double scoring = poolHashrate(b.time(), Duration.ofMinutes(60));
      long left = Math.max(0, CoinProfile.MATURITY_BLOCKS + 1 - (tip - b.height()));
      ObjectNode n = blocks.putObject(Long.toString(b.height()));
      n.put("date_found", b.time().getEpochSecond());
      n.put("mining_duration", duration);
      n.put("total_shares", Math.round(scoring * duration / MiningMath.HASHES_PER_DIFFICULTY));
      n.put("state", b.orphan() ? "orphan" : left > 0 ? "new" : "confirmed");
      n.put("confirmations_left", b.orphan() ? 0 : left);
      n.put("value", Fmt.btc(b.reward()));
      n.put("user_reward", b.reward().multiply(BigDecimal.valueOf(userShare)).setScale(12, RoundingMode.HALF_EVEN).toPlainString());
      n.put("pool_scoring_hash_rate", gh(scoring));
    }
    if (setup.legacy()) {
      btc.put("luck_b10", luck(now, 10));
      btc.put("luck_b50", luck(now, 50));
      btc.put("luck_b250", luck(now, 250));
      long roundStarted = recent.isEmpty() ? setup.started().getEpochSecond() : recent.get(0).time().getEpochSecond();
      long roundDuration = now.getEpochSecond() - roundStarted;
      double expected = MiningMath.timeToBlockSeconds(chain.difficulty(now), POOL_HASHRATE);
      btc.put("round_probability", Fmt.dec(MiningMath.blockOdds(roundDuration, expected), 4).toPlainString());
      btc.put("round_started", roundStarted);
      btc.put("round_duration", roundDuration);
    }
    return o;
  }

  private double poolHashrate(Instant at, Duration window) {
    return POOL_HASHRATE * Drift.mean(seed, POOL_STREAM, at, Duration.ofMinutes(1), 0.01, window);
  }

  private String luck(Instant now, int blocks) {
    return Fmt.dec(Drift.between(seed, POOL_STREAM + blocks, Math.floorDiv(now.getEpochSecond(), 3600), 0.8, 1.25), 2)
        .toPlainString();
  }

  private ObjectNode payouts(Instant now) {
    ObjectNode o = SimResponse.object();
    ArrayNode onchain = o.putArray("onchain");
    ArrayNode lightning = o.putArray("lightning");
    long period = PAYOUT_PERIOD.toSeconds();
    long last = Math.floorDiv(now.getEpochSecond() - opened.getEpochSecond(), period);
    BigDecimal amount = seconds(btcPerSecond, period);
    for (long k = last; k >= 1 && k > last - 8; k--) {
      long requested = opened.getEpochSecond() + k * period;
      long resolved = requested + PAYOUT_SETTLES.toSeconds();
      boolean done = now.getEpochSecond() >= resolved;
      boolean viaLightning = k % 3 == 0;
      ObjectNode p = (viaLightning ? lightning : onchain).addObject();
      p.put("requested_at_ts", requested);
      if (done) {
        p.put("resolved_at_ts", resolved);
      } else {
        p.putNull("resolved_at_ts");
      }
      p.put("status", done ? "confirmed" : "queued");
      p.put("amount_sats", Fmt.sats(amount));
      if (viaLightning) {
        p.put("fee_sats", Math.floorMod(Drift.hash(seed, PAYOUT_STREAM, k), 20));
        p.put("destination", setup.username() + "@ln.example");
        p.put("invoice", "lnbc" + Fmt.sats(amount) * 10 + "n1p" + Drift.chars(seed, PAYOUT_STREAM, k, CoinProfile.BECH32, 90));
        p.put("trigger_type", "threshold");
      } else {
        p.put("fee_sats", 1_500 + Math.floorMod(Drift.hash(seed, PAYOUT_STREAM, k), 3_500));
        p.put("destination", chain.profile().address(seed, 99));
        if (done) {
          p.put("tx_id", Drift.chars(seed, PAYOUT_STREAM + 1, k, "0123456789abcdef", 64));
        } else {
          p.putNull("tx_id");
        }
        p.put("trigger_type", "scheduled");
      }
    }
    return o;
  }
}
