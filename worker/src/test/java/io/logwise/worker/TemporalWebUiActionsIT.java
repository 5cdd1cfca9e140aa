package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwise.activities.support.KafkaBrokers;
import io.logwise.workflows.WorkflowIds;
import io.logwise.workflows.planned.PlannedEventsWorkflow;
import io.logwise.workflows.spark.ControlRequest;
import io.logwise.workflows.spark.SparkSupervisorWorkflow;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What an operator does in the Temporal Web UI of the real dev server, in a real headless Chromium:
 * send a signal and an update from a workflow's page and see them take effect; start a {@code
 * KafkaClusterMigration} from the start-workflow form with the docs' input (and see a bad input
 * refused with every problem listed); and reset a migration that preflight refused, once the cause
 * is fixed, so that it completes. Every step is saved as a screenshot under {@code
 * target/webui-actions/}.
 */
@Tag("kafka")
class TemporalWebUiActionsIT {

  private static KafkaBrokers oldKafka;
  private static KafkaBrokers newKafka;

  @RegisterExtension
  static final LogwiseStack stack =
      LogwiseStack.workerOnly(
          "logwise",
          """
          auth:
            tokens:
              - {name: ops, token: "webui-actions-admin-0123456789", scopes: [admin]}
          tenants:
            - name: acme
              spark: {masterHost: 127.0.0.1, masterWebPort: 9, restPort: 9, jarPath: 'file:/opt/logwise/job.jar'}
              kafka: {bootstrapServers: "${OLD_KAFKA}", enablePartitionScaling: false}
              objectStore: {bucket: webui-actions-logs, endpoint: "${S3}", pathStyleAccess: true, accessKeyId: test, secretAccessKey: test}
          """,
          s -> {
            oldKafka = s.closeLater(KafkaBrokers.start());
            newKafka = s.closeLater(KafkaBrokers.start());
            oldKafka.createTopic("logs.checkout", 2);
            return Map.of("OLD_KAFKA", oldKafka.bootstrapServers());
          });

  private static final Path SHOTS = Path.of("target", "webui-actions");
  private static WebDriver browser;
  private static int shot;

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

  private static void save(String name) throws Exception {
    Files.write(
        SHOTS.resolve(String.format("%02d-%s.png", ++shot, name)),
        ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }

  /** Waits for {@code done}, saving the page as {@code name} either way. */
  private static void until(String name, BooleanSupplier done) throws Exception {
    try {
      new WebDriverWait(browser, Duration.ofSeconds(60))
          .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
          .ignoring(org.openqa.selenium.NoSuchElementException.class)
          .ignoring(org.openqa.selenium.ElementClickInterceptedException.class)
          .until(b -> done.getAsBoolean());
    } finally {
      save(name);
    }
  }

  /** Clicks the first shown element {@code by} finds, once it can be clicked. */
  private static void click(String name, By by) throws Exception {
    until(
        name,
        () -> {
          for (WebElement e : browser.findElements(by)) {
            if (e.isDisplayed() && e.isEnabled()) {
              e.click();
              return true;
            }
          }
          return false;
        });
  }

  private static String runPage(String workflowId) {
    return "/namespaces/default/workflows/"
        + URLEncoder.encode(workflowId, StandardCharsets.UTF_8)
        + "/"
        + TestSteps.describe(stack.client().getWorkflowServiceStubs(), workflowId)
            .getExecution()
            .getRunId();
  }

  /**
   * Replaces what the code editor {@code editorIn} holds with {@code json}, as typed, then leaves
   * it: the editor lays valid JSON out again when it loses the focus, which moves the buttons below
   * it, so nothing is clicked before that is done.
   */
  private static void typeInto(String name, By editorIn, String json) throws Exception {
    click(name + "-editor", editorIn);
    WebElement editor = browser.switchTo().activeElement();
    editor.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
    editor.sendKeys(json);
    // the editor closes brackets and quotes as they are typed: remove what it added past the end
    editor.sendKeys(Keys.chord(Keys.CONTROL, Keys.SHIFT, Keys.END), Keys.DELETE);
    ((org.openqa.selenium.JavascriptExecutor) browser)
        .executeScript("document.activeElement.blur()");
    until(
        name + "-laid-out",
        () ->
            browser.findElements(editorIn).stream()
                .filter(WebElement::isDisplayed)
                .anyMatch(e -> e.findElements(By.cssSelector(".cm-line")).size() > 1));
  }

  /** Picks {@code option} of the holocene select whose button is {@code select + "-button"}. */
  private static void choose(String name, String select, String optionXPath) throws Exception {
    click(name + "-open", By.cssSelector("[data-testid='" + select + "-button']"));
    click(name + "-pick", By.xpath(optionXPath));
  }

  /**
   * From {@code workflowId}'s page: More Actions, then {@code kind} ({@code signal} or {@code
   * update}), the handler {@code handler} from the modal's list, {@code json} as its input, Submit.
   */
  private static void send(String kind, String workflowId, String handler, String json)
      throws Exception {
    browser.get(stack.temporalUiUrl() + runPage(workflowId));
    click(kind + "-more", By.xpath("//button[contains(., 'More Actions')]"));
    click(kind + "-action", By.cssSelector("[data-testid='" + kind + "-button']"));
    choose(
        kind + "-name",
        kind + "-select",
        "//*[@role='option'][.//text()[normalize-space(.)='" + handler + "']]");
    String modal = kind + "-confirmation-modal";
    typeInto(kind + "-input", By.cssSelector("#" + modal + " .cm-content"), json);
    click(
        kind + "-submit",
        By.xpath("//*[@id='" + modal + "']//button[normalize-space(.)='Submit']"));
  }

  @Test
  void aSignalSentFromTheUiReachesTheScalingLoop() throws Exception {
    String loop = WorkflowIds.scalingLoop("acme");
    send(
        "signal",
        loop,
        "batch",
        "{\"batchId\":\"from-the-ui\",\"inputRecords\":3000000,\"outputBytes\":0,"
            + "\"submissionTime\":1700000000000,\"completionTime\":1700000030000,"
            + "\"status\":\"succeeded\"}");
    var stub = stack.client().newUntypedWorkflowStub(loop);
    until(
        "signal-took-effect",
        () -> String.valueOf(stub.query("state", Object.class)).contains("from-the-ui"));
  }

  @Test
  void anUpdateSentFromTheUiPlansAnEvent() throws Exception {
    String planned = WorkflowIds.plannedEvents("acme");
    Instant starts = Instant.now().plus(Duration.ofDays(3));
    send(
        "update",
        planned,
        "plan",
        "{\"name\":\"from-the-ui\",\"startsAt\":\""
            + starts
            + "\",\"endsAt\":\""
            + starts.plus(Duration.ofHours(6))
            + "\",\"expectedPeakLogsPerSecond\":50000}");
    var events = stack.client().newWorkflowStub(PlannedEventsWorkflow.class, planned);
    until(
        "update-took-effect",
        () -> events.state().events().stream().anyMatch(e -> e.name().equals("from-the-ui")));
  }

  /** The docs' CLI start of a migration: its task queue, workflow id and JSON input. */
  private static String docsMigrationInput() throws Exception {
    var start =
        DocsTemporalCommands.all().stream()
            .filter(c -> c.text().contains("--type KafkaClusterMigration"))
            .filter(c -> c.text().contains("kafka-migration/acme/m1"))
            .findFirst()
            .orElseThrow();
    String text = start.text();
    String json = text.substring(text.indexOf("--input '") + 9, text.lastIndexOf('\''));
    return json.replace("kafka-b-1:9092", newKafka.bootstrapServers());
  }

  private static void startFromTheForm(String name, String workflowId, String json)
      throws Exception {
    browser.get(
        stack.temporalUiUrl()
            + "/namespaces/default/workflows/start-workflow?workflowId="
            + URLEncoder.encode(workflowId, StandardCharsets.UTF_8)
            + "&taskQueue=logwise-kafka&workflowType=KafkaClusterMigration");
    typeInto(name + "-input", By.cssSelector(".cm-content"), json);
    click(name + "-start", By.cssSelector("button[data-testid='start-workflow-button']"));
    until(name + "-started", () -> exists(workflowId));
  }

  private static boolean exists(String workflowId) {
    try {
      TestSteps.describe(stack.client().getWorkflowServiceStubs(), workflowId);
      return true;
    } catch (io.grpc.StatusRuntimeException e) {
      return false;
    }
  }

  private static WorkflowExecutionStatus statusOf(String workflowId) {
    return TestSteps.describe(stack.client().getWorkflowServiceStubs(), workflowId).getStatus();
  }

  @Test
  void aMigrationStartedFromTheFormAndRefusedByPreflightIsResetFromTheUiOnceFixed()
      throws Exception {
    // a bad input: the run fails at once, its failure listing every problem
    String bad = WorkflowIds.kafkaMigration("acme", "bad");
    startFromTheForm("bad", bad, "{\"newBootstrapServers\":\"no-port\",\"quietPeriodSeconds\":1}");
    browser.get(stack.temporalUiUrl() + runPage(bad));
    until(
        "bad-refused",
        () ->
            browser.getPageSource().contains("3 problem(s)")
                && browser.getPageSource().contains("quietPeriodSeconds must be between"));
    assertThat(statusOf(bad)).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED);

    // the docs' input, while supervision is paused for maintenance: preflight refuses
    var supervisor =
        stack
            .client()
            .newWorkflowStub(SparkSupervisorWorkflow.class, WorkflowIds.sparkSupervisor("acme"));
    until("supervisor-up", () -> supervisor.state() != null);
    supervisor.pause(new ControlRequest("ops", "maintenance"));
    String m1 = WorkflowIds.kafkaMigration("acme", "m1");
    startFromTheForm("m1", m1, docsMigrationInput());
    until(
        "m1-refused",
        () -> statusOf(m1) == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED);
    String failedRun =
        TestSteps.describe(stack.client().getWorkflowServiceStubs(), m1).getExecution().getRunId();

    // fixed; reset from the UI to the first workflow task
    supervisor.resume(new ControlRequest("ops", "maintenance done"));
    browser.get(stack.temporalUiUrl() + runPage(m1));
    until("m1-page", () -> browser.getPageSource().contains("paused"));
    click("reset", By.xpath("//button[normalize-space(.)='Reset']"));
    choose(
        "reset-point",
        "workflow-reset-event-id-select",
        "//*[@role='option'][contains(., 'WorkflowTaskCompleted')]");
    click(
        "reset-confirm",
        By.xpath("//*[@id='reset-confirmation-modal']//button[normalize-space(.)='Confirm']"));
    until(
        "m1-reset-completed",
        () ->
            !TestSteps.describe(stack.client().getWorkflowServiceStubs(), m1)
                    .getExecution()
                    .getRunId()
                    .equals(failedRun)
                && statusOf(m1) == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    Object result =
        stack
            .client()
            .newUntypedWorkflowStub(m1)
            .getResult(10, java.util.concurrent.TimeUnit.SECONDS, Object.class);
    assertThat(String.valueOf(result)).contains("COMPLETED", "dry run");
    browser.get(stack.temporalUiUrl() + runPage(m1));
    until("m1-after-reset", () -> browser.getPageSource().contains("Completed"));
  }
}
