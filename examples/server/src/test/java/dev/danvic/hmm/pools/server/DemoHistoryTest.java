package dev.danvic.hmm.pools.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.core.history.HistoryMetric;
import dev.danvic.hmm.pools.core.history.HistoryQueries;
import dev.danvic.hmm.pools.core.history.HistoryRetention;
import dev.danvic.hmm.pools.core.history.HistorySample;
import dev.danvic.hmm.pools.core.history.InMemoryHistoryStore;
import dev.danvic.hmm.pools.core.history.PoolComparison;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's back-filled week: real shapes at the first start, kept (not doubled) on a restart. */
class DemoHistoryTest {
  static final Instant NOW = Instant.parse("2026-03-08T00:00:00Z");

  @Test
  void aGeneratedWeekSwingsAroundTheCurrentFiguresWithOutagesAndBlocksAtTheExpectedRate() {
    DashboardTileData base =
        DashboardTileData.builder(NOW).userHashrate(10e12).latencyMs(50.0).estimatedTimeToBlockSeconds(43_200.0).build();
    List<HistorySample> week = DemoHistory.generate("pool-a", base, NOW.minus(Duration.ofDays(7)), NOW, Duration.ofMinutes(5));
    InMemoryHistoryStore store = InMemoryHistoryStore.create(Clock.fixed(NOW, ZoneOffset.UTC), HistoryRetention.defaults());
    store.recordAll(week);

    assertThat(week).hasSize(7 * 24 * 12);
    assertThat(week).as("deterministic per pool").isEqualTo(DemoHistory.generate("pool-a", base, NOW.minus(Duration.ofDays(7)), NOW, Duration.ofMinutes(5)));
    PoolComparison row = HistoryQueries.compare(store, List.of("pool-a"), Duration.ofDays(7)).get(0);
    assertThat(row.uptimePercent()).as("some outages, mostly up").isBetween(95.0, 99.9);
    assertThat(row.avgUserHashrate()).isCloseTo(10e12, org.assertj.core.data.Percentage.withPercentage(3));
    double min = week.stream().filter(s -> s.value(HistoryMetric.USER_HASHRATE) != null)
        .mapToDouble(s -> s.value(HistoryMetric.USER_HASHRATE)).min().orElseThrow();
    assertThat(min).as("a daily swing, not a flat line").isLessThan(9.3e12);
    assertThat(row.rejectRatePercent()).isBetween(0.5, 2.5);
    // 7 days at one block per 12 h: 14 expected
    assertThat(row.blocksFound()).isBetween(5L, 25L);
    assertThat(row.luckPercent()).isBetween(30.0, 180.0);
  }

  @Test
  void theDemoStartsWithAWeekOfHistoryForEveryPoolAndARestartKeepsIt(@TempDir Path dir) throws Exception {
    Main.Options options = Main.Options.parse(new String[] {"--demo", "--port", "0", "--db", ServerFixture.jdbcUrl(dir)}, Map.of());
    long first;
    try (Main.Running running = Main.start(options)) {
      JsonNode comparison = get(running, "/api/dashboard/comparison?range=7d");
      assertThat(comparison.get("pools")).hasSize(running.store.list().size()); // the simulated pools and the community plugin's
      for (JsonNode row : comparison.get("pools")) {
        assertThat(row.get("samples").asLong()).as(row.get("name").asText()).isGreaterThan(2000);
        assertThat(row.get("uptime_percent").asDouble()).as(row.get("name").asText()).isBetween(90.0, 100.0);
        JsonNode week = get(running, "/api/dashboard/pools/" + row.get("pool_id").asText() + "/history?range=7d&step=1h");
        assertThat(week.get("samples").size()).as("hours with samples").isGreaterThan(150);
      }
      first = comparison.get("pools").get(0).get("samples").asLong();
    }
    try (Main.Running again = Main.start(options)) {
      long second = get(again, "/api/dashboard/comparison?range=7d").get("pools").get(0).get("samples").asLong();
      assertThat(second).as("kept, not back-filled twice").isBetween(first, first + 50);
    }
  }

  private static JsonNode get(Main.Running running, String path) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(running.server.baseUrl() + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return ServerFixture.JSON.readTree(r.body());
  }
}
