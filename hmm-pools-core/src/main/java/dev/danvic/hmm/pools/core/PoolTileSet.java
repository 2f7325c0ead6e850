package dev.danvic.hmm.pools.core;

import dev.danvic.hmm.pools.DashboardTileData;
import java.util.List;

/**
 * The four tiles of one configured pool, with the pool's identity: one entry of the seed's
 * per-pool response ({@code GET /api/dashboard/pools}).
 *
 * @param poolId the configured pool's id
 * @param poolType the plugin's pool_type
 * @param displayName the plugin's display name
 * @param supportedCoins the plugin's coins
 * @param tiles the tiles, or an error-state tile set
 */
public record PoolTileSet(
    String poolId,
    String poolType,
    String displayName,
    List<String> supportedCoins,
    DashboardTileData tiles) {

  /** Copies the coin list. */
  public PoolTileSet {
    supportedCoins = List.copyOf(supportedCoins);
  }
}
