package dev.danvic.hmm.pools.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Decides which pool of a {@link FailoverGroup} its miner should use, from the same observations
 * the alert rules see. It moves the miner off the pool in use once that pool has been sick for the
 * group's {@code failAfter}, to the first pool in the group's order that is well; it moves it back
 * to an earlier pool only once that pool has been well for {@code recoverAfter}; and it never moves
 * within {@code minDwell} of the last move. So a pool that blinks never makes the miner flap.
 * Not thread-safe: one caller at a time (the application serialises observations).
 */
public final class FailoverPolicy {
  private final FailoverGroup group;
  private final Map<String, PoolHealth> pools = new HashMap<>();
  private String current;
  private @Nullable Instant movedAt;

  /** What the policy knows of one pool: since when it has been sick, or well. */
  private record PoolHealth(boolean sick, Instant since, String why) {}

  /**
   * @param group the group
   * @param current the pool the miner uses now (the primary when unknown)
   */
  public FailoverPolicy(FailoverGroup group, @Nullable String current) {
    this.group = Objects.requireNonNull(group, "group");
    this.current = current != null && group.poolIds().contains(current) ? current : group.poolIds().get(0);
  }

  /** @return the pool the miner should be on now */
  public String current() {
    return current;
  }

  /**
   * @param poolId the pool the observation is about (others are ignored)
   * @param o what was seen
   * @param now the clock's time
   * @return the advice when the miner should move now
   */
  public Optional<FailoverAdvice> observe(String poolId, Observation o, Instant now) {
    if (!group.poolIds().contains(poolId)) {
      return Optional.empty();
    }
    String why = sickness(o);
    Boolean sick = why != null ? Boolean.TRUE : o.healthy() == null ? null : Boolean.FALSE;
    if (sick != null) {
      PoolHealth before = pools.get(poolId);
      if (before == null || before.sick() != sick) {
        pools.put(poolId, new PoolHealth(sick, now, why == null ? "well" : why));
      }
    }
    return decide(now);
  }

  private @Nullable String sickness(Observation o) {
    if (Boolean.FALSE.equals(o.healthy())) {
      return "unhealthy" + (o.healthMessage() == null ? "" : " (" + o.healthMessage() + ")");
    }
    if (group.maxLatencyMs() != null && o.latencyMs() != null && o.latencyMs() > group.maxLatencyMs()) {
      return "latency " + Math.round(o.latencyMs()) + " ms above " + Math.round(group.maxLatencyMs()) + " ms";
    }
    if (group.maxRejectRate() != null && o.rejectRate() != null && o.rejectRate() > group.maxRejectRate()) {
      return "reject rate " + o.rejectRate() + " % above " + group.maxRejectRate() + " %";
    }
    return null;
  }

  private boolean heldFor(String poolId, boolean sick, Duration d, Instant now) {
    PoolHealth h = pools.get(poolId);
    return h != null && h.sick() == sick && Duration.between(h.since(), now).compareTo(d) >= 0;
  }

  private Optional<FailoverAdvice> decide(Instant now) {
    if (movedAt != null && Duration.between(movedAt, now).compareTo(group.minDwell()) < 0) {
      return Optional.empty();
    }
    int at = group.poolIds().indexOf(current);
    for (int i = 0; i < at; i++) {
      String earlier = group.poolIds().get(i);
      if (heldFor(earlier, false, group.recoverAfter(), now)) {
        return Optional.of(move(earlier, true, earlier + " well for " + minutes(group.recoverAfter()), now));
      }
    }
    if (heldFor(current, true, group.failAfter(), now)) {
      String why = current + " " + pools.get(current).why() + " for " + minutes(group.failAfter());
      for (String candidate : group.poolIds()) {
        PoolHealth h = pools.get(candidate);
        if (!candidate.equals(current) && h != null && !h.sick()) {
          return Optional.of(move(candidate, group.poolIds().indexOf(candidate) < at, why, now));
        }
      }
    }
    return Optional.empty();
  }

  private FailoverAdvice move(String to, boolean back, String reason, Instant now) {
    FailoverAdvice advice = new FailoverAdvice(group.id(), group.miner(), current, to, back, reason, now);
    current = to;
    movedAt = now;
    return advice;
  }

  private static String minutes(Duration d) {
    return d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
  }
}
