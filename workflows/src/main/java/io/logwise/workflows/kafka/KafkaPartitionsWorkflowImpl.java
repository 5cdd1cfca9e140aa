package io.logwise.workflows.kafka;

import io.logwise.policy.kafka.PartitionConfig;
import io.logwise.policy.kafka.PartitionDecision;
import io.logwise.policy.kafka.PartitionPolicy;
import io.logwise.policy.kafka.TopicSample;
import io.logwise.policy.kafka.TopicView;
import io.logwise.workflows.ActivityStubs;
import io.logwise.workflows.LogwiseFailures;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowLock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;

/** Implementation of {@link KafkaPartitionsWorkflow}: observe → decide → grow → record → wait. */
public class KafkaPartitionsWorkflowImpl implements KafkaPartitionsWorkflow {

  private static final Logger log = Workflow.getLogger(KafkaPartitionsWorkflowImpl.class);

  private final KafkaActivities kafka =
      Workflow.newActivityStub(
          KafkaActivities.class,
          ActivityStubs.options(Duration.ofSeconds(60), null, 3, "kafka"),
          Map.of(
              "ObserveTopics",
              ActivityStubs.options(Duration.ofSeconds(60), null, 3, "observe topics"),
              "IncreasePartitions",
              ActivityStubs.options(Duration.ofSeconds(60), null, 5, "grow topic"),
              "RecordPartitionDecisions",
              ActivityStubs.options(Duration.ofSeconds(30), null, 10, "record decisions")));

  private final WorkflowLock lock = Workflow.newWorkflowLock();
  private KafkaPartitionsState state;
  private PartitionConfig config;
  private long intervalSeconds;
  private boolean dryRun;
  private boolean wake;
  // signal-with-start delivers configure before run() has read its input
  private KafkaPartitionsSettings pendingSettings;
  private io.logwise.workflows.planned.PlannedFloor pendingFloor;

  private int maxHistory = 2000;

  @Override
  public void run(KafkaPartitionsInput input) {
    if (input == null || input.tenant() == null || input.tenant().isBlank()) {
      throw LogwiseFailures.invalidInput("tenant is required");
    }
    if (input.intervalSecondsOrDefault() < 1) {
      throw LogwiseFailures.invalidInput("intervalSeconds must be at least 1");
    }
    config = input.config() == null ? PartitionConfig.DEFAULTS : input.config();
    intervalSeconds = input.intervalSecondsOrDefault();
    dryRun = Boolean.TRUE.equals(input.dryRun());
    state =
        input.carriedOver() != null
            ? input.carriedOver()
            : KafkaPartitionsState.initial(input.tenant());
    if (pendingSettings != null) {
      configure(pendingSettings);
      pendingSettings = null;
    }
    if (pendingFloor != null) {
      plannedFloor(pendingFloor);
      pendingFloor = null;
    }
    maxHistory = input.maxHistoryEventsOrDefault();
    while (true) {
      lock.lock();
      try {
        evaluate("timer");
      } finally {
        lock.unlock();
      }
      wake = false;
      if (Workflow.getVersion("history-bound-between-ticks", Workflow.DEFAULT_VERSION, 1) == 1) {
        // evaluations asked through the API write history too: stop waiting once it is long
        Workflow.await(
            Duration.ofSeconds(intervalSeconds),
            () -> wake || io.logwise.workflows.HistoryBudget.isLong(maxHistory));
      } else {
        Workflow.await(Duration.ofSeconds(intervalSeconds), () -> wake);
      }
      if (io.logwise.workflows.HistoryBudget.isLong(maxHistory)) {
        Workflow.await(Workflow::isEveryHandlerFinished);
        Workflow.continueAsNew(
            new KafkaPartitionsInput(
                state.tenant(), config, intervalSeconds, dryRun, input.maxHistoryEvents(), state));
      }
    }
  }

  @Override
  public void validateEvaluateNow(EvaluateRequest request) {
    io.logwise.workflows.HistoryBudget.refuseWhenFull(maxHistory);
  }

  @Override
  public PartitionEvaluation evaluateNow(EvaluateRequest request) {
    // an update can reach a new run before run() has read its input
    Workflow.await(() -> state != null);
    String who =
        request == null || request.requestedBy() == null ? "unknown" : request.requestedBy();
    lock.lock();
    try {
      return evaluate("api: " + who);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void configure(KafkaPartitionsSettings settings) {
    if (settings == null) {
      return;
    }
    if (state == null) {
      pendingSettings = settings;
      return;
    }
    if (settings.config() != null) {
      config = settings.config();
    }
    if (settings.intervalSeconds() != null && settings.intervalSeconds() >= 1) {
      intervalSeconds = settings.intervalSeconds();
      wake = true;
    }
    if (settings.dryRun() != null) {
      dryRun = settings.dryRun();
    }
  }

  /**
   * Partitions over all topics, shared by measured rate; evaluated at once and held until the floor
   * ends (value 0 lifts it).
   */
  @Override
  public void plannedFloor(io.logwise.workflows.planned.PlannedFloor floor) {
    if (floor == null) {
      return;
    }
    if (state == null) {
      pendingFloor = floor;
      return;
    }
    state = state.withFloor(floor);
    wake = floor.value() > 0; // grow ahead of the event now, not at the next tick
  }

  @Override
  public KafkaPartitionsState state() {
    return state;
  }

  // ---- one evaluation ---------------------------------------------------------------------

  private PartitionEvaluation evaluate(String trigger) {
    long now = Workflow.currentTimeMillis();
    TopicsObserved observed;
    try {
      observed = kafka.observeTopics(new ObserveTopicsRequest(state.tenant()));
    } catch (ActivityFailure e) {
      String error = "cannot observe the topics: " + LogwiseFailures.rootMessage(e);
      if (!error.equals(state.lastError())) {
        log.warn("tenant {}: {}", state.tenant(), error);
      }
      state = state.failed(error, now);
      showDetails();
      return new PartitionEvaluation(
          state.tenant(), trigger, now, state.bootstrapServers(), List.of(), 0, error);
    }
    // the cluster changed (a migration): baselines of the old cluster mean nothing here
    Map<String, TopicState> known =
        observed.bootstrapServers().equals(state.bootstrapServers()) ? state.topics() : Map.of();
    Map<String, TopicState> next = new TreeMap<>();
    List<PartitionDecisionRecord> all = new ArrayList<>();
    List<PartitionDecisionRecord> noteworthy = new ArrayList<>();
    int increased = 0;
    List<PartitionDecision> decided = new ArrayList<>();
    for (TopicObservation t : observed.topics()) {
      TopicState before = known.get(t.topic());
      TopicSample sample = new TopicSample(t.endOffsetSum(), observed.observedAtMillis());
      decided.add(
          PartitionPolicy.decide(
              config,
              new TopicView(
                  t.topic(),
                  t.partitions(),
                  before == null ? null : before.baseline(),
                  sample,
                  t.lag(),
                  before == null ? 0 : before.lastIncreaseAtMillis(),
                  observed.observedAtMillis())));
    }
    int plannedTotal = io.logwise.workflows.planned.PlannedFloor.at(state.plannedFloor(), now);
    if (plannedTotal > 0) {
      decided =
          PartitionPolicy.planned(config, decided, plannedTotal, state.plannedFloor().describe());
    }
    for (int i = 0; i < observed.topics().size(); i++) {
      TopicObservation t = observed.topics().get(i);
      TopicState before = known.get(t.topic());
      TopicSample sample = new TopicSample(t.endOffsetSum(), observed.observedAtMillis());
      PartitionDecision d = decided.get(i);
      String key = state.tenant() + "/" + t.topic() + "/" + Workflow.randomUUID();
      Acted acted = act(d, t.topic(), key);
      boolean grown = acted.grownTo() != null;
      if (grown) {
        increased++;
      }
      PartitionDecisionRecord r = record(key, t.topic(), d, acted.outcome(), now);
      all.add(r);
      if (d.action() == PartitionDecision.Action.INCREASE
          || (d.requiredPartitions() != null && d.requiredPartitions() > d.currentPartitions())) {
        noteworthy.add(r);
      }
      long lastIncrease = grown ? now : before == null ? 0 : before.lastIncreaseAtMillis();
      next.put(
          t.topic(),
          new TopicState(
              grown ? acted.grownTo() : t.partitions(),
              PartitionPolicy.nextBaseline(
                  config, before == null ? null : before.baseline(), sample),
              lastIncrease,
              r));
    }
    if (!noteworthy.isEmpty()) {
      try {
        kafka.recordPartitionDecisions(noteworthy);
      } catch (ActivityFailure e) {
        log.warn(
            "tenant {}: partition decisions not recorded in the database: {}",
            state.tenant(),
            LogwiseFailures.rootMessage(e));
      }
    }
    state =
        state.evaluated(
            observed.bootstrapServers(),
            next,
            noteworthy.stream()
                .filter(r -> r.action() == PartitionDecision.Action.INCREASE)
                .toList(),
            now);
    showDetails();
    return new PartitionEvaluation(
        state.tenant(), trigger, now, observed.bootstrapServers(), all, increased, null);
  }

  /** What acting on one decision did: the partitions a topic was grown to (or null), in words. */
  private record Acted(Integer grownTo, String outcome) {}

  private Acted act(PartitionDecision d, String topic, String key) {
    if (d.action() == PartitionDecision.Action.NONE) {
      return new Acted(null, "no change");
    }
    if (dryRun) {
      return new Acted(
          null, "dry run: would grow " + d.currentPartitions() + " → " + d.targetPartitions());
    }
    try {
      PartitionIncrease done =
          kafka.increasePartitions(
              new IncreasePartitionsRequest(state.tenant(), topic, d.targetPartitions(), key));
      return done.changed()
          ? new Acted(done.partitionsAfter(), "increased to " + done.partitionsAfter())
          : new Acted(null, "unchanged: " + done.message());
    } catch (ActivityFailure e) {
      String message = LogwiseFailures.rootMessage(e);
      log.warn(
          "tenant {}: growing {} to {} failed: {}",
          state.tenant(),
          topic,
          d.targetPartitions(),
          message);
      return new Acted(null, "failed: " + message);
    }
  }

  private PartitionDecisionRecord record(
      String key, String topic, PartitionDecision d, String outcome, long now) {
    return new PartitionDecisionRecord(
        state.tenant(),
        key,
        topic,
        d.action(),
        d.currentPartitions(),
        d.targetPartitions(),
        d.requiredPartitions(),
        d.ratePerSecond(),
        d.lag(),
        d.reason(),
        d.explanation(),
        outcome,
        now);
  }

  private void showDetails() {
    StringBuilder md =
        new StringBuilder("**Kafka partition growth** for `" + state.tenant() + "`\n\n");
    md.append("- cluster: `").append(state.bootstrapServers()).append("`\n");
    md.append("- topics: ").append(state.topics().size());
    md.append(", evaluations: ").append(state.evaluations()).append('\n');
    if (!state.recentIncreases().isEmpty()) {
      PartitionDecisionRecord last =
          state.recentIncreases().get(state.recentIncreases().size() - 1);
      md.append("- last increase: `").append(last.topic()).append("` ");
      md.append(last.currentPartitions()).append(" → ").append(last.targetPartitions());
      md.append(" (").append(last.outcome()).append(")\n");
    }
    if (state.lastError() != null) {
      md.append("- last error: ").append(state.lastError()).append('\n');
    }
    if (dryRun) {
      md.append("- **dry run**\n");
    }
    Workflow.setCurrentDetails(md.toString());
  }
}
