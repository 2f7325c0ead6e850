package dev.danvic.hmm.pools.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.simulator.PoolSimulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line and the demo mode: three simulated pools on loopback, watched and healthy, no internet. */
class MainDemoTest {
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void optionsComeFromTheCommandLineThenTheEnvironmentThenTheDefaults() {
    Main.Options defaults = Main.Options.parse(new String[0], Map.of());
    assertThat(defaults.host).isEqualTo("127.0.0.1");
    assertThat(defaults.port).isEqualTo(8080);
    assertThat(defaults.db).isEqualTo(Main.DEFAULT_DB);
    assertThat(defaults.demo).isFalse();

    Map<String, String> env = Map.of("HMM_POOLS_PORT", "9000", "HMM_POOLS_DB", "jdbc:h2:mem:x", "HMM_POOLS_HOST", "::1");
    Main.Options fromEnv = Main.Options.parse(new String[0], env);
    assertThat(fromEnv.port).isEqualTo(9000);
    assertThat(fromEnv.db).isEqualTo("jdbc:h2:mem:x");
    assertThat(fromEnv.host).isEqualTo("::1");

    Main.Options cli = Main.Options.parse(new String[] {"--demo", "--port", "0", "--db=jdbc:h2:mem:y"}, env);
    assertThat(cli.demo).isTrue();
    assertThat(cli.port).isZero();
    assertThat(cli.db).isEqualTo("jdbc:h2:mem:y");
  }

  @Test
  void badOptionsAreNamed() {
    assertThatThrownBy(() -> Main.Options.parse(new String[] {"--port", "http"}, Map.of()))
        .hasMessageContaining("--port");
    assertThatThrownBy(() -> Main.Options.parse(new String[] {"--port", "70000"}, Map.of()))
        .hasMessageContaining("between 0 and 65535");
    assertThatThrownBy(() -> Main.Options.parse(new String[] {"--db"}, Map.of())).hasMessageContaining("--db needs a value");
    assertThatThrownBy(() -> Main.Options.parse(new String[] {"--dmeo"}, Map.of())).hasMessageContaining("'--dmeo'");
    assertThatThrownBy(() -> Main.Options.parse(new String[0], Map.of("HMM_POOLS_PORT", "x")))
        .hasMessageContaining("HMM_POOLS_PORT");
  }

  @Test
  void theDemoWatchesOneHealthyPoolOfEachTypeAndARestartReusesThem(@TempDir Path dir) throws Exception {
    Main.Options options = Main.Options.parse(new String[] {"--demo", "--port", "0", "--db", ServerFixture.jdbcUrl(dir)}, Map.of());
    try (Main.Running running = Main.start(options)) {
      assertThat(running.server.baseUrl()).startsWith("http://127.0.0.1:");
      JsonNode tiles = get(running, "/api/dashboard/pools");
      // five simulated pools and the community plugin's pool, loaded from demo-plugins
      assertThat(tiles.size()).isEqualTo(6);
      JsonNode community = tiles.get(DemoPlugins.demoId("hashhut"));
      assertThat(community).as("the custom plugin's demo pool in " + tiles).isNotNull();
      assertThat(community.at("/tile_1_health/health_status").asBoolean()).as(community.toString()).isTrue();
      for (PoolSimulator.Kind kind : PoolSimulator.Kind.values()) {
        JsonNode pool = tiles.get(Main.demoId(kind));
        assertThat(pool).as(kind + " in " + tiles).isNotNull();
        assertThat(pool.get("pool_type").asText()).isEqualTo(kind.poolType());
        assertThat(pool.get("tile_1_health").get("health_status").asBoolean()).as(pool.toString()).isTrue();
      }
      // the solo pools of NerdMiner and Bitaxe owners: best shares, and ckpool's time to block from
      // the network difficulty the demo configures
      for (PoolSimulator.Kind kind : List.of(PoolSimulator.Kind.PUBLICPOOL, PoolSimulator.Kind.CKPOOL)) {
        JsonNode pool = tiles.get(Main.demoId(kind));
        assertThat(pool.at("/tile_3_shares/best_share_difficulty").isNumber()).as(pool.toString()).isTrue();
        assertThat(pool.at("/tile_3_shares/best_share_difficulty_ever").isNumber()).as(pool.toString()).isTrue();
        assertThat(pool.at("/tile_2_network/user_estimated_time_to_block_seconds").isNumber()).as(pool.toString()).isTrue();
        assertThat(pool.at("/tile_1_health/active_workers").asInt()).as(pool.toString()).isEqualTo(3);
      }
      JsonNode platform = get(running, "/api/dashboard/pools/platform-tiles");
      assertThat(platform.get("tile_1_health").get("status").asText()).isEqualTo("healthy");
      assertThat(platform.at("/tile_3_shares/best_share_difficulty").isNumber()).isTrue();
      assertThat(platform.get("tile_4_blocks").get("currencies").toString()).contains("BTC", "DGB");
      assertThat(get(running, "/pools").toString()).doesNotContain(Main.DEMO_BRAIINS_TOKEN);
    }
    try (Main.Running again = Main.start(options)) {
      List<PoolConfig> stored = again.store.list();
      assertThat(stored).hasSize(6);
      for (PoolSimulator sim : again.simulators) {
        PoolConfig pool = again.store.find(Main.demoId(sim.kind())).orElseThrow();
        assertThat(pool.apiBaseUrl()).contains(sim.baseUrl()); // re-pointed at this run's simulator
      }
      // the re-pointed pools answer (Braiins is left out: its 5 s request spacing makes a first read slow)
      for (PoolSimulator.Kind kind :
          List.of(PoolSimulator.Kind.SOLOPOOL, PoolSimulator.Kind.MMFP, PoolSimulator.Kind.PUBLICPOOL, PoolSimulator.Kind.CKPOOL)) {
        JsonNode pool = get(again, "/api/dashboard/pools?pool_id=" + Main.demoId(kind)).get(Main.demoId(kind));
        assertThat(pool.get("tile_1_health").get("health_status").asBoolean()).as(pool.toString()).isTrue();
      }
    }
  }

  private JsonNode get(Main.Running running, String path) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(running.server.baseUrl() + path)).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return ServerFixture.JSON.readTree(r.body());
  }
}
