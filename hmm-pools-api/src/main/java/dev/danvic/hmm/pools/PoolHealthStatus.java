package dev.danvic.hmm.pools;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The answer of a health check.
 *
 * @param healthy whether the pool's API answered as expected
 * @param latencyMs round trip of the check, milliseconds, or {@code null} when it never answered
 * @param errorMessage what is wrong, for a person; {@code null} when healthy
 * @param activeWorkers workers hashing now, when the check saw them; else {@code null}
 * @param checkedAt when the check completed
 */
public record PoolHealthStatus(
    boolean healthy,
    @Nullable Double latencyMs,
    @Nullable String errorMessage,
    @Nullable Integer activeWorkers,
    Instant checkedAt) {

  /** Requires {@code checkedAt}; an unhealthy status must say why. */
  public PoolHealthStatus {
    Objects.requireNonNull(checkedAt, "checkedAt");
    if (!healthy && (errorMessage == null || errorMessage.isBlank())) {
      throw new IllegalArgumentException("an unhealthy status needs an error message");
    }
    if (latencyMs != null && (!Double.isFinite(latencyMs) || latencyMs < 0)) {
      throw new IllegalArgumentException("latency_ms must be finite and >= 0, was " + latencyMs);
    }
  }

  /**
   * @param latencyMs round trip, ms
   * @param at when the check completed
   * @return a healthy status
   */
  public static PoolHealthStatus healthy(double latencyMs, Instant at) {
    return new PoolHealthStatus(true, latencyMs, null, null, at);
  }

  /**
   * @param message what is wrong, for a person
   * @param at when the check completed
   * @return an unhealthy status without latency
   */
  public static PoolHealthStatus unhealthy(String message, Instant at) {
    return new PoolHealthStatus(false, null, message, null, at);
  }
}
