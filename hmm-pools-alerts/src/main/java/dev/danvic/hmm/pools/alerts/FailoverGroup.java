package dev.danvic.hmm.pools.alerts;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An ordered list of pools one miner can use, primary first, and when to move between them.
 *
 * @param id the group's id (1 to 64 letters, digits, '-', '_')
 * @param miner the rig the advice is about, for a person (e.g. "bitaxe-1")
 * @param poolIds the pools, primary first; at least two, no repeats
 * @param failAfter how long the pool in use must be sick (unhealthy, or above a limit) before the
 *     miner is moved off it
 * @param recoverAfter how long a pool before the one in use must be well again before the miner is
 *     moved back to it; at least {@code failAfter} (the hysteresis)
 * @param minDwell the least time the miner stays on a pool after a move, whatever happens
 * @param maxLatencyMs a latency above this counts as sick, milliseconds; {@code null} for none
 * @param maxRejectRate a reject rate above this counts as sick, percent; {@code null} for none
 */
public record FailoverGroup(
    String id,
    String miner,
    List<String> poolIds,
    Duration failAfter,
    Duration recoverAfter,
    Duration minDwell,
    @Nullable Double maxLatencyMs,
    @Nullable Double maxRejectRate) {

  /**
   * Validates every component.
   *
   * @throws IllegalArgumentException whose message starts with the JSON name of the bad field
   */
  public FailoverGroup {
    Objects.requireNonNull(failAfter, "failAfter");
    Objects.requireNonNull(recoverAfter, "recoverAfter");
    Objects.requireNonNull(minDwell, "minDwell");
    poolIds = List.copyOf(poolIds);
    if (id == null || !id.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new IllegalArgumentException("id must be 1 to 64 letters, digits, '-' or '_'");
    }
    if (miner == null || miner.isBlank() || miner.length() > 100) {
      throw new IllegalArgumentException("miner must be 1 to 100 characters");
    }
    if (poolIds.size() < 2 || new HashSet<>(poolIds).size() != poolIds.size()) {
      throw new IllegalArgumentException("pool_ids must list at least two different pools, primary first");
    }
    if (failAfter.isNegative() || failAfter.compareTo(AlertRule.MAX_DURATION) > 0) {
      throw new IllegalArgumentException("fail_after must be 0 to 30 days");
    }
    if (recoverAfter.compareTo(failAfter) < 0 || recoverAfter.compareTo(AlertRule.MAX_DURATION) > 0) {
      throw new IllegalArgumentException("recover_after must be at least fail_after and at most 30 days");
    }
    if (minDwell.isNegative() || minDwell.compareTo(AlertRule.MAX_DURATION) > 0) {
      throw new IllegalArgumentException("min_dwell must be 0 to 30 days");
    }
    if (maxLatencyMs != null && !(maxLatencyMs > 0 && Double.isFinite(maxLatencyMs))) {
      throw new IllegalArgumentException("max_latency_ms must be a positive number");
    }
    if (maxRejectRate != null && !(maxRejectRate >= 0 && maxRejectRate <= 100)) {
      throw new IllegalArgumentException("max_reject_rate must be 0 to 100 percent");
    }
  }
}
