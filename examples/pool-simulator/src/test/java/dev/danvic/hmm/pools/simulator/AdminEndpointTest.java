package dev.danvic.hmm.pools.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.Coin;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The loopback admin endpoint the demo uses: take the pool down, drop a worker, find a block. */
class AdminEndpointTest {
  private final MutableClock clock = new MutableClock(Http.T0);
  private final PoolSimulator sim =
      PoolSimulator.builder().kind(PoolSimulator.Kind.SOLOPOOL).coin(Coin.BTC).clock(clock).build().start();

  @AfterEach
  void stop() {
    sim.close();
  }

  private HttpResponse<String> post(String path) throws Exception {
    return Http.CLIENT.send(
        HttpRequest.newBuilder(URI.create(sim.baseUrl() + path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode account() {
    return Http.json(sim, "/api/accounts/" + sim.username());
  }

  @Test
  void downAndUpAnswer503AndBackAgain() throws Exception {
    assertThat(post("/admin/down").statusCode()).isEqualTo(200);
    assertThat(Http.get(sim, "/api/stats").statusCode()).isEqualTo(503);
    assertThat(sim.isDown()).isTrue();
    assertThat(post("/admin/up").statusCode()).isEqualTo(200);
    assertThat(Http.get(sim, "/api/stats").statusCode()).isEqualTo(200);
  }

  @Test
  void aDroppedWorkerShowsOfflineUntilRestored() throws Exception {
    int online = account().get("workersOnline").asInt();
    assertThat(post("/admin/drop-worker?name=s21").statusCode()).isEqualTo(200);
    assertThat(account().get("workersOnline").asInt()).isEqualTo(online - 1);
    HttpResponse<String> unknown = post("/admin/drop-worker?name=nobody");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("s19pro");
    assertThat(post("/admin/restore-workers").statusCode()).isEqualTo(200);
    assertThat(account().get("workersOnline").asInt()).isEqualTo(online);
  }

  @Test
  void aFoundBlockIsTheNewestAndCountsOnce() throws Exception {
    clock.set(clock.instant().plusSeconds(1));
    long before = Http.json(sim, "/api/stats").get("totalBlocks").asLong();
    HttpResponse<String> found = post("/admin/find-block");
    assertThat(found.statusCode()).isEqualTo(200);
    JsonNode stats = Http.json(sim, "/api/stats");
    assertThat(stats.get("totalBlocks").asLong()).isEqualTo(before + 1);
    assertThat(stats.get("lastBlockTime").asLong()).isEqualTo(clock.instant().getEpochSecond());
    clock.set(clock.instant().plusSeconds(30));
    assertThat(Http.json(sim, "/api/stats").get("totalBlocks").asLong()).isGreaterThanOrEqualTo(before + 1);
  }

  @Test
  void adminCommandsArePostsOnly() throws Exception {
    assertThat(Http.get(sim, "/admin/down").statusCode()).isEqualTo(405);
    assertThat(sim.isDown()).isFalse();
    assertThat(post("/admin/explode").statusCode()).isEqualTo(404);
  }
}
