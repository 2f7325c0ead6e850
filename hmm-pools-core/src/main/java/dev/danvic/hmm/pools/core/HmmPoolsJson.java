package dev.danvic.hmm.pools.core;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.core.internal.json.TileJsonModule;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The JSON of the dashboard tiles, as the seed and the dashboard contract show it.
 *
 * <p>{@link #module()} teaches any Jackson {@link ObjectMapper} to write and read
 * <ul>
 *   <li>{@link PlatformTiles}: the seed's {@code tile_1_health}, {@code tile_2_network},
 *       {@code tile_3_shares}, {@code tile_4_blocks} with their snake_case keys, then the additions
 *       {@code by_coin} (an object keyed by currency symbol) and {@code last_updated};
 *       {@code tile_2_network} also carries {@code estimated_time_to_block_seconds};</li>
 *   <li>{@link PoolTileSet}: the seed's per-pool object ({@code pool_id}, {@code pool_type},
 *       {@code display_name}, {@code supports_coins}, the four tiles, {@code last_updated},
 *       {@code supports_earnings}, {@code supports_balance}). The user's own figures
 *       ({@code user_hashrate}, {@code user_estimated_time_to_block(_seconds)},
 *       {@code user_block_odds_24h}) are written inside {@code tile_2_network}, so the top-level
 *       keys stay exactly the seed's; {@code tile_4_blocks} also carries {@code last_block_time}
 *       and {@code time_since_last_block_seconds}, and {@code tile_3_shares} the solo miner's
 *       {@code best_share_difficulty} and {@code best_share_difficulty_ever} (plain difficulty;
 *       in the platform tile, the highest of the pools');</li>
 *   <li>{@link DashboardTileData}: the same tiles without the four identity keys.</li>
 * </ul>
 * A map of pool id to {@link PoolTileSet} (see {@link #byPoolId(Collection)}) is the seed's
 * {@code { "pool_uuid": { ... } }}.
 *
 * <p>On writing, every key is present: an unknown value is JSON {@code null}, never left out and
 * never {@code 0}, whatever the mapper's inclusion settings. Units are the contract's: hash rate
 * H/s, latency milliseconds, percentages percent (0&ndash;100), durations seconds, amounts coin
 * units written as plain JSON numbers ({@code 0.00000001}, never {@code 1E-8}), times ISO-8601
 * UTC text ({@code "2026-02-05T12:00:00Z"}). Doubles are written as Jackson writes them (large
 * values may use an exponent, which is valid JSON).
 *
 * <p>On reading, amounts are kept exact, unknown keys are skipped, a missing nullable value is
 * {@code null}, and a missing required value (a pool's id, type, display name,
 * {@code last_updated}, {@code health_status}; the platform's tiles and tile 1 counts) or a value
 * of the wrong type fails with an error naming its path, such as
 * {@code tile_1_health.latency_ms must be a number or null}.
 */
public final class HmmPoolsJson {
  private HmmPoolsJson() {}

  /**
   * A Jackson module for the tile types; register it in an application's own mapper. It touches
   * only {@link PlatformTiles}, {@link PoolTileSet} and {@link DashboardTileData}; registering it
   * twice in one mapper is a no-op.
   *
   * @return a new module
   */
  public static Module module() {
    return new TileJsonModule();
  }

  /**
   * A new mapper with {@link #module()} registered, amounts written plain and floats read as exact
   * decimals. Build it once and share it: a configured {@link ObjectMapper} is thread-safe.
   *
   * @return a new mapper
   */
  public static ObjectMapper mapper() {
    return JsonMapper.builder()
        .addModule(module())
        .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .build();
  }

  /**
   * The seed's per-pool response: pool id to tile set, in the order given.
   *
   * @param pools the tile sets
   * @return an unmodifiable map, iterated in the order of {@code pools}
   * @throws IllegalArgumentException when two tile sets have the same pool id
   */
  public static Map<String, PoolTileSet> byPoolId(Collection<PoolTileSet> pools) {
    Map<String, PoolTileSet> out = new LinkedHashMap<>();
    for (PoolTileSet p : pools) {
      Objects.requireNonNull(p, "pools must not contain null");
      if (out.putIfAbsent(p.poolId(), p) != null) {
        throw new IllegalArgumentException("pool id '" + p.poolId() + "' appears twice");
      }
    }
    return Collections.unmodifiableMap(out);
  }
}
