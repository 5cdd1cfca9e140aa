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
    WorkflowReplayer.replayWorkflowExecution(Files.readString(history), impl);
  }

  @org.junit.jupiter.api.Test
  void everyWorkflowTypeHasARecordedHistory() throws Exception {
    List<String> names = histories().map(p -> p.getFileName().toString()).toList();
    assertThat(IMPLEMENTATIONS.keySet())
        .allSatisfy(prefix -> assertThat(names).anyMatch(n -> n.startsWith(prefix)));
  }
}
