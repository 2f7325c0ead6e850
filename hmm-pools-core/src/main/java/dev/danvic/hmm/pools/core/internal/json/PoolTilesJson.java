package dev.danvic.hmm.pools.core.internal.json;

import static dev.danvic.hmm.pools.core.internal.json.JsonFields.bool;
import static dev.danvic.hmm.pools.core.internal.json.JsonFields.instant;
import static dev.danvic.hmm.pools.core.internal.json.JsonFields.invalid;
import static dev.danvic.hmm.pools.core.internal.json.JsonFields.number;
import static dev.danvic.hmm.pools.core.internal.json.JsonFields.object;
import static dev.danvic.hmm.pools.core.internal.json.JsonFields.readDecimal;
import static dev.danvic.hmm.pools.core.internal.json.JsonFields.readDouble;
import static dev.danvic.hmm.pools.core.internal.json.JsonFields.readInt;
import static dev.danvic.hmm.pools.core.internal.json.JsonFields.readLong;
import static dev.danvic.hmm.pools.core.internal.json.JsonFields.readString;
import static dev.danvic.hmm.pools.core.internal.json.JsonFields.required;
import static dev.danvic.hmm.pools.core.internal.json.JsonFields.string;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.core.NetworkOrigin;
import dev.danvic.hmm.pools.core.PoolTileSet;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The JSON of one pool's tiles, the seed's per-pool structure:
 *
 * <pre>
 * pool_id, pool_type, display_name, supports_coins,
 * tile_1_health  {health_status, health_message, latency_ms, active_workers},
 * tile_2_network {network_difficulty, pool_hashrate, pool_percentage, estimated_time_to_block,
 *                 estimated_time_to_block_seconds, user_hashrate, user_estimated_time_to_block,
 *                 user_estimated_time_to_block_seconds, user_block_odds_24h,
 *                 network_source, network_source_detail, network_filled},
 * tile_3_shares  {shares_valid, shares_invalid, shares_stale, reject_rate,
 *                 best_share_difficulty, best_share_difficulty_ever},
 * tile_4_blocks  {blocks_found_24h, estimated_earnings_24h, currency, confirmed_balance,
 *                 pending_balance, last_block_time, time_since_last_block_seconds},
 * last_updated, supports_earnings, supports_balance
 * </pre>
 *
 * The user's own figures sit in {@code tile_2_network} beside the pool's, so the top-level keys
 * stay exactly the seed's. {@code time_since_last_block_seconds} is derived and ignored on reading.
 * A bare {@link DashboardTileData} is written the same way without the four identity keys and
 * without the three {@code network_*} keys. {@code network_source} is {@code "pool"} when the pool
 * reported the network difficulty itself, else the kind of source core filled it from
 * ({@code "sibling"}, {@code "node"}, {@code "explorer"}), or {@code null} when there is none;
 * {@code network_filled} lists the fields core filled.
 */
final class PoolTilesJson {
  private PoolTilesJson() {}

  /** Writes a {@link PoolTileSet}. */
  static final class PoolTileSetSerializer extends StdSerializer<PoolTileSet> {
    private static final long serialVersionUID = 1L;

    PoolTileSetSerializer() {
      super(PoolTileSet.class);
    }

    @Override
    public void serialize(PoolTileSet v, JsonGenerator g, SerializerProvider provider) throws IOException {
      g.writeStartObject();
      string(g, "pool_id", v.poolId());
      string(g, "pool_type", v.poolType());
      string(g, "display_name", v.displayName());
      JsonFields.strings(g, "supports_coins", v.supportedCoins());
      writeTiles(g, v.tiles(), v.network(), true);
      g.writeEndObject();
    }
  }

  /** Writes a bare {@link DashboardTileData}. */
  static final class TileDataSerializer extends StdSerializer<DashboardTileData> {
    private static final long serialVersionUID = 1L;

    TileDataSerializer() {
      super(DashboardTileData.class);
    }

    @Override
    public void serialize(DashboardTileData v, JsonGenerator g, SerializerProvider provider)
        throws IOException {
      g.writeStartObject();
      writeTiles(g, v, null, false);
      g.writeEndObject();
    }
  }

  /** Reads a {@link PoolTileSet}; {@code pool_id}, {@code pool_type}, {@code display_name} are required. */
  static final class PoolTileSetDeserializer extends StdDeserializer<PoolTileSet> {
    private static final long serialVersionUID = 1L;

    PoolTileSetDeserializer() {
      super(PoolTileSet.class);
    }

    @Override
    public PoolTileSet deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      PoolFields f = new PoolFields();
      object(
          p,
          "pool tiles",
          name -> {
            switch (name) {
              case "pool_id" -> f.poolId = readString(p, name);
              case "pool_type" -> f.poolType = readString(p, name);
              case "display_name" -> f.displayName = readString(p, name);
              case "supports_coins" -> f.coins = JsonFields.readStrings(p, name);
              default -> f.tiles.read(name, p);
            }
          });
      String poolId = required(p, f.poolId, "pool_id");
      return new PoolTileSet(
          poolId,
          required(p, f.poolType, "pool_type"),
          required(p, f.displayName, "display_name"),
          f.coins,
          f.tiles.build(p, "tiles of pool '" + poolId + "'"),
          f.tiles.origin());
    }
  }

  /** Reads a bare {@link DashboardTileData}. */
  static final class TileDataDeserializer extends StdDeserializer<DashboardTileData> {
    private static final long serialVersionUID = 1L;

    TileDataDeserializer() {
      super(DashboardTileData.class);
    }

    @Override
    public DashboardTileData deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      TileFields f = new TileFields();
      object(p, "tiles", name -> f.read(name, p));
      return f.build(p, "tiles");
    }
  }

  static void writeTiles(
      JsonGenerator g, DashboardTileData t, @Nullable NetworkOrigin origin, boolean withOrigin)
      throws IOException {
    g.writeFieldName("tile_1_health");
    g.writeStartObject();
    bool(g, "health_status", t.healthStatus());
    string(g, "health_message", t.healthMessage());
    number(g, "latency_ms", t.latencyMs());
    number(g, "active_workers", t.activeWorkers());
    g.writeEndObject();

    g.writeFieldName("tile_2_network");
    g.writeStartObject();
    number(g, "network_difficulty", t.networkDifficulty());
    number(g, "pool_hashrate", t.poolHashrate());
    number(g, "pool_percentage", t.poolPercentage());
    string(g, "estimated_time_to_block", t.estimatedTimeToBlock());
    number(g, "estimated_time_to_block_seconds", t.estimatedTimeToBlockSeconds());
    number(g, "user_hashrate", t.userHashrate());
    string(g, "user_estimated_time_to_block", t.userEstimatedTimeToBlock());
    number(g, "user_estimated_time_to_block_seconds", t.userEstimatedTimeToBlockSeconds());
    number(g, "user_block_odds_24h", t.userBlockOdds24h());
    if (withOrigin) {
      NetworkOriginJson.write(g, origin);
    }
    g.writeEndObject();

    g.writeFieldName("tile_3_shares");
    g.writeStartObject();
    number(g, "shares_valid", t.sharesValid());
    number(g, "shares_invalid", t.sharesInvalid());
    number(g, "shares_stale", t.sharesStale());
    number(g, "reject_rate", t.rejectRate());
    number(g, "best_share_difficulty", t.bestShareDifficulty());
    number(g, "best_share_difficulty_ever", t.bestShareDifficultyEver());
    g.writeEndObject();

    g.writeFieldName("tile_4_blocks");
    g.writeStartObject();
    number(g, "blocks_found_24h", t.blocksFound24h());
    number(g, "estimated_earnings_24h", t.estimatedEarnings24h());
    string(g, "currency", t.currency());
    number(g, "confirmed_balance", t.confirmedBalance());
    number(g, "pending_balance", t.pendingBalance());
    instant(g, "last_block_time", t.lastBlockTime());
    number(g, "time_since_last_block_seconds", t.timeSinceLastBlockSeconds());
    g.writeEndObject();

    instant(g, "last_updated", t.lastUpdated());
    bool(g, "supports_earnings", t.supportsEarnings());
    bool(g, "supports_balance", t.supportsBalance());
  }

  /** The identity of a pool and its tile values, read so far. */
  private static final class PoolFields {
    @Nullable String poolId;
    @Nullable String poolType;
    @Nullable String displayName;
    List<String> coins = List.of();
    final TileFields tiles = new TileFields();
  }

  /**
   * The tile values read so far. A missing tile or value is {@code null}; {@code last_updated} and
   * {@code tile_1_health.health_status} are required.
   */
  private static final class TileFields {
    @Nullable Boolean healthStatus;
    @Nullable String healthMessage;
    @Nullable Double latencyMs;
    @Nullable Integer activeWorkers;
    @Nullable Double networkDifficulty;
    @Nullable Double poolHashrate;
    @Nullable Double poolPercentage;
    @Nullable String estimatedTimeToBlock;
    @Nullable Double estimatedTimeToBlockSeconds;
    @Nullable Double userHashrate;
    @Nullable String userEstimatedTimeToBlock;
    @Nullable Double userEstimatedTimeToBlockSeconds;
    @Nullable Double userBlockOdds24h;
    @Nullable Long sharesValid;
    @Nullable Long sharesInvalid;
    @Nullable Long sharesStale;
    @Nullable Double rejectRate;
    @Nullable Double bestShareDifficulty;
    @Nullable Double bestShareDifficultyEver;
    @Nullable Integer blocksFound24h;
    @Nullable BigDecimal estimatedEarnings24h;
    @Nullable String currency;
    @Nullable BigDecimal confirmedBalance;
    @Nullable BigDecimal pendingBalance;
    @Nullable Instant lastBlockTime;
    @Nullable Instant lastUpdated;
    boolean supportsEarnings;
    boolean supportsBalance;
    final NetworkOriginJson.Fields origin = new NetworkOriginJson.Fields();

    @Nullable NetworkOrigin origin() {
      return origin.build();
    }

    /** Reads one top-level field of the tile set, skipping unknown ones. */
    void read(String name, JsonParser p) throws IOException {
      switch (name) {
        case "tile_1_health" -> object(p, name, field -> health(field, p, name + "." + field));
        case "tile_2_network" -> object(p, name, field -> network(field, p, name + "." + field));
        case "tile_3_shares" -> object(p, name, field -> shares(field, p, name + "." + field));
        case "tile_4_blocks" -> object(p, name, field -> blocks(field, p, name + "." + field));
        case "last_updated" -> lastUpdated = JsonFields.readInstant(p, name);
        case "supports_earnings" -> supportsEarnings = JsonFields.readBoolean(p, name);
        case "supports_balance" -> supportsBalance = JsonFields.readBoolean(p, name);
        default -> p.skipChildren();
      }
    }

    private void health(String field, JsonParser p, String path) throws IOException {
      switch (field) {
        case "health_status" -> healthStatus = JsonFields.readBoolean(p, path);
        case "health_message" -> healthMessage = readString(p, path);
        case "latency_ms" -> latencyMs = readDouble(p, path);
        case "active_workers" -> activeWorkers = readInt(p, path);
        default -> p.skipChildren();
      }
    }

    private void network(String field, JsonParser p, String path) throws IOException {
      switch (field) {
        case "network_difficulty" -> networkDifficulty = readDouble(p, path);
        case "pool_hashrate" -> poolHashrate = readDouble(p, path);
        case "pool_percentage" -> poolPercentage = readDouble(p, path);
        case "estimated_time_to_block" -> estimatedTimeToBlock = readString(p, path);
        case "estimated_time_to_block_seconds" -> estimatedTimeToBlockSeconds = readDouble(p, path);
        case "user_hashrate" -> userHashrate = readDouble(p, path);
        case "user_estimated_time_to_block" -> userEstimatedTimeToBlock = readString(p, path);
        case "user_estimated_time_to_block_seconds" -> userEstimatedTimeToBlockSeconds = readDouble(p, path);
        case "user_block_odds_24h" -> userBlockOdds24h = readDouble(p, path);
        default -> origin.read(field, p, path);
      }
    }

    private void shares(String field, JsonParser p, String path) throws IOException {
      switch (field) {
        case "shares_valid" -> sharesValid = readLong(p, path);
        case "shares_invalid" -> sharesInvalid = readLong(p, path);
        case "shares_stale" -> sharesStale = readLong(p, path);
        case "reject_rate" -> rejectRate = readDouble(p, path);
        case "best_share_difficulty" -> bestShareDifficulty = readDouble(p, path);
        case "best_share_difficulty_ever" -> bestShareDifficultyEver = readDouble(p, path);
        default -> p.skipChildren();
      }
    }

    private void blocks(String field, JsonParser p, String path) throws IOException {
      switch (field) {
        case "blocks_found_24h" -> blocksFound24h = readInt(p, path);
        case "estimated_earnings_24h" -> estimatedEarnings24h = readDecimal(p, path);
        case "currency" -> currency = readString(p, path);
        case "confirmed_balance" -> confirmedBalance = readDecimal(p, path);
        case "pending_balance" -> pendingBalance = readDecimal(p, path);
        case "last_block_time" -> lastBlockTime = JsonFields.readInstant(p, path);
        default -> p.skipChildren(); // time_since_last_block_seconds is derived
      }
    }

    DashboardTileData build(JsonParser p, String what) throws IOException {
      boolean healthy = required(p, healthStatus, "tile_1_health.health_status");
      Instant updated = required(p, lastUpdated, "last_updated");
      try {
        return new DashboardTileData(
            healthy,
            healthMessage,
            latencyMs,
            activeWorkers,
            networkDifficulty,
            poolHashrate,
            poolPercentage,
            estimatedTimeToBlock,
            estimatedTimeToBlockSeconds,
            sharesValid,
            sharesInvalid,
            sharesStale,
            rejectRate,
            blocksFound24h,
            estimatedEarnings24h,
            currency,
            confirmedBalance,
            pendingBalance,
            lastBlockTime,
            userHashrate,
            userEstimatedTimeToBlock,
            userEstimatedTimeToBlockSeconds,
            userBlockOdds24h,
            updated,
            supportsEarnings,
            supportsBalance,
            bestShareDifficulty,
            bestShareDifficultyEver);
      } catch (IllegalArgumentException e) {
        throw invalid(p, what, e);
      }
    }
  }
}
