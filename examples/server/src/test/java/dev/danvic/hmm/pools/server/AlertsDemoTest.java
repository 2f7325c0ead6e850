package dev.danvic.hmm.pools.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.alerts.RuleKind;
import dev.danvic.hmm.pools.simulator.AxeOsSimulator;
import dev.danvic.hmm.pools.simulator.MutableClock;
import dev.danvic.hmm.pools.simulator.PoolSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's alerts, end to end, on a clock the test moves (no waiting for real minutes): the
 * shipped rules (one of each kind), and the simulator's admin endpoint making "pool down" fire
 * once and resolve once, a dropped rig fire the worker count at once and the named-worker rule
 * only after its minute, then both resolve once when it returns, and a found block fire once; the
 * demo's failover group moving its simulated Bitaxe to the backup pool and, only after the
 * group's recover time and minimum dwell (one minute each), back, with no other move.
 */
class AlertsDemoTest {
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void theDemoRulesFireOnceAndResolveOnceOnTheSimulatorsCommands(@TempDir Path dir) throws Exception {
    Main.Options options = Main.Options.parse(new String[] {"--demo", "--port", "0", "--db", ServerFixture.jdbcUrl(dir)}, Map.of());
    MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    try (Main.Running running = Main.start(options, clock)) {
      String base = running.server.baseUrl();
      List<String> kinds = new ArrayList<>();
      ServerFixture.JSON.readTree(get(base + "/alerts/rules")).forEach(r -> kinds.add(r.get("kind").asText()));
      assertThat(kinds).containsExactlyInAnyOrderElementsOf(Arrays.stream(RuleKind.values()).map(RuleKind::jsonName).toList());

      PoolSimulator sim = running.simulators.stream().filter(s -> s.kind() == PoolSimulator.Kind.SOLOPOOL).findFirst().orElseThrow();
      String solo = Main.demoId(PoolSimulator.Kind.SOLOPOOL);
      AlertStore states = new AlertStore(running.store, Clock.systemUTC());
      String backup = Main.demoId(PoolSimulator.Kind.PUBLICPOOL);
      AxeOsSimulator bitaxe = running.axeos;
      refresh(running, backup);
      refresh(running, solo);
      await(() -> states.load("demo-block", solo).isPresent() && states.load("demo-workers", solo).isPresent(), "the first evaluation");

      // pool down: fires once, resolves once; the failover group moves the Bitaxe to the backup at once
      Instant down = clock.instant();
      admin(sim, "down");
      refresh(running, solo);
      await(() -> count(base, solo, "demo-pool-down", "fired") == 1, "pool down to fire");
      await(() -> bitaxe.stratumPort() == 3333 && bitaxe.restarts() == 1, "the Bitaxe to move to the backup (public-pool, stratum 3333)");
      assertThat(bitaxe.stratumUser()).isEqualTo(DemoAlerts.DEMO_MINER_USER);
      refresh(running, solo);
      refresh(running, solo);
      admin(sim, "up");
      refresh(running, solo);
      await(() -> count(base, solo, "demo-pool-down", "resolved") == 1, "pool down to resolve");
      refresh(running, solo);
      assertThat(count(base, solo, "demo-pool-down", "fired")).isEqualTo(1);
      assertThat(count(base, solo, "demo-pool-down", "resolved")).isEqualTo(1);

      // Solopool well again, but the group waits its recover time and dwell (one minute each)
      clock.advance(Duration.ofSeconds(30));
      refresh(running, solo);
      refresh(running, backup);
      assertThat(currentPool(base)).as("held on the backup within the minute").isEqualTo(backup);
      clock.advance(Duration.ofSeconds(31));
      refresh(running, solo);
      await(() -> bitaxe.stratumPort() == 3334 && bitaxe.restarts() == 2, "the Bitaxe to move back to Solopool (stratum 3334)");
      refresh(running, solo);
      refresh(running, backup);
      assertThat(currentPool(base)).isEqualTo(solo);
      List<JsonNode> moves = events(base, "demo-bitaxe");
      assertThat(moves).extracting(e -> e.get("type").asText()).containsExactly("resolved", "fired"); // newest first
      assertThat(Instant.parse(moves.get(1).get("time").asText())).as("to the backup as Solopool went down").isEqualTo(down);
      assertThat(Instant.parse(moves.get(0).get("time").asText())).as("back only after the minute").isEqualTo(down.plusSeconds(61));
      assertThat(bitaxe.patches()).as("two moves, no flapping: one PATCH each").isEqualTo(2);

      // a dropped rig: the worker count fires at once, the named rig after its minute
      Instant dropped = clock.instant();
      admin(sim, "drop-worker?name=" + DemoAlerts.DEMO_WORKER);
      refresh(running, solo);
      await(() -> count(base, solo, "demo-workers", "fired") == 1, "a dropped worker to fire");
      await(() -> states.load("demo-worker-missing", solo).map(s -> dropped.equals(s.conditionSince())).orElse(false),
          "the named rig to be seen missing");
      clock.advance(Duration.ofSeconds(61));
      refresh(running, solo);
      await(() -> count(base, solo, "demo-worker-missing", "fired") == 1, "the missing rig to fire");
      refresh(running, solo);
      assertThat(count(base, solo, "demo-workers", "fired")).as("no second firing while the worker stays away").isEqualTo(1);
      assertThat(count(base, solo, "demo-worker-missing", "fired")).isEqualTo(1);
      assertThat(Instant.parse(events(base, "demo-worker-missing").get(0).get("time").asText()))
          .as("fired once the rig was missing for its minute").isEqualTo(dropped.plusSeconds(61));
      admin(sim, "restore-workers");
      refresh(running, solo);
      await(() -> count(base, solo, "demo-worker-missing", "resolved") == 1 && count(base, solo, "demo-workers", "resolved") == 1,
          "the returned rig to resolve both");
      refresh(running, solo);
      assertThat(count(base, solo, "demo-worker-missing", "resolved")).isEqualTo(1);
      assertThat(count(base, solo, "demo-worker-missing", "fired")).isEqualTo(1);

      String found = admin(sim, "find-block"); // "found a block at <instant>"
      Instant at = Instant.parse(found.substring(found.lastIndexOf(' ') + 1)).truncatedTo(ChronoUnit.SECONDS);
      refresh(running, solo);
      await(() -> blockEvents(base, solo, at) == 1, "the found block to fire");
      refresh(running, solo);
      refresh(running, solo);
      assertThat(blockEvents(base, solo, at)).isEqualTo(1);
      assertThat(bitaxe.patches()).isEqualTo(2);
    }
  }

  private String currentPool(String base) throws Exception {
    for (JsonNode g : ServerFixture.JSON.readTree(get(base + "/failover/groups"))) {
      if (g.get("id").asText().equals("demo-bitaxe")) {
        return g.get("current_pool").asText();
      }
    }
    throw new AssertionError("no demo-bitaxe group");
  }

  private List<JsonNode> events(String base, String ruleId) {
    List<JsonNode> out = new ArrayList<>();
    events(base).forEach(e -> {
      if (e.get("rule_id").asText().equals(ruleId)) {
        out.add(e);
      }
    });
    return out;
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
