package dev.danvic.hmm.pools.core.history;

import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.core.DashboardPoolService;
import dev.danvic.hmm.pools.core.PoolChangeEvent;
import dev.danvic.hmm.pools.core.PoolChangeListener;
import dev.danvic.hmm.pools.core.PoolTileSet;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds a {@link HistoryStore} from a {@link DashboardPoolService}: at every refresh of a pool's
 * tiles (healthy or not: a failed read is an unhealthy sample) one {@link HistorySample} is
 * recorded, its share and block counts taken as the increase since the pool's previous refresh.
 * The same tiles are never recorded twice. A store that throws is logged; the service carries on.
 *
 * <pre>{@code
 * HistoryStore history = InMemoryHistoryStore.create();
 * try (HistoryRecorder recorder = HistoryRecorder.attach(service, history)) {
 *   ...
 *   HistorySeries day = HistoryQueries.series(history, "pool-1", Duration.ofHours(24), Duration.ofMinutes(5));
 * }
 * }</pre>
 */
public final class HistoryRecorder implements PoolChangeListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HistoryRecorder.class);

  private final DashboardPoolService service;
  private final HistoryStore store;
  private final Map<String, DashboardTileData> previous = new ConcurrentHashMap<>();
  private final Registration registration;

  private HistoryRecorder(DashboardPoolService service, HistoryStore store) {
    this.service = service;
    this.store = store;
    this.registration = service.addListener(this);
  }

  /**
   * Starts recording.
   *
   * @param service the pools to record
   * @param store where to keep their history
   * @return the recorder; closing it stops recording (the store stays open)
   */
  public static HistoryRecorder attach(DashboardPoolService service, HistoryStore store) {
    return new HistoryRecorder(Objects.requireNonNull(service, "service"), Objects.requireNonNull(store, "store"));
  }

  @Override
  public void onChange(PoolChangeEvent event) {
    switch (event.kind()) {
      // what the cache holds: never a read of its own (a pool dropped meanwhile is recorded at its next load)
      case TILES_REFRESHED -> service.cachedTiles(event.poolId()).thenAccept(set -> set.ifPresent(this::record));
      case REMOVED, UPDATED -> previous.remove(event.poolId());
      default -> {
        // nothing new to record
      }
    }
  }

  /**
   * Records one pool's tiles, unless these very tiles were recorded already.
   *
   * @param set the pool's tiles
   */
  public void record(PoolTileSet set) {
    DashboardTileData tiles = set.tiles();
    DashboardTileData before = previous.put(set.poolId(), tiles);
    if (before != null && before.lastUpdated().equals(tiles.lastUpdated())) {
      return;
    }
    try {
      store.record(HistorySample.fromTiles(set.poolId(), tiles, before));
    } catch (RuntimeException e) {
      LOG.warn("the history store could not record pool {}; the service carries on", set.poolId(), e);
    }
  }

  @Override
  public void close() {
    registration.close();
  }
}
