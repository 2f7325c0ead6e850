package dev.danvic.hmm.pools.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.simulator.PoolSimulator;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuickstartTest {

  @Test
  void theQuickStartDetectsSolopoolAndPrintsLivePlatformTiles() throws Exception {
    try (PoolSimulator sim = QuickstartDemo.startSolopool()) {
      JsonNode tiles = new ObjectMapper().readTree(Quickstart.run(Map.of(PoolConfig.API_BASE_URL, sim.baseUrl())));

      assertThat(tiles.path("tile_1_health").path("status").asText()).isEqualTo("healthy");
      assertThat(tiles.path("tile_1_health").path("total_pools").asInt()).isEqualTo(1);
      assertThat(tiles.path("tile_2_network").path("total_pool_hashrate").asDouble()).isPositive();
      assertThat(tiles.path("tile_4_blocks").path("currencies").toString()).isEqualTo("[\"BTC\"]");
      assertThat(sim.requestCount("/api/stats")).isEqualTo(1);
    }
  }
}
