package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven by its chromium-driver (both from {@code
 * scripts/install-deps.sh}): background networking off (this machine reaches no internet) and a
 * fresh profile each time.
 */
final class HeadlessChromium {

  private HeadlessChromium() {}

  static WebDriver open() throws IOException {
    Path driver = Path.of("/usr/bin/chromedriver");
    assertThat(driver).as("chromium-driver (scripts/install-deps.sh installs it)").exists();
    ChromeOptions options =
        new ChromeOptions()
            .setBinary(
                Files.exists(Path.of("/usr/lib/chromium/chromium"))
                    ? "/usr/lib/chromium/chromium"
                    : "/usr/bin/chromium")
            .addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1600,1000",
                "--user-data-dir=" + Files.createTempDirectory("logwise-chromium"));
    return new ChromeDriver(
        new ChromeDriverService.Builder()
            .usingDriverExecutable(driver.toFile())
            .usingAnyFreePort()
            .build(),
        options);
  }
}
