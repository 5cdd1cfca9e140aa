package io.logwise.workflows.planned;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwise.policy.kafka.PartitionConfig;
import io.logwise.policy.planned.PlannedEvents;
import io.logwise.policy.scaling.ScalingConfig;
import io.logwise.policy.vector.VectorPolicy;
import io.logwise.workflows.Runs;
import io.logwise.workflows.WorkflowIds;
import io.logwise.workflows.kafka.FakeKafka;
import io.logwise.workflows.kafka.KafkaPartitionsInput;
import io.logwise.workflows.kafka.KafkaPartitionsWorkflow;
import io.logwise.workflows.kafka.KafkaPartitionsWorkflowImpl;
import io.logwise.workflows.scaling.FakeFleet;
import io.logwise.workflows.scaling.ScalingLoopInput;
import io.logwise.workflows.scaling.ScalingLoopWorkflow;
import io.logwise.workflows.scaling.ScalingLoopWorkflowImpl;
import io.logwise.workflows.vector.VectorActivities;
import io.logwise.workflows.vector.VectorScalerInput;
import io.logwise.workflows.vector.VectorScalerWorkflow;
import io.logwise.workflows.vector.VectorScalerWorkflowImpl;
import io.logwise.workflows.vector.VectorScalerWorkflowTest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hours of simulated time: the planned-events workflow and the three parts it holds up, each the
 * real workflow over in-memory activities.
 */
class PlannedEventsWorkflowTest {

  @RegisterExtension
  static final TestWorkflowExtension env =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(
              PlannedEventsWorkflowImpl.class,
              ScalingLoopWorkflowImpl.class,
              VectorScalerWorkflowImpl.class,
              KafkaPartitionsWorkflowImpl.class)
          .setWorkerFactoryOptions(
              io.temporal.worker.WorkerFactoryOptions.newBuilder()
                  .setWorkerInterceptors(io.logwise.workflows.Together.INTERCEPTOR)
                  .build())
          .setDoNotStart(true)
          .build();

  static final PlannedEventsSettings SETTINGS =
      new PlannedEventsSettings(
          45 * 60L, new PlannedEvents.Capacities(20_000, 16_000, 2_000, 2), true, true);

  private TestWorkflowEnvironment testEnv;
  private WorkflowClient client;
  private final FakeFleet spark = new FakeFleet();
  private final VectorScalerWorkflowTest.FakeVector vector =
      new VectorScalerWorkflowTest.FakeVector();
  private FakeKafka kafka;

  private PlannedEventsWorkflow start(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c, PlannedEventsInput in) {
    testEnv = e;
    client = c;
    kafka = new FakeKafka(e::currentTimeMillis);
    kafka.topics.put("logs.checkout", new FakeKafka.Topic(2, 3_000));
    kafka.topics.put("logs.search", new FakeKafka.Topic(2, 1_000));
    PlannedEventsWorkflow planned =
        Runs.stubOnTestWorker(
            e,
            w,
            c,
            PlannedEventsWorkflow.class,
            WorkflowIds.plannedEvents("acme"),
            spark,
            vector,
            kafka);
    WorkflowClient.start(
        stub(ScalingLoopWorkflow.class, WorkflowIds.scalingLoop("acme"), w)::run,
        ScalingLoopInput.of("acme", ScalingConfig.REFERENCE, false));
    WorkflowClient.start(
        stub(VectorScalerWorkflow.class, WorkflowIds.vectorScaler("acme"), w)::run,
        VectorScalerInput.of(
            "acme", VectorPolicy.Rules.DEFAULTS.bounded(5 * 60_000L, 1, 50), false));
    WorkflowClient.start(
        stub(KafkaPartitionsWorkflow.class, WorkflowIds.kafkaPartitions("acme"), w)::run,
        KafkaPartitionsInput.of("acme", PartitionConfig.DEFAULTS, 60, false));
    WorkflowClient.start(planned::run, in);
    return planned;
  }

  private <T> T stub(Class<T> type, String id, Worker w) {
    return client.newWorkflowStub(
        type,
        WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(w.getTaskQueue()).build());
  }

  private PlannedEventRequest event(String name, Duration startsIn, Duration lasts, long peak) {
    Instant starts = Instant.ofEpochMilli(testEnv.currentTimeMillis()).plus(startsIn);
    return new PlannedEventRequest(
        name, starts.toString(), starts.plus(lasts).toString(), peak, "ops@acme");
  }

  private void sleep(Duration d) {
    testEnv.sleep(d);
  }

  @Test
  void preScalesEveryPartAtItsLeadTimeHoldsUntilTheEndThenLetsGo(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    PlannedEventsWorkflow wf = start(e, w, c, PlannedEventsInput.of("acme", SETTINGS));
    // 3 Vector instances carry 10,000 logs/s at 50 % CPU: 4,667 each at the 70 % threshold
    PlannedEventView planned =
        wf.plan(event("sale", Duration.ofHours(2), Duration.ofHours(1), 100_000));
    assertThat(planned.phase()).isEqualTo("scheduled");
    assertThat(planned.plan().sparkWorkers()).isEqualTo(10); // ⌈150,000 / 16,000⌉
    assertThat(planned.plan().kafkaPartitions()).isEqualTo(76); // ⌈150,000 / 2,000⌉, even

    sleep(Duration.ofMinutes(70)); // five minutes before the lead time
    assertThat(spark.scaled).isEmpty();
    assertThat(vector.scaled).isEmpty();
    assertThat(kafka.increases).isEmpty();
    assertThat(wf.state().floors().holds()).isFalse();

    sleep(Duration.ofMinutes(7)); // 45 minutes before the start, and a minute for Vector
    assertThat(wf.state().floors().events()).containsExactly("sale");
    assertThat(wf.state().events())
        .singleElement()
        .extracting(PlannedEventView::phase)
        .isEqualTo("holding");
    assertThat(wf.state().applied())
        .hasSize(3)
        .allSatisfy(line -> assertThat(line).contains(": sent to "));
    assertThat(spark.desired).as("Spark raised at once to the floor").isEqualTo(10);
    assertThat(spark.recorded)
        .anySatisfy(
            d -> assertThat(d.reason()).contains("planned event sale holds at least 10 workers"));
    // 150,000 logs/s over the measured 4,667 per instance
    assertThat(vector.instances).isEqualTo(33);
    // 76 partitions shared by rate: 75 % → 58, 25 % → 20 (rounded up to even)
    assertThat(kafka.topics.get("logs.checkout").partitions).isEqualTo(58);
    assertThat(kafka.topics.get("logs.search").partitions).isEqualTo(20);

    vector.cpu = 0.1; // quiet: without the floor Vector would shrink every cooldown
    sleep(Duration.ofMinutes(30));
    assertThat(vector.instances).as("held by the floor").isEqualTo(33);
    assertThat(
            c.newWorkflowStub(VectorScalerWorkflow.class, WorkflowIds.vectorScaler("acme"))
                .state()
                .decisions())
        .anySatisfy(d -> assertThat(d.why()).isEqualTo(VectorPolicy.Why.HELD_BY_FLOOR));

    sleep(Duration.ofMinutes(75)); // the event ended ~2 minutes ago
    PlannedEventsState after = wf.state();
    assertThat(after.floors().holds()).isFalse();
    assertThat(after.events()).isEmpty();
    assertThat(after.past()).singleElement().extracting(PlannedEventView::phase).isEqualTo("ended");
    assertThat(
            c.newWorkflowStub(ScalingLoopWorkflow.class, WorkflowIds.scalingLoop("acme"))
                .state()
                .plannedFloor()
                .value())
        .as("cleared")
        .isZero();
    int atEnd = vector.instances;
    sleep(Duration.ofMinutes(20));
    // one instance per five-minute cooldown, never a jump
    List<VectorActivities.ScaleVectorRequest> downs =
        vector.scaled.stream().filter(r -> r.target() < 33).toList();
    assertThat(downs).isNotEmpty().hasSizeLessThanOrEqualTo(5);
    assertThat(downs).allSatisfy(r -> assertThat(r.target()).isEqualTo(r.from() - 1));
    assertThat(vector.instances).isLessThan(atEnd);
    assertThat(kafka.topics.get("logs.checkout").partitions).as("never shrunk").isEqualTo(58);
  }

  @Test
  void refusesBadEventsWithTheirReasonAndCancelsByName(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    PlannedEventsWorkflow wf = start(e, w, c, PlannedEventsInput.of("acme", SETTINGS));
    assertThat(
            refusal(() -> wf.plan(event("old", Duration.ofHours(-1), Duration.ofMinutes(30), 5))))
        .isEqualTo(IllegalArgumentException.class.getName() + ": startsAt is in the past");
    assertThat(refusal(() -> wf.plan(event("long", Duration.ofHours(1), Duration.ofDays(8), 5))))
        .isEqualTo(
            IllegalArgumentException.class.getName()
                + ": the event lasts longer than 7 days (endsAt - startsAt)");
    assertThat(refusal(() -> wf.plan(new PlannedEventRequest("x", "tomorrow", null, null, "ops"))))
        .isEqualTo(
            IllegalArgumentException.class.getName()
                + ": startsAt must be an ISO-8601 instant such as 2026-11-27T08:00:00Z;"
                + " endsAt is required; expectedPeakLogsPerSecond is required");
    wf.plan(event("launch", Duration.ofHours(3), Duration.ofHours(1), 50_000));
    assertThat(refusal(() -> wf.plan(event("launch", Duration.ofHours(5), Duration.ofHours(1), 9))))
        .isEqualTo(
            IllegalStateException.class.getName() + ": an event named launch is planned already");
    assertThat(refusal(() -> wf.cancel(new CancelEventRequest("nope", "ops"))))
        .isEqualTo(NoSuchElementException.class.getName() + ": no planned event named nope");

    assertThat(wf.cancel(new CancelEventRequest("launch", "ops")).phase()).isEqualTo("cancelled");
    sleep(Duration.ofHours(3));
    assertThat(spark.scaled).as("a cancelled event scales nothing").isEmpty();
    assertThat(wf.state().past()).extracting(PlannedEventView::name).containsExactly("launch");
  }

  /**
   * Two plans of one name, then two cancels of it, each pair delivered in one workflow task: both
   * pass their validators (each sees the state from before the other), so the handlers decide; one
   * of each pair is taken, the other refused with its reason.
   */
  @Test
  void twoPlansOrTwoCancelsOfOneNameDeliveredTogetherTakeOne(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) throws Exception {
    PlannedEventsWorkflow wf = start(e, w, c, PlannedEventsInput.of("acme", SETTINGS));
    wf.state(); // the run is up
    List<io.logwise.workflows.Together.Outcome> plans =
        io.logwise.workflows.Together.deliver(
            c,
            WorkflowIds.plannedEvents("acme"),
            new io.logwise.workflows.Together.Update(
                "plan",
                event("launch", Duration.ofHours(3), Duration.ofHours(1), 50_000),
                PlannedEventView.class),
            new io.logwise.workflows.Together.Update(
                "plan",
                event("launch", Duration.ofHours(5), Duration.ofHours(1), 9),
                PlannedEventView.class));
    assertThat(io.logwise.workflows.Together.refusalOfTheOther(plans))
        .contains("an event named launch is planned already");
    assertThat(wf.state().events()).hasSize(1);

    List<io.logwise.workflows.Together.Outcome> cancels =
        io.logwise.workflows.Together.deliver(
            c,
            WorkflowIds.plannedEvents("acme"),
            new io.logwise.workflows.Together.Update(
                "cancel", new CancelEventRequest("launch", "alice"), PlannedEventView.class),
            new io.logwise.workflows.Together.Update(
                "cancel", new CancelEventRequest("launch", "bob"), PlannedEventView.class));
    assertThat(io.logwise.workflows.Together.refusalOfTheOther(cancels))
        .contains("no planned event named launch");
    assertThat(wf.state().events()).isEmpty();
    assertThat(wf.state().past()).extracting(PlannedEventView::name).containsExactly("launch");
  }

  /**
   * A cancel can reach a run in its first workflow task, before {@code run} has read the events it
   * carries over (right after continue-as-new): it was refused as "no planned event named …".
   */
  @Test
  void aCancelDeliveredWithTheFirstTaskOfARunFindsTheCarriedEvent(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) {
    PlannedEventsWorkflow first = start(e, w, c, PlannedEventsInput.of("acme", SETTINGS));
    first.plan(event("launch", Duration.ofHours(3), Duration.ofHours(1), 50_000));
    PlannedEventsState carried = first.state();
    c.newUntypedWorkflowStub(WorkflowIds.plannedEvents("acme")).terminate("the test hands over");

    PlannedEventsWorkflow next =
        io.logwise.workflows.Runs.firstTaskStub(
            c, w, PlannedEventsWorkflow.class, WorkflowIds.plannedEvents("acme"));
    PlannedEventView cancelled =
        WorkflowClient.executeUpdateWithStart(
            next::cancel,
            new CancelEventRequest("launch", "ops"),
            io.logwise.workflows.Runs.completed(PlannedEventView.class),
            new io.temporal.client.WithStartWorkflowOperation<>(
                next::run, new PlannedEventsInput("acme", SETTINGS, null, carried)));

    assertThat(cancelled.phase()).isEqualTo("cancelled");
    assertThat(next.state().events()).isEmpty();
  }

  @Test
  void overlappingEventsHoldTheLargestAndEventsSurviveContinueAsNew(
      TestWorkflowEnvironment e, Worker w, WorkflowClient c) throws Exception {
    PlannedEventsWorkflow wf = start(e, w, c, new PlannedEventsInput("acme", SETTINGS, 40, null));
    for (int i = 0; i < 8; i++) {
      int n = i;
      Runs.retryingUpdate(
          () ->
              wf.plan(
                  event("later-" + n, Duration.ofDays(2 + n), Duration.ofHours(1), 1_000L + n)));
    }
    Runs.retryingUpdate(
        () -> wf.plan(event("small", Duration.ofHours(1), Duration.ofHours(4), 32_000)));
    Runs.retryingUpdate(
        () -> wf.plan(event("big", Duration.ofHours(2), Duration.ofHours(1), 64_000)));
    sleep(Duration.ofMinutes(20)); // small's lead time
    assertThat(spark.desired).isEqualTo(3); // ⌈48,000 / 16,000⌉ = 3: what it has
    sleep(Duration.ofHours(1)); // big's lead time: ⌈96,000 / 16,000⌉ = 6
    assertThat(wf.state().floors().events()).containsExactly("small", "big");
    assertThat(spark.desired).isEqualTo(6);
    sleep(Duration.ofMinutes(105)); // big ended, small holds: its floor, 3, is below the fleet
    assertThat(wf.state().floors().events()).containsExactly("small");
    assertThat(wf.state().floors().sparkWorkers()).isEqualTo(3);
    assertThat(wf.state().events()).hasSize(9);
    var runs = Runs.of(c, WorkflowIds.plannedEvents("acme"));
    assertThat(runs).as("continued as new at 40 events").hasSizeGreaterThan(1);
    assertThat(Runs.longest(runs)).isLessThanOrEqualTo(60);
  }

  private static String refusal(Runnable update) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(update::run);
    assertThat(t).isInstanceOf(WorkflowUpdateException.class);
    ApplicationFailure f = (ApplicationFailure) t.getCause();
    return f.getType() + ": " + f.getOriginalMessage();
  }
}
