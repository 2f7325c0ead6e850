package dev.danvic.hmm.pools.alerts;

import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.PoolHealthStatus;
import dev.danvic.hmm.pools.core.DashboardPoolService;
import dev.danvic.hmm.pools.core.PoolChangeEvent;
import dev.danvic.hmm.pools.core.PoolChangeListener;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link DashboardPoolService}'s change events into {@link Observation}s for rules and
 * failover groups, never older than what was already observed.
 *
 * <p>On {@link PoolChangeEvent.Kind#TILES_REFRESHED} the tiles the cache holds are observed (never
 * a read of its own: a pool dropped meanwhile is observed at its next load); on {@link
 * PoolChangeEvent.Kind#HEALTH_CHECKED} the cached health. Events are handled on other threads and
 * may be handled late, so an observation is handed on only when it is newer than the last one of
 * its kind for that pool (tiles by {@code last_updated}, health by {@code checked_at}; at the same
 * instant, only when the figures differ): the same tiles seen twice, or the healthy tiles of a moment ago seen after the failed check that
 * followed them, never move a rule or a failover group back. Observations are handed on one at a
 * time, in the order they passed that check.
 */
public final class PoolObservations {
  private static final Logger LOG = LoggerFactory.getLogger(PoolObservations.class);

  private final Map<String, Seen> lastTiles = new ConcurrentHashMap<>();
  private final Map<String, Seen> lastHealth = new ConcurrentHashMap<>();
  private final Object order = new Object();
  private final Function<String, @Nullable Set<String>> workers;
  private final BiConsumer<String, Observation> sink;

  PoolObservations(Function<String, @Nullable Set<String>> workers, BiConsumer<String, Observation> sink) {
    this.workers = workers;
    this.sink = sink;
  }

  /**
   * Starts observing.
   *
   * @param service the pools to observe
   * @param executor where observations are made and handed on (the worker lookup may block)
   * @param workers names of a pool's workers seen now, {@code null} when unknown; asked only for a
   *     tiles observation that is handed on
   * @param sink what receives each pool's observations
   * @return closing it stops observing
   */
  public static PoolChangeListener.Registration attach(
      DashboardPoolService service,
      Executor executor,
      Function<String, @Nullable Set<String>> workers,
      BiConsumer<String, Observation> sink) {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(executor, "executor");
    PoolObservations o = new PoolObservations(Objects.requireNonNull(workers, "workers"), Objects.requireNonNull(sink, "sink"));
    return service.addListener(change -> o.onChange(service, executor, change));
  }

  private void onChange(DashboardPoolService service, Executor executor, PoolChangeEvent change) {
    String poolId = change.poolId();
    switch (change.kind()) {
      case TILES_REFRESHED -> service
          .cachedTiles(poolId)
          .thenAcceptAsync(
              set -> set.filter(s -> !s.loading()).ifPresent(s -> offerTiles(poolId, s.tiles())),
              executor)
          .exceptionally(t -> failed(poolId, t));
      case HEALTH_CHECKED -> service
          .health(poolId)
          .thenAcceptAsync(h -> h.ifPresent(s -> offerHealth(poolId, s)), executor)
          .exceptionally(t -> failed(poolId, t));
      case REMOVED -> forget(poolId);
      default -> {
        // nothing observed
      }
    }
  }

  /** Hands on a pool's tiles unless they are older than, or the same as, the last tiles handed on. */
  void offerTiles(String poolId, DashboardTileData tiles) {
    handOn(poolId, lastTiles, new Seen(tiles.lastUpdated(), tiles), () -> Observation.ofTiles(tiles, workers.apply(poolId)));
  }

  /** Hands on a pool's health unless it is older than, or the same as, the last health handed on. */
  void offerHealth(String poolId, PoolHealthStatus status) {
    handOn(poolId, lastHealth, new Seen(status.checkedAt(), status), () -> Observation.ofHealth(status));
  }

  /** A removed pool starts over. */
  void forget(String poolId) {
    lastTiles.remove(poolId);
    lastHealth.remove(poolId);
  }

  /** What was observed of a pool, and when the pool said it. */
  private record Seen(Instant time, Object what) {
    /** @return whether this is older than {@code before}, or the very same figures again */
    boolean notNewerThan(@Nullable Seen before) {
      return before != null && (time.isBefore(before.time) || time.equals(before.time) && what.equals(before.what));
    }
  }

  private void handOn(String poolId, Map<String, Seen> last, Seen seen, Supplier<Observation> observation) {
    synchronized (order) {
      if (seen.notNewerThan(last.get(poolId))) {
        return;
      }
      last.put(poolId, seen);
      sink.accept(poolId, observation.get());
    }
  }

  private @Nullable Void failed(String poolId, Throwable t) {
    LOG.warn("pool {} was not observed: {}", poolId, t.toString());
    return null;
  }
}
