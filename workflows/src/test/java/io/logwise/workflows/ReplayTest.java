package io.logwise.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwise.workflows.kafka.KafkaClusterMigrationWorkflowImpl;
import io.logwise.workflows.kafka.KafkaPartitionsWorkflowImpl;
import io.logwise.workflows.retention.RetentionSyncWorkflowImpl;
import io.logwise.workflows.scaling.ScalingLoopWorkflowImpl;
import io.logwise.workflows.spark.SparkSupervisorWorkflowImpl;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every recorded history in {@code histories/} against today's workflow code: a change that
 * is not guarded by {@code Workflow.getVersion} fails here, not in production. Each file's name
 * starts with the workflow id prefix that tells which implementation replays it.
 */
class ReplayTest {

  private static final Map<String, Class<?>> IMPLEMENTATIONS =
      Map.of(
          "retention-sync", RetentionSyncWorkflowImpl.class,
          "spark-supervisor", SparkSupervisorWorkflowImpl.class,
          "scaling-loop", ScalingLoopWorkflowImpl.class,
          "kafka-partitions", KafkaPartitionsWorkflowImpl.class,
          "kafka-migration", KafkaClusterMigrationWorkflowImpl.class,
          "vector-scaler", io.logwise.workflows.vector.VectorScalerWorkflowImpl.class,
          "planned-events", io.logwise.workflows.planned.PlannedEventsWorkflowImpl.class);

  static Stream<Path> histories() throws IOException, URISyntaxException {
    Path dir = Path.of(ReplayTest.class.getResource("/histories").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> found = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
      return found.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("histories")
  void replaysWithoutNondeterminism(Path history) throws Exception {
    String name = history.getFileName().toString();
    Class<?> impl =
        IMPLEMENTATIONS.entrySet().stream()
            .filter(e -> name.startsWith(e.getKey()))
            .map(Map.Entry::getValue)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no workflow implementation for " + name));
    WorkflowReplayer.replayWorkflowExecution(asReplayed(Files.readString(history)), impl);
  }

  /** The run id the replayer gives every history it replays. */
  static final String REPLAY_RUN_ID = "run_id_in_replay";

  /**
   * The history as the replayer runs it: under {@link #REPLAY_RUN_ID}, not its own run id. An
   * activity result that names the run that made it (the migration's claim, which a run checks
   * against its own id) is read as naming the replayed run, as it does on a worker that replays the
   * real run.
   */
  static io.temporal.common.WorkflowExecutionHistory asReplayed(String json) {
    io.temporal.common.WorkflowExecutionHistory recorded =
        io.temporal.common.WorkflowExecutionHistory.fromJson(json);
    String run =
        recorded
            .getEvents()
            .get(0)
            .getWorkflowExecutionStartedEventAttributes()
            .getOriginalExecutionRunId();
    if (run.isEmpty()) {
      return recorded;
    }
    io.temporal.api.history.v1.History.Builder replayed = recorded.getHistory().toBuilder();
    for (io.temporal.api.history.v1.HistoryEvent.Builder ev : replayed.getEventsBuilderList()) {
      if (ev.hasActivityTaskCompletedEventAttributes()) {
        for (io.temporal.api.common.v1.Payload.Builder p :
            ev.getActivityTaskCompletedEventAttributesBuilder()
                .getResultBuilder()
                .getPayloadsBuilderList()) {
          String data = p.getData().toStringUtf8();
          if (data.contains(run)) {
            p.setData(
                com.google.protobuf.ByteString.copyFromUtf8(data.replace(run, REPLAY_RUN_ID)));
          }
        }
      }
    }
    return new io.temporal.common.WorkflowExecutionHistory(replayed.build());
  }

  /**
   * Histories of versions below a workflow's minimum (docs/development.md, "Retiring a version
   * branch"): today's code refuses them with the SDK's unsupported-version error, naming the
   * retired change, rather than replaying them down a path that no longer exists.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("retiredHistories")
  void retiredHistoriesAreRefusedByName(Path history) throws Exception {
    String json = Files.readString(history);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                WorkflowReplayer.replayWorkflowExecution(
                    asReplayed(json), ScalingLoopWorkflowImpl.class))
        .hasMessageContaining("UnsupportedVersion")
        .hasMessageContaining("of changeId bounded-drain is not supported");
  }

  static Stream<Path> retiredHistories() throws IOException, URISyntaxException {
    Path dir = Path.of(ReplayTest.class.getResource("/histories-retired").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
    }
  }

  @org.junit.jupiter.api.Test
  void everyWorkflowTypeHasARecordedHistory() throws Exception {
    List<String> names = histories().map(p -> p.getFileName().toString()).toList();
    assertThat(IMPLEMENTATIONS.keySet())
        .allSatisfy(prefix -> assertThat(names).anyMatch(n -> n.startsWith(prefix)));
  }
}
