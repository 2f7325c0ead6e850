package dev.danvic.hmm.pools.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.danvic.hmm.pools.Coin;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * NOMP's {@code /api/stats} (pool-apis.md): {@code time}, {@code global}, {@code algos} and a
 * {@code pools} map keyed by coin name ({@code bitcoin}, …) whose {@code poolStats} counters are
 * <b>strings</b>, {@code blocks} counts without times, and {@code workers} keyed
 * {@code "address.worker"} whose hash rate exists only as text ({@code "4.74 TH"}: KH…PH, no
 * "/s"). The portal is the home miner's own, with one other miner.
 */
final class NompApi implements PoolApi {
  private static final Map<Coin, String> NAMES =
      Map.of(Coin.BTC, "bitcoin", Coin.BCH, "bitcoincash", Coin.DGB, "digibyte", Coin.BC2, "bitcoinii");
  private static final String[] UNITS = {"KH", "MH", "GH", "TH", "PH"};
  /** A friend's rig on the same portal, H/s. */
  private static final double FRIEND = 95e12;

  private final Setup setup;
  private final Chain chain;
  private final long seed;
  private final String name;
  private final Instant serverStarted;

  NompApi(Setup setup) {
    this.setup = setup;
    this.chain = setup.chain();
    this.seed = setup.seed();
    this.name = NAMES.getOrDefault(chain.profile().coin(), chain.profile().coin().symbol().toLowerCase(Locale.ROOT));
    this.serverStarted = setup.started().minus(Duration.ofHours(30));
  }

  /** @return the portal's hash rate on average, H/s, for the demo's block interval */
  static double poolHashrate() {
    return FRIEND + MmfpApi.homeHashrate();
  }

  @Override
  public SimResponse answer(SimRequest request) {
    return request.route().equals("/api/stats") ? SimResponse.json(stats(request.now())) : SimResponse.notFound(request.path());
  }

  /** A hash rate as NOMP writes it: two decimals, a unit from KH to PH, no "/s". */
  static String text(double hps) {
    double v = hps / 1000;
    int i = 0;
    while (v >= 1000 && i < UNITS.length - 1) {
      v /= 1000;
      i++;
    }
    return String.format(Locale.ROOT, "%.2f %s", v, UNITS[i]);
  }

  private ObjectNode stats(Instant now) {
    ObjectNode o = SimResponse.object();
    o.put("time", now.getEpochSecond());
    ObjectNode workers = SimResponse.object();
    double total = 0;
    double seconds = Math.max(0, now.getEpochSecond() - serverStarted.getEpochSecond());
    long valid = 0;
    for (Rig rig : Rig.HOME) {
      if (!rig.online()) {
        continue;
      }
      double h = rig.hashrate(seed, now, Duration.ofMinutes(5));
      total += h;
      long shares = rig.diff1Shares(seconds) / 1024;
      valid += shares;
      workers.putObject(setup.username() + "." + rig.name())
          .put("shares", Fmt.dec(shares + Drift.unit(seed, 0x40E1, rig.index()), 3))
          .put("invalidshares", shares / 500)
          .put("hashrateString", text(h));
    }
    double friend = FRIEND * Drift.walk(seed, 0x40E2, now, Duration.ofMinutes(1), 0.02);
    total += friend;
    workers.putObject("bc1qfriend0000000000000000000000000000000.s19")
        .put("shares", Fmt.dec(FRIEND * seconds / 4.294967296e9 / 1024, 3))
        .put("invalidshares", 3)
        .put("hashrateString", text(friend));
    o.putObject("global").put("workers", workers.size()).put("hashrate", Fmt.dec(total, 0));
    o.putObject("algos").putObject("sha256").put("workers", workers.size()).put("hashrate", Fmt.dec(total, 0)).put("hashrateString", text(total));
    ObjectNode pool = o.putObject("pools").putObject(name);
    pool.put("name", name);
    pool.put("symbol", chain.profile().coin().symbol());
    pool.put("algorithm", "sha256");
    ObjectNode poolStats = pool.putObject("poolStats");
    poolStats.put("validShares", String.valueOf(valid));
    poolStats.put("validBlocks", String.valueOf(chain.count(now)));
    poolStats.put("invalidShares", String.valueOf(valid / 500));
    poolStats.put("totalPaid", chain.meanReward().multiply(java.math.BigDecimal.valueOf(chain.count(now))).toPlainString());
    long pending = chain.between(now.minus(chain.maturity()), now, false).size();
    pool.putObject("blocks")
        .put("pending", pending)
        .put("confirmed", Math.max(0, chain.count(now) - pending))
        .put("orphaned", 0);
    pool.set("workers", workers);
    pool.put("hashrate", Fmt.dec(total, 0));
    pool.put("workerCount", workers.size());
    pool.put("hashrateString", text(total));
    return o;
  }
}
