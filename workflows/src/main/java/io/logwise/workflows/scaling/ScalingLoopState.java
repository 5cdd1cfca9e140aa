package io.logwise.workflows.scaling;

import io.logwise.policy.scaling.AdaptiveMemory;
import io.logwise.policy.scaling.BatchSample;
import io.logwise.policy.scaling.KafkaSwitch;
import io.logwise.policy.scaling.ScalingConfig;
import io.logwise.policy.scaling.ScalingMemory;
import io.logwise.workflows.planned.PlannedFloor;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * What {@code scaling-loop/<tenant>} keeps: the batch window, recent decisions, the override, the
 * batch ids already seen, when it last scaled up and last changed the fleet, the adaptive policy's
 * memory, and the batches not evaluated yet (with how many older ones were folded into the window
 * without an evaluation of their own), a planned event's floor (null when none was sent), when the
 * loop last looked between reports (null when it never did, or the run is older than that), and the
 * last migration that switched the tenant's Kafka cluster (null: none the loop was told of).
 *
 * <p>The loop holds one of these and changes it only through the transitions below; the {@code
 * state} query returns it and continue-as-new carries it whole. Its JSON is the carried-over input
 * of every recorded run, so the components stay as they are.
 */
public record ScalingLoopState(
    String tenant,
    List<BatchSample> window,
    List<DecisionRecord> decisions,
    OverrideState override,
    List<String> seenBatchIds,
    long lastScaleUpAtMillis,
    long evaluations,
    long lastChangeAtMillis,
    AdaptiveMemory adaptive,
    List<BatchReport> pendingBatches,
    int foldedBatches,
    PlannedFloor plannedFloor,
    Long lastLookAtMillis,
    KafkaSwitch kafkaSwitch) {

  /** Decisions kept for the {@code decisions} query (the database keeps them all). */
  static final int KEPT_DECISIONS = 50;

  /** Batch ids remembered to ignore a report sent twice. */
  static final int KEPT_IDS = 500;

  /** Before a run has read its input: what signals delivered with its first task leave here. */
  static final ScalingLoopState UNSTARTED =
      new ScalingLoopState(null, null, null, null, null, 0, 0, 0, null, null, 0, null, null, null);

  public ScalingLoopState {
    window = window == null ? List.of() : List.copyOf(window);
    pendingBatches = pendingBatches == null ? List.of() : List.copyOf(pendingBatches);
    decisions = decisions == null ? List.of() : List.copyOf(decisions);
    seenBatchIds = seenBatchIds == null ? List.of() : List.copyOf(seenBatchIds);
  }

  /** The policy-side memory in this state. */
  public ScalingMemory memory() {
    return new ScalingMemory(window, lastScaleUpAtMillis, lastChangeAtMillis, adaptive);
  }

  /** Whether a batch waits for its evaluation. */
  boolean hasPending() {
    return !pendingBatches.isEmpty();
  }

  /** A first run of {@code tenant}, with the override stored for it. */
  ScalingLoopState started(String tenant, OverrideState stored) {
    return with(
        tenant,
        decisions,
        stored,
        seenBatchIds,
        evaluations,
        pendingBatches,
        foldedBatches,
        plannedFloor);
  }

  /**
   * A run continued from {@code carried}: its memory, decisions, override and counts, with the
   * batches and floor signalled to this run before it read its input kept (those batches queue
   * before the carried ones; a floor sent now replaces the carried one).
   */
  ScalingLoopState continuedFrom(String tenant, ScalingLoopState carried) {
    LinkedHashSet<String> ids = new LinkedHashSet<>(seenBatchIds);
    ids.addAll(carried.seenBatchIds());
    List<BatchReport> queued = new ArrayList<>(pendingBatches);
    queued.addAll(carried.pendingBatches());
    ScalingLoopState continued =
        new ScalingLoopState(
            tenant,
            carried.window(),
            carried.decisions(),
            carried.override(),
            new ArrayList<>(ids),
            carried.lastScaleUpAtMillis(),
            carried.evaluations(),
            carried.lastChangeAtMillis(),
            carried.adaptive(),
            queued,
            carried.foldedBatches(),
            plannedFloor != null ? plannedFloor : carried.plannedFloor(),
            carried.lastLookAtMillis(),
            carried.kafkaSwitch());
    // a cut-over told before this run read its input: what was carried read the old cluster (what
    // was queued here before the signal is in its old runs already; what came after is the new
    // driver's)
    return kafkaSwitch == null
        ? continued
        : continued.switchedOver(
            kafkaSwitch, carried.window(), carried.pendingBatches(), carried.kafkaSwitch());
  }

  /** With {@code report} queued, unless its id was seen (a report sent twice is ignored). */
  ScalingLoopState received(BatchReport report) {
    return receivedAll(java.util.Collections.singletonList(report));
  }

  /**
   * With each of {@code reports} queued in order, unless its id was seen (before, or earlier in the
   * list); one copy of the queue however many reports one signal carries.
   */
  ScalingLoopState receivedAll(List<BatchReport> reports) {
    LinkedHashSet<String> ids = new LinkedHashSet<>(seenBatchIds);
    List<BatchReport> queued = new ArrayList<>(pendingBatches);
    for (BatchReport report : reports) {
      if (report != null && report.batchId() != null && ids.add(report.batchId())) {
        queued.add(report);
      }
    }
    if (queued.size() == pendingBatches.size()) {
      return this;
    }
    List<String> kept = new ArrayList<>(ids);
    return with(
        tenant,
        decisions,
        override,
        kept.subList(Math.max(0, kept.size() - KEPT_IDS), kept.size()),
        evaluations,
        queued,
        foldedBatches,
        plannedFloor);
  }

  /** A batch taken off the queue, the state after, and how many reports its evaluation covers. */
  record Next(ScalingLoopState state, BatchReport batch, int covered) {}

  /**
   * The next evaluation's batch, taken off the queue, and how many reports it covers: itself and
   * the batches folded at the last hand-over, or, when more than {@code coalesceAbove} are queued
   * (a backlog), all of them, the older ones folded into the window.
   */
  Next next(ScalingConfig c, int coalesceAbove) {
    int covered = 1 + foldedBatches;
    List<BatchReport> queued = pendingBatches;
    ScalingMemory m = memory();
    if (queued.size() > coalesceAbove) {
      covered += queued.size() - 1;
      for (BatchReport older : queued.subList(0, queued.size() - 1)) {
        m = m.withBatch(c, older.sampleWithRun());
      }
      queued = queued.subList(queued.size() - 1, queued.size());
    }
    ScalingLoopState taken =
        with(
                tenant,
                decisions,
                override,
                seenBatchIds,
                evaluations,
                queued.subList(1, queued.size()),
                0,
                plannedFloor)
            .withMemory(m);
    return new Next(taken, queued.get(0), covered);
  }

  /**
   * Ready to be carried: the queue cut to its newest {@code carried} batches, the older ones folded
   * into the window and counted for the next run's first evaluation.
   */
  ScalingLoopState carrying(ScalingConfig c, int carried) {
    int over = Math.max(0, pendingBatches.size() - carried);
    ScalingMemory m = memory();
    for (BatchReport older : pendingBatches.subList(0, over)) {
      m = m.withBatch(c, older.sampleWithRun());
    }
    return with(
            tenant,
            decisions,
            override,
            seenBatchIds,
            evaluations,
            pendingBatches.subList(over, pendingBatches.size()),
            foldedBatches + over,
            plannedFloor)
        .withMemory(m);
  }

  /** One more evaluation begun. */
  ScalingLoopState counted() {
    return with(
        tenant,
        decisions,
        override,
        seenBatchIds,
        evaluations + 1,
        pendingBatches,
        foldedBatches,
        plannedFloor);
  }

  /** With the policy's memory replaced (a batch added, or after acting). */
  ScalingLoopState withMemory(ScalingMemory m) {
    return new ScalingLoopState(
        tenant,
        kafkaSwitch == null ? m.window() : m.after(kafkaSwitch).window(),
        decisions,
        override,
        seenBatchIds,
        m.lastScaleUpAtMillis(),
        evaluations,
        m.lastChangeAtMillis(),
        m.adaptive(),
        pendingBatches,
        foldedBatches,
        plannedFloor,
        lastLookAtMillis,
        kafkaSwitch);
  }

  /** With {@code r} the newest of the decisions kept. */
  ScalingLoopState recorded(DecisionRecord r) {
    List<DecisionRecord> kept = new ArrayList<>(decisions);
    kept.add(r);
    while (kept.size() > KEPT_DECISIONS) {
      kept.remove(0);
    }
    return with(
        tenant,
        kept,
        override,
        seenBatchIds,
        evaluations,
        pendingBatches,
        foldedBatches,
        plannedFloor);
  }

  /** With the override as saved. */
  ScalingLoopState withOverride(OverrideState saved) {
    return with(
        tenant,
        decisions,
        saved,
        seenBatchIds,
        evaluations,
        pendingBatches,
        foldedBatches,
        plannedFloor);
  }

  /** With a planned event's floor (value 0 lifts it). */
  ScalingLoopState withFloor(PlannedFloor floor) {
    return with(
        tenant,
        decisions,
        override,
        seenBatchIds,
        evaluations,
        pendingBatches,
        foldedBatches,
        floor);
  }

  /** A copy with the parts besides the policy's memory given. */
  private ScalingLoopState with(
      String tenant,
      List<DecisionRecord> decisions,
      OverrideState override,
      List<String> seenBatchIds,
      long evaluations,
      List<BatchReport> pendingBatches,
      int foldedBatches,
      PlannedFloor plannedFloor) {
    return new ScalingLoopState(
        tenant,
        window,
        decisions,
        override,
        seenBatchIds,
        lastScaleUpAtMillis,
        evaluations,
        lastChangeAtMillis,
        adaptive,
        pendingBatches,
        foldedBatches,
        plannedFloor,
        lastLookAtMillis,
        kafkaSwitch);
  }

  /** When the loop last looked between reports (adaptive revision 10), or 0 when it never did. */
  long lastLook() {
    return lastLookAtMillis == null ? 0 : lastLookAtMillis;
  }

  /** Having looked between reports at {@code atMillis}. */
  ScalingLoopState looked(long atMillis) {
    return marked(atMillis, kafkaSwitch);
  }

  /** A copy with when the loop last looked and the last switch of the tenant's Kafka cluster. */
  private ScalingLoopState marked(Long lastLook, KafkaSwitch kafkaSwitched) {
    return new ScalingLoopState(
        tenant,
        window,
        decisions,
        override,
        seenBatchIds,
        lastScaleUpAtMillis,
        evaluations,
        lastChangeAtMillis,
        adaptive,
        pendingBatches,
        foldedBatches,
        plannedFloor,
        lastLook,
        kafkaSwitched);
  }

  /**
   * After a migration's cut-over switched the tenant's Kafka cluster at {@code atMillis}: every
   * report held or queued now read the old cluster (the new driver is submitted after the loop is
   * told), so the window empties, and reports of their runs taken in later stay out of it ({@link
   * KafkaSwitch#before}). The policy's own memory (the measured per-core rate, the last scale-up)
   * is the job's, not the cluster's, and is kept.
   */
  ScalingLoopState kafkaSwitched(long atMillis) {
    return switchedOver(new KafkaSwitch(atMillis, null), window, pendingBatches, kafkaSwitch);
  }

  /**
   * With the window emptied and {@code s} the switch, its old runs those of {@code held} and {@code
   * queued} and of {@code earlier} (a switch before: its old runs stay old).
   */
  private ScalingLoopState switchedOver(
      KafkaSwitch s, List<BatchSample> held, List<BatchReport> queued, KafkaSwitch earlier) {
    List<BatchSample> old = new ArrayList<>(held);
    queued.stream()
        .map(BatchReport::sampleWithRun)
        .filter(java.util.Objects::nonNull)
        .forEach(old::add);
    KafkaSwitch now = KafkaSwitch.of(s.atMillis(), old).after(s).after(earlier);
    return marked(lastLookAtMillis, now)
        .withMemory(
            new ScalingMemory(List.of(), lastScaleUpAtMillis, lastChangeAtMillis, adaptive));
  }

  /**
   * With {@code sample} added to the window, which keeps no report of a Kafka cluster the tenant
   * was switched away from ({@link KafkaSwitch#before}).
   */
  ScalingLoopState takenIn(ScalingConfig c, BatchSample sample) {
    return withMemory(memory().withBatch(c, sample));
  }
}
