package dev.danvic.hmm.pools.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * ckpool's status files as its web server serves them (pool-apis.md): {@code /pool/pool.status},
 * several JSON objects, one per line (three lines; four, with the {@code SPS*} values on their own,
 * in the {@linkplain PoolSimulator.Builder#legacyFormat legacy form}), served as text; and
 * {@code /users/{address}}, hash rates as SI strings ({@code "85.4T"}, {@code "302K"}, bare
 * {@code "0"}), fractional share counts, {@code bestshare} a float, {@code bestever} an integer. An
 * unknown address answers 404. The pool is the home miner's own self-hosted ckpool.
 */
final class CkpoolApi implements PoolApi {
  private static final String USERS = "/users/";
  private static final long BEST = 0xCC01;
  private static final String[] SUFFIXES = {"", "K", "M", "G", "T", "P", "E"};
  private static final List<Duration> WINDOWS =
      List.of(
          Duration.ofMinutes(1),
          Duration.ofMinutes(5),
          Duration.ofMinutes(15),
          Duration.ofHours(1),
          Duration.ofHours(6),
          Duration.ofDays(1),
          Duration.ofDays(7));
  private static final List<String> LABELS = List.of("1m", "5m", "15m", "1hr", "6hr", "1d", "7d");

  private final Setup setup;
  private final Chain chain;
  private final long seed;
  /** When the simulated ckpool started: two days before the simulator. */
  private final Instant serverStarted;

  CkpoolApi(Setup setup) {
    this.setup = setup;
    this.chain = setup.chain();
    this.seed = setup.seed();
    this.serverStarted = setup.started().minus(Duration.ofDays(2));
  }

  @Override
  public SimResponse answer(SimRequest request) {
    String path = request.route();
    Instant now = request.now();
    if (path.equals("/pool/pool.status")) {
      return SimResponse.text(200, poolStatus(now));
    }
    if (path.startsWith(USERS) && path.substring(USERS.length()).equals(setup.username())) {
      return SimResponse.json(user(now));
    }
    return SimResponse.notFound(request.path());
  }

  /** A hash rate as ckpool writes it: three significant digits and an SI suffix, bare "0" for none. */
  static String si(double hps) {
    if (!(hps >= 1)) {
      return "0";
    }
    int i = 0;
    double v = hps;
    while (v >= 999.5 && i < SUFFIXES.length - 1) {
      v /= 1000;
      i++;
    }
    String digits =
        v >= 99.95 ? String.format(Locale.ROOT, "%.0f", v)
            : v >= 9.995 ? String.format(Locale.ROOT, "%.1f", v)
            : String.format(Locale.ROOT, "%.2f", v);
    if (digits.contains(".")) {
      digits = digits.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return digits + SUFFIXES[i];
  }

  private double hashrate(Instant now, Duration window) {
    return setup.rigs().stream().mapToDouble(r -> r.hashrate(seed, now, window)).sum();
  }

  private void putHashrates(ObjectNode o, Instant now, Rig rig) {
    for (int i = 0; i < WINDOWS.size(); i++) {
      double h = rig == null ? hashrate(now, WINDOWS.get(i)) : rig.hashrate(seed, now, WINDOWS.get(i));
      o.put("hashrate" + LABELS.get(i), si(h));
    }
  }

  /** Difficulty-1 shares since the server started, with a fraction as ckpool counts them. */
  private double shares(Rig rig, Instant now) {
    double seconds = Math.max(0, now.getEpochSecond() - serverStarted.getEpochSecond());
    return rig.diff1Shares(seconds) + Drift.between(seed, BEST + 2, rig.index(), 0.05, 0.95);
  }

  private double bestShare(Rig rig, Instant now) {
    return chain.difficulty(now) * Drift.between(seed, BEST, rig.index(), 1e-5, 5e-4);
  }

  private long bestEver(Instant now) {
    return Math.round(chain.difficulty(now) * Drift.between(seed, BEST, -1, 2e-3, 8e-3));
  }

  private String poolStatus(Instant now) {
    long online = setup.rigs().stream().filter(Rig::online).count();
    ObjectNode line1 = SimResponse.object();
    line1.put("runtime", Math.max(0, now.getEpochSecond() - serverStarted.getEpochSecond()));
    line1.put("lastupdate", now.getEpochSecond() - Math.floorMod(now.getEpochSecond(), 60));
    line1.put("Users", 1);
    line1.put("Workers", online);
    line1.put("Idle", 0);
    line1.put("Disconnected", setup.rigs().size() - online);
    ObjectNode line2 = SimResponse.object();
    putHashrates(line2, now, null);
    ObjectNode line3 = SimResponse.object();
    double accepted = setup.rigs().stream().mapToDouble(r -> shares(r, now)).sum();
    line3.put("diff", Fmt.dec(accepted / chain.difficulty(now) * 100, 4));
    line3.put("accepted", (long) accepted);
    line3.put("rejected", (long) (accepted / 400));
    line3.put("bestshare", Fmt.dec(setup.rigs().stream().mapToDouble(r -> bestShare(r, now)).max().orElse(0), 1));
    ObjectNode sps = setup.legacy() ? SimResponse.object() : line3;
    double perSecond = accepted / Math.max(1, now.getEpochSecond() - serverStarted.getEpochSecond()) / 1e6;
    sps.put("SPS1m", Fmt.dec(perSecond, 3));
    sps.put("SPS5m", Fmt.dec(perSecond, 3));
    sps.put("SPS15m", Fmt.dec(perSecond, 3));
    sps.put("SPS1h", Fmt.dec(perSecond, 3));
    StringBuilder out = new StringBuilder();
    for (ObjectNode line : setup.legacy() ? List.of(line1, line2, line3, sps) : List.of(line1, line2, line3)) {
      out.append(new String(SimResponse.json(line).body(), StandardCharsets.UTF_8)).append('\n');
    }
    return out.toString();
  }

  private ObjectNode user(Instant now) {
    ObjectNode o = SimResponse.object();
    putHashrates(o, now, null);
    long lastShare = setup.rigs().stream().filter(Rig::online).mapToLong(r -> r.lastShare(seed, now, setup.started())).max().orElse(0);
    o.put("lastshare", lastShare);
    o.put("workers", setup.rigs().stream().filter(Rig::online).count());
    o.put("shares", Fmt.dec(setup.rigs().stream().mapToDouble(r -> shares(r, now)).sum(), 1));
    o.put("bestshare", Fmt.dec(setup.rigs().stream().mapToDouble(r -> bestShare(r, now)).max().orElse(0), 3));
    o.put("bestever", bestEver(now));
    o.put("authorised", serverStarted.getEpochSecond() + 30);
    ArrayNode workers = o.putArray("worker");
    for (Rig rig : setup.rigs()) {
      ObjectNode w = workers.addObject();
      w.put("workername", setup.username() + "." + rig.name());
      putHashrates(w, now, rig);
      w.put("lastshare", rig.lastShare(seed, now, setup.started()));
      w.put("shares", Fmt.dec(shares(rig, now), 1));
      w.put("bestshare", Fmt.dec(bestShare(rig, now), 3));
      w.put("bestever", Math.round(bestShare(rig, now) * 4));
    }
    return o;
  }
}
