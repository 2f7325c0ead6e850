package dev.danvic.hmm.pools.alerts;

import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.PoolHealthStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What one refresh said about one pool: the figures rules look at. A {@code null} figure is
 * unknown, and a rule that needs it leaves its state as it is.
 *
 * @param fromHealthCheck whether this came from a health check (else from the tiles)
 * @param healthy whether the pool is healthy, or {@code null}
 * @param healthMessage why it is not, or {@code null}
 * @param latencyMs the pool's latency, milliseconds, or {@code null}
 * @param activeWorkers active workers, or {@code null}
 * @param workers names of the workers seen now, or {@code null} when the pool does not list them
 * @param userHashrate the user's hash rate, H/s, or {@code null}
 * @param rejectRate the reject rate, percent, or {@code null}
 * @param blocksFound24h blocks found in the last 24 h, or {@code null}
 * @param lastBlockTime when the pool's last block was found, or {@code null}
 * @param confirmedBalance the confirmed balance in coin units, or {@code null}
 */
public record Observation(
    boolean fromHealthCheck,
    @Nullable Boolean healthy,
    @Nullable String healthMessage,
    @Nullable Double latencyMs,
    @Nullable Integer activeWorkers,
    @Nullable Set<String> workers,
    @Nullable Double userHashrate,
    @Nullable Double rejectRate,
    @Nullable Integer blocksFound24h,
    @Nullable Instant lastBlockTime,
    @Nullable BigDecimal confirmedBalance) {

  /** Copies the worker names. */
  public Observation {
    workers = workers == null ? null : Set.copyOf(workers);
  }

  /**
   * @param t a pool's tiles
   * @param workers names of the workers seen now, or {@code null} when unknown
   * @return what the tiles say; an error-state tile set says only that the pool is unhealthy
   */
  public static Observation ofTiles(DashboardTileData t, @Nullable Set<String> workers) {
    if (!t.healthStatus()) {
      return new Observation(false, false, t.healthMessage(), null, null, null, null, null, null, null, null);
    }
    return new Observation(
        false,
        true,
        null,
        t.latencyMs(),
        t.activeWorkers(),
        workers,
        t.userHashrate(),
        t.rejectRate(),
        t.blocksFound24h(),
        t.lastBlockTime(),
        t.confirmedBalance());
  }

  /**
   * @param h a health status
   * @return what the health check says
   */
  public static Observation ofHealth(PoolHealthStatus h) {
    return new Observation(
        true, h.healthy(), h.errorMessage(), h.latencyMs(), h.activeWorkers(), null, null, null, null, null, null);
  }
}
