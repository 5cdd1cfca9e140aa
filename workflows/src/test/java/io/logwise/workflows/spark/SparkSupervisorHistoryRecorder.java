package io.logwise.workflows.spark;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes a history of {@code spark-supervisor} for the replay tests: submit, crash, resubmit, a
 * check, a replay and its end, then continue-as-new. Run only for a deliberate new recording:
 * {@code mvn -pl workflows test -Dtest=SparkSupervisorHistoryRecorder
 * -Dlogwise.recordHistories=$PWD/workflows/src/test/resources/histories}. Never overwrite a file.
 */
@EnabledIfSystemProperty(named = "logwise.recordHistories", matches = ".+")
class SparkSupervisorHistoryRecorder {

  @Test
  void record() throws Exception {
    Path file = fresh("spark-supervisor-v2.json"); // v2: bound between polls
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      FakeSparkMaster master = new FakeSparkMaster();
      SparkSupervisorWorkflow wf = supervisor(env, master);
      WorkflowClient client = env.getWorkflowClient();
      String firstRun =
          WorkflowClient.start(wf::run, new SparkSupervisorInput("acme", null, 400, null))
              .getRunId();
      env.sleep(Duration.ofMinutes(1));
      master.set("driver-1", "FAILED");
      env.sleep(Duration.ofMinutes(1));
      wf.checkNow(new CheckRequest("ops", 2, 4));
      long now = env.currentTimeMillis();
      wf.replay(new ReplayRequest(now - 3_600_000, null, "recorded", "ops"));
      env.sleep(Duration.ofMinutes(2));
      wf.endReplay(new ControlRequest("ops", "caught up"));
      wf.pause(new ControlRequest("ops", null));
      wf.resume(new ControlRequest("ops", null));
      wf.applySettings(new SupervisorSettings(20L, null, null, null, null, null, null));
      env.sleep(Duration.ofMinutes(30));
      Files.writeString(file, client.fetchHistory("spark-supervisor/acme", firstRun).toJson(true));
    }
  }

  /**
   * v3: two cut-overs of a Kafka migration, the first telling a scaling loop the cluster switched
   * (cutover-tells-scaling-loop), the second with none running to tell.
   */
  @Test
  void cutover() throws Exception {
    Path file = fresh("spark-supervisor-v3.json");
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      SparkSupervisorWorkflow wf =
          supervisor(
              env, new FakeSparkMaster(), SparkSupervisorCutoverTest.SwitchListenerImpl.class);
      WorkflowClient client = env.getWorkflowClient();
      String firstRun =
          WorkflowClient.start(wf::run, SparkSupervisorInput.of("acme", null)).getRunId();
      String loopId = io.logwise.workflows.WorkflowIds.scalingLoop("acme");
      WorkflowClient.start(
          client.newWorkflowStub(
                  SparkSupervisorCutoverTest.SwitchListener.class,
                  WorkflowOptions.newBuilder()
                      .setWorkflowId(loopId)
                      .setTaskQueue("logwise")
                      .build())
              ::run);
      env.sleep(Duration.ofMinutes(1));
      wf.cutover(new CutoverCommand("m1", "new-1:9092", "ops"));
      client.newUntypedWorkflowStub(loopId).terminate("recorded");
      env.sleep(Duration.ofMinutes(1));
      wf.cutover(new CutoverCommand("m2", "new-2:9092", "ops"));
      env.sleep(Duration.ofMinutes(1));
      Files.writeString(file, client.fetchHistory("spark-supervisor/acme", firstRun).toJson(true));
    }
  }

  /**
   * Starts {@code env} with the supervisor (and {@code also}) on task queue {@code logwise}, its
   * activities on {@code master}, and gives a stub of {@code spark-supervisor/acme}.
   */
  private static SparkSupervisorWorkflow supervisor(
      TestWorkflowEnvironment env, FakeSparkMaster master, Class<?>... also) {
    Worker worker = env.newWorker("logwise");
    worker.registerWorkflowImplementationTypes(SparkSupervisorWorkflowImpl.class);
    if (also.length > 0) {
      worker.registerWorkflowImplementationTypes(also);
    }
    worker.registerActivitiesImplementations(master);
    env.start();
    return env.getWorkflowClient()
        .newWorkflowStub(
            SparkSupervisorWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("spark-supervisor/acme")
                .setTaskQueue("logwise")
                .build());
  }

  /** Where to write the history {@code name}; refuses one that exists: never overwrite. */
  static Path fresh(String name) {
    Path file = Path.of(System.getProperty("logwise.recordHistories")).resolve(name);
    if (Files.exists(file)) {
      throw new IllegalStateException(file + " exists; pick a new name, never overwrite");
    }
    return file;
  }
}
