package dev.danvic.hmm.pools.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.danvic.hmm.pools.MiningMath;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Solopool.org's API as pool-apis.md describes it (open-ethereum-pool family): {@code now} in
 * milliseconds, every other time in unix seconds, hash rates in H/s, {@code nodes[]} values as
 * strings, amounts as integers in 1e-9 coin units.
 */
final class SolopoolApi implements PoolApi {
  private static final long POOL_HASHRATE = 0x5010;
  private static final long MINERS = 0x5011;
  private static final long OTHER_MINER = 0x5012;
  private static final long TX = 0x5013;
  private static final Duration CHART_STEP = Duration.ofMinutes(30);
  private static final int CHART_POINTS = 48;
  private static final int MAX_MATURED = 50;
  /** Solopool pays a matured block's reward within the hour. */
  private static final Duration PAYOUT_DELAY = Duration.ofHours(1);
  /** The vardiff a home miner's shares are counted at. */
  private static final double SHARE_DIFFICULTY = 65_536;
  private static final double POOL_FEE_PERCENT = 1.0;

  private final Setup setup;
  private final Chain chain;
  private final long seed;

  SolopoolApi(Setup setup) {
    this.setup = setup;
    this.chain = setup.chain();
    this.seed = setup.seed();
  }

  @Override
  public SimResponse answer(SimRequest request) {
    String path = request.route();
    if (path.equals("/api/stats")) {
      return SimResponse.json(stats(request.now()));
    }
    if (path.equals("/api/blocks")) {
      return SimResponse.json(blocks(request.now()));
    }
    if (path.startsWith("/api/accounts/")) {
      String address = path.substring("/api/accounts/".length());
      if (!address.equals(setup.username())) {
        return SimResponse.empty(404);
      }
      return SimResponse.json(account(request.now()));
    }
    return SimResponse.notFound(request.path());
  }

  private double poolHashrate(Instant at) {
    return chain.profile().solopoolHashrate()
        * Drift.walk(seed, POOL_HASHRATE, at, Duration.ofMinutes(1), 0.02);
  }

  private ObjectNode stats(Instant now) {
    long hashrate = Math.round(poolHashrate(now));
    long miners =
        Math.round(chain.profile().solopoolMiners() * Drift.walk(seed, MINERS, now, Duration.ofMinutes(10), 0.01));
    double difficulty = chain.difficulty(now);
    long height = chain.height(now);
    List<Chain.Block> last = chain.recent(now, 1, false);
    Long lastBlockTime = last.isEmpty() ? null : last.get(0).time().getEpochSecond();
    long roundSeconds = lastBlockTime == null ? 0 : now.getEpochSecond() - lastBlockTime;

    ObjectNode o = SimResponse.object();
    o.put("now", now.toEpochMilli());
    o.put("hashrate", hashrate);
    o.put("totalMiners", miners);
    o.put("totalWorkers", Math.round(miners * 1.6));
    o.put("totalBlocks", chain.count(now));
    o.put("lastBlockTime", lastBlockTime);

    ObjectNode node = o.putObject("node");
    node.put("height", height);
    if (!setup.legacy()) {
      node.put("difficulty", Math.round(difficulty));
    }
    node.put("hashrate", Math.round(chain.networkHashrate(now)));

    ObjectNode stats = o.putObject("stats");
    if (!setup.legacy()) {
      stats.put("difficulty", Math.round(difficulty));
    }
    stats.put("lastBlockFound", lastBlockTime);
    stats.put("roundShares", Math.round(hashrate * (double) roundSeconds / MiningMath.HASHES_PER_DIFFICULTY));

    ObjectNode main = o.putArray("nodes").addObject();
    main.put("name", "main");
    main.put("height", Long.toString(height));
    main.put("difficulty", Long.toString(Math.round(difficulty)));
    main.put("lastBeat", Long.toString(now.getEpochSecond()));

    if (setup.legacy()) {
      o.put("networkDifficulty", Math.round(difficulty));
      o.put("poolHashrate", hashrate);
      o.put("networkHashrate", Math.round(chain.networkHashrate(now)));
      o.put("poolMiners", miners);
      o.put("poolBlocks", chain.count(now));
      o.put("poolFee", POOL_FEE_PERCENT);
    }

    ArrayNode charts = o.putArray("charts");
    long step = CHART_STEP.toSeconds();
    long newest = Math.floorDiv(now.getEpochSecond(), step) * step;
    for (int i = 0; i < CHART_POINTS; i++) {
      long x = newest - i * step;
      double y =
          chain.profile().solopoolHashrate()
              * Drift.mean(seed, POOL_HASHRATE, Instant.ofEpochSecond(x), Duration.ofMinutes(1), 0.02, CHART_STEP);
      charts.addObject().put("x", x).put("y", Math.round(y));
    }
    return o;
  }

  private ObjectNode blocks(Instant now) {
    Duration candidateAge = chain.profile().heightSpacing();
    Duration maturity = chain.maturity();
    List<Chain.Block> candidates = new ArrayList<>();
    List<Chain.Block> immature = new ArrayList<>();
    List<Chain.Block> matured = new ArrayList<>();
    // the newest blocks may still be candidates or immature; older ones are matured
    for (Chain.Block b : chain.recent(now, MAX_MATURED + 20, false)) {
      Duration age = Duration.between(b.time(), now);
      if (age.compareTo(candidateAge) < 0) {
        candidates.add(b);
      } else if (age.compareTo(maturity) < 0) {
        immature.add(b);
      } else if (matured.size() < MAX_MATURED) {
        matured.add(b);
      }
    }
    ObjectNode o = SimResponse.object();
    o.set("candidates", blockArray(candidates));
    o.put("candidatesTotal", candidates.size());
    o.set("immature", blockArray(immature));
    o.put("immatureTotal", immature.size());
    o.set("matured", blockArray(matured));
    o.put("maturedTotal", Math.max(0, chain.count(now) - candidates.size() - immature.size()));
    return o;
  }

  private ArrayNode blockArray(List<Chain.Block> blocks) {
    ArrayNode a = SimResponse.array();
    for (Chain.Block b : blocks) {
      ObjectNode n = a.addObject();
      n.put("height", b.height());
      n.put("hash", b.hash());
      n.put("miner", b.byUser() ? setup.username() : chain.profile().address(seed, 1 + Math.floorMod(b.slot(), 37)));
      n.put("worker", b.byUser() ? setup.rigs().get((int) Math.floorMod(b.slot(), 2)).name() : "rig" + Math.floorMod(b.slot(), 7));
      n.put("timestamp", b.time().getEpochSecond());
      n.put("difficulty", Math.round(b.networkDifficulty()));
      n.put("shareDifficulty", Math.round(b.shareDifficulty()));
      n.put("orphan", b.orphan());
      n.put("reward", b.orphan() ? 0 : Fmt.nanoCoins(b.reward()));
    }
    return a;
  }

  private ObjectNode account(Instant now) {
    List<Chain.Block> mine = chain.recent(now, 10, true);
    Instant roundStart = mine.isEmpty() ? setup.started().minus(Duration.ofDays(1)) : mine.get(0).time();
    double roundSeconds = Duration.between(roundStart, now).toSeconds();
    Duration maturity = chain.maturity();

    ObjectNode o = SimResponse.object();
    ObjectNode workers = SimResponse.object();
    double current = 0;
    double longWindow = 0;
    int online = 0;
    long lastShare = 0;
    long roundShares = 0;
    for (Rig rig : setup.rigs()) {
      double hr = rig.hashrate(seed, now, Duration.ofMinutes(10));
      double hr2 = rig.hashrate(seed, now, Duration.ofHours(3));
      current += hr;
      longWindow += hr2;
      online += rig.online() ? 1 : 0;
      long beat = rig.lastShare(seed, now, setup.started());
      lastShare = Math.max(lastShare, beat);
      long shares = rig.diff1Shares(roundSeconds);
      roundShares += shares;
      long valid = Math.round(shares / SHARE_DIFFICULTY);
      ObjectNode w = workers.putObject(rig.name());
      w.put("lastBeat", beat);
      w.put("hr", Math.round(hr));
      w.put("hr2", Math.round(hr2));
      w.put("offline", !rig.online());
      w.put("sharesValid", valid);
      w.put("sharesInvalid", valid / 400);
    }
    o.put("currentHashrate", Math.round(current));
    o.put("hashrate", Math.round(longWindow));
    o.set("workers", workers);
    o.put("workersOnline", online);
    o.put("workersOffline", setup.rigs().size() - online);
    o.put("workersTotal", setup.rigs().size());

    BigDecimal immature = BigDecimal.ZERO;
    BigDecimal unpaid = BigDecimal.ZERO;
    ArrayNode payments = SimResponse.array();
    ArrayNode rewards = SimResponse.array();
    for (Chain.Block b : mine) {
      Duration age = Duration.between(b.time(), now);
      boolean matured = age.compareTo(maturity) >= 0;
      BigDecimal reward = b.orphan() ? BigDecimal.ZERO : b.reward();
      if (!matured) {
        immature = immature.add(reward);
      } else if (age.compareTo(maturity.plus(PAYOUT_DELAY)) < 0) {
        unpaid = unpaid.add(reward);
      } else if (!b.orphan()) {
        payments
            .addObject()
            .put("amount", Fmt.nanoCoins(reward))
            .put("timestamp", b.time().plus(maturity).plus(PAYOUT_DELAY).getEpochSecond())
            .put("tx", Drift.chars(seed, TX, b.slot(), "0123456789abcdef", 64));
      }
      rewards
          .addObject()
          .put("height", b.height())
          .put("amount", Fmt.nanoCoins(reward))
          .put("timestamp", b.time().getEpochSecond())
          .put("matured", matured);
    }
    long paidBlocks = chain.userCount(now.minus(maturity).minus(PAYOUT_DELAY));
    ObjectNode stats = o.putObject("stats");
    stats.put("balance", Fmt.nanoCoins(unpaid));
    stats.put("immature", Fmt.nanoCoins(immature));
    stats.put("paid", Fmt.nanoCoins(chain.meanReward().multiply(BigDecimal.valueOf(paidBlocks))));
    stats.put("blocksFound", chain.userCount(now));
    stats.put("lastShare", lastShare);
    if (payments.isEmpty()) {
      o.putNull("payments");
    } else {
      o.set("payments", payments);
    }
    o.put("paymentsTotal", paidBlocks);
    o.put("roundShares", roundShares);

    ArrayNode earnings = o.putArray("earnings");
    double userInterval = chain.interval().toSeconds() * (double) Chain.USER_EVERY;
    for (long period : new long[] {3600, 43_200, 86_400, 604_800}) {
      int blocks = 0;
      BigDecimal amount = BigDecimal.ZERO;
      for (Chain.Block b : chain.between(now.minusSeconds(period), now, true)) {
        if (!b.orphan()) {
          blocks++;
          amount = amount.add(b.reward());
        }
      }
      double expected = period / userInterval;
      earnings
          .addObject()
          .put("period", period)
          .put("blocks", blocks)
          .put("amount", Fmt.nanoCoins(amount))
          .put("luck", Fmt.dec(100.0 * blocks / expected, 2));
    }
    o.set("rewards", rewards);
    return o;
  }
}
