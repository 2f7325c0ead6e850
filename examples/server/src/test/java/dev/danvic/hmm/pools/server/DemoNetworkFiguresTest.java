package dev.danvic.hmm.pools.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.simulator.PoolSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's Braiins pool reports no network difficulty; the server fills it (and the pool share
 * and time to a block) from another of the demo's BTC pools (Solopool, public-pool or ckpool), and names it. A failing node leaves the
 * figures empty and says why on /health, without its password.
 */
class DemoNetworkFiguresTest {
  static final String PASSWORD = "demo-node-pa55word";
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void theDemosBraiinsPoolGetsItsNetworkFiguresFromABtcSibling(@TempDir Path dir) throws Exception {
    Main.Options options = Main.Options.parse(new String[] {"--demo", "--port", "0", "--db", ServerFixture.jdbcUrl(dir)}, Map.of());
    try (Main.Running running = Main.start(options)) {
      DemoLoaded.await(running);
      JsonNode tiles = get(running, "/api/dashboard/pools");
      JsonNode solo = tiles.get(Main.demoId(PoolSimulator.Kind.SOLOPOOL)).get("tile_2_network");
      JsonNode braiins = tiles.get(Main.demoId(PoolSimulator.Kind.BRAIINS)).get("tile_2_network");

      assertThat(solo.get("network_source").asText()).isEqualTo("pool");
      // the demo watches several BTC pools that report a difficulty (Solopool, public-pool, ckpool,
      // Miningcore, and the community plugin's HashHut pool):
      // the freshest is used, and the tile names it
      assertThat(braiins.get("network_source").asText()).as(braiins.toString()).isEqualTo("sibling");
      List<String> btcPools =
          Stream.concat(
                  Stream.of(
                          PoolSimulator.Kind.SOLOPOOL,
                          PoolSimulator.Kind.PUBLICPOOL,
                          PoolSimulator.Kind.CKPOOL,
                          PoolSimulator.Kind.MININGCORE)
                      .map(Main::demoId),
                  Stream.of(DemoPlugins.demoId("hashhut")))
              .toList();
      String detail = braiins.get("network_source_detail").asText();
      String siblingId = btcPools.stream().filter(id -> detail.equals("sibling pool '" + id + "'")).findFirst()
          .orElseThrow(() -> new AssertionError("not a demo BTC pool: " + detail));
      JsonNode sibling = tiles.get(siblingId).get("tile_2_network");
      assertThat(sibling.get("network_source").asText()).isEqualTo("pool");
      assertThat(braiins.get("network_difficulty").asDouble()).as(braiins.toString())
          .isEqualTo(sibling.get("network_difficulty").asDouble())
          .isPositive();
      assertThat(braiins.get("pool_percentage").isNumber()).as(braiins.toString()).isTrue();
      assertThat(braiins.get("estimated_time_to_block").asText()).isNotBlank();
      assertThat(braiins.get("estimated_time_to_block_seconds").asDouble()).isPositive();
      assertThat(braiins.get("network_filled").toString()).contains("network_difficulty", "pool_percentage", "estimated_time_to_block");

      JsonNode btc = network(get(running, "/health"), "BTC");
      assertThat(btc.get("source").asText()).isEqualTo("sibling");
      assertThat(btc.get("network_difficulty").asDouble()).isEqualTo(sibling.get("network_difficulty").asDouble());
      assertThat(btc.get("age_seconds").isNumber()).isTrue();
      assertThat(btc.get("error").isNull()).isTrue();
    }
  }

  @Test
  void aNodeThatDoesNotAnswerLeavesTheFiguresNullAndHealthSaysWhy(@TempDir Path dir) throws Exception {
    Main.Options options =
        Main.Options.parse(
            new String[] {"--demo", "--port", "0", "--db", ServerFixture.jdbcUrl(dir), "--network-source", "BTC=node"},
            // port 1 on loopback: nothing listens there, the connection is refused at once
            Map.of("HMM_POOLS_NODE_URL", "http://127.0.0.1:1/", "HMM_POOLS_NODE_USER", "alice", "HMM_POOLS_NODE_PASSWORD", PASSWORD));
    try (Main.Running running = Main.start(options)) {
      DemoLoaded.await(running);
      JsonNode braiins = get(running, "/api/dashboard/pools").get(Main.demoId(PoolSimulator.Kind.BRAIINS));

      assertThat(braiins.get("tile_1_health").get("health_status").asBoolean()).isTrue();
      assertThat(braiins.get("tile_2_network").get("network_difficulty").isNull()).isTrue();
      assertThat(braiins.get("tile_2_network").get("pool_percentage").isNull()).isTrue();
      assertThat(braiins.get("tile_2_network").get("network_source").isNull()).isTrue();

      JsonNode health = get(running, "/health");
      JsonNode btc = network(health, "BTC");
      assertThat(btc.get("source").asText()).isEqualTo("node");
      assertThat(btc.get("description").asText()).isEqualTo("node http://127.0.0.1:1/");
      assertThat(btc.get("network_difficulty").isNull()).isTrue();
      assertThat(btc.get("error").asText()).contains("127.0.0.1:1");
      assertThat(health.toString()).doesNotContain(PASSWORD);
    }
  }

  private static JsonNode network(JsonNode health, String coin) {
    for (JsonNode n : health.get("network")) {
      if (n.get("coin").asText().equals(coin)) {
        return n;
      }
    }
    throw new AssertionError("no " + coin + " in " + health);
  }

  private JsonNode get(Main.Running running, String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(running.server.baseUrl() + path)).timeout(Duration.ofSeconds(40)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return ServerFixture.JSON.readTree(r.body());
  }
}
