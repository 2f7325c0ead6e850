package dev.danvic.hmm.pools.core.internal.json;

import com.fasterxml.jackson.core.Version;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.core.PlatformTiles;
import dev.danvic.hmm.pools.core.PoolTileSet;

/**
 * Registers the writers and readers of {@link PlatformTiles}, {@link PoolTileSet} and
 * {@link DashboardTileData}. Obtain it through {@link dev.danvic.hmm.pools.core.HmmPoolsJson#module()}.
 */
public final class TileJsonModule extends SimpleModule {
  private static final long serialVersionUID = 1L;

  /** The module's name; registering it twice in one mapper is a no-op. */
  public static final String NAME = "hmm-pools-tiles";

  /** Creates the module with every tile serializer and deserializer. */
  public TileJsonModule() {
    super(NAME, Version.unknownVersion());
    addSerializer(PlatformTiles.class, new PlatformTilesJson.Serializer());
    addDeserializer(PlatformTiles.class, new PlatformTilesJson.Deserializer());
    addSerializer(PoolTileSet.class, new PoolTilesJson.PoolTileSetSerializer());
    addDeserializer(PoolTileSet.class, new PoolTilesJson.PoolTileSetDeserializer());
    addSerializer(DashboardTileData.class, new PoolTilesJson.TileDataSerializer());
    addDeserializer(DashboardTileData.class, new PoolTilesJson.TileDataDeserializer());
  }

  @Override
  public Object getTypeId() {
    return NAME;
  }
}
