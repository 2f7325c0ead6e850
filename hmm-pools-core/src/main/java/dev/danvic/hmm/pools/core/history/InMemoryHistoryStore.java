package dev.danvic.hmm.pools.core.history;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default {@link HistoryStore}: history in the heap, bounded whatever runs.
 *
 * <p>Per pool at most {@link HistoryRetention#maxRawSamplesPerPool()} raw samples, plus one bucket
 * per medium and per coarse interval of their retention (with the defaults 8 640 five-minute and
 * 8 760 hourly buckets); at most {@link HistoryRetention#maxPools()} pools, the pool recorded
 * longest ago dropped first. A raw sample takes about 340 bytes of heap, a bucket about 610
 * (counted from the object layout, not measured), so a pool at full default retention holds about
 * 12 MB (about 8 MB after its first 30 days); lower the retention or the pool cap for less. What has passed
 * its retention, by the store's clock, is dropped when the pool is next recorded or read.
 *
 * <p>Thread-safe. Time comes from the clock given to {@link #create(Clock, HistoryRetention)}, so
 * tests move it by hand.
 */
public final class InMemoryHistoryStore implements HistoryStore {
  private final Clock clock;
  private final HistoryRetention retention;
  private final Map<String, PoolHistory> pools = new ConcurrentHashMap<>();

  private InMemoryHistoryStore(Clock clock, HistoryRetention retention) {
    this.clock = clock;
    this.retention = retention;
  }

  /** @return a store with {@link HistoryRetention#defaults()} on the system clock */
  public static InMemoryHistoryStore create() {
    return create(Clock.systemUTC(), HistoryRetention.defaults());
  }

  /**
   * @param clock the present, against which retention is counted
   * @param retention the tiers and bounds
   * @return an empty store
   */
  public static InMemoryHistoryStore create(Clock clock, HistoryRetention retention) {
    return new InMemoryHistoryStore(Objects.requireNonNull(clock, "clock"), Objects.requireNonNull(retention, "retention"));
  }

  @Override
  public void record(HistorySample sample) {
    Instant now = clock.instant();
    PoolHistory h = pools.get(sample.poolId());
    if (h == null) {
      synchronized (pools) {
        h = pools.computeIfAbsent(sample.poolId(), id -> new PoolHistory());
        while (pools.size() > retention.maxPools()) {
          String oldest =
              pools.entrySet().stream()
                  .filter(e -> !e.getKey().equals(sample.poolId()))
                  .min(Comparator.comparingLong(e -> e.getValue().lastRecorded))
                  .orElseThrow()
                  .getKey();
          pools.remove(oldest);
        }
      }
    }
    h.record(sample, now);
  }

  @Override
  public List<HistoryPoint> points(String poolId, Instant from, Instant to, Duration coarsest) {
    PoolHistory h = pools.get(poolId);
    return h == null ? List.of() : h.points(from, to, clock.instant(), coarsest);
  }

  @Override
  public Set<String> poolIds() {
    return Set.copyOf(pools.keySet());
  }

  @Override
  public void forget(String poolId) {
    pools.remove(poolId);
  }

  @Override
  public HistoryRetention retention() {
    return retention;
  }

  @Override
  public Instant now() {
    return clock.instant();
  }

  /**
   * @param poolId a pool
   * @return how many raw samples, medium and coarse buckets it holds now (for tests and sizing)
   */
  public int[] sizes(String poolId) {
    PoolHistory h = pools.get(poolId);
    if (h == null) {
      return new int[3];
    }
    synchronized (h) {
      h.prune(clock.instant());
      return new int[] {h.tiers.get(0).size(), h.tiers.get(1).size(), h.tiers.get(2).size()};
    }
  }

  private final class PoolHistory {
    final List<NavigableMap<Long, HistoryPoint>> tiers = List.of(new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
    volatile long lastRecorded;
    /** epoch ms of the newest raw sample dropped by the cap (not by age); Long.MIN_VALUE if none */
    long rawCappedUpTo = Long.MIN_VALUE;

    synchronized void record(HistorySample sample, Instant now) {
      lastRecorded = now.toEpochMilli();
      HistoryPoint point = HistoryPoint.of(sample);
      Instant t = sample.time();
      if (!t.isBefore(now.minus(retention.rawRetention()))) {
        tiers.get(0).put(t.toEpochMilli(), point);
      }
      for (int tier = 1; tier <= 2; tier++) {
        if (t.isBefore(now.minus(retention.retention(tier)))) {
          continue;
        }
        Instant start = retention.bucketStart(t, tier);
        long seconds = retention.resolution(tier).toSeconds();
        tiers.get(tier).merge(start.toEpochMilli(), point.withInterval(start, seconds), (a, b) -> a.merge(b, start, seconds));
      }
      prune(now);
    }

    synchronized List<HistoryPoint> points(Instant from, Instant to, Instant now, Duration coarsest) {
      prune(now);
      int tier = retention.tierFor(from, now, coarsest);
      if (tier == 0 && from.toEpochMilli() <= rawCappedUpTo) {
        tier = 1; // the raw samples no longer reach back that far
      }
      return new ArrayList<>(tiers.get(tier).subMap(from.toEpochMilli(), true, to.toEpochMilli(), false).values());
    }

    void prune(Instant now) {
      for (int tier = 0; tier <= 2; tier++) {
        tiers.get(tier).headMap(now.minus(retention.retention(tier)).toEpochMilli(), false).clear();
      }
      NavigableMap<Long, HistoryPoint> raw = tiers.get(0);
      while (raw.size() > retention.maxRawSamplesPerPool()) {
        rawCappedUpTo = Math.max(rawCappedUpTo, raw.pollFirstEntry().getKey());
      }
    }
  }
}
