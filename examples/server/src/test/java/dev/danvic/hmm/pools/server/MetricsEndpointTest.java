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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /metrics}: the demo's pools and the SDK's meters in the Prometheus text format. */
class MetricsEndpointTest {
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** One sample of the exposition: {@code name{labels} value}. */
  record Sample(String name, Map<String, String> labels, double value) {}

  private static final Pattern SAMPLE =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\d+)?");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

  /** Parses the text format strictly: every line is a comment, blank, or a well-formed sample. */
  static List<Sample> parse(String exposition) {
    List<Sample> out = new ArrayList<>();
    for (String line : exposition.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        if (line.startsWith("# TYPE ")) {
          assertThat(line.split(" ")).as(line).hasSize(4);
          assertThat(line.split(" ")[3]).isIn("counter", "gauge", "summary", "histogram", "untyped");
        }
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      assertThat(m.matches()).as("a sample line: " + line).isTrue();
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(2) != null && !m.group(2).isEmpty()) {
        Matcher l = LABEL.matcher(m.group(2));
        int end = 0;
        while (l.find() && l.start() == end) {
          labels.put(l.group(1), l.group(2));
          end = l.end();
        }
        assertThat(end).as("labels of " + line).isEqualTo(m.group(2).length());
      }
      out.add(new Sample(m.group(1), labels, parseValue(m.group(3))));
    }
    return out;
  }

  private static double parseValue(String v) {
    return switch (v) {
      case "NaN" -> Double.NaN;
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(v);
    };
  }

  @Test
  void theDemosMetricsShowEveryPoolsHashRateUnderItsPoolIdAndTheSdksRequests(@TempDir Path dir) throws Exception {
    Main.Options options = Main.Options.parse(new String[] {"--demo", "--port", "0", "--db", ServerFixture.jdbcUrl(dir)}, Map.of());
    try (Main.Running running = Main.start(options)) {
      DemoLoaded.await(running); // the first reads answer within the read budget, Braiins later
      JsonNode tiles = ServerFixture.JSON.readTree(get(running, "/api/dashboard/pools").body());

      HttpResponse<String> scrape = get(running, "/metrics");
      assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
      List<Sample> samples = parse(scrape.body());

      for (PoolSimulator.Kind kind : Main.demoKinds(false)) {
        String id = Main.demoId(kind);
        JsonNode pool = tiles.get(id);
        double expected = pool.at("/tile_2_network/pool_hashrate").asDouble();
        assertThat(expected).as(kind + " reports a hash rate").isPositive();
        assertThat(samples)
            .as(kind.name())
            .filteredOn(s -> s.name().equals("hmm_pools_pool_hashrate_hashes_per_second") && id.equals(s.labels().get("pool_id")))
            .singleElement()
            .satisfies(s -> {
              assertThat(s.value()).isEqualTo(expected);
              assertThat(s.labels()).containsEntry("pool_type", kind.poolType()).containsKey("coin");
            });
        assertThat(samples)
            .filteredOn(s -> s.name().equals("hmm_pools_health") && id.equals(s.labels().get("pool_id")))
            .singleElement()
            .satisfies(s -> assertThat(s.value()).isEqualTo(1.0));
      }
      assertThat(samples)
          .filteredOn(s -> s.name().equals("hmm_pools_requests_total") && "2xx".equals(s.labels().get("outcome")))
          .singleElement()
          .satisfies(s -> assertThat(s.value()).isPositive());
      assertThat(samples).anySatisfy(s -> assertThat(s.name()).isEqualTo("hmm_pools_cache_loads_seconds_count"));
      assertThat(samples).anySatisfy(s -> assertThat(s.name()).isEqualTo("hmm_pools_cache_gets_total"));
      // the names the README lists
      assertThat(samples.stream().map(Sample::name).distinct())
          .contains(
              "hmm_pools_pool_hashrate_hashes_per_second",
              "hmm_pools_user_hashrate_hashes_per_second",
              "hmm_pools_active_workers",
              "hmm_pools_shares",
              "hmm_pools_reject_rate_percent",
              "hmm_pools_latency_seconds",
              "hmm_pools_health",
              "hmm_pools_time_to_block_seconds",
              "hmm_pools_user_time_to_block_seconds",
              "hmm_pools_user_block_odds_24h_ratio",
              "hmm_pools_requests_total",
              "hmm_pools_request_retries_total",
              "hmm_pools_cache_gets_total",
              "hmm_pools_cache_loads_seconds_count",
              "hmm_pools_cache_loads_seconds_sum",
              "hmm_pools_cache_loads_seconds_max");
      assertThat(scrape.body()).doesNotContain(Main.DEMO_BRAIINS_TOKEN);
    }
  }

  private HttpResponse<String> get(Main.Running running, String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(running.server.baseUrl() + path)).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r;
  }
}
