package dev.danvic.hmm.pools.alerts;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One alert rule: what to watch, on which pool, and where to deliver what it says.
 *
 * @param id the rule's id, unique among the application's rules (1 to 64 letters, digits, '-', '_')
 * @param name a short name for a person, e.g. "pool down"
 * @param kind what the rule watches
 * @param poolId the pool the rule watches, or {@code null} for every pool (one state per pool)
 * @param threshold the kind's threshold: a worker count, a percentage (hash rate, reject rate) or
 *     milliseconds (latency); {@code null} for kinds without one
 * @param duration how long a condition must hold before the rule fires (zero: at once); ignored by
 *     event kinds
 * @param worker the worker name of {@link RuleKind#WORKER_MISSING}, else {@code null}
 * @param reminder how often to repeat a firing rule while its condition holds, or {@code null} for
 *     never
 * @param channels ids of the channels the rule's events go to (may be empty: the events are still
 *     recorded)
 */
public record AlertRule(
    String id,
    String name,
    RuleKind kind,
    @Nullable String poolId,
    @Nullable Double threshold,
    Duration duration,
    @Nullable String worker,
    @Nullable Duration reminder,
    List<String> channels) {

  /** The longest duration or reminder a rule accepts: 30 days. */
  public static final Duration MAX_DURATION = Duration.ofDays(30);

  /**
   * Validates every component.
   *
   * @throws IllegalArgumentException whose message starts with the JSON name of the bad field
   */
  public AlertRule {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(duration, "duration");
    channels = List.copyOf(channels);
    if (id == null || !id.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new IllegalArgumentException("id must be 1 to 64 letters, digits, '-' or '_'");
    }
    if (name == null || name.isBlank() || name.length() > 100) {
      throw new IllegalArgumentException("name must be 1 to 100 characters");
    }
    if (poolId != null && (poolId.isBlank() || poolId.length() > 200)) {
      throw new IllegalArgumentException("pool_id must be absent (every pool) or a pool id");
    }
    if (kind.needsThreshold()) {
      if (threshold == null || !Double.isFinite(threshold) || threshold < 0) {
        throw new IllegalArgumentException("threshold is required for " + kind.jsonName() + " and must be a number >= 0");
      }
      if ((kind == RuleKind.HASHRATE_DROP || kind == RuleKind.REJECT_RATE_ABOVE) && threshold > 100) {
        throw new IllegalArgumentException("threshold of " + kind.jsonName() + " is a percentage: 0 to 100");
      }
    } else if (threshold != null) {
      throw new IllegalArgumentException("threshold does not apply to " + kind.jsonName());
    }
    if (duration.isNegative() || duration.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException("duration must be 0 to 30 days");
    }
    if (kind == RuleKind.WORKER_MISSING) {
      if (worker == null || worker.isBlank() || worker.length() > 200) {
        throw new IllegalArgumentException("worker is required for worker_missing (1 to 200 characters)");
      }
    } else if (worker != null) {
      throw new IllegalArgumentException("worker applies to worker_missing only");
    }
    if (reminder != null && (reminder.compareTo(Duration.ofMinutes(1)) < 0 || reminder.compareTo(MAX_DURATION) > 0)) {
      throw new IllegalArgumentException("reminder must be absent or 1 minute to 30 days");
    }
    for (String c : channels) {
      if (c == null || !c.matches("[A-Za-z0-9_-]{1,64}")) {
        throw new IllegalArgumentException("channels must hold channel ids (1 to 64 letters, digits, '-' or '_')");
      }
    }
  }

  /**
   * @param poolId a pool's id
   * @return whether this rule watches that pool
   */
  public boolean watches(String poolId) {
    return this.poolId == null || this.poolId.equals(poolId);
  }
}
