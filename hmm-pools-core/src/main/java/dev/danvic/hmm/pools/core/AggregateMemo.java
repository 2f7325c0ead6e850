package dev.danvic.hmm.pools.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The platform tiles of the last tile generation: while every pool's tiles (and the accounts) are
 * the ones the last aggregate was made from, a read gets that aggregate again instead of summing
 * every pool once more. Its {@link PlatformTiles#lastUpdated()} stays the time it was made, the
 * time its figures were computed. Thread-safe: two readers racing on a new generation may both
 * compute it; the result is the same. Not API.
 */
final class AggregateMemo {
  private record Generation(List<PoolTileSet> sets, Map<String, String> accounts, PlatformTiles tiles) {}

  private volatile @Nullable Generation last;

  /**
   * @param sets every enabled pool's tiles, in order, as a read gives them
   * @param accounts pool id to account key (see {@code DashboardPoolService.accountKey})
   * @param now the time of a new aggregate
   * @return the aggregate of these tiles: the last one when the tiles are the same
   */
  PlatformTiles aggregate(Collection<PoolTileSet> sets, Map<String, String> accounts, Supplier<Instant> now) {
    Generation g = last;
    if (g != null && sameTiles(g.sets, sets) && g.accounts.equals(accounts)) {
      return g.tiles;
    }
    List<PoolTileSet> copy = new ArrayList<>(sets);
    PlatformTiles tiles = TileAggregator.aggregate(copy, now.get(), accounts);
    last = new Generation(copy, Map.copyOf(accounts), tiles);
    return tiles;
  }

  /** Forgets the last aggregate (the service is closing). */
  void clear() {
    last = null;
  }

  /**
   * The same tiles: the same objects from the cache, or equal ones (a network figure filled in again
   * from the same source gives an equal copy). A loading placeholder carries the time of the read,
   * so it never equals an earlier one.
   */
  private static boolean sameTiles(List<PoolTileSet> before, Collection<PoolTileSet> now) {
    if (before.size() != now.size()) {
      return false;
    }
    int i = 0;
    for (PoolTileSet set : now) {
      PoolTileSet old = before.get(i++);
      if (old != set && !old.equals(set)) {
        return false;
      }
    }
    return true;
  }
}
