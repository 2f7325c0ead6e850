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

/** The command line and the demo mode: seven simulated pools on loopback (eight with NOMP), watched and healthy, no internet. */
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
    assertThat(cli.demoNomp).isFalse();

    Main.Options nomp = Main.Options.parse(new String[] {"--demo-nomp"}, Map.of());
    assertThat(nomp.demo).isTrue();
    assertThat(nomp.demoNomp).isTrue();
    assertThat(Main.demoKinds(false)).doesNotContain(PoolSimulator.Kind.NOMP).hasSize(7);
    assertThat(Main.demoKinds(true)).containsExactly(PoolSimulator.Kind.values());
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
      // answer now: the first platform read does not wait for the Braiins pool, whose first tiles
      // need two requests 5 s apart; it is counted as loading
      JsonNode first = get(running, "/api/dashboard/pools/platform-tiles").get("tile_1_health");
      int demoPools = Main.demoKinds(false).size() + 1; // the simulators and the community plugin's pool
      assertThat(first.get("total_pools").asInt()).isEqualTo(demoPools);
      assertThat(first.get("loading_pools").asInt()).as(first.toString()).isPositive();
      assertThat(first.get("healthy_pools").asInt() + first.get("loading_pools").asInt()).as(first.toString()).isEqualTo(demoPools);
      assertThat(first.get("health_message").asText()).contains("loading: ", "Braiins Pool '" + Main.demoId(PoolSimulator.Kind.BRAIINS) + "'");
      JsonNode braiinsFirst = get(running, "/api/dashboard/pools").get(Main.demoId(PoolSimulator.Kind.BRAIINS));
      assertThat(braiinsFirst.at("/tile_1_health/health_state").asText()).isEqualTo("loading");
      DemoLoaded.await(running);

      JsonNode tiles = get(running, "/api/dashboard/pools");
      // the simulated pools and the community plugin's pool, loaded from demo-plugins
      assertThat(tiles.size()).isEqualTo(Main.demoKinds(false).size() + 1);
      JsonNode community = tiles.get(DemoPlugins.demoId("hashhut"));
      assertThat(community).as("the custom plugin's demo pool in " + tiles).isNotNull();
      assertThat(community.at("/tile_1_health/health_status").asBoolean()).as(community.toString()).isTrue();
      for (PoolSimulator.Kind kind : Main.demoKinds(false)) {
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
      // OCEAN: the home miner's hash rate and workers, TIDES shares, unpaid balance, 24 h earnings
      JsonNode ocean = tiles.get(Main.demoId(PoolSimulator.Kind.OCEAN));
      assertThat(ocean.at("/tile_1_health/active_workers").asInt()).as(ocean.toString()).isEqualTo(3);
      assertThat(ocean.at("/tile_2_network/pool_hashrate").asDouble()).as(ocean.toString()).isGreaterThan(Math.pow(2, 53));
      assertThat(ocean.at("/tile_2_network/user_hashrate").isNumber()).as(ocean.toString()).isTrue();
      assertThat(ocean.at("/tile_3_shares/shares_valid").asLong()).as(ocean.toString()).isPositive();
      assertThat(ocean.at("/tile_4_blocks/confirmed_balance").isNumber()).as(ocean.toString()).isTrue();
      assertThat(ocean.at("/tile_4_blocks/estimated_earnings_24h").isNumber()).as(ocean.toString()).isTrue();
      // Miningcore: network figures, blocks through the 24 h rule, the miner's workers and balance
      JsonNode miningcore = tiles.get(Main.demoId(PoolSimulator.Kind.MININGCORE));
      assertThat(miningcore.at("/tile_1_health/active_workers").asInt()).as(miningcore.toString()).isEqualTo(3);
      assertThat(miningcore.at("/tile_2_network/network_difficulty").isNumber()).as(miningcore.toString()).isTrue();
      assertThat(miningcore.at("/tile_2_network/estimated_time_to_block_seconds").isNumber()).as(miningcore.toString()).isTrue();
      assertThat(miningcore.at("/tile_4_blocks/blocks_found_24h").isNumber()).as(miningcore.toString()).isTrue();
      assertThat(miningcore.at("/tile_4_blocks/pending_balance").isNumber()).as(miningcore.toString()).isTrue();
      assertThat(miningcore.at("/tile_1_health/health_message").asText()).contains("pool effort");
      JsonNode platform = get(running, "/api/dashboard/pools/platform-tiles");
      assertThat(platform.get("tile_1_health").get("status").asText()).isEqualTo("healthy");
      assertThat(platform.at("/tile_3_shares/best_share_difficulty").isNumber()).isTrue();
      assertThat(platform.get("tile_4_blocks").get("currencies").toString()).contains("BTC", "DGB");
      assertThat(get(running, "/pools").toString()).doesNotContain(Main.DEMO_BRAIINS_TOKEN);
    }
    try (Main.Running again = Main.start(options)) {
      List<PoolConfig> stored = again.store.list();
      assertThat(stored).hasSize(Main.demoKinds(false).size() + 1); // and the community plugin's pool
      for (PoolSimulator sim : again.simulators) {
        PoolConfig pool = again.store.find(Main.demoId(sim.kind())).orElseThrow();
        assertThat(pool.apiBaseUrl()).contains(sim.baseUrl()); // re-pointed at this run's simulator
      }
      DemoLoaded.await(again);
      // the re-pointed pools answer
      for (PoolSimulator.Kind kind :
          List.of(
              PoolSimulator.Kind.SOLOPOOL,
              PoolSimulator.Kind.MMFP,
              PoolSimulator.Kind.PUBLICPOOL,
              PoolSimulator.Kind.CKPOOL,
              PoolSimulator.Kind.OCEAN,
              PoolSimulator.Kind.MININGCORE)) {
        JsonNode pool = get(again, "/api/dashboard/pools?pool_id=" + Main.demoId(kind)).get(Main.demoId(kind));
        assertThat(pool.get("tile_1_health").get("health_status").asBoolean()).as(pool.toString()).isTrue();
      }
    }
  }

  @Test
  void theNompDemoAddsAHealthyNompPortal(@TempDir Path dir) throws Exception {
    Main.Options options =
        Main.Options.parse(new String[] {"--demo-nomp", "--port", "0", "--db", ServerFixture.jdbcUrl(dir)}, Map.of());
    try (Main.Running running = Main.start(options)) {
      String id = Main.demoId(PoolSimulator.Kind.NOMP);
      JsonNode pool = get(running, "/api/dashboard/pools?pool_id=" + id).get(id);
      assertThat(pool.get("pool_type").asText()).isEqualTo("nomp");
      assertThat(pool.at("/tile_1_health/health_status").asBoolean()).as(pool.toString()).isTrue();
      assertThat(pool.at("/tile_1_health/active_workers").asInt()).as(pool.toString()).isEqualTo(3);
      assertThat(pool.at("/tile_2_network/user_hashrate").asDouble()).as(pool.toString()).isPositive();
      assertThat(pool.at("/tile_3_shares/shares_valid").asLong()).as(pool.toString()).isPositive();
      assertThat(running.store.list()).hasSize(Main.demoKinds(true).size() + 1); // and the community plugin's pool
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
