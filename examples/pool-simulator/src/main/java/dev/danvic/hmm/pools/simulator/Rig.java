package dev.danvic.hmm.pools.simulator;

import dev.danvic.hmm.pools.MiningMath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One of the home miner's machines, as all three simulated pools show it.
 *
 * @param index position in {@link #HOME}, used to seed its own drift
 * @param name worker name, without the account prefix
 * @param nominal nominal hash rate, H/s
 * @param state {@code ok} (hashing), {@code low} (hashing at 40 % of nominal) or {@code off}
 * @param userAgent what the rig's firmware sends in {@code mining.subscribe}
 * @param offlineFor how long an {@code off} rig has been silent
 */
record Rig(int index, String name, double nominal, String state, String userAgent, Duration offlineFor) {

  /** The home miner every simulated pool shows: two ASICs, a tired S9 and a switched-off Bitaxe. */
  static final List<Rig> HOME =
      List.of(
          new Rig(0, "s21", 200e12, "ok", "Antminer S21/bmminer 2.0.0", Duration.ZERO),
          new Rig(1, "s19pro", 110e12, "ok", "cgminer/4.11.1", Duration.ZERO),
          new Rig(2, "s9", 13.5e12, "low", "bosminer/0.9.0", Duration.ZERO),
          new Rig(3, "bitaxe", 1.2e12, "off", "bitaxe/BM1366/v2.4.2", Duration.ofHours(5)));

  private static final long STREAM = 0x21600;

  boolean online() {
    return !"off".equals(state);
  }

  private double level() {
    return "ok".equals(state) ? 1.0 : "low".equals(state) ? 0.4 : 0.0;
  }

  /** The hash rate the rig delivers on average in its state, H/s (0 when off). */
  double expected() {
    return nominal * level();
  }

  /** The rig's hash rate at {@code at}, H/s: drifting by up to about 2 % a minute; 0 when off. */
  double hashrate(long seed, Instant at) {
    return expected() * Drift.walk(seed, STREAM + index, at, Duration.ofMinutes(1), 0.02);
  }

  /** The rig's mean hash rate over {@code window} before {@code at}, H/s. */
  double hashrate(long seed, Instant at, Duration window) {
    return expected() * Drift.mean(seed, STREAM + index, at, Duration.ofMinutes(1), 0.02, window);
  }

  /**
   * When the rig's last share arrived, unix seconds: a few seconds before {@code at} when online;
   * {@code offlineFor} before the simulator started when off (so it stays put as time passes).
   */
  long lastShare(long seed, Instant at, Instant started) {
    if (!online()) {
      return started.minus(offlineFor).getEpochSecond();
    }
    long now = at.getEpochSecond();
    return now - Math.floorMod(Drift.hash(seed, STREAM + 7, now / 10 + index), 20);
  }

  /** Difficulty-1 shares the rig submits in {@code seconds} at its nominal rate: H * t / 2^32. */
  long diff1Shares(double seconds) {
    return (long) (expected() * Math.max(0, seconds) / MiningMath.HASHES_PER_DIFFICULTY);
  }
}
