package dev.danvic.hmm.pools.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.MiningMath;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HmmPoolsJsonTest {
  private static final Instant T0 = Instant.parse("2026-02-05T12:00:00Z");
  private static final ObjectMapper MAPPER = HmmPoolsJson.mapper();

  /** The contract's per-pool field list ("Per-pool tiles"), per tile. */
  private static final Map<String, List<String>> CONTRACT_POOL_TILE_KEYS =
      Map.of(
          "tile_1_health", List.of("health_status", "health_message", "latency_ms", "active_workers"),
          "tile_2_network",
          List.of(
              "network_difficulty",
              "pool_hashrate",
              "pool_percentage",
              "estimated_time_to_block",
              "estimated_time_to_block_seconds"),
          "tile_3_shares", List.of("shares_valid", "shares_invalid", "shares_stale", "reject_rate"),
          "tile_4_blocks",
          List.of(
              "blocks_found_24h",
              "estimated_earnings_24h",
              "currency",
              "confirmed_balance",
              "pending_balance"));

  private static String resource(String name) throws IOException {
    try (InputStream in = HmmPoolsJsonTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static Set<String> keys(JsonNode node) {
    Set<String> keys = new LinkedHashSet<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  /** A solo pool with every value known. */
  private static PoolTileSet fullPool() {
    DashboardTileData t =
        DashboardTileData.builder(T0)
            .healthMessage("3 workers online")
            .latencyMs(150.5)
            .activeWorkers(3)
            .currency("BTC")
            .networkDifficulty(1e14)
            .poolHashrate(1.234567890e9)
            .poolPercentage(0.0125)
            .estimatedTimeToBlockSeconds(MiningMath.timeToBlockSeconds(1e14, 1.23456789e9))
            .userHashrate(1e12)
            .userEstimatedTimeToBlockSeconds(MiningMath.timeToBlockSeconds(1e14, 1e12))
            .shares(50_000L, 25L, 5L)
            .blocksFound24h(1)
            .estimatedEarnings24h(new BigDecimal("0.00000001"))
            .confirmedBalance(new BigDecimal("12345678.12345678"))
            .pendingBalance(new BigDecimal("0.5"))
            .lastBlockTime(T0.minusSeconds(3600))
            .supportsEarnings(true)
            .supportsBalance(true)
            .build();
    return new PoolTileSet("pool_uuid", "solopool", "Solopool.org", List.of("BTC", "BCH", "DGB", "BC2"), t);
  }

  private static PoolTileSet failedPool() {
    return new PoolTileSet(
        "pool_2", "braiins", "Braiins Pool", List.of("BTC"), DashboardTileData.error("invalid API token", T0));
  }

  private static PlatformTiles twoCoinPlatform() {
    DashboardTileData dgb =
        DashboardTileData.builder(T0)
            .currency("DGB")
            .networkDifficulty(1e9)
            .poolHashrate(2e12)
            .estimatedTimeToBlockSeconds(MiningMath.timeToBlockSeconds(1e9, 2e12))
            .blocksFound24h(3)
            .estimatedEarnings24h(new BigDecimal("12.5"))
            .build();
    List<PoolTileSet> pools = new ArrayList<>(List.of(fullPool(), failedPool()));
    pools.add(new PoolTileSet("pool_3", "mmfp", "MMFP Pool", List.of("DGB"), dgb));
    return TileAggregator.aggregate(pools, T0.plusSeconds(5));
  }

  @Test
  void platformTilesHaveTheSeedsKeysPlusByCoinAndLastUpdated() throws IOException {
    JsonNode seed = MAPPER.readTree(resource("seed-platform-tiles.json"));
    JsonNode json = MAPPER.readTree(MAPPER.writeValueAsString(twoCoinPlatform()));

    Set<String> expectedTop = new LinkedHashSet<>(keys(seed));
    expectedTop.add("by_coin");
    expectedTop.add("last_updated");
    assertThat(keys(json)).containsExactlyElementsOf(expectedTop);
    for (String tile : keys(seed)) {
      Set<String> extra = new LinkedHashSet<>(keys(json.get(tile)));
      extra.removeAll(keys(seed.get(tile)));
      assertThat(keys(json.get(tile))).as(tile).containsAll(keys(seed.get(tile)));
      assertThat(extra)
          .as(tile + " additions")
          .isEqualTo(
              tile.equals("tile_2_network")
                  ? Set.of("estimated_time_to_block_seconds")
                  : tile.equals("tile_3_shares")
                      ? Set.of("best_share_difficulty", "best_share_difficulty_ever")
                      : tile.equals("tile_1_health")
                          ? Set.of("loading_pools", "health_message")
                          : Set.of());
    }
    assertThat(keys(json.get("by_coin"))).containsExactly("BTC", "DGB");
    assertThat(keys(json.get("by_coin").get("DGB")))
        .containsExactly(
            "pools",
            "pool_hashrate",
            "network_difficulty",
            "estimated_time_to_block",
            "estimated_time_to_block_seconds",
            "blocks_found_24h",
            "estimated_earnings_24h");
    assertThat(json.get("last_updated").textValue()).isEqualTo("2026-02-05T12:00:05Z");
    assertThat(json.get("tile_1_health").get("status").textValue()).isEqualTo("degraded");
    assertThat(json.get("tile_4_blocks").get("currencies").toString()).isEqualTo("[\"BTC\",\"DGB\"]");
  }

  @Test
  void perPoolTilesHaveTheSeedsTopLevelKeysAndTheContractsFields() throws IOException {
    // the seed's example elides each tile as "{ ... }"
    JsonNode seed = MAPPER.readTree(resource("seed-pool-tiles.json").replace("{ ... }", "{}"));
    String text = MAPPER.writeValueAsString(HmmPoolsJson.byPoolId(List.of(fullPool())));
    JsonNode json = MAPPER.readTree(text);

    assertThat(keys(json)).containsExactly("pool_uuid");
    JsonNode pool = json.get("pool_uuid");
    assertThat(keys(pool)).containsExactlyElementsOf(keys(seed.get("pool_uuid")));
    CONTRACT_POOL_TILE_KEYS.forEach(
        (tile, fields) -> assertThat(keys(pool.get(tile))).as(tile).containsAll(fields));
    assertThat(keys(pool.get("tile_2_network")))
        .contains(
            "user_hashrate",
            "user_estimated_time_to_block",
            "user_estimated_time_to_block_seconds",
            "user_block_odds_24h");
    assertThat(keys(pool.get("tile_4_blocks"))).contains("last_block_time", "time_since_last_block_seconds");
    assertThat(pool.get("pool_id").textValue()).isEqualTo("pool_uuid");
    assertThat(pool.get("supports_coins").toString()).isEqualTo("[\"BTC\",\"BCH\",\"DGB\",\"BC2\"]");
  }

  @Test
  void unitsAreWrittenUnchanged() throws IOException {
    JsonNode pool = MAPPER.readTree(MAPPER.writeValueAsString(fullPool()));
    // latency in ms, percent 0-100 (0.0125 % stays 0.0125, not 1.25), hash rate in H/s
    assertThat(pool.get("tile_1_health").get("latency_ms").doubleValue()).isEqualTo(150.5);
    assertThat(pool.get("tile_2_network").get("pool_percentage").doubleValue()).isEqualTo(0.0125);
    assertThat(pool.get("tile_2_network").get("pool_hashrate").doubleValue()).isEqualTo(1.23456789e9);
    // reject rate in percent: (25 + 5) / 50030 * 100 = 0.05996...
    assertThat(pool.get("tile_3_shares").get("reject_rate").doubleValue())
        .isCloseTo(30.0 / 50_030 * 100, offset(1e-15));
    // odds are a probability 0-1 (2.01166e-7 for D = 1e14, H = 1e12 H/s, 24 h)
    assertThat(pool.get("tile_2_network").get("user_block_odds_24h").doubleValue()).isBetween(2.0116e-7, 2.0117e-7);
    // times: ISO-8601 UTC; durations in seconds
    assertThat(pool.get("last_updated").textValue()).isEqualTo("2026-02-05T12:00:00Z");
    assertThat(pool.get("tile_4_blocks").get("last_block_time").textValue()).isEqualTo("2026-02-05T11:00:00Z");
    assertThat(pool.get("tile_4_blocks").get("time_since_last_block_seconds").doubleValue()).isEqualTo(3600.0);
  }

  @Test
  void amountsAreWrittenAsPlainNumbersEvenByAnApplicationsOwnMapper() throws IOException {
    ObjectMapper plain = JsonMapper.builder().addModule(HmmPoolsJson.module()).build();
    PoolTileSet pool = fullPool();
    PoolTileSet thousand =
        new PoolTileSet(
            pool.poolId(),
            pool.poolType(),
            pool.displayName(),
            pool.supportedCoins(),
            pool.tiles().toBuilder().pendingBalance(new BigDecimal("1E+3")).build());
    for (ObjectMapper m : List.of(MAPPER, plain)) {
      String text = m.writeValueAsString(thousand);
      assertThat(text)
          .contains("\"estimated_earnings_24h\":0.00000001,")
          .contains("\"confirmed_balance\":12345678.12345678,")
          .contains("\"pending_balance\":1000,")
          .doesNotContain("1E-8")
          .doesNotContain("E+3");
    }
  }

  @Test
  void unknownValuesAreNullNotZeroAndTheirKeysArePresent() throws IOException {
    // an application's mapper that would drop nulls and rename properties: the keys stay
    ObjectMapper hostile =
        JsonMapper.builder()
            .addModule(HmmPoolsJson.module())
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .propertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE)
            .build();
    for (ObjectMapper m : List.of(MAPPER, hostile)) {
      JsonNode pool = m.readTree(m.writeValueAsString(failedPool()));
      assertThat(pool.get("tile_1_health").get("health_status").booleanValue()).isFalse();
      assertThat(pool.get("tile_1_health").get("health_message").textValue()).isEqualTo("invalid API token");
      CONTRACT_POOL_TILE_KEYS.forEach(
          (tile, fields) ->
              fields.stream()
                  .filter(f -> !f.startsWith("health_"))
                  .forEach(
                      f -> {
                        assertThat(pool.get(tile).has(f)).as(tile + "." + f + " present").isTrue();
                        assertThat(pool.get(tile).get(f).isNull()).as(tile + "." + f + " null").isTrue();
                      }));

      JsonNode platform = m.readTree(m.writeValueAsString(TileAggregator.aggregate(List.of(failedPool()), T0)));
      assertThat(platform.get("tile_1_health").get("avg_latency_ms").isNull()).isTrue();
      assertThat(platform.get("tile_2_network").get("total_pool_hashrate").isNull()).isTrue();
      assertThat(platform.get("tile_2_network").get("estimated_time_to_block").isNull()).isTrue();
      assertThat(platform.get("tile_3_shares").get("total_valid").isNull()).isTrue();
      assertThat(platform.get("tile_3_shares").get("avg_reject_rate").isNull()).isTrue();
      assertThat(platform.get("tile_4_blocks").get("total_earnings_24h").isNull()).isTrue();
      assertThat(platform.get("tile_1_health").get("unhealthy_pools").intValue()).isEqualTo(1);
      assertThat(platform.get("tile_1_health").get("status").textValue()).isEqualTo("unhealthy");
    }
  }

  @Test
  void platformTilesReadBackEqual() throws IOException {
    PlatformTiles p = twoCoinPlatform();
    String text = MAPPER.writeValueAsString(p);
    PlatformTiles back = MAPPER.readValue(text, PlatformTiles.class);
    assertThat(back).isEqualTo(p);
    assertThat(back.tile4Blocks().totalEarnings24h()).isEqualTo(p.tile4Blocks().totalEarnings24h());
    // also through an application's mapper that reads floats as doubles: amounts stay exact
    ObjectMapper plain = JsonMapper.builder().addModule(HmmPoolsJson.module()).build();
    assertThat(plain.readValue(text, PlatformTiles.class)).isEqualTo(p);
  }

  @Test
  void perPoolTilesReadBackEqual() throws IOException {
    Map<String, PoolTileSet> pools = HmmPoolsJson.byPoolId(List.of(fullPool(), failedPool()));
    ObjectMapper plain = JsonMapper.builder().addModule(HmmPoolsJson.module()).build();
    for (ObjectMapper m : List.of(MAPPER, plain)) {
      Map<String, PoolTileSet> back =
          m.readValue(m.writeValueAsString(pools), new TypeReference<Map<String, PoolTileSet>>() {});
      assertThat(back).isEqualTo(pools);
      DashboardTileData tiles = fullPool().tiles();
      assertThat(m.readValue(m.writeValueAsString(tiles), DashboardTileData.class)).isEqualTo(tiles);
    }
  }

  @Test
  void theSeedsPlatformExampleReadsOnceItsStatusAgreesWithItsCounts() throws IOException {
    String seed = resource("seed-platform-tiles.json");
    // 2 healthy of 3 is "degraded" by the contract; the seed's example says "healthy"
    assertThatThrownBy(() -> MAPPER.readValue(seed, PlatformTiles.class))
        .isInstanceOf(MismatchedInputException.class)
        .hasMessageContaining("expected 'degraded'");

    PlatformTiles p = MAPPER.readValue(seed.replace("\"healthy\"", "\"degraded\""), PlatformTiles.class);
    assertThat(p.tile1Health().avgLatencyMs()).isEqualTo(150.5);
    assertThat(p.tile2Network().estimatedTimeToBlock()).isEqualTo("7 days");
    assertThat(p.tile2Network().estimatedTimeToBlockSeconds()).isNull();
    assertThat(p.tile3Shares().totalValid()).isEqualTo(50_000L);
    assertThat(p.tile4Blocks().totalEarnings24h()).isEqualTo(new BigDecimal("0.00012345"));
    assertThat(p.tile4Blocks().currencies()).containsExactly("BCH", "BTC", "DGB");
    assertThat(p.byCoin()).isEmpty();
    assertThat(p.lastUpdated()).isNull();
  }

  @Test
  void badInputIsRefusedNamingTheField() throws IOException {
    String ok = "{\"pool_id\":\"p1\",\"pool_type\":\"mmfp\",\"display_name\":\"MMFP\","
        + "\"tile_1_health\":{\"health_status\":true,\"latency_ms\":%s},\"last_updated\":\"2026-02-05T12:00:00Z\"}";
    assertThatThrownBy(() -> MAPPER.readValue(ok.formatted("\"fast\""), PoolTileSet.class))
        .isInstanceOf(MismatchedInputException.class)
        .hasMessageContaining("tile_1_health.latency_ms must be a number or null, was fast");
    assertThatThrownBy(() -> MAPPER.readValue(ok.formatted("-1"), PoolTileSet.class))
        .isInstanceOf(MismatchedInputException.class)
        .hasMessageContaining("latency_ms must be finite and >= 0");
    assertThatThrownBy(() -> MAPPER.readValue(ok.formatted("1").replace("\"pool_id\":\"p1\",", ""), PoolTileSet.class))
        .hasMessageContaining("missing required field pool_id");
    assertThatThrownBy(
            () -> MAPPER.readValue(ok.formatted("1").replace("2026-02-05T12:00:00Z", "yesterday"), PoolTileSet.class))
        .hasMessageContaining("last_updated must be an ISO-8601 time");
    assertThatThrownBy(() -> MAPPER.readValue("{\"tile_1_health\":{}}", PlatformTiles.class))
        .hasMessageContaining("missing required field tile_2_network");

    // a minimal tile set reads with every other value unknown
    PoolTileSet minimal = MAPPER.readValue(ok.formatted("12.5"), PoolTileSet.class);
    assertThat(minimal.tiles().latencyMs()).isEqualTo(12.5);
    assertThat(minimal.tiles().poolHashrate()).isNull();
    assertThat(minimal.supportedCoins()).isEmpty();
  }

  @Test
  void aPoolIdListedTwiceIsRefused() {
    assertThatThrownBy(() -> HmmPoolsJson.byPoolId(List.of(fullPool(), fullPool())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'pool_uuid' appears twice");
  }
}
