package dev.danvic.hmm.pools.core;

import java.util.Collection;

/** PLACEHOLDER: pure aggregation of per-pool tiles into platform tiles. */
public final class TileAggregator {
  private TileAggregator() {}

  /**
   * @param pools the per-pool tile sets
   * @return the platform tiles
   */
  public static PlatformTiles aggregate(Collection<PoolTileSet> pools) {
    return new PlatformTiles();
  }
}
