package dev.danvic.hmm.pools.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The alerts section of the page in headless Chromium: a channel and a rule added through its
 * forms, a refused rule showing the field the server named, and an alert that fires and resolves
 * reaching the page by push (no reload) while the channel's receiver, on loopback, gets it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertsPageBrowserTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  ServerFixture f;
  WebDriver driver;
  MockWebServer ntfy;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    Chromium.assumeInstalled();
    f = ServerFixture.start(dir.resolve("server"));
    ntfy = new MockWebServer();
    ntfy.start(InetAddress.getByName("127.0.0.1"), 0);
    driver = Chromium.start(dir.resolve("chromium-profile"));
  }

  @AfterAll
  void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (ntfy != null) {
      ntfy.close();
    }
    if (f != null) {
      f.close();
    }
  }

  @Test
  void aUserAddsAChannelAndARuleAndSeesTheAlertFireAndResolve() throws Exception {
    driver.get(f.base() + "/?refresh_ms=3600000");
    ((JavascriptExecutor) driver).executeScript("window.__sameDocument = 'yes';");
    waitUntil(() -> driver.findElement(By.id("alerts-none")).isDisplayed(), "the alerts section to load");
    waitUntil(() -> "on".equals(driver.findElement(By.id("alerts")).getDomAttribute("data-live")), "the alerts socket");

    // a channel through the form; its URL never comes back to the page
    WebElement channelForm = driver.findElement(By.id("channel-form"));
    channelForm.findElement(By.name("id")).sendKeys("phone");
    new Select(channelForm.findElement(By.name("type"))).selectByValue("ntfy");
    channelForm.findElement(By.name("url")).sendKeys(ntfy.url("/my-rigs").toString());
    channelForm.findElement(By.cssSelector("button[type=submit]")).click();
    waitUntil(() -> message().equals("Added channel phone"), "the channel to be added");
    waitUntil(() -> !driver.findElements(By.cssSelector("#alerts-channels li[data-channel=phone]")).isEmpty(), "the channel list");
    assertThat(driver.findElement(By.id("alerts")).getText()).doesNotContain("my-rigs");

    // a refused rule names its field
    WebElement ruleForm = driver.findElement(By.id("rule-form"));
    new Select(ruleForm.findElement(By.name("kind"))).selectByValue("reject_rate_above");
    ruleForm.findElement(By.cssSelector("button[type=submit]")).click();
    waitUntil(() -> message().startsWith("threshold:"), "the refusal naming the threshold");

    // a rule through the form
    new Select(ruleForm.findElement(By.name("kind"))).selectByValue("pool_unhealthy");
    ruleForm.findElement(By.name("name")).sendKeys("Solo down");
    new Select(ruleForm.findElement(By.name("pool_id"))).selectByValue(ServerFixture.SOLOPOOL_ID);
    new Select(ruleForm.findElement(By.name("channel"))).selectByValue("phone");
    ruleForm.findElement(By.cssSelector("button[type=submit]")).click();
    waitUntil(() -> message().equals("Added rule Solo down"), "the rule to be added");
    assertThat(ServerFixture.json(f.get("/alerts/rules")).get(0).get("channels").get(0).asText()).isEqualTo("phone");

    ntfy.enqueue(new MockResponse.Builder().code(200).build());
    ntfy.enqueue(new MockResponse.Builder().code(200).build());
    f.solopool.setDown(true);
    refresh();
    waitUntil(() -> !driver.findElements(By.cssSelector("#alerts-active li[data-pool='" + ServerFixture.SOLOPOOL_ID + "']")).isEmpty(),
        "the active alert to be pushed");
    WebElement newest = driver.findElement(By.cssSelector("#alerts-events li"));
    assertThat(newest.getDomAttribute("data-type")).isEqualTo("fired");
    assertThat(newest.getText()).contains("Solo down");
    RecordedRequest pushed = ntfy.takeRequest(20, TimeUnit.SECONDS);
    assertThat(pushed).isNotNull();
    assertThat(pushed.getHeaders().get("Title")).isEqualTo("Solo down fired (" + ServerFixture.SOLOPOOL_ID + ")");

    f.solopool.setDown(false);
    refresh();
    waitUntil(() -> driver.findElement(By.id("alerts-none")).isDisplayed(), "the alert to resolve on the page");
    waitUntil(() -> "resolved".equals(driver.findElement(By.cssSelector("#alerts-events li")).getDomAttribute("data-type")),
        "the resolved event on top");
    assertThat(driver.findElements(By.cssSelector("#alerts-events li"))).hasSize(2);
    assertThat(((JavascriptExecutor) driver).executeScript("return window.__sameDocument;")).isEqualTo("yes");
  }

  private String message() {
    return driver.findElement(By.id("alerts-message")).getText();
  }

  private void refresh() throws Exception {
    f.server.service().invalidate(ServerFixture.SOLOPOOL_ID);
    f.server.service().health(ServerFixture.SOLOPOOL_ID).get(30, TimeUnit.SECONDS);
    f.server.service().poolTiles(ServerFixture.SOLOPOOL_ID).get(30, TimeUnit.SECONDS);
  }

  private void waitUntil(java.util.function.BooleanSupplier condition, String what) {
    Chromium.waitUntil(driver, WAIT, condition, what);
  }
}
