package dev.danvic.hmm.pools.core;

import dev.danvic.hmm.pools.DashboardTileData;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The four tiles of one configured pool, with the pool's identity: one entry of the seed's
 * per-pool response ({@code GET /api/dashboard/pools}).
 *
 * @param poolId the configured pool's id
 * @param poolType the plugin's pool_type
 * @param displayName the plugin's display name
 * @param supportedCoins the plugin's coins
 * @param tiles the tiles, or an error-state tile set
 * @param network where the network figures of tile 2 came from (the pool itself, or a
 *     {@link NetworkSource} core filled them from); {@code null} when there are none
 */
public record PoolTileSet(
    String poolId,
    String poolType,
    String displayName,
    List<String> supportedCoins,
    DashboardTileData tiles,
    @Nullable NetworkOrigin network) {

  /** Copies the coin list. */
  public PoolTileSet {
    supportedCoins = List.copyOf(supportedCoins);
  }

  /**
   * A tile set with no network origin recorded.
   *
   * @param poolId the configured pool's id
   * @param poolType the plugin's pool_type
   * @param displayName the plugin's display name
   * @param supportedCoins the plugin's coins
   * @param tiles the tiles
   */
  public PoolTileSet(
      String poolId,
      String poolType,
      String displayName,
      List<String> supportedCoins,
      DashboardTileData tiles) {
    this(poolId, poolType, displayName, supportedCoins, tiles, null);
  }

  /**
   * @param newTiles the tiles to hold instead
   * @param origin where their network figures came from, or {@code null}
   * @return a copy with other tiles and origin
   */
  public PoolTileSet withTiles(DashboardTileData newTiles, @Nullable NetworkOrigin origin) {
    return new PoolTileSet(poolId, poolType, displayName, supportedCoins, newTiles, origin);
  }
}
