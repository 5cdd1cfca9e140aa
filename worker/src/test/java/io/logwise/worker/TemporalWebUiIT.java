package io.logwise.worker;

import io.logwise.workflows.WorkflowIds;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Temporal Web UI of the real dev server, as an operator opens it, in a real headless Chromium
 * (Debian's): the list filtered by {@code LogwiseTenant="acme"} shows the tenant's long-running
 * workflows, a workflow's page shows its current details (what it is doing now), and its query tab
 * answers {@code state}. Each page is saved as a screenshot under {@code target/webui/} so a
 * failure can be seen.
 */
class TemporalWebUiIT {

  @RegisterExtension
  static final LogwiseStack stack =
      LogwiseStack.oneTenantWithApi("webui", "webui-admin-0123456789abcdef");

  private static final Path SHOTS = Path.of("target", "webui");
  private static WebDriver browser;

  @BeforeAll
  static void openBrowser() throws Exception {
    Files.createDirectories(SHOTS);
    browser = HeadlessChromium.open();
  }

  @AfterAll
  static void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  /**
   * Opens {@code path} of the UI and waits until its page or the text of its frames contains every
   * one of {@code texts}.
   */
  private static void openAndWaitFor(String shot, String path, String... texts) throws Exception {
    browser.get(stack.temporalUiUrl() + path);
    waitFor(shot, texts);
  }

  /** Waits until the page shown contains every one of {@code texts}; saves it as {@code shot}. */
  private static void waitFor(String shot, String... texts) throws Exception {
    try {
      new WebDriverWait(browser, Duration.ofSeconds(60))
          // the single-page app redraws its frames while they are read: look again
          .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
          .ignoring(org.openqa.selenium.NoSuchFrameException.class)
          .until(
              b -> {
                String page = b.getPageSource() + framesText();
                for (String t : texts) {
                  if (!page.contains(t)) {
                    return false;
                  }
                }
                return true;
              });
    } finally {
      Files.write(
          SHOTS.resolve(shot + ".png"),
          ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
  }

  /** The text of every frame of the page (the UI renders user markdown in frames). */
  private static String framesText() {
    StringBuilder text = new StringBuilder();
    for (var frame : browser.findElements(org.openqa.selenium.By.tagName("iframe"))) {
      browser.switchTo().frame(frame);
      try {
        text.append(browser.findElement(org.openqa.selenium.By.tagName("body")).getText())
            .append('\n');
      } finally {
        browser.switchTo().defaultContent();
      }
    }
    return text.toString();
  }

  private static String runPage(String workflowId) {
    String runId =
        TestSteps.describe(stack.client().getWorkflowServiceStubs(), workflowId)
            .getExecution()
            .getRunId();
    return "/namespaces/default/workflows/"
        + URLEncoder.encode(workflowId, StandardCharsets.UTF_8)
        + "/"
        + runId;
  }

  @Test
  void theListFilteredByTenantShowsItsLongRunningWorkflows() throws Exception {
    openAndWaitFor(
        "list-acme",
        "/namespaces/default/workflows?query="
            + URLEncoder.encode("LogwiseTenant=\"acme\"", StandardCharsets.UTF_8)
                .replace("+", "%20"),
        WorkflowIds.retentionSync("acme"),
        WorkflowIds.scalingLoop("acme"),
        WorkflowIds.plannedEvents("acme"));
  }

  @Test
  void aWorkflowsPageSaysWhatItIsDoingAndItsQueryAnswers() throws Exception {
    String page = runPage(WorkflowIds.retentionSync("acme"));
    openAndWaitFor("retention-sync-acme", page, "RetentionSyncWorkflow", "webui-retention");
    // the summary and the current details (markdown of the state), each rendered in a frame
    openAndWaitFor(
        "retention-sync-acme-details",
        page + "/user-metadata",
        "Service catalog sync for tenant acme",
        "Service catalog sync for acme",
        "syncs:");
    // the query tab offers the workflow's queries; state is the first, an operator runs it
    openAndWaitFor("retention-sync-acme-queries", page + "/query", "Run Query", "state");
    browser.findElement(org.openqa.selenium.By.xpath("//button[contains(., 'Run Query')]")).click();
    waitFor("retention-sync-acme-query", "syncCount", "failureCount");
  }
}
