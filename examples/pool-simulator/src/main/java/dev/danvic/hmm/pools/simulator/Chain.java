package dev.danvic.hmm.pools.simulator;

import dev.danvic.hmm.pools.MiningMath;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One simulated pool's view of its coin: network difficulty and height over time, and the blocks
 * the pool found. Blocks fall one per slot of {@code interval}, at a seeded point in the first 80 %
 * of the slot, so they are spread evenly but not regularly, and new ones appear as the clock moves.
 */
final class Chain {
  /** One block in five is the home miner's own, so accounts have blocks and rewards to show. */
  static final int USER_EVERY = 5;
  private static final long DIFFICULTY = 0xD1FF;
  private static final long SLOT = 0x5107;
  private static final long FEES = 0xFEE5;
  private static final long HASH = 0x4A54;
  private static final long LUCK = 0x1BC4;
  private static final long ORPHAN = 0x0F4A;
  /** The first block a simulated pool ever found is no older than this (minus up to 200 seeded days). */
  private static final Instant POOL_OPENED = Instant.parse("2024-01-01T00:00:00Z");

  /**
   * A block the pool found.
   *
   * @param slot its slot number (time / interval)
   * @param time when it was found
   * @param height its height
   * @param hash its hash, 64 hex digits
   * @param byUser whether the home miner found it
   * @param orphan whether the network orphaned it
   * @param networkDifficulty the network difficulty at the time
   * @param shareDifficulty the difficulty of the winning share (at least the network's)
   * @param reward subsidy plus fees, coin units
   */
  record Block(
      long slot,
      Instant time,
      long height,
      String hash,
      boolean byUser,
      boolean orphan,
      double networkDifficulty,
      double shareDifficulty,
      BigDecimal reward) {}

  private final CoinProfile profile;
  private final long seed;
  private final long interval;
  private final long firstSlot;
  private final long userOffset;
  /** Blocks found on command ({@link #findBlock}), besides the seeded ones; oldest first. */
  private final List<Block> found = new java.util.concurrent.CopyOnWriteArrayList<>();

  Chain(CoinProfile profile, long seed, Duration interval) {
    this.profile = profile;
    this.seed = seed;
    this.interval = interval.toSeconds();
    Instant opened = POOL_OPENED.minus(Duration.ofDays((long) Drift.between(seed, SLOT, -1, 0, 200)));
    this.firstSlot = Math.floorDiv(opened.getEpochSecond(), this.interval);
    this.userOffset = Math.floorMod(Drift.hash(seed, SLOT, -2), USER_EVERY);
  }

  /**
   * The block interval a pool with {@code poolHashrate} would see at {@code difficulty}, but at most
   * 8 hours, so that every simulated pool has blocks in its last 24 hours to show.
   */
  static Duration demoInterval(double difficulty, double poolHashrate) {
    double seconds = MiningMath.timeToBlockSeconds(difficulty, poolHashrate);
    return Duration.ofSeconds((long) Math.max(60, Math.min(8 * 3600, seconds)));
  }

  CoinProfile profile() {
    return profile;
  }

  Duration interval() {
    return Duration.ofSeconds(interval);
  }

  /** Network difficulty at {@code at}: drifting by up to about 0.3 % an hour. */
  double difficulty(Instant at) {
    return profile.difficulty() * Drift.walk(seed, DIFFICULTY, at, Duration.ofHours(1), 0.003);
  }

  /** Network hash rate at {@code at}, H/s, implied by the difficulty and the coin's block time. */
  double networkHashrate(Instant at) {
    return MiningMath.networkHashrate(difficulty(at), profile.coin().blockTime());
  }

  /** The chain's height at {@code at}. */
  long height(Instant at) {
    long since = at.getEpochSecond() - CoinProfile.ANCHOR.getEpochSecond();
    return profile.anchorHeight() + Math.floorDiv(since, profile.heightSpacing().toSeconds());
  }

  /** The time a block needs to mature ({@link CoinProfile#MATURITY_BLOCKS} blocks of the chain). */
  Duration maturity() {
    return profile.heightSpacing().multipliedBy(CoinProfile.MATURITY_BLOCKS);
  }

  private long timeOf(long slot) {
    return slot * interval + (long) (Drift.unit(seed, SLOT, slot) * 0.8 * interval);
  }

  /** The newest slot whose block was found at or before {@code at}. */
  long lastSlot(Instant at) {
    long slot = Math.floorDiv(at.getEpochSecond(), interval);
    return timeOf(slot) <= at.getEpochSecond() ? slot : slot - 1;
  }

  /** The block of one slot. */
  Block block(long slot) {
    Instant time = Instant.ofEpochSecond(timeOf(slot));
    double difficulty = difficulty(time);
    BigDecimal fees =
        profile
            .subsidy()
            .multiply(BigDecimal.valueOf(Drift.between(seed, FEES, slot, 0.003, 0.025)))
            .setScale(8, RoundingMode.HALF_EVEN);
    // the winning share's difficulty is at least the network's, usually a little above it
    double luck = Math.max(0.02, Drift.unit(seed, LUCK, slot));
    return new Block(
        slot,
        time,
        height(time),
        blockHash(slot, difficulty),
        isUsers(slot),
        Drift.unit(seed, ORPHAN, slot) < 0.03,
        difficulty,
        Math.rint(difficulty / luck),
        profile.subsidy().add(fees));
  }

  private boolean isUsers(long slot) {
    return Math.floorMod(slot + userOffset, USER_EVERY) == 0;
  }

  private String blockHash(long slot, double difficulty) {
    // a block hash has about log2(D * 2^32) / 4 leading zero hex digits
    int zeros = (int) Math.min(24, Math.max(8, (Math.log(difficulty) / Math.log(2) + 32) / 4));
    return "0".repeat(zeros) + Drift.chars(seed, HASH, slot, "0123456789abcdef", 64 - zeros);
  }

  /**
   * Finds a block now, on command (the admin endpoint): the home miner's, at {@code at}, besides the
   * seeded ones.
   *
   * @param at when it is found
   * @return the block
   */
  Block findBlock(Instant at) {
    Block seeded = block(lastSlot(at));
    Block b = new Block(seeded.slot(), at, height(at), blockHash(seeded.slot() ^ 0x5EED, seeded.networkDifficulty()), true, false,
        seeded.networkDifficulty(), seeded.shareDifficulty(), seeded.reward());
    found.add(b);
    return b;
  }

  /** The blocks found on command after {@code from} and at or before {@code at}. */
  private List<Block> foundBetween(Instant from, Instant at) {
    return found.stream().filter(b -> b.time().isAfter(from) && !b.time().isAfter(at)).toList();
  }

  private static List<Block> merged(List<Block> seeded, List<Block> extra, int max) {
    if (extra.isEmpty()) {
      return seeded;
    }
    List<Block> all = new ArrayList<>(seeded);
    all.addAll(extra);
    all.sort(java.util.Comparator.comparing(Block::time).reversed());
    return all.size() > max ? all.subList(0, max) : all;
  }

  /** Up to {@code max} blocks found at or before {@code at}, newest first; only the user's when asked. */
  List<Block> recent(Instant at, int max, boolean userOnly) {
    List<Block> out = new ArrayList<>();
    for (long slot = lastSlot(at); slot >= firstSlot && out.size() < max; slot--) {
      if (!userOnly || isUsers(slot)) {
        out.add(block(slot));
      }
    }
    return merged(out, foundBetween(Instant.MIN, at), max);
  }

  /** Blocks found after {@code from} and at or before {@code at}, newest first. */
  List<Block> between(Instant from, Instant at, boolean userOnly) {
    List<Block> out = new ArrayList<>();
    for (long slot = lastSlot(at); slot >= firstSlot && timeOf(slot) > from.getEpochSecond(); slot--) {
      if (!userOnly || isUsers(slot)) {
        out.add(block(slot));
      }
    }
    return merged(out, foundBetween(from, at), Integer.MAX_VALUE);
  }

  /** How many blocks the pool has found since it opened, at {@code at}. */
  long count(Instant at) {
    return Math.max(0, lastSlot(at) - firstSlot + 1) + foundBetween(Instant.MIN, at).size();
  }

  /** How many of those the home miner found. */
  long userCount(Instant at) {
    long last = lastSlot(at);
    if (last < firstSlot) {
      return foundBetween(Instant.MIN, at).size();
    }
    return Math.floorDiv(last + userOffset, USER_EVERY)
        - Math.floorDiv(firstSlot - 1 + userOffset, USER_EVERY)
        + foundBetween(Instant.MIN, at).size();
  }

  /** The mean reward of a block, coin units: the subsidy plus the mean fees. */
  BigDecimal meanReward() {
    return profile.subsidy().multiply(new BigDecimal("1.014")).setScale(8, RoundingMode.HALF_EVEN);
  }
}
