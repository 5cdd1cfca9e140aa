package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The sizing page at {@code /sizing} in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}): fill the form, read the answer, check it is the API's; a bad value
 * shows the API's 400 message naming the field. Neither needs a token.
 */
class SizingPageIT {

  private static final List<String> FIGURES = io.logwise.policy.sizing.Sizing.FIGURES;

  @RegisterExtension
  static final LogwiseStack stack =
      LogwiseStack.oneTenantWithApi("sizing", "sizing-admin-0123456789abcdef");

  private static WebDriver browser;

  @BeforeAll
  static void openBrowser() throws Exception {
    browser = HeadlessChromium.open();
  }

  @AfterAll
  static void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  private static void fill(String id, String value) {
    WebElement input = browser.findElement(By.id(id));
    input.clear();
    input.sendKeys(value);
  }

  @Test
  void theFormAnswersWhatTheApiAnswers() {
    browser.get(stack.base() + "/sizing");
    fill("logsPerSecond", "120000");
    fill("avgMessageBytes", "700");
    fill("retentionHours", "48");
    fill("services", "4");
    browser.findElement(By.id("size")).click();
    new WebDriverWait(browser, Duration.ofSeconds(20))
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("out-vectorInstances")));

    JsonNode api =
        Http.send(
                "GET",
                stack.base()
                    + "/api/v1/sizing?logsPerSecond=120000&avgMessageBytes=700&retentionHours=48"
                    + "&services=4",
                null,
                null,
                null)
            .body();
    for (String figure : FIGURES) {
      assertThat(browser.findElement(By.id("out-" + figure)).getText())
          .as(figure)
          .isEqualTo(api.get(figure).asText());
    }
    assertThat(browser.findElement(By.id("result")).getText())
        .as("each figure shows its formula")
        .contains(api.at("/formulas/sparkWorkers").asText());
    assertThat(browser.findElement(By.id("error")).getText()).isEmpty();
  }

  @Test
  void aBadValueShowsTheApisReasonNamingTheField() {
    browser.get(stack.base() + "/sizing");
    fill("logsPerSecond", "lots");
    fill("avgMessageBytes", "0");
    browser.findElement(By.id("size")).click();
    WebElement error =
        new WebDriverWait(browser, Duration.ofSeconds(20))
            .until(
                d -> {
                  WebElement e = d.findElement(By.id("error"));
                  return e.getText().isEmpty() ? null : e;
                });
    assertThat(error.getText()).contains("logsPerSecond must be a whole number (was 'lots')");
    assertThat(browser.findElement(By.id("result")).isDisplayed()).isFalse();
  }
}
