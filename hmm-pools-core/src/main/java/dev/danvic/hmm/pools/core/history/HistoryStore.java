package dev.danvic.hmm.pools.core.history;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;

/**
 * Where a pool's history is kept: raw samples and the buckets they are folded into, bounded as its
 * {@link HistoryRetention} says. {@link InMemoryHistoryStore} is the default; an application with
 * a database implements this over its tables (the reference server does, for H2 and PostgreSQL).
 *
 * <p>Implementations are thread-safe: the {@link HistoryRecorder} records from the service's
 * threads while queries read.
 */
public interface HistoryStore extends AutoCloseable {

  /**
   * Keeps a sample: as a raw sample, and folded into its bucket of each coarser tier. Samples older
   * than a tier's retention are not kept in that tier.
   *
   * @param sample one pool's figures at one refresh
   */
  void record(HistorySample sample);

  /**
   * Keeps many samples (a back-fill). The default records them one by one; a database store may
   * write them in one transaction.
   *
   * @param samples samples of any pools
   */
  default void recordAll(List<HistorySample> samples) {
    for (HistorySample s : samples) {
      record(s);
    }
  }

  /**
   * The stored points of a pool from the finest tier that reaches back to {@code from} (see
   * {@link HistoryRetention#tierFor}; a store that dropped raw samples early, at its cap, answers
   * from buckets instead), oldest first.
   *
   * @param poolId the pool
   * @param from start of the range, inclusive
   * @param to end of the range, exclusive
   * @return raw samples (0 seconds) or buckets whose start lies in the range; empty for an unknown
   *     pool
   */
  default List<HistoryPoint> points(String poolId, Instant from, Instant to) {
    return points(poolId, from, to, Duration.ZERO);
  }

  /**
   * The stored points of a pool, from a coarser tier when the caller can use one: the tier is the
   * coarser of the finest that reaches back to {@code from} and the coarsest whose bucket length
   * is at most {@code coarsest} ({@link HistoryRetention#tierFor(Instant, Instant, Duration)}).
   * Folding a coarser tier's buckets into steps that are multiples of its length gives what the
   * finer tier would, from fewer rows.
   *
   * @param poolId the pool
   * @param from start of the range, inclusive
   * @param to end of the range, exclusive
   * @param coarsest the longest bucket the caller accepts; {@link Duration#ZERO} for the finest
   * @return the points whose start lies in the range, oldest first
   */
  List<HistoryPoint> points(String poolId, Instant from, Instant to, Duration coarsest);

  /**
   * The points of several pools, as {@link #points(String, Instant, Instant, Duration)} gives each:
   * a database store reads them over one connection.
   *
   * @param poolIds the pools
   * @param from start of the range, inclusive
   * @param to end of the range, exclusive
   * @param coarsest the longest bucket the caller accepts
   * @return per pool id, in the order given, its points
   */
  default Map<String, List<HistoryPoint>> points(Collection<String> poolIds, Instant from, Instant to, Duration coarsest) {
    Map<String, List<HistoryPoint>> out = new LinkedHashMap<>();
    for (String id : poolIds) {
      out.put(id, points(id, from, to, coarsest));
    }
    return out;
  }

  /** @return the pools that have history */
  Set<String> poolIds();

  /**
   * Drops a pool's history.
   *
   * @param poolId the pool
   */
  void forget(String poolId);

  /** @return the tiers and bounds of this store */
  HistoryRetention retention();

  /** @return the store's present, from its clock (queries count ranges back from it) */
  Instant now();

  /** Releases what the store holds; the default does nothing. */
  @Override
  default void close() {}
}
