package dev.danvic.hmm.pools.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;

/**
 * public-pool (the NestJS solo pool NerdMiner and Bitaxe owners use) as pool-apis.md describes it:
 * {@code /api/client/{address}}, {@code /api/pool}, {@code /api/network} and {@code /api/info}. Its
 * quirks: a worker's {@code bestDifficulty} is a string with two decimals while the account's is a
 * number; hash rates are fractional H/s numbers; {@code startTime} and {@code lastSeen} are
 * ISO-8601 strings with milliseconds; an unknown address answers 200 with zero workers; the pool's
 * counts arrive as strings (all of them in the {@linkplain PoolSimulator.Builder#legacyFormat
 * legacy form}); {@code blocksFound[]} has no timestamps.
 */
final class PublicPoolApi implements PoolApi {
  private static final String CLIENT = "/api/client/";
  private static final long BEST = 0x9B01;
  private static final long SESSION = 0x9B02;
  /** The other miners on the pool: thousands of NerdMiners and Bitaxes, about 3 PH/s together. */
  private static final double OTHERS_HASHRATE = 3.1e15;
  private static final int OTHER_MINERS = 12_030;

  private final Setup setup;
  private final Chain chain;
  private final long seed;

  PublicPoolApi(Setup setup) {
    this.setup = setup;
    this.chain = setup.chain();
    this.seed = setup.seed();
  }

  @Override
  public SimResponse answer(SimRequest request) {
    String path = request.route();
    Instant now = request.now();
    if (path.startsWith(CLIENT) && path.length() > CLIENT.length()) {
      String address = path.substring(CLIENT.length());
      return SimResponse.json(address.equals(setup.username()) ? client(now) : unknownClient());
    }
    switch (path) {
      case "/api/pool":
        return SimResponse.json(pool(now));
      case "/api/network":
        return SimResponse.json(network(now));
      case "/api/info":
        return SimResponse.json(info(now));
      default:
        return SimResponse.jsonError(404, "Cannot GET " + request.path());
    }
  }

  /** A rig's best share since it connected: a small fraction of the network difficulty. */
  private double sessionBest(Rig rig, Instant now) {
    return chain.difficulty(now) * Drift.between(seed, BEST, rig.index(), 1e-5, 5e-4);
  }

  private ObjectNode client(Instant now) {
    ObjectNode o = SimResponse.object();
    double ever = chain.difficulty(now) * Drift.between(seed, BEST, -1, 2e-3, 8e-3);
    o.put("bestDifficulty", Fmt.dec(ever, 2));
    ArrayNode workers = SimResponse.array();
    for (Rig rig : setup.rigs()) {
      if (!rig.online()) {
        continue; // public-pool lists connected sessions only
      }
      ObjectNode w = workers.addObject();
      w.put("sessionId", Long.toHexString(Drift.hash(seed, SESSION, rig.index()) & 0xffffffffL));
      w.put("name", rig.name());
      w.put("bestDifficulty", Fmt.dec(sessionBest(rig, now), 2).toPlainString());
      // fractional H/s, as public-pool averages its share log
      w.put("hashRate", Fmt.dec(rig.hashrate(seed, now, Duration.ofMinutes(10)), 3));
      w.put("startTime", iso(setup.started().minus(Duration.ofHours(6 + rig.index()))));
      w.put("lastSeen", iso(Instant.ofEpochSecond(rig.lastShare(seed, now, setup.started())).plusMillis(123)));
    }
    o.put("workersCount", workers.size());
    o.set("workers", workers);
    return o;
  }

  private static ObjectNode unknownClient() {
    ObjectNode o = SimResponse.object();
    o.put("workersCount", 0);
    o.putArray("workers");
    return o;
  }

  private double poolHashrate(Instant now) {
    double home = setup.rigs().stream().mapToDouble(r -> r.hashrate(seed, now, Duration.ofMinutes(10))).sum();
    return home + OTHERS_HASHRATE * Drift.walk(seed, 0x9B03, now, Duration.ofMinutes(1), 0.01);
  }

  private ObjectNode pool(Instant now) {
    ObjectNode o = SimResponse.object();
    long miners = OTHER_MINERS + setup.rigs().stream().filter(Rig::online).count();
    double hashrate = poolHashrate(now);
    if (setup.legacy()) {
      o.put("totalHashRate", Fmt.dec(hashrate, 0).toPlainString());
      o.put("blockHeight", Long.toString(chain.height(now)));
    } else {
      o.put("totalHashRate", Fmt.dec(hashrate, 0));
      o.put("blockHeight", chain.height(now));
    }
    o.put("totalMiners", Long.toString(miners)); // a count that arrives as a string
    o.put("fee", 0);
    ArrayNode found = o.putArray("blocksFound");
    for (Chain.Block b : chain.recent(now, 10, false)) {
      found.addObject()
          .put("height", b.height())
          .put("minerAddress", b.byUser() ? setup.username() : "bc1qsomeoneelse" + Long.toHexString(b.slot()))
          .put("worker", b.byUser() ? setup.rigs().get(0).name() : "nerdminer")
          .put("sessionId", Long.toHexString(Drift.hash(seed, SESSION, b.slot()) & 0xffffffffL));
    }
    ArrayNode agents = o.putArray("userAgents");
    agents.addObject().put("userAgent", "NerdMinerV2").put("count", 9_120).put("bestDifficulty", "12345678.90")
        .put("totalHashRate", 9_120 * 78_000.0);
    agents.addObject().put("userAgent", "bitaxe/BM1370/v2.4.2").put("count", OTHER_MINERS - 9_120)
        .put("bestDifficulty", "98765432109.00").put("totalHashRate", OTHERS_HASHRATE);
    return o;
  }

  private ObjectNode network(Instant now) {
    ObjectNode o = SimResponse.object();
    o.put("blocks", chain.height(now));
    o.put("currentblockweight", 3_993_020);
    o.put("currentblocktx", 2_741);
    o.put("difficulty", Fmt.dec(chain.difficulty(now), 8));
    o.put("networkhashps", Fmt.dec(chain.networkHashrate(now), 0));
    o.put("pooledtx", 4_567);
    o.put("chain", "main");
    o.put("warnings", "");
    return o;
  }

  private ObjectNode info(Instant now) {
    ObjectNode o = SimResponse.object();
    ArrayNode blocks = o.putArray("blockData");
    for (Chain.Block b : chain.recent(now, 5, false)) {
      blocks.addObject().put("height", b.height()).put("minerAddress", setup.username()).put("worker", setup.rigs().get(0).name());
    }
    o.putArray("userAgents");
    ArrayNode scores = o.putArray("highScores");
    scores.addObject()
        .put("updatedAt", iso(now.minus(Duration.ofHours(3))))
        .put("bestDifficulty", Fmt.dec(chain.difficulty(now) * 0.9, 2))
        .put("bestDifficultyUserAgent", "bitaxe/BM1370/v2.4.2");
    o.put("uptime", iso(setup.started().minus(Duration.ofDays(12))));
    return o;
  }

  /** An ISO-8601 time with milliseconds, as JavaScript's {@code Date.toISOString()} writes it. */
  private static String iso(Instant t) {
    Instant ms = Instant.ofEpochMilli(t.toEpochMilli());
    String s = ms.toString();
    return ms.getNano() == 0 ? s.substring(0, s.length() - 1) + ".000Z" : s;
  }

  /** @return the pool's hash rate on average, H/s, for the demo's block interval */
  static double poolHashrate() {
    return OTHERS_HASHRATE + Rig.HOME.stream().mapToDouble(Rig::expected).sum();
  }
}
