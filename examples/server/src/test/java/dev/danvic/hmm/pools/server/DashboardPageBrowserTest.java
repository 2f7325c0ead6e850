package dev.danvic.hmm.pools.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard page in a real headless Chromium, driven by Selenium: it loads, its tiles show the
 * simulator's numbers, a pool added through the form gets its section, and a change made elsewhere
 * reaches the page over the WebSocket without a reload. Skipped, saying why, when Chromium or
 * ChromeDriver is not installed ({@code .ci/run} installs the Debian packages {@code chromium} and
 * {@code chromium-driver}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardPageBrowserTest {
  static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  static final String CHROMIUM = "/usr/bin/chromium";
  /** Long enough for a slow machine, far shorter than any polling the page does in this test. */
  static final Duration WAIT = Duration.ofSeconds(30);

  ServerFixture f;
  WebDriver driver;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    for (String binary : List.of(CHROMEDRIVER, CHROMIUM)) {
      if (!Files.isExecutable(Path.of(binary))) {
        String message = "browser test skipped: " + binary + " is not installed (Debian packages chromium, chromium-driver)";
        System.out.println(message);
        Assumptions.abort(message);
      }
    }
    f = ServerFixture.start(dir.resolve("server"));
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER); // never let Selenium Manager download one
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,2000",
        "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")).toAbsolutePath());
    driver = new ChromeDriver(service, options);
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
    String brokenId =
        ServerFixture.json(
                f.post("/pools",
                    "{\"pool_type\":\"solopool\",\"name\":\"Broken pool\",\"url\":\"stratum+tcp://127.0.0.1\",\"port\":3334,"
                        + "\"config\":{\"coin\":\"BTC\",\"api_base_url\":\"http://127.0.0.1:9\"}}"))
            .get("id").asText();
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
    int i = 0;
    double x = hps;
    while (Math.abs(x) >= 1000 && i < units.length - 1) {
      x /= 1000;
      i++;
    }
    return String.format(Locale.ROOT, "%.2f %s", x, units[i]);
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
    new WebDriverWait(driver, WAIT)
        .withMessage("waited " + WAIT.toSeconds() + " s for " + what)
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(d -> condition.getAsBoolean());
  }
}
