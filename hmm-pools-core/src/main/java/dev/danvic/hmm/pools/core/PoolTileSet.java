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
 * @param loading whether the pool has not answered yet and these are placeholder tiles: {@code
 *     health_status} is {@code false}, {@code health_message} says the pool is loading, every
 *     figure is unknown; written in JSON as {@code tile_1_health.health_state = "loading"}. The
 *     service announces {@link PoolChangeEvent.Kind#TILES_REFRESHED} when the real tiles arrive.
 */
public record PoolTileSet(
    String poolId,
    String poolType,
    String displayName,
    List<String> supportedCoins,
    DashboardTileData tiles,
    @Nullable NetworkOrigin network,
    boolean loading) {

  /** Copies the coin list. */
  public PoolTileSet {
    supportedCoins = List.copyOf(supportedCoins);
  }

  /**
   * A tile set of a pool that answered (not {@link #loading()}).
   *
   * @param poolId the configured pool's id
   * @param poolType the plugin's pool_type
   * @param displayName the plugin's display name
   * @param supportedCoins the plugin's coins
   * @param tiles the tiles, or an error-state tile set
   * @param network where the network figures came from, or {@code null}
   */
  public PoolTileSet(
      String poolId,
      String poolType,
      String displayName,
      List<String> supportedCoins,
      DashboardTileData tiles,
      @Nullable NetworkOrigin network) {
    this(poolId, poolType, displayName, supportedCoins, tiles, network, false);
  }

  /**
   * The health state written as {@code tile_1_health.health_state}.
   *
   * @return {@code "loading"} while the pool has not answered yet, else {@code "healthy"} or
   *     {@code "unhealthy"} as {@code health_status} says
   */
  public String healthState() {
    return loading ? "loading" : tiles.healthStatus() ? "healthy" : "unhealthy";
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
    return new PoolTileSet(poolId, poolType, displayName, supportedCoins, newTiles, origin, loading);
  }
}
