package dev.danvic.hmm.pools.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The history and comparison endpoints on a running server fed by the Solopool simulator. */
class HistoryRoutesTest extends WithServer {

  private long recorded() {
    return ServerFixture.json(f.get("/api/dashboard/comparison?range=1h")).get("pools").get(0).get("samples").asLong();
  }

  /**
   * Reads the pool's tiles (a refresh when they were dropped), waits until the recorder, told on
   * the service's executor just after the read, has kept it, then drops them for the next refresh.
   */
  private void refresh() throws InterruptedException {
    long before = recorded();
    assertThat(f.get("/api/dashboard/pools").statusCode()).isEqualTo(200);
    Poll.until(() -> recorded() != before, Duration.ofSeconds(10), "the recorder to keep the refresh");
    f.server.service().invalidate(ServerFixture.SOLOPOOL_ID);
  }

  private JsonNode historyAfterTwoRefreshes() throws InterruptedException {
    refresh();
    Thread.sleep(1000); // so the two refreshes fall into two steps of 1 s
    refresh();
    return ServerFixture.json(f.get("/api/dashboard/pools/" + ServerFixture.SOLOPOOL_ID + "/history?range=1h&step=1s"));
  }

  @Test
  void theHistoryHoldsTheFiguresOfEveryRefresh() throws Exception {
    JsonNode body = historyAfterTwoRefreshes();
    JsonNode tiles = ServerFixture.json(f.get("/api/dashboard/pools")).get(ServerFixture.SOLOPOOL_ID);

    assertThat(body.get("pool_id").asText()).isEqualTo(ServerFixture.SOLOPOOL_ID);
    assertThat(body.get("step").asText()).isEqualTo("1s");
    assertThat(Instant.parse(body.get("from").asText())).isBefore(Instant.parse(body.get("to").asText()));
    assertThat(body.get("samples").size()).isGreaterThanOrEqualTo(2);
    JsonNode last = body.get("samples").get(body.get("samples").size() - 1);
    assertThat(last.get("time").asText()).isNotBlank();
    assertThat(last.get("healthy_samples").asInt()).isEqualTo(last.get("samples").asInt());
    // the simulator's clock stands still: every refresh reads the same user hash rate as the tile
    assertThat(last.get("user_hashrate").asDouble())
        .isEqualTo(tiles.get("tile_2_network").get("user_hashrate").asDouble());
    assertThat(last.get("user_hashrate_min").asDouble()).isEqualTo(last.get("user_hashrate_max").asDouble());
  }

  @Test
  void theComparisonHasOneRowPerPoolWithItsUptime() throws Exception {
    historyAfterTwoRefreshes();
    JsonNode body = ServerFixture.json(f.get("/api/dashboard/comparison?range=7d"));

    assertThat(body.get("range").asText()).isEqualTo("7d");
    JsonNode row = body.get("pools").get(0);
    assertThat(row.get("pool_id").asText()).isEqualTo(ServerFixture.SOLOPOOL_ID);
    assertThat(row.get("name").asText()).isEqualTo("Solo BTC");
    assertThat(row.get("samples").asLong()).isGreaterThanOrEqualTo(2);
    assertThat(row.get("uptime_percent").asDouble()).isEqualTo(100.0);
    assertThat(row.get("avg_user_hashrate").asDouble()).isPositive();
    assertThat(row.get("latency_p95_ms").asDouble()).isGreaterThanOrEqualTo(row.get("latency_p50_ms").asDouble());
  }

  @Test
  void badParametersAreRefusedNamingTheParameter() {
    String path = "/api/dashboard/pools/" + ServerFixture.SOLOPOOL_ID + "/history";
    assertBad(path + "?range=yesterday", "range");
    assertBad(path + "?range=30s", "range");
    assertBad(path + "?range=400d", "range");
    assertBad(path + "?range=24h&step=0m", "step");
    assertBad(path + "?range=30d&step=1s", "step");
    assertBad("/api/dashboard/comparison?range=-1d", "range");
    HttpResponse<String> unknown = f.get("/api/dashboard/pools/no-such-pool/history");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(ServerFixture.json(unknown).get("field").asText()).isEqualTo("id");
  }

  private void assertBad(String path, String field) {
    HttpResponse<String> r = f.get(path);
    assertThat(r.statusCode()).as(path).isEqualTo(400);
    JsonNode body = ServerFixture.json(r);
    assertThat(body.get("field").asText()).as(path).isEqualTo(field);
    assertThat(body.get("error").asText()).as(path).isNotBlank();
  }
}
