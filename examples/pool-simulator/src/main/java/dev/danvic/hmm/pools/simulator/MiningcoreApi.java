package dev.danvic.hmm.pools.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Miningcore's API (pool-apis.md): {@code /api/pools}, {@code /api/pools/{id}},
 * {@code /api/pools/{id}/blocks}, {@code /api/pools/{id}/miners/{address}}. camelCase keys, a
 * {@code null} field left out entirely (a block's {@code miner} when the finder is not shown),
 * hash rates in H/s, amounts in coin units, times ISO-8601, effort a ratio (1.0 = 100 %), block
 * statuses lower case ({@code pending}, {@code confirmed}, {@code orphaned}). An unknown miner
 * answers 204 with no body; an unknown pool id 404. The server hosts one pool, {@code <coin>1}
 * ({@code btc1}); the home miner's rigs mine on it beside other miners.
 */
final class MiningcoreApi implements PoolApi {
  /** The rest of the pool, H/s: about 5 PH/s. */
  static final double OTHERS_HASHRATE = 5e15;

  private final Setup setup;
  private final Chain chain;
  private final long seed;
  private final String poolId;

  MiningcoreApi(Setup setup) {
    this.setup = setup;
    this.chain = setup.chain();
    this.seed = setup.seed();
    this.poolId = chain.profile().coin().symbol().toLowerCase(Locale.ROOT) + "1";
  }

  /** @return the pool's hash rate on average, H/s, for the demo's block interval */
  static double poolHashrate() {
    return OTHERS_HASHRATE + MmfpApi.homeHashrate();
  }

  @Override
  public SimResponse answer(SimRequest request) {
    String path = request.route();
    Instant now = request.now();
    String prefix = "/api/pools/" + poolId;
    if (path.equals("/api/pools")) {
      ObjectNode o = SimResponse.object();
      o.putArray("pools").add(pool(now));
      return SimResponse.json(o);
    }
    if (path.equals(prefix)) {
      ObjectNode o = SimResponse.object();
      o.set("pool", pool(now));
      return SimResponse.json(o);
    }
    if (path.equals(prefix + "/blocks")) {
      return SimResponse.json(blocks(now, pageParam(request, "page", 0, 10_000), pageParam(request, "pageSize", 20, 100)));
    }
    if (path.startsWith(prefix + "/miners/")) {
      String address = path.substring((prefix + "/miners/").length());
      return address.equals(setup.username()) ? SimResponse.json(miner(now)) : SimResponse.empty(204);
    }
    return SimResponse.notFound(request.path());
  }

  private double hashrate(Instant now) {
    double home = Rig.HOME.stream().mapToDouble(r -> r.hashrate(seed, now, Duration.ofMinutes(10))).sum();
    return home + OTHERS_HASHRATE * Drift.walk(seed, 0x3C03, now, Duration.ofMinutes(1), 0.01);
  }

  private ObjectNode pool(Instant now) {
    ObjectNode p = SimResponse.object();
    p.put("id", poolId);
    ObjectNode coin = p.putObject("coin");
    String symbol = chain.profile().coin().symbol();
    coin.put("type", symbol);
    coin.put("symbol", symbol);
    coin.put("name", chain.profile().coin().displayName());
    coin.put("family", "bitcoin");
    coin.put("algorithm", "Sha256");
    p.putObject("paymentProcessing").put("payoutScheme", "PPLNS").put("minimumPayment", 0.01);
    p.putObject("ports").putObject("3032").put("difficulty", 65536).put("name", "ASIC");
    p.put("poolFeePercent", 1.0);
    ObjectNode stats = p.putObject("poolStats");
    stats.put("connectedMiners", 37 + Rig.HOME.stream().filter(Rig::online).count());
    stats.put("poolHashrate", Fmt.dec(hashrate(now), 0));
    stats.put("sharesPerSecond", Fmt.dec(hashrate(now) / 65536 / 4.294967296e9, 3));
    ObjectNode network = p.putObject("networkStats");
    network.put("networkType", "Main");
    network.put("networkHashrate", Fmt.dec(chain.networkHashrate(now), 0));
    network.put("networkDifficulty", Fmt.dec(chain.difficulty(now), 2));
    network.put("blockHeight", chain.height(now));
    network.put("connectedPeers", 10);
    network.put("lastNetworkBlockTime", now.minusSeconds(Math.floorMod(now.getEpochSecond(), 600)).toString());
    p.put("totalBlocks", chain.count(now));
    long last = chain.lastSlot(now);
    if (chain.count(now) > 0) {
      Chain.Block b = chain.block(last);
      p.put("lastPoolBlockTime", b.time().toString());
      double sinceLast = now.getEpochSecond() - b.time().getEpochSecond();
      p.put("poolEffort", Fmt.dec(sinceLast / chain.interval().getSeconds(), 4));
    }
    return p;
  }

  /** A paging parameter as Miningcore reads it: a whole number from 0 (1 for the size) to {@code max}. */
  private static int pageParam(SimRequest request, String name, int fallback, int max) {
    String v = request.query().get(name);
    if (v == null) {
      return fallback;
    }
    try {
      return Math.max(name.equals("pageSize") ? 1 : 0, Math.min(max, Integer.parseInt(v.trim())));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** Page {@code page} (0 = newest) of {@code pageSize} blocks, newest first. */
  private ArrayNode blocks(Instant now, int page, int pageSize) {
    ArrayNode out = SimResponse.array();
    List<Chain.Block> newest = chain.recent(now, (page + 1) * pageSize, false);
    for (Chain.Block b : newest.subList(Math.min(newest.size(), page * pageSize), newest.size())) {
      ObjectNode o = out.addObject();
      o.put("poolId", poolId);
      o.put("blockHeight", b.height());
      o.put("networkDifficulty", Fmt.dec(b.networkDifficulty(), 2));
      boolean mature = b.time().plus(chain.maturity()).isBefore(now);
      o.put("status", b.orphan() ? "orphaned" : mature ? "confirmed" : "pending");
      o.put("confirmationProgress", b.orphan() || mature ? 1.0 : 0.5);
      o.put("effort", Fmt.dec(b.networkDifficulty() / b.shareDifficulty(), 4));
      o.put("reward", b.reward());
      o.put("hash", b.hash());
      if (b.byUser()) {
        o.put("miner", setup.username());
      }
      o.put("source", poolId);
      o.put("created", b.time().toString());
    }
    return out;
  }

  private ObjectNode miner(Instant now) {
    ObjectNode o = SimResponse.object();
    BigDecimal perBlock = chain.meanReward().multiply(BigDecimal.valueOf(MmfpApi.homeHashrate() / poolHashrate()));
    o.put("pendingShares", Fmt.dec(Rig.HOME.stream().mapToLong(r -> r.diff1Shares(3_600)).sum() / 65536.0, 2));
    o.put("pendingBalance", perBlock.setScale(8, java.math.RoundingMode.HALF_EVEN));
    o.put("totalPaid", perBlock.multiply(BigDecimal.valueOf(40)).setScale(8, java.math.RoundingMode.HALF_EVEN));
    long today = chain.between(now.minus(Duration.ofSeconds(now.getEpochSecond() % 86_400)), now, false).size();
    o.put("todayPaid", perBlock.multiply(BigDecimal.valueOf(today)).setScale(8, java.math.RoundingMode.HALF_EVEN));
    o.put("lastPayment", now.minusSeconds(now.getEpochSecond() % 86_400).toString());
    ObjectNode performance = o.putObject("performance");
    performance.put("created", now.minusSeconds(now.getEpochSecond() % 600).toString());
    ObjectNode workers = performance.putObject("workers");
    for (Rig rig : Rig.HOME) {
      if (rig.online()) {
        double h = rig.hashrate(seed, now, Duration.ofMinutes(10));
        workers.putObject(rig.name()).put("hashrate", Fmt.dec(h, 0)).put("sharesPerSecond", Fmt.dec(h / 65536 / 4.294967296e9, 4));
      }
    }
    return o;
  }
}
