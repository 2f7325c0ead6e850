package dev.danvic.hmm.pools.core.internal.json;

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
import dev.danvic.hmm.pools.core.PlatformTiles;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The JSON of {@link PlatformTiles}: the seed's {@code tile_1_health} &hellip; {@code tile_4_blocks}
 * with their snake_case keys ({@code tile_1_health} adds {@code loading_pools} and {@code
 * health_message}), then {@code by_coin} (an object keyed by currency symbol) and
 * {@code last_updated}.
 */
final class PlatformTilesJson {
  private PlatformTilesJson() {}

  /** Writes {@link PlatformTiles}. */
  static final class Serializer extends StdSerializer<PlatformTiles> {
    private static final long serialVersionUID = 1L;

    Serializer() {
      super(PlatformTiles.class);
    }

    @Override
    public void serialize(PlatformTiles v, JsonGenerator g, SerializerProvider provider)
        throws IOException {
      g.writeStartObject();

      PlatformTiles.HealthTile h = v.tile1Health();
      g.writeFieldName("tile_1_health");
      g.writeStartObject();
      number(g, "total_pools", h.totalPools());
      number(g, "healthy_pools", h.healthyPools());
      number(g, "unhealthy_pools", h.unhealthyPools());
      number(g, "loading_pools", h.loadingPools());
      number(g, "avg_latency_ms", h.avgLatencyMs());
      string(g, "status", h.status().jsonValue());
      string(g, "health_message", h.healthMessage());
      g.writeEndObject();

      PlatformTiles.NetworkTile n = v.tile2Network();
      g.writeFieldName("tile_2_network");
      g.writeStartObject();
      number(g, "total_pool_hashrate", n.totalPoolHashrate());
      number(g, "total_network_difficulty", n.totalNetworkDifficulty());
      number(g, "avg_pool_percentage", n.avgPoolPercentage());
      string(g, "estimated_time_to_block", n.estimatedTimeToBlock());
      number(g, "estimated_time_to_block_seconds", n.estimatedTimeToBlockSeconds());
      g.writeEndObject();

      PlatformTiles.SharesTile s = v.tile3Shares();
      g.writeFieldName("tile_3_shares");
      g.writeStartObject();
      number(g, "total_valid", s.totalValid());
      number(g, "total_invalid", s.totalInvalid());
      number(g, "total_stale", s.totalStale());
      number(g, "avg_reject_rate", s.avgRejectRate());
      number(g, "best_share_difficulty", s.bestShareDifficulty());
      number(g, "best_share_difficulty_ever", s.bestShareDifficultyEver());
      g.writeEndObject();

      PlatformTiles.BlocksTile b = v.tile4Blocks();
      g.writeFieldName("tile_4_blocks");
      g.writeStartObject();
      number(g, "total_blocks_24h", b.totalBlocks24h());
      number(g, "total_earnings_24h", b.totalEarnings24h());
      JsonFields.strings(g, "currencies", b.currencies());
      g.writeEndObject();

      g.writeFieldName("by_coin");
      g.writeStartObject();
      for (Map.Entry<String, PlatformTiles.CoinTotals> e : v.byCoin().entrySet()) {
        PlatformTiles.CoinTotals c = e.getValue();
        g.writeFieldName(e.getKey());
        g.writeStartObject();
        number(g, "pools", c.pools());
        number(g, "pool_hashrate", c.poolHashrate());
        number(g, "network_difficulty", c.networkDifficulty());
        string(g, "estimated_time_to_block", c.estimatedTimeToBlock());
        number(g, "estimated_time_to_block_seconds", c.estimatedTimeToBlockSeconds());
        number(g, "blocks_found_24h", c.blocksFound24h());
        number(g, "estimated_earnings_24h", c.estimatedEarnings24h());
        g.writeEndObject();
      }
      g.writeEndObject();

      JsonFields.instant(g, "last_updated", v.lastUpdated());
      g.writeEndObject();
    }
  }

  /**
   * Reads {@link PlatformTiles}. The four tiles and the counts of tile 1 are required; a missing
   * nullable value is read as {@code null}, a missing {@code by_coin} as empty; unknown keys are
   * skipped.
   */
  static final class Deserializer extends StdDeserializer<PlatformTiles> {
    private static final long serialVersionUID = 1L;

    Deserializer() {
      super(PlatformTiles.class);
    }

    @Override
    public PlatformTiles deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      Fields f = new Fields();
      object(
          p,
          "platform tiles",
          name -> {
            switch (name) {
              case "tile_1_health" -> f.readHealth(p);
              case "tile_2_network" -> f.readNetwork(p);
              case "tile_3_shares" -> f.readShares(p);
              case "tile_4_blocks" -> f.readBlocks(p);
              case "by_coin" -> f.readByCoin(p);
              case "last_updated" -> f.lastUpdated = JsonFields.readInstant(p, name);
              default -> p.skipChildren();
            }
          });
      return f.build(p);
    }
  }

  /** The values read so far; {@code seen*} flags tell a missing tile from an empty one. */
  private static final class Fields {
    boolean seenHealth;
    boolean seenNetwork;
    boolean seenShares;
    boolean seenBlocks;
    @Nullable Integer totalPools;
    @Nullable Integer healthyPools;
    @Nullable Integer unhealthyPools;
    @Nullable Double avgLatencyMs;
    @Nullable String status;
    @Nullable Double totalPoolHashrate;
    @Nullable Double totalNetworkDifficulty;
    @Nullable Double avgPoolPercentage;
    @Nullable String estimatedTimeToBlock;
    @Nullable Double estimatedTimeToBlockSeconds;
    @Nullable Long totalValid;
    @Nullable Long totalInvalid;
    @Nullable Long totalStale;
    @Nullable Double avgRejectRate;
    @Nullable Double bestShareDifficulty;
    @Nullable Double bestShareDifficultyEver;
    @Nullable Integer totalBlocks24h;
    @Nullable BigDecimal totalEarnings24h;
    List<String> currencies = new ArrayList<>();
    final Map<String, PlatformTiles.CoinTotals> byCoin = new LinkedHashMap<>();
    @Nullable Instant lastUpdated;
    @Nullable Integer loadingPools;
    @Nullable String healthMessage;

    void readHealth(JsonParser p) throws IOException {
      seenHealth = true;
      object(
          p,
          "tile_1_health",
          name -> {
            String path = "tile_1_health." + name;
            switch (name) {
              case "total_pools" -> totalPools = readInt(p, path);
              case "healthy_pools" -> healthyPools = readInt(p, path);
              case "unhealthy_pools" -> unhealthyPools = readInt(p, path);
              case "loading_pools" -> loadingPools = readInt(p, path);
              case "avg_latency_ms" -> avgLatencyMs = readDouble(p, path);
              case "status" -> status = readString(p, path);
              case "health_message" -> healthMessage = readString(p, path);
              default -> p.skipChildren();
            }
          });
    }

    void readNetwork(JsonParser p) throws IOException {
      seenNetwork = true;
      object(
          p,
          "tile_2_network",
          name -> {
            String path = "tile_2_network." + name;
            switch (name) {
              case "total_pool_hashrate" -> totalPoolHashrate = readDouble(p, path);
              case "total_network_difficulty" -> totalNetworkDifficulty = readDouble(p, path);
              case "avg_pool_percentage" -> avgPoolPercentage = readDouble(p, path);
              case "estimated_time_to_block" -> estimatedTimeToBlock = readString(p, path);
              case "estimated_time_to_block_seconds" -> estimatedTimeToBlockSeconds = readDouble(p, path);
              default -> p.skipChildren();
            }
          });
    }

    void readShares(JsonParser p) throws IOException {
      seenShares = true;
      object(
          p,
          "tile_3_shares",
          name -> {
            String path = "tile_3_shares." + name;
            switch (name) {
              case "total_valid" -> totalValid = readLong(p, path);
              case "total_invalid" -> totalInvalid = readLong(p, path);
              case "total_stale" -> totalStale = readLong(p, path);
              case "avg_reject_rate" -> avgRejectRate = readDouble(p, path);
              case "best_share_difficulty" -> bestShareDifficulty = readDouble(p, path);
              case "best_share_difficulty_ever" -> bestShareDifficultyEver = readDouble(p, path);
              default -> p.skipChildren();
            }
          });
    }

    void readBlocks(JsonParser p) throws IOException {
      seenBlocks = true;
      object(
          p,
          "tile_4_blocks",
          name -> {
            String path = "tile_4_blocks." + name;
            switch (name) {
              case "total_blocks_24h" -> totalBlocks24h = readInt(p, path);
              case "total_earnings_24h" -> totalEarnings24h = readDecimal(p, path);
              case "currencies" -> currencies = JsonFields.readStrings(p, path);
              default -> p.skipChildren();
            }
          });
    }

    void readByCoin(JsonParser p) throws IOException {
      object(p, "by_coin", coin -> byCoin.put(coin, readCoin(p, "by_coin." + coin)));
    }

    private static PlatformTiles.CoinTotals readCoin(JsonParser p, String prefix) throws IOException {
      CoinFields c = new CoinFields();
      object(
          p,
          prefix,
          name -> {
            String path = prefix + "." + name;
            switch (name) {
              case "pools" -> c.pools = readInt(p, path);
              case "pool_hashrate" -> c.poolHashrate = readDouble(p, path);
              case "network_difficulty" -> c.networkDifficulty = readDouble(p, path);
              case "estimated_time_to_block" -> c.estimatedTimeToBlock = readString(p, path);
              case "estimated_time_to_block_seconds" -> c.estimatedTimeToBlockSeconds = readDouble(p, path);
              case "blocks_found_24h" -> c.blocksFound24h = readInt(p, path);
              case "estimated_earnings_24h" -> c.estimatedEarnings24h = readDecimal(p, path);
              default -> p.skipChildren();
            }
          });
      try {
        return new PlatformTiles.CoinTotals(
            required(p, c.pools, prefix + ".pools"),
            c.poolHashrate,
            c.networkDifficulty,
            c.estimatedTimeToBlock,
            c.estimatedTimeToBlockSeconds,
            c.blocksFound24h,
            c.estimatedEarnings24h);
      } catch (IllegalArgumentException e) {
        throw invalid(p, prefix, e);
      }
    }

    PlatformTiles build(JsonParser p) throws IOException {
      requireTile(p, seenHealth, "tile_1_health");
      requireTile(p, seenNetwork, "tile_2_network");
      requireTile(p, seenShares, "tile_3_shares");
      requireTile(p, seenBlocks, "tile_4_blocks");
      try {
        PlatformTiles.HealthTile health =
            new PlatformTiles.HealthTile(
                required(p, totalPools, "tile_1_health.total_pools"),
                required(p, healthyPools, "tile_1_health.healthy_pools"),
                required(p, unhealthyPools, "tile_1_health.unhealthy_pools"),
                loadingPools == null ? 0 : loadingPools,
                avgLatencyMs,
                PlatformTiles.Status.fromJsonValue(required(p, status, "tile_1_health.status")),
                healthMessage);
        return new PlatformTiles(
            health,
            new PlatformTiles.NetworkTile(
                totalPoolHashrate,
                totalNetworkDifficulty,
                avgPoolPercentage,
                estimatedTimeToBlock,
                estimatedTimeToBlockSeconds),
            new PlatformTiles.SharesTile(
                totalValid, totalInvalid, totalStale, avgRejectRate, bestShareDifficulty, bestShareDifficultyEver),
            new PlatformTiles.BlocksTile(totalBlocks24h, totalEarnings24h, currencies),
            byCoin,
            lastUpdated);
      } catch (IllegalArgumentException e) {
        throw invalid(p, "platform tiles", e);
      }
    }

    private static void requireTile(JsonParser p, boolean seen, String name) throws IOException {
      if (!seen) {
        required(p, null, name);
      }
    }
  }

  private static final class CoinFields {
    @Nullable Integer pools;
    @Nullable Double poolHashrate;
    @Nullable Double networkDifficulty;
    @Nullable String estimatedTimeToBlock;
    @Nullable Double estimatedTimeToBlockSeconds;
    @Nullable Integer blocksFound24h;
    @Nullable BigDecimal estimatedEarnings24h;
  }
}
