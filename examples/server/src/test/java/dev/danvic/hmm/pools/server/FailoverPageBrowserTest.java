package dev.danvic.hmm.pools.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
 * The failover form of the page in headless Chromium: a refused group shows the field the server
 * named, an added group is listed on its primary, and the moves to the backup and back reach the
 * list by push (no reload).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FailoverPageBrowserTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  ServerFixture f;
  WebDriver driver;
  String mmfpId;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    Chromium.assumeInstalled();
    f = ServerFixture.start(dir.resolve("server"));
    mmfpId = ServerFixture.json(f.post("/pools", f.mmfpBody("Backup MMFP"))).get("id").asText();
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
  void aUserAddsAFailoverGroupAndSeesItsMinerMoveToTheBackupAndBack() throws Exception {
    driver.get(f.base() + "/?refresh_ms=3600000");
    ((JavascriptExecutor) driver).executeScript("window.__sameDocument = 'yes';");
    waitUntil(() -> "on".equals(driver.findElement(By.id("alerts")).getDomAttribute("data-live")), "the alerts socket");
    waitUntil(() -> driver.findElements(By.cssSelector("#failover-form select[name=backup] option")).size() == 2, "the pools in the form");

    WebElement form = driver.findElement(By.id("failover-form"));
    form.findElement(By.name("id")).sendKeys("rig");
    form.findElement(By.name("miner")).sendKeys("bitaxe-1");
    new Select(form.findElement(By.name("primary"))).selectByValue(ServerFixture.SOLOPOOL_ID);
    new Select(form.findElement(By.name("backup"))).selectByValue(ServerFixture.SOLOPOOL_ID);
    for (String minutes : new String[] {"fail_after_minutes", "recover_after_minutes", "min_dwell_minutes"}) {
      form.findElement(By.name(minutes)).clear();
      form.findElement(By.name(minutes)).sendKeys("0");
    }
    form.findElement(By.cssSelector("button[type=submit]")).click();
    waitUntil(() -> message().startsWith("pool_ids:"), "the refusal naming pool_ids");
    assertThat(ServerFixture.json(f.get("/failover/groups"))).isEmpty();

    new Select(form.findElement(By.name("backup"))).selectByValue(mmfpId);
    form.findElement(By.cssSelector("button[type=submit]")).click();
    waitUntil(() -> message().equals("Added failover group rig"), "the group to be added");
    waitUntil(() -> ServerFixture.SOLOPOOL_ID.equals(current()), "the group listed on its primary");
    assertThat(group().getText()).contains("bitaxe-1", "Solo BTC \u2192 Backup MMFP", "advice only");
    JsonNode stored = ServerFixture.json(f.get("/failover/groups")).get(0);
    assertThat(stored.get("pool_ids").get(1).asText()).isEqualTo(mmfpId);
    assertThat(stored.get("min_dwell_minutes").asDouble()).isZero();
    assertThat(stored.get("apply").asBoolean()).isFalse();

    refresh(mmfpId);
    refresh(ServerFixture.SOLOPOOL_ID);
    f.solopool.setDown(true);
    refresh(ServerFixture.SOLOPOOL_ID);
    waitUntil(() -> mmfpId.equals(current()), "the move to the backup pushed to the list");
    assertThat(group().getText()).contains("on Backup MMFP");
    f.solopool.setDown(false);
    refresh(ServerFixture.SOLOPOOL_ID);
    waitUntil(() -> ServerFixture.SOLOPOOL_ID.equals(current()), "the move back pushed to the list");
    assertThat(((JavascriptExecutor) driver).executeScript("return window.__sameDocument;")).isEqualTo("yes");
  }

  private WebElement group() {
    return driver.findElement(By.cssSelector("#failover-groups li[data-group=rig]"));
  }

  private String current() {
    return driver.findElements(By.cssSelector("#failover-groups li[data-group=rig]")).stream()
        .map(li -> li.getDomAttribute("data-current")).findFirst().orElse(null);
  }

  private String message() {
    return driver.findElement(By.id("alerts-message")).getText();
  }

  private void refresh(String poolId) throws Exception {
    f.server.service().invalidate(poolId);
    f.server.service().health(poolId).get(30, TimeUnit.SECONDS);
    f.server.service().poolTiles(poolId).get(30, TimeUnit.SECONDS);
  }

  private void waitUntil(java.util.function.BooleanSupplier condition, String what) {
    Chromium.waitUntil(driver, WAIT, condition, what);
  }
}
