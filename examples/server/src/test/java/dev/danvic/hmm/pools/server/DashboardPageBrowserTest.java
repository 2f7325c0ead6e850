package dev.danvic.hmm.pools.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.simulator.PoolSimulator;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
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
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard page in a real headless Chromium, driven by Selenium: it loads, its tiles show the
 * simulator's numbers, a pool added through the form gets its section, and a change made elsewhere
 * reaches the page over the WebSocket without a reload. Skipped, saying why, when Chromium or
 * ChromeDriver is not installed ({@code .ci/run} installs the Debian packages {@code chromium} and
 * {@code chromium-driver}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardPageBrowserTest {
  /** Long enough for a slow machine, far shorter than any polling the page does in this test. */
  static final Duration WAIT = Duration.ofSeconds(30);

  ServerFixture f;
  WebDriver driver;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    Chromium.assumeInstalled();
    f = ServerFixture.start(dir.resolve("server"));
    driver = Chromium.start(dir.resolve("chromium-profile"));
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
  void theDashboardShowsTheSimulatorAndFollowsChangesWithoutReloading() {
    // polling practically off: whatever changes below must arrive by push
    driver.get(f.base() + "/?refresh_ms=3600000");
    js("window.__sameDocument = 'yes';");

    // 1. the page loads and its tiles show the simulator's numbers
    WebElement total = field(driver.findElement(By.id("platform")), "tile_2_network.total_pool_hashrate");
    waitUntil(() -> total.getDomAttribute("data-raw") != null, "platform tiles to load");
    double served = f.simulatorJson(f.solopool, "/api/stats").get("hashrate").asDouble();
    assertThat(total.getText()).isEqualTo(hashrate(served)).endsWith("H/s");
    WebElement solo = poolSection(ServerFixture.SOLOPOOL_ID);
    assertThat(solo.findElement(By.className("pool-name")).getText()).isEqualTo("Solo BTC");
    waitUntil(() -> "healthy".equals(field(solo, "tile_1_health.health_status").getText()), "the Solopool pool to be healthy");
    assertThat(field(solo, "tile_2_network.pool_hashrate").getText()).isEqualTo(hashrate(served));
    JsonNode tiles = ServerFixture.json(f.get("/api/dashboard/pools")).get(ServerFixture.SOLOPOOL_ID);
    JsonNode valid = tiles.get("tile_3_shares").get("shares_valid");
    assertThat(field(solo, "tile_3_shares.shares_valid").getText())
        .isEqualTo(valid.isNull() ? "\u2014" : String.format(Locale.US, "%,d", valid.asLong()));
    assertThat(field(driver.findElement(By.id("platform")), "tile_1_health.healthy_of_total").getText()).isEqualTo("1 of 1");
    waitUntil(() -> driver.findElement(By.id("live")).getText().endsWith("on"), "the live-update socket to connect");

    // 2. a pool added through the form gets its own section
    WebElement form = driver.findElement(By.id("pool-form"));
    new Select(form.findElement(By.name("pool_type"))).selectByValue("mmfp");
    form.findElement(By.name("name")).sendKeys("Form MMFP");
    form.findElement(By.name("url")).sendKeys("stratum+tcp://127.0.0.1");
    form.findElement(By.name("port")).sendKeys("3333");
    form.findElement(By.name("coin")).sendKeys("DGB");
    form.findElement(By.name("api_base_url")).sendKeys(f.mmfp.baseUrl());
    form.findElement(By.cssSelector("button[type=submit]")).click();
    WebElement added = waitForSectionNamed("Form MMFP");
    waitUntil(() -> "healthy".equals(field(added, "tile_1_health.health_status").getText()), "the new MMFP pool's tiles");
    assertThat(field(added, "tile_2_network.pool_hashrate").getText()).endsWith("H/s");
    assertThat(driver.findElement(By.id("form-message")).getText()).contains("Added Form MMFP");

    // 3. a pool added by someone else (REST) appears by push, and an unhealthy one shows its error
    String brokenId = addBrokenPool();
    WebElement broken = waitForSectionNamed("Broken pool");
    waitUntil(() -> "unhealthy".equals(field(broken, "tile_1_health.health_status").getText()), "the broken pool to show unhealthy");
    assertThat(field(broken, "tile_1_health.health_message").getText()).isNotBlank();
    assertThat(broken.getDomAttribute("class")).contains("unhealthy");
    waitUntil(
        () -> field(driver.findElement(By.id("platform")), "tile_1_health.healthy_of_total").getText().equals("2 of 3"),
        "the platform health to count the broken pool");

    // 4. a pool removed elsewhere disappears by push
    assertThat(f.delete("/pools/" + brokenId).statusCode()).isEqualTo(204);
    waitUntil(() -> driver.findElements(sectionOf(brokenId)).isEmpty(), "the removed pool's section to go");

    // 5. the remove button (two clicks: arm, confirm)
    String formId = added.getDomAttribute("data-pool-id");
    WebElement remove = added.findElement(By.cssSelector("button.remove"));
    remove.click();
    remove.click();
    waitUntil(() -> driver.findElements(sectionOf(formId)).isEmpty(), "the form pool's section to go");
    assertThat(f.store.find(formId)).isEmpty();

    assertThat(js("return window.__sameDocument;")).as("the page was never reloaded").isEqualTo("yes");
  }

  @Test
  void aRefusedPoolShowsTheServersReasonAtTheField() {
    driver.get(f.base() + "/?refresh_ms=3600000");
    WebElement form = driver.findElement(By.id("pool-form"));
    waitUntil(() -> !new Select(form.findElement(By.name("pool_type"))).getOptions().isEmpty(), "the pool types");
    new Select(form.findElement(By.name("pool_type"))).selectByValue("braiins");
    form.findElement(By.name("url")).sendKeys("stratum+tcp://127.0.0.1");
    form.findElement(By.name("port")).sendKeys("3333");
    form.findElement(By.cssSelector("button[type=submit]")).click();
    WebElement message = driver.findElement(By.id("form-message"));
    waitUntil(() -> message.getText().contains("API key"), "the refusal message");
    assertThat(form.findElement(By.name("api_key")).getDomAttribute("class")).contains("invalid");
  }

  @Test
  void aFormSentWithRequiredFieldsEmptyMarksEachOneAndSendsNothing() {
    driver.get(f.base() + "/?refresh_ms=3600000");
    WebElement form = driver.findElement(By.id("pool-form"));
    waitUntil(() -> !new Select(form.findElement(By.name("pool_type"))).getOptions().isEmpty(), "the pool types");
    new Select(form.findElement(By.name("pool_type"))).selectByValue("solopool");
    int before = f.store.list().size();
    form.findElement(By.name("name")).sendKeys("Half filled");
    form.findElement(By.cssSelector("button[type=submit]")).click();
    WebElement message = driver.findElement(By.id("form-message"));
    waitUntil(() -> message.getText().startsWith("Please fill in"), "the missing fields to be named");
    assertThat(message.getText()).isEqualTo("Please fill in: Stratum URL, Port.");
    assertThat(form.findElement(By.name("url")).getDomAttribute("class")).contains("invalid");
    assertThat(form.findElement(By.name("port")).getDomAttribute("class")).contains("invalid");
    assertThat(String.valueOf(form.findElement(By.name("name")).getDomAttribute("class"))).doesNotContain("invalid");
    assertThat(f.store.list()).as("nothing was sent").hasSize(before);
    // the required fields are marked before anything is sent; placeholders read as examples
    assertThat(form.findElements(By.cssSelector(".required-mark"))).hasSize(3); // pool type, URL, port
    for (WebElement input : form.findElements(By.cssSelector("input[placeholder]"))) {
      assertThat(input.getDomAttribute("placeholder")).startsWith("e.g. ");
    }
    form.findElement(By.name("name")).clear();
  }

  @Test
  void theSoloPoolsOfHomeMinersShowBestSharesInHumanUnitsAndNeverNaN() {
    try (PoolSimulator publicPool =
            PoolSimulator.builder().kind(PoolSimulator.Kind.PUBLICPOOL).clock(f.simClock).build().start();
        PoolSimulator ckpool = PoolSimulator.builder().kind(PoolSimulator.Kind.CKPOOL).clock(f.simClock).build().start()) {
      String publicId = addPool("publicpool", "Home public-pool", publicPool, "");
      String ckpoolId =
          addPool("ckpool", "Home ckpool", ckpool, ",\"network_difficulty\":\"" + ckpool.networkDifficulty() + "\"");
      try {
        driver.get(f.base() + "/?refresh_ms=3600000");
        JsonNode tiles = ServerFixture.json(f.get("/api/dashboard/pools"));
        for (String id : List.of(publicId, ckpoolId)) {
          WebElement section = poolSection(id);
          waitUntil(() -> "healthy".equals(field(section, "tile_1_health.health_status").getText()), "pool " + id + " to be healthy");
          JsonNode shares = tiles.get(id).get("tile_3_shares");
          double best = shares.get("best_share_difficulty").asDouble();
          double ever = shares.get("best_share_difficulty_ever").asDouble();
          String bestText = field(section, "tile_3_shares.best_share_difficulty").getText();
          assertThat(bestText).isEqualTo(difficulty(best)).matches("\\d{1,3}\\.\\d{2} [KMGTPEZ]");
          assertThat(field(section, "tile_3_shares.best_share_difficulty_ever").getText()).isEqualTo(difficulty(ever));
          assertThat(field(section, "tile_2_network.user_hashrate").getText()).endsWith("H/s");
          assertThat(field(section, "tile_2_network.user_estimated_time_to_block").getText()).contains("in 24 h");
          // what the pool does not report reads as a dash or says so, never as a made-up number
          assertThat(field(section, "tile_4_blocks.estimated_earnings_24h").getText()).isEqualTo("not reported by this pool");
          assertThat(field(section, "tile_3_shares.shares_stale").getText()).isEqualTo("\u2014");
        }
        double highest =
            Math.max(
                tiles.get(publicId).at("/tile_3_shares/best_share_difficulty").asDouble(),
                Math.max(
                    tiles.get(ckpoolId).at("/tile_3_shares/best_share_difficulty").asDouble(),
                    tiles.get(ServerFixture.SOLOPOOL_ID).at("/tile_3_shares/best_share_difficulty").asDouble()));
        WebElement platformBest = field(driver.findElement(By.id("platform")), "tile_3_shares.best_share_difficulty");
        waitUntil(() -> difficulty(highest).equals(platformBest.getText()), "the platform's best share to be the highest");
        String page = driver.findElement(By.tagName("body")).getText();
        assertThat(page).doesNotContain("NaN").doesNotContain("undefined").doesNotContain("null");
      } finally {
        f.delete("/pools/" + publicId);
        f.delete("/pools/" + ckpoolId);
      }
    }
  }

  /** Adds by REST a Solopool pool whose API (127.0.0.1:9, discard) never answers; returns its id. */
  private String addBrokenPool() {
    return ServerFixture.json(
            f.post("/pools",
                "{\"pool_type\":\"solopool\",\"name\":\"Broken pool\",\"url\":\"stratum+tcp://127.0.0.1\",\"port\":3334,"
                    + "\"config\":{\"coin\":\"BTC\",\"api_base_url\":\"http://127.0.0.1:9\"}}"))
        .get("id").asText();
  }

  @Test
  void oceanAndMiningcoreShowTheirAmountsAndCountsWithoutNaN() {
    try (PoolSimulator ocean = PoolSimulator.builder().kind(PoolSimulator.Kind.OCEAN).clock(f.simClock).build().start();
        PoolSimulator miningcore =
            PoolSimulator.builder().kind(PoolSimulator.Kind.MININGCORE).clock(f.simClock).build().start()) {
      String oceanId = addPool("ocean", "Home OCEAN", ocean, "");
      String miningcoreId = addPool("miningcore", "Home Miningcore", miningcore, "");
      try {
        driver.get(f.base() + "/?refresh_ms=3600000");
        for (String id : List.of(oceanId, miningcoreId)) {
          WebElement section = poolSection(id);
          waitUntil(() -> "healthy".equals(field(section, "tile_1_health.health_status").getText()), "pool " + id + " to be healthy");
          assertThat(field(section, "tile_2_network.user_hashrate").getText()).endsWith("H/s");
          String earnings = field(section, "tile_4_blocks.estimated_earnings_24h").getText();
          if (id.equals(oceanId)) {
            assertThat(earnings).endsWith(" BTC");
          } else {
            assertThat(earnings).isEqualTo("not reported by this pool"); // Miningcore's todayPaid is payouts, not earnings
          }
        }
        JsonNode tiles = ServerFixture.json(f.get("/api/dashboard/pools"));
        WebElement oceanSection = poolSection(oceanId);
        // OCEAN's pool hash rate is beyond 2^53 H/s and still reads in human units
        assertThat(field(oceanSection, "tile_2_network.pool_hashrate").getText())
            .isEqualTo(hashrate(tiles.get(oceanId).at("/tile_2_network/pool_hashrate").asDouble()));
        assertThat(field(oceanSection, "tile_4_blocks.confirmed_balance").getText()).endsWith(" BTC");
        assertThat(field(poolSection(miningcoreId), "tile_4_blocks.pending_balance").getText()).endsWith(" BTC");
        String page = driver.findElement(By.tagName("body")).getText();
        assertThat(page).doesNotContain("NaN").doesNotContain("undefined").doesNotContain("null");
      } finally {
        f.delete("/pools/" + oceanId);
        f.delete("/pools/" + miningcoreId);
      }
    }
  }

  /** Adds a pool by REST pointing at a simulator, and returns its id. */
  private String addPool(String type, String name, PoolSimulator sim, String extraConfig) {
    return ServerFixture.json(
            f.post("/pools",
                "{\"pool_type\":\"" + type + "\",\"name\":\"" + name + "\",\"url\":\"stratum+tcp://127.0.0.1\","
                    + "\"port\":3333,\"username\":\"" + sim.username() + "\","
                    + "\"config\":{\"api_base_url\":\"" + sim.baseUrl() + "\"" + extraConfig + "}}"))
        .get("id").asText();
  }

  @Test
  void aNetworkFigureFilledFromASiblingPoolIsMarkedAsSuch() {
    // Braiins reports no network difficulty; the Solo BTC pool does, so the SDK fills Braiins' from it
    String id = ServerFixture.json(f.post("/pools", f.braiinsBody("Braiins BTC"))).get("id").asText();
    try {
      driver.get(f.base() + "/?refresh_ms=3600000");
      WebElement braiins = waitForSectionNamed("Braiins BTC");
      WebElement note = field(braiins, "tile_2_network.network_source");
      waitUntil(() -> "sibling".equals(note.getDomAttribute("data-raw")), "the Braiins pool's filled network difficulty");
      assertThat(note.isDisplayed()).isTrue();
      // the sibling is named as the page names it, not by its id
      String siblingName = poolSection(ServerFixture.SOLOPOOL_ID).findElement(By.cssSelector(".pool-name")).getText();
      assertThat(siblingName).isNotBlank();
      assertThat(note.getText()).isEqualTo("via sibling pool '" + siblingName + "'");
      assertThat(field(braiins, "tile_2_network.network_difficulty").getText()).isNotEqualTo("—");
      assertThat(field(braiins, "tile_2_network.pool_percentage").getText()).isNotEqualTo("—");
      assertThat(field(braiins, "tile_2_network.estimated_time_to_block").getText()).isNotEqualTo("—");
      // the sibling's own figure carries no note
      assertThat(field(poolSection(ServerFixture.SOLOPOOL_ID), "tile_2_network.network_source").isDisplayed()).isFalse();
    } finally {
      f.delete("/pools/" + id); // the other test counts the pools
    }
  }

  @Test
  void thePlatformSummaryShowsEachCoinApartAndNamesTheUnhealthyPool() {
    String dgbId =
        ServerFixture.json(
                f.post("/pools",
                    "{\"pool_type\":\"mmfp\",\"name\":\"DGB MMFP\",\"url\":\"stratum+tcp://127.0.0.1\",\"port\":3333,"
                        + "\"config\":{\"coin\":\"DGB\",\"api_base_url\":\"" + f.mmfp.baseUrl() + "\"}}"))
            .get("id").asText();
    String brokenId = addBrokenPool();
    try {
      driver.get(f.base() + "/?refresh_ms=3600000");
      WebElement platform = driver.findElement(By.id("platform"));
      waitUntil(
          () -> driver.findElements(By.cssSelector("#by-coin-tiles [data-coin]")).size() == 2
              && field(platform, "tile_1_health.healthy_of_total").getText().equals("2 of 3"),
          "a card per coin and the broken pool counted");
      JsonNode tiles = ServerFixture.json(f.get("/api/dashboard/pools"));
      WebElement btc = driver.findElement(By.cssSelector("#by-coin-tiles [data-coin=BTC]"));
      WebElement dgb = driver.findElement(By.cssSelector("#by-coin-tiles [data-coin=DGB]"));
      assertThat(btc.findElement(By.tagName("h3")).getText()).isEqualTo("BTC");
      assertThat(field(btc, "by_coin.pool_hashrate").getText())
          .isEqualTo(hashrate(tiles.get(ServerFixture.SOLOPOOL_ID).at("/tile_2_network/pool_hashrate").asDouble()));
      assertThat(field(dgb, "by_coin.pool_hashrate").getText())
          .isEqualTo(hashrate(tiles.get(dgbId).at("/tile_2_network/pool_hashrate").asDouble()));
      // the headline never adds the BTC figure to the DGB one
      assertThat(field(platform, "tile_2_network.total_pool_hashrate").getText()).isEqualTo("per coin below");
      JsonNode dgbEarnings = tiles.get(dgbId).at("/tile_4_blocks/estimated_earnings_24h");
      if (dgbEarnings.isNumber()) {
        assertThat(field(dgb, "by_coin.estimated_earnings_24h").getText()).endsWith(" DGB");
      }
      WebElement message = field(platform, "tile_1_health.health_message");
      assertThat(message.isDisplayed()).isTrue();
      assertThat(message.getText()).contains("'" + brokenId + "': ").doesNotContain(ServerFixture.SOLOPOOL_ID);
      String page = driver.findElement(By.tagName("body")).getText();
      assertThat(page).doesNotContain("NaN").doesNotContain("undefined");
    } finally {
      f.delete("/pools/" + dgbId);
      f.delete("/pools/" + brokenId);
    }
  }

  @Test
  void aPageOfAnotherOriginCannotListenToTheServer() throws Exception {
    // another site's page, open in the same browser: it tries the live-update socket of the server
    String socket = f.base().replace("http://", "ws://") + "/api/dashboard/updates";
    byte[] page = ("<!doctype html><title>start</title><script>"
        + "const ws = new WebSocket('" + socket + "');"
        + "ws.onopen = () => { document.title = 'open'; };"
        + "ws.onerror = () => { document.title = 'refused'; };"
        + "</script>").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    com.sun.net.httpserver.HttpServer other =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    other.createContext("/", exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
      exchange.sendResponseHeaders(200, page.length);
      try (java.io.OutputStream out = exchange.getResponseBody()) {
        out.write(page);
      }
    });
    other.start();
    try {
      driver.get("http://127.0.0.1:" + other.getAddress().getPort() + "/");
      waitUntil(() -> !"start".equals(driver.getTitle()), "the other origin's socket to open or be refused");
      assertThat(driver.getTitle()).isEqualTo("refused");
    } finally {
      other.stop(0);
    }
  }

  // ---------------------------------------------------------------- helpers

  /** The page's hash rate text, computed independently of its script: 3 significant places, SI units. */
  static String hashrate(double hps) {
    String[] units = {"H/s", "kH/s", "MH/s", "GH/s", "TH/s", "PH/s", "EH/s", "ZH/s"};
    int i = thousands(hps, units.length - 1);
    return String.format(Locale.ROOT, "%.2f %s", hps / Math.pow(1000, i), units[i]);
  }

  /** The page's difficulty text, computed independently of its script: "4.12 G", plain below 1000. */
  static String difficulty(double d) {
    String[] units = {"", " K", " M", " G", " T", " P", " E", " Z"};
    int i = thousands(d, units.length - 1);
    return i == 0 ? String.valueOf(Math.round(d)) : String.format(Locale.ROOT, "%.2f%s", d / Math.pow(1000, i), units[i]);
  }

  /** How many times {@code v} divides by 1000 before it is below 1000, at most {@code max}. */
  private static int thousands(double v, int max) {
    int i = 0;
    double x = v;
    while (Math.abs(x) >= 1000 && i < max) {
      x /= 1000;
      i++;
    }
    return i;
  }

  private Object js(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  private static By sectionOf(String poolId) {
    return By.cssSelector("section.pool[data-pool-id='" + poolId + "']");
  }

  private WebElement poolSection(String poolId) {
    waitUntil(() -> !driver.findElements(sectionOf(poolId)).isEmpty(), "the section of pool " + poolId);
    return driver.findElement(sectionOf(poolId));
  }

  private WebElement waitForSectionNamed(String name) {
    By xpath = By.xpath("//section[contains(@class,'pool')][.//span[@class='pool-name' and text()='" + name + "']]");
    waitUntil(() -> !driver.findElements(xpath).isEmpty(), "a section named " + name);
    return driver.findElement(xpath);
  }

  private static WebElement field(WebElement root, String name) {
    return root.findElement(By.cssSelector("[data-field='" + name + "']"));
  }

  private void waitUntil(java.util.function.BooleanSupplier condition, String what) {
    Chromium.waitUntil(driver, WAIT, condition, what);
  }
}
