package dev.danvic.hmm.pools.core.history;

import java.time.Instant;
import java.util.List;

/**
 * A pool's history over a range, one point per step that holds at least one sample (a step with no
 * sample is absent, so a gap in the points is a time nobody recorded the pool).
 *
 * @param poolId the pool
 * @param from start of the range, inclusive (a multiple of the step since the epoch)
 * @param to end of the range, exclusive
 * @param stepSeconds length of each point, seconds: the step asked for, or the stored resolution
 *     when that is coarser
 * @param points oldest first
 */
public record HistorySeries(String poolId, Instant from, Instant to, long stepSeconds, List<HistoryPoint> points) {

  /** Copies the points. */
  public HistorySeries {
    points = List.copyOf(points);
  }
}
