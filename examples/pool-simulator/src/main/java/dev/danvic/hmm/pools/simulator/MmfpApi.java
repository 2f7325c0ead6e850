package dev.danvic.hmm.pools.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.danvic.hmm.pools.MiningMath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * MMFP's self-hosted solo pool, GoSlimStratum, as pool-apis.md describes it: the health check,
 * the per-coin metrics, the open-source engine's {@code /api/v1/stats} and {@code /api/v1/miners},
 * and the seed's {@code /stats} and {@code /blocks/recent}. The pool is the home miner's own, so
 * every block it finds is the miner's. Hash rates in H/s, durations in seconds, block timestamps in
 * unix seconds, the engine's and the miners' times as RFC 3339 strings (Go's {@code time.Time}).
 */
final class MmfpApi implements PoolApi {
  static final String VERSION = "1.4.2-sim";
  private static final Pattern METRICS = Pattern.compile("/api/v1/([A-Za-z0-9]+)/metrics/(pool|miners)");
  private static final long UPTIME = 0x3F01;
  private static final long BEST = 0x3F02;
  private static final long PORTS = 0x3F03;
  private static final double INVALID_RATIO = 1.0 / 500;
  private static final double STALE_RATIO = 1.0 / 300;

  private final Setup setup;
  private final Chain chain;
  private final long seed;
  private final String coin;
  private final byte @Nullable [] apiKey;
  /** When the simulated GoSlimStratum process started: one to five days before the simulator. */
  private final Instant serverStarted;

  MmfpApi(Setup setup) {
    this.setup = setup;
    this.chain = setup.chain();
    this.seed = setup.seed();
    this.coin = chain.profile().coin().symbol();
    String credential = setup.credential();
    this.apiKey = credential == null ? null : credential.getBytes(StandardCharsets.UTF_8);
    long uptimeAtStart = (long) Drift.between(seed, UPTIME, 0, 86_400, 5 * 86_400);
    this.serverStarted = setup.started().minusSeconds(uptimeAtStart);
  }

  /** The home miner's hash rate, H/s: what sets the default block interval of an MMFP pool. */
  static double homeHashrate() {
    return Rig.HOME.stream().mapToDouble(Rig::expected).sum();
  }

  @Override
  public SimResponse answer(SimRequest request) {
    String path = request.route();
    Instant now = request.now();
    if (path.equals("/api/v1/health")) {
      return SimResponse.json(
          SimResponse.object().put("status", "ok").put("version", VERSION).put("uptime", uptime(now)));
    }
    Matcher metrics = METRICS.matcher(path);
    boolean known =
        metrics.matches()
            || path.equals("/api/v1/stats")
            || path.equals("/api/v1/miners")
            || path.equals("/stats")
            || path.equals("/blocks/recent");
    if (!known) {
      return SimResponse.jsonError(404, "not found: " + request.path());
    }
    if (!authorised(request)) {
      return SimResponse.jsonError(401, "invalid or missing API key");
    }
    if (metrics.matches()) {
      if (!metrics.group(1).toUpperCase(Locale.ROOT).equals(coin)) {
        return SimResponse.jsonError(404, "coin " + metrics.group(1) + " is not served here; this pool mines " + coin);
      }
      return SimResponse.json(metrics.group(2).equals("pool") ? poolMetrics(now) : minerMetrics(now));
    }
    switch (path) {
      case "/api/v1/stats":
        return SimResponse.json(engineStats(now));
      case "/api/v1/miners":
        return SimResponse.json(engineMiners(now));
      case "/stats":
        return SimResponse.json(seedStats(now));
      default:
        return SimResponse.json(recentBlocks(now));
    }
  }

  private boolean authorised(SimRequest request) {
    byte[] key = apiKey;
    if (key == null) {
      return true;
    }
    return request.headerMatches("X-API-Key", key);
  }

  private long uptime(Instant now) {
    return Math.max(0, now.getEpochSecond() - serverStarted.getEpochSecond());
  }

  private String workerName(Rig rig) {
    return setup.username() + "." + rig.name();
  }

  /** The rig's stratum difficulty: the power of two that gives it a share about every 10 s. */
  private static long vardiff(Rig rig) {
    double ideal = rig.nominal() * 10 / MiningMath.HASHES_PER_DIFFICULTY;
    return Long.highestOneBit(Math.max(1, (long) ideal));
  }

  /** Valid shares the rig submitted since the server started, at its vardiff. */
  private long validShares(Rig rig, Instant now) {
    double seconds;
    double rate;
    if (rig.online()) {
      seconds = uptime(now);
      rate = rig.expected();
    } else {
      // it hashed at its nominal rate until it went silent
      seconds = Math.max(0, rig.lastShare(seed, now, setup.started()) - serverStarted.getEpochSecond());
      rate = rig.nominal();
    }
    return Math.round(rate * seconds / MiningMath.HASHES_PER_DIFFICULTY / (double) vardiff(rig));
  }

  private List<Rig> connected() {
    List<Rig> out = new ArrayList<>();
    for (Rig rig : setup.rigs()) {
      if (rig.online()) {
        out.add(rig);
      }
    }
    return out;
  }

  /** The blocks found since the server started, newest first. */
  private List<Chain.Block> blocksSinceStart(Instant now) {
    return chain.between(serverStarted, now, false);
  }

  /** Which connected rig found a block. */
  private Rig finder(Chain.Block block) {
    List<Rig> rigs = connected();
    return rigs.get((int) Math.floorMod(block.slot(), rigs.size()));
  }

  private ObjectNode shareCounts(long valid) {
    long invalid = Math.round(valid * INVALID_RATIO);
    long stale = Math.round(valid * STALE_RATIO);
    return SimResponse.object()
        .put("valid", valid)
        .put("invalid", invalid)
        .put("stale", stale)
        .put("total", valid + invalid + stale);
  }

  private double poolHashrate(Instant now, Duration window) {
    return setup.rigs().stream().mapToDouble(r -> r.hashrate(seed, now, window)).sum();
  }

  private ObjectNode poolMetrics(Instant now) {
    ObjectNode o = SimResponse.object();
    o.put("coin", coin);
    ObjectNode hashrate = o.putObject("hashrate");
    for (Duration w :
        List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(24))) {
      String label = w.toHours() >= 1 ? w.toHours() + "h" : w.toMinutes() + "m";
      hashrate.put(label, Fmt.dec(poolHashrate(now, w), 2));
    }
    o.put("active_miners", connected().size());
    o.put("blocks_found", chain.count(now));
    if (setup.legacy()) {
      ObjectNode shares = o.putObject("shares");
      for (Duration w : List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15))) {
        long valid = 0;
        for (Rig rig : setup.rigs()) {
          valid += Math.round(rig.hashrate(seed, now, w) * w.toSeconds() / MiningMath.HASHES_PER_DIFFICULTY / (double) vardiff(rig));
        }
        shares.set(w.toMinutes() + "m", shareCounts(valid));
      }
    } else {
      o.set("shares", shareCounts(setup.rigs().stream().mapToLong(r -> validShares(r, now)).sum()));
    }
    double difficulty = chain.difficulty(now);
    double h = poolHashrate(now, Duration.ofMinutes(15));
    ObjectNode nc = o.putObject("network_comparison");
    nc.put("network_difficulty", Fmt.dec(difficulty, 2));
    Double percentage = MiningMath.poolPercentage(h, chain.networkHashrate(now));
    nc.put("pool_percentage", percentage == null ? null : Fmt.dec(percentage, 8));
    Double ettb = MiningMath.timeToBlockSecondsOrNull(difficulty, h);
    nc.put("estimated_time_to_block", ettb == null ? null : Math.round(ettb));
    return o;
  }

  private ObjectNode minerMetrics(Instant now) {
    ObjectNode o = SimResponse.object();
    ArrayNode workers = o.putArray("workers");
    List<Chain.Block> found = blocksSinceStart(now);
    for (Rig rig : setup.rigs()) {
      long valid = validShares(rig, now);
      ObjectNode w = workers.addObject();
      w.put("worker_name", workerName(rig));
      w.put("is_active", rig.online());
      w.put("current_user_agent", rig.userAgent());
      w.put("current_hashrate", Fmt.dec(rig.hashrate(seed, now, Duration.ofMinutes(5)), 2));
      w.put("current_valid_shares", valid);
      w.put("current_invalid_shares", Math.round(valid * INVALID_RATIO));
      Chain.Block best = found.stream().filter(b -> finder(b).equals(rig)).findFirst().orElse(null);
      Instant when;
      double bestDifficulty;
      if (best != null) {
        when = best.time();
        bestDifficulty = best.shareDifficulty();
      } else {
        long back = (long) Drift.between(seed, BEST, rig.index(), 600, Math.max(601, uptime(now) - 3600));
        when = serverStarted.plusSeconds(Math.max(0, uptime(now) - back));
        bestDifficulty = chain.difficulty(when) * Drift.between(seed, BEST + 1, rig.index(), 0.002, 0.4);
      }
      w.put("best_share_difficulty", Fmt.dec(bestDifficulty, 2));
      w.put("best_share_network_difficulty", Fmt.dec(chain.difficulty(when), 2));
      w.put("best_share_block_height", chain.height(when));
      w.put("last_seen_at", Fmt.rfc3339(rig.lastShare(seed, now, setup.started())));
    }
    return o;
  }

  private ObjectNode engineStats(Instant now) {
    ObjectNode o = SimResponse.object();
    o.put("pool_name", "GoSlimStratum (simulated)");
    o.put("uptime_seconds", uptime(now));
    ObjectNode c = o.putObject("coins").putObject(coin);
    long valid = setup.rigs().stream().mapToLong(r -> validShares(r, now)).sum();
    c.put("shares_accepted", valid);
    c.put("shares_rejected", Math.round(valid * INVALID_RATIO));
    c.put("shares_stale", Math.round(valid * STALE_RATIO));
    List<Chain.Block> found = blocksSinceStart(now);
    c.put("blocks_found", found.size());
    if (!found.isEmpty()) {
      Chain.Block last = found.get(0);
      c.put("last_block_hash", last.hash());
      c.put("last_block_height", last.height());
      c.put("last_block_time", Fmt.rfc3339(last.time().getEpochSecond()));
    }
    return o;
  }

  private ObjectNode engineMiners(Instant now) {
    ObjectNode o = SimResponse.object();
    ArrayNode list = o.putObject("miners").putArray(coin);
    List<Chain.Block> found = blocksSinceStart(now);
    for (Rig rig : connected()) {
      long valid = validShares(rig, now);
      long mine = found.stream().filter(b -> finder(b).equals(rig)).count();
      double bestShare =
          found.stream()
              .filter(b -> finder(b).equals(rig))
              .mapToDouble(Chain.Block::shareDifficulty)
              .max()
              .orElse(chain.difficulty(now) * Drift.between(seed, BEST + 1, rig.index(), 0.002, 0.4));
      ObjectNode m = list.addObject();
      m.put("worker_name", workerName(rig));
      m.put("remote_addr", "192.168.1." + (20 + rig.index()) + ":" + (40_000 + Math.floorMod(Drift.hash(seed, PORTS, rig.index()), 20_000)));
      m.put("difficulty", vardiff(rig));
      m.put("connected_at", Fmt.rfc3339(serverStarted.getEpochSecond() + 30L * (rig.index() + 1)));
      m.put("shares_accepted", valid);
      m.put("shares_rejected", Math.round(valid * INVALID_RATIO));
      m.put("shares_stale", Math.round(valid * STALE_RATIO));
      m.put("blocks_found", mine);
      m.put("last_share_time", Fmt.rfc3339(rig.lastShare(seed, now, setup.started())));
      m.put("best_difficulty", Fmt.dec(bestShare, 2));
    }
    return o;
  }

  private ObjectNode seedStats(Instant now) {
    ObjectNode o = engineStats(now);
    o.put("coin", coin);
    o.put("hashrate", Fmt.dec(poolHashrate(now, Duration.ofMinutes(5)), 2));
    o.put("network_difficulty", Fmt.dec(chain.difficulty(now), 2));
    o.put("workers", connected().size());
    return o;
  }

  private ArrayNode recentBlocks(Instant now) {
    ArrayNode a = SimResponse.array();
    for (Chain.Block b : chain.between(now.minus(Duration.ofDays(1)), now, false)) {
      boolean confirmed = !b.orphan() && Duration.between(b.time(), now).compareTo(chain.maturity()) >= 0;
      a.addObject()
          .put("height", b.height())
          .put("hash", b.hash())
          .put("timestamp", b.time().getEpochSecond())
          .put("coin", coin)
          .put("difficulty", Fmt.dec(b.shareDifficulty(), 2))
          .put("network_difficulty", Fmt.dec(b.networkDifficulty(), 2))
          .put("miner", workerName(finder(b)))
          .put("confirmed", confirmed);
    }
    return a;
  }
}
