package dev.danvic.hmm.pools.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.simulator.MutableClock;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history and comparison endpoints on a running server fed by the Solopool simulator. The
 * server's wall clock is a {@link MutableClock}, so two refreshes fall into two steps of 1 s by
 * moving it, not by waiting.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HistoryRoutesTest {
  private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS).plusMillis(500));
  private ServerFixture f;

  @BeforeAll
  void startServer(@TempDir Path dir) {
    f = ServerFixture.start(dir, clock);
  }

  @AfterAll
  void stopServer() {
    f.close();
  }

  /** @return how many samples of the pool the server's history store holds, raw, ten minutes either side of now */
  private int recorded() {
    return f.server.history().points(ServerFixture.SOLOPOOL_ID, clock.instant().minus(Duration.ofMinutes(10)), clock.instant().plus(Duration.ofMinutes(10))).size();
  }

  /**
   * One second later, drops the pool's tiles and reads them, so they are loaded again with a time
   * of their own, and waits until the recorder (told on the service's executor just after the
   * load) has kept a sample. Dropping first matters: a reader of the server's own (the alert
   * engine) may have loaded the tiles meanwhile, and a read of cached tiles records nothing.
   */
  private void refresh() throws InterruptedException {
    clock.advance(Duration.ofSeconds(1));
    int before = recorded();
    f.server.service().invalidate(ServerFixture.SOLOPOOL_ID);
    assertThat(f.get("/api/dashboard/pools").statusCode()).isEqualTo(200);
    // a liveness wait, not a timing claim: generous for a loaded CI machine
    Poll.until(() -> recorded() != before, Duration.ofSeconds(30), "the recorder to keep the refresh");
  }

  private JsonNode historyAfterTwoRefreshes() throws InterruptedException {
    refresh();
    refresh();
    clock.advance(Duration.ofSeconds(1)); // a range ends before its "to": the last sample is now inside
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
