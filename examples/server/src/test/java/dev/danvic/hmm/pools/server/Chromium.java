package dev.danvic.hmm.pools.server;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The headless Debian Chromium the browser tests drive; a test is skipped, saying why, when
 * Chromium or ChromeDriver is not installed ({@code .ci/run} installs the Debian packages
 * {@code chromium} and {@code chromium-driver}).
 */
final class Chromium {
  static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  static final String CHROMIUM = "/usr/bin/chromium";

  private Chromium() {}

  /** Aborts the calling test when the browser is missing. */
  static void assumeInstalled() {
    for (String binary : List.of(CHROMEDRIVER, CHROMIUM)) {
      if (!Files.isExecutable(Path.of(binary))) {
        String message = "browser test skipped: " + binary + " is not installed (Debian packages chromium, chromium-driver)";
        System.out.println(message);
        Assumptions.abort(message);
      }
    }
  }

  /**
   * @param profile a fresh folder for the browser's profile
   * @return a headless Chromium
   */
  static WebDriver start(Path profile) throws IOException {
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
        "--user-data-dir=" + Files.createDirectories(profile).toAbsolutePath());
    return new ChromeDriver(service, options);
  }

  /**
   * Waits for a condition on the page, retrying while the page replaces the elements it reads.
   *
   * @param driver the browser
   * @param wait how long at most
   * @param condition the condition
   * @param what what is awaited, for the failure message
   */
  static void waitUntil(WebDriver driver, java.time.Duration wait, java.util.function.BooleanSupplier condition, String what) {
    new org.openqa.selenium.support.ui.WebDriverWait(driver, wait)
        .withMessage("waited " + wait.toSeconds() + " s for " + what)
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(d -> condition.getAsBoolean());
  }
}
