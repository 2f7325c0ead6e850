package dev.danvic.hmm.pools.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.core.history.HistoryMetric;
import dev.danvic.hmm.pools.core.history.HistorySample;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The history charts and the comparison table in a real headless Chromium: the chart of a pool
 * draws exactly the samples the history API returned (its data points read back from uPlot), for
 * 24 h and after switching to 7 d, with the gap and the unhealthy hour as breaks; the comparison
 * table sorts by a column both ways. The pool under test is stored disabled, so no live refresh
 * adds samples while the test compares. Skipped, saying why, without Chromium and ChromeDriver.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HistoryPageBrowserTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final String POOL = "22222222-2222-4222-8222-222222222222";

  ServerFixture f;
  WebDriver driver;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    Chromium.assumeInstalled();
    // the server's clock stands still, so the page's history request and the test's own cover the
    // same range, whatever time passes between them (a 5-minute step boundary may fall in between)
    f = ServerFixture.start(dir.resolve("server"), Clock.fixed(Instant.now(), ZoneOffset.UTC));
    HttpResponse<String> created =
        f.post("/pools", "{\"id\":\"" + POOL + "\",\"pool_type\":\"solopool\",\"name\":\"Archived solo\","
            + "\"url\":\"stratum+tcp://127.0.0.1\",\"port\":3334,\"enabled\":false,"
            + "\"config\":{\"api_base_url\":\"" + f.solopool.baseUrl() + "\",\"coin\":\"BTC\"}}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    f.server.history().recordAll(week(f.server.history().now()));

    driver = Chromium.start(dir.resolve("chromium-profile"));
  }

  /** A week, a sample every 5 minutes, hash rate rising and falling; hour 3 unhealthy, hours 6-7 missing. */
  static List<HistorySample> week(Instant now) {
    List<HistorySample> out = new ArrayList<>();
    Instant start = now.minus(Duration.ofDays(7));
    for (int i = 0; i < 7 * 24 * 12; i++) {
      Instant t = start.plus(Duration.ofMinutes(5L * i));
      long hoursAgo = Duration.between(t, now).toHours();
      if (hoursAgo == 6 || hoursAgo == 7) {
        continue; // not recorded
      }
      boolean healthy = hoursAgo != 3;
      Map<HistoryMetric, Double> v =
          healthy
              ? Map.of(HistoryMetric.USER_HASHRATE, 1e12 * (5 + Math.sin(i / 20.0)), HistoryMetric.LATENCY_MS, 40.0 + i % 9)
              : Map.of();
      out.add(new HistorySample(POOL, t, healthy, v));
    }
    return out;
  }

  @AfterAll
  void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (f != null) {
      f.close();
    }
  }

  @Test
  void theChartDrawsTheSamplesTheApiReturnedAndTheTableSorts() {
    driver.get(f.base() + "/?refresh_ms=3600000");
    waitUntil(() -> "24h".equals(js("return document.getElementById('history').dataset.loaded || null")), "the 24 h history");
    assertChartMatchesApi("24h", "5m");
    List<Object> ys = new ArrayList<>((List<?>) js("return hmmHistory.charts['" + POOL + "'].data[1]"));
    assertThat(ys).as("the unrecorded hours and the unhealthy hour break the line").containsNull();

    driver.findElement(By.cssSelector("#history .history-ranges button[data-range='7d']")).click();
    waitUntil(() -> "7d".equals(js("return document.getElementById('history').dataset.loaded || null")), "the 7 d history");
    assertChartMatchesApi("7d", "1h");

    // the comparison table: one row per stored pool, sorted by the column clicked, then reversed
    WebElement table = driver.findElement(By.id("comparison"));
    WebElement p95 = table.findElement(By.cssSelector("th[data-key='latency_p95_ms']"));
    p95.click();
    assertThat(p95.getDomAttribute("aria-sort")).isEqualTo("ascending");
    List<Double> up = column(table, "latency_p95_ms");
    assertThat(up).hasSize(2).isSorted();
    p95.click();
    assertThat(p95.getDomAttribute("aria-sort")).isEqualTo("descending");
    List<Double> down = column(table, "latency_p95_ms");
    List<Double> reversed = new ArrayList<>(up);
    java.util.Collections.reverse(reversed);
    assertThat(down).containsExactlyElementsOf(reversed);
    JsonNode comparison = ServerFixture.json(f.get("/api/dashboard/comparison?range=7d"));
    JsonNode archived = comparison.get("pools").get(1);
    assertThat(archived.get("pool_id").asText()).isEqualTo(POOL);
    WebElement row = table.findElement(By.cssSelector("tr[data-pool-id='" + POOL + "']"));
    assertThat(Double.parseDouble(row.findElement(By.cssSelector("td[data-key='uptime_percent']")).getDomAttribute("data-raw")))
        .isEqualTo(archived.get("uptime_percent").asDouble())
        .isLessThan(100.0);
  }

  private List<Double> column(WebElement table, String key) {
    List<Double> out = new ArrayList<>();
    for (WebElement td : table.findElements(By.cssSelector("tbody td[data-key='" + key + "']"))) {
      out.add(Double.parseDouble(td.getDomAttribute("data-raw")));
    }
    return out;
  }

  /** The chart's points with a value are exactly the API's samples with a hash rate, in order. */
  private void assertChartMatchesApi(String range, String step) {
    JsonNode api = ServerFixture.json(f.get("/api/dashboard/pools/" + POOL + "/history?range=" + range + "&step=" + step));
    List<double[]> expected = new ArrayList<>();
    for (JsonNode s : api.get("samples")) {
      if (!s.get("user_hashrate").isNull()) {
        expected.add(new double[] {Instant.parse(s.get("time").asText()).getEpochSecond(), s.get("user_hashrate").asDouble()});
      }
    }
    assertThat(expected).as("the API has samples to draw").hasSizeGreaterThan(20);
    List<?> xs = (List<?>) js("return hmmHistory.charts['" + POOL + "'].data[0]");
    List<?> ys = (List<?>) js("return hmmHistory.charts['" + POOL + "'].data[1]");
    List<double[]> drawn = new ArrayList<>();
    for (int i = 0; i < xs.size(); i++) {
      if (ys.get(i) != null) {
        drawn.add(new double[] {((Number) xs.get(i)).doubleValue(), ((Number) ys.get(i)).doubleValue()});
      }
    }
    assertThat(drawn).hasSameSizeAs(expected);
    for (int i = 0; i < drawn.size(); i++) {
      assertThat(drawn.get(i)).as("point %d of %s", i, range).containsExactly(expected.get(i));
    }
    Long canvases = (Long) js("return document.querySelectorAll(\"#history-charts [data-pool-id='" + POOL + "'] canvas\").length");
    assertThat(canvases).as("uPlot drew a canvas").isPositive();
  }

  private Object js(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  private void waitUntil(java.util.function.BooleanSupplier condition, String what) {
    Chromium.waitUntil(driver, WAIT, condition, what);
  }
}
