package dev.danvic.hmm.pools.core;

import java.time.Instant;
import java.util.Objects;

/**
 * Something changed about one pool of a {@link DashboardPoolService}: a server that pushes
 * "refetch" to its pages (the seed's WebSocket re-fetch) listens for these.
 *
 * @param kind what happened
 * @param poolId the pool's id
 * @param time when it happened, from the service's clock
 */
public record PoolChangeEvent(Kind kind, String poolId, Instant time) {

  /** Requires every component. */
  public PoolChangeEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(poolId, "poolId");
    Objects.requireNonNull(time, "time");
  }

  /** What happened to the pool. */
  public enum Kind {
    /** A pool was added with {@link DashboardPoolService#putPool}. */
    ADDED,
    /** A pool's configuration was replaced with {@link DashboardPoolService#putPool}. */
    UPDATED,
    /** A pool was removed with {@link DashboardPoolService#removePool}. */
    REMOVED,
    /** New tiles of the pool were read from its API (a first load or a refresh). */
    TILES_REFRESHED,
    /** The pool's cached tiles and health were dropped ({@link DashboardPoolService#invalidate}). */
    INVALIDATED,
    /** A new health status of the pool was read from its API ({@link DashboardPoolService#health}). */
    HEALTH_CHECKED
  }
}
