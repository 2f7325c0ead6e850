package dev.danvic.hmm.pools.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.alerts.RuleKind;
import dev.danvic.hmm.pools.simulator.PoolSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's alerts, end to end: the shipped rules, and the simulator's admin endpoint making
 * "pool down" fire once and resolve once, a dropped worker fire once, and a found block fire once;
 * the demo's failover group moving its simulated Bitaxe to the backup pool.
 */
class AlertsDemoTest {
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void theDemoRulesFireOnceAndResolveOnceOnTheSimulatorsCommands(@TempDir Path dir) throws Exception {
    Main.Options options = Main.Options.parse(new String[] {"--demo", "--port", "0", "--db", ServerFixture.jdbcUrl(dir)}, Map.of());
    try (Main.Running running = Main.start(options)) {
      String base = running.server.baseUrl();
      List<String> kinds = new ArrayList<>();
      ServerFixture.JSON.readTree(get(base + "/alerts/rules")).forEach(r -> kinds.add(r.get("kind").asText()));
      assertThat(kinds).containsExactlyInAnyOrderElementsOf(
          Arrays.stream(RuleKind.values()).filter(k -> k != RuleKind.WORKER_MISSING).map(RuleKind::jsonName).toList());

      PoolSimulator sim = running.simulators.stream().filter(s -> s.kind() == PoolSimulator.Kind.SOLOPOOL).findFirst().orElseThrow();
      String solo = Main.demoId(PoolSimulator.Kind.SOLOPOOL);
      AlertStore states = new AlertStore(running.store, Clock.systemUTC());
      String backup = Main.demoId(PoolSimulator.Kind.PUBLICPOOL);
      refresh(running, backup);
      refresh(running, solo);
      await(() -> states.load("demo-block", solo).isPresent() && states.load("demo-workers", solo).isPresent(), "the first evaluation");

      admin(sim, "down");
      refresh(running, solo);
      await(() -> count(base, solo, "demo-pool-down", "fired") == 1, "pool down to fire");
      // the demo's failover group moves its simulated Bitaxe to the public-pool pool (stratum port 3333)
      await(() -> running.axeos.stratumPort() == 3333 && running.axeos.restarts() == 1, "the Bitaxe to move to the backup");
      assertThat(running.axeos.stratumUser()).isEqualTo(DemoAlerts.DEMO_MINER_USER);
      refresh(running, solo);
      refresh(running, solo);
      admin(sim, "up");
      refresh(running, solo);
      await(() -> count(base, solo, "demo-pool-down", "resolved") == 1, "pool down to resolve");
      refresh(running, solo);
      assertThat(count(base, solo, "demo-pool-down", "fired")).isEqualTo(1);
      assertThat(count(base, solo, "demo-pool-down", "resolved")).isEqualTo(1);
      assertThat(running.axeos.restarts()).as("recover_after and min_dwell (1 min) hold the Bitaxe on the backup").isEqualTo(1);

      admin(sim, "drop-worker?name=s21");
      refresh(running, solo);
      await(() -> count(base, solo, "demo-workers", "fired") == 1, "a dropped worker to fire");
      refresh(running, solo);
      assertThat(count(base, solo, "demo-workers", "fired")).as("no second firing while the worker stays away").isEqualTo(1);

      String found = admin(sim, "find-block"); // "found a block at <instant>"
      Instant at = Instant.parse(found.substring(found.lastIndexOf(' ') + 1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
      refresh(running, solo);
      await(() -> blockEvents(base, solo, at) == 1, "the found block to fire");
      refresh(running, solo);
      refresh(running, solo);
      assertThat(blockEvents(base, solo, at)).isEqualTo(1);
    }
  }

  private String get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private String admin(PoolSimulator sim, String command) throws Exception {
    HttpResponse<String> r = http.send(
        HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/admin/" + command)).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  private static void refresh(Main.Running running, String poolId) throws Exception {
    running.server.service().invalidate(poolId);
    running.server.service().health(poolId).get(30, TimeUnit.SECONDS);
    running.server.service().poolTiles(poolId).get(30, TimeUnit.SECONDS);
  }

  private JsonNode events(String base) {
    try {
      return ServerFixture.JSON.readTree(get(base + "/alerts/events?limit=200")).get("events");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private long count(String base, String poolId, String ruleId, String type) {
    long n = 0;
    for (JsonNode e : events(base)) {
      if (e.get("pool_id").asText().equals(poolId) && e.get("rule_id").asText().equals(ruleId) && e.get("type").asText().equals(type)) {
        n++;
      }
    }
    return n;
  }

  private long blockEvents(String base, String poolId, Instant at) {
    long n = 0;
    for (JsonNode e : events(base)) {
      if (e.get("pool_id").asText().equals(poolId) && e.get("rule_id").asText().equals("demo-block")
          && e.get("message").asText().contains(at.toString())) {
        n++;
      }
    }
    return n;
  }

  /** Waits (bounded) for the listener threads to have recorded what the refresh caused; no timing is asserted. */
  private static void await(BooleanSupplier done, String what) throws InterruptedException {
    Poll.until(done, Duration.ofSeconds(30), what);
  }
}
