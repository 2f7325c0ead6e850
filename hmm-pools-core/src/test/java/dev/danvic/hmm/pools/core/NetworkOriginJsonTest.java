package dev.danvic.hmm.pools.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.danvic.hmm.pools.DashboardTileData;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** network_source, network_source_detail and network_filled in a pool's tile_2_network. */
class NetworkOriginJsonTest {
  static final ObjectMapper MAPPER = HmmPoolsJson.mapper();
  static final Instant NOW = Instant.parse("2026-02-05T12:00:00Z");

  static PoolTileSet set(String id, NetworkOrigin origin) {
    return new PoolTileSet(
        id, "braiins", "Braiins Pool", List.of("BTC"),
        DashboardTileData.builder(NOW).currency("BTC").networkDifficulty(1e14).build(), origin);
  }

  @Test
  void aFilledFigureSaysWhereItCameFromAndReadsBackEqual() throws Exception {
    PoolTileSet filled =
        set("b", new NetworkOrigin("sibling", "sibling pool 'solo'", List.of("network_difficulty", "pool_percentage")));
    PoolTileSet own = set("s", NetworkOrigin.pool());
    PoolTileSet none = set("n", null);
    Map<String, PoolTileSet> pools = HmmPoolsJson.byPoolId(List.of(filled, own, none));

    String text = MAPPER.writeValueAsString(pools);
    JsonNode json = MAPPER.readTree(text);

    JsonNode t2 = json.get("b").get("tile_2_network");
    assertThat(t2.get("network_source").asText()).isEqualTo("sibling");
    assertThat(t2.get("network_source_detail").asText()).isEqualTo("sibling pool 'solo'");
    assertThat(t2.get("network_filled").toString()).isEqualTo("[\"network_difficulty\",\"pool_percentage\"]");
    assertThat(json.get("s").get("tile_2_network").get("network_source").asText()).isEqualTo("pool");
    assertThat(json.get("n").get("tile_2_network").get("network_source").isNull()).isTrue();
    assertThat(MAPPER.readValue(text, new TypeReference<Map<String, PoolTileSet>>() {})).isEqualTo(pools);
  }

  @Test
  void aBareTileSetHasNoOriginKeys() throws Exception {
    JsonNode json = MAPPER.readTree(MAPPER.writeValueAsString(set("b", NetworkOrigin.pool()).tiles()));
    assertThat(json.get("tile_2_network").has("network_source")).isFalse();
  }
}
