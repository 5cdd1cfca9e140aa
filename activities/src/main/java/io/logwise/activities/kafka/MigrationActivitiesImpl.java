package io.logwise.activities.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logwise.activities.Heartbeats;
import io.logwise.activities.db.DatabaseCalls;
import io.logwise.activities.storage.FreshnessProbe;
import io.logwise.activities.storage.ObjectStores;
import io.logwise.activities.tenants.TenantDirectory;
import io.logwise.config.TenantConfig;
import io.logwise.policy.kafka.OffsetMaps;
import io.logwise.store.ConsumedOffsetsRow;
import io.logwise.store.KafkaClusterKey;
import io.logwise.store.KafkaDao;
import io.logwise.store.MigrationOffsetRow;
import io.logwise.store.MigrationRow;
import io.logwise.store.MigrationSlots;
import io.logwise.workflows.LogwiseFailures;
import io.logwise.workflows.WorkflowIds;
import io.logwise.workflows.kafka.MigrationActivities;
import io.logwise.workflows.kafka.MigrationProgress;
import io.logwise.workflows.kafka.MigrationStart;
import io.logwise.workflows.kafka.MigrationStatus;
import io.logwise.workflows.retention.RetentionActivities.ServiceFreshness;
import io.logwise.workflows.spark.CutoverCommand;
import io.logwise.workflows.spark.CutoverResult;
import io.logwise.workflows.spark.SparkSupervisorWorkflow;
import io.logwise.workflows.spark.SupervisorState;
import io.temporal.activity.Activity;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateHandle;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A Kafka cluster migration's hands on Kafka, Vector, the supervisor and the database. */
public class MigrationActivitiesImpl implements MigrationActivities {

  private static final Logger log = LoggerFactory.getLogger(MigrationActivitiesImpl.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration POLL = Duration.ofSeconds(2);

  private final TenantDirectory tenants;
  private final KafkaClusters clusters;
  private final KafkaDao dao;
  private final VectorRollouts rollouts;
  private final WorkflowClient temporal;
  private final ObjectStores stores;
  private final Clock clock;

  public MigrationActivitiesImpl(
      TenantDirectory tenants,
      KafkaClusters clusters,
      KafkaDao dao,
      VectorRollouts rollouts,
      WorkflowClient temporal,
      ObjectStores stores,
      Clock clock) {
    this.tenants = tenants;
    this.clusters = clusters;
    this.dao = dao;
    this.rollouts = rollouts;
    this.temporal = temporal;
    this.stores = stores;
    this.clock = clock;
  }

  // ---- the slot ----------------------------------------------------------------------------

  @Override
  public ClaimResult claim(ClaimRequest r) {
    TenantConfig t = tenants.require(r.tenant());
    String current = clusters.current(t);
    if (KafkaClusterKey.same(current, r.newBootstrapServers())) {
      return ClaimResult.refused(
          MigrationStart.Outcome.SAME_CLUSTER,
          null,
          current,
          "tenant " + t.getName() + " already uses " + current);
    }
    long now = clock.millis();
    String run = Activity.getExecutionContext().getInfo().getRunId();
    MigrationRow row =
        new MigrationRow(
            t.getName(),
            r.migrationId(),
            true,
            MigrationStatus.RUNNING.name(),
            "PREFLIGHT",
            current,
            r.newBootstrapServers(),
            r.requestedBy(),
            r.dryRun(),
            null,
            now,
            now);
    MigrationSlots.Claim claim =
        DatabaseCalls.call(
            () ->
                MigrationSlots.claim(
                    dao, row, r.afterReset(), run, id -> stillRuns(t.getName(), id), now));
    if (claim instanceof MigrationSlots.Claimed c) {
      return ClaimResult.made(c.row().oldBootstrap(), run);
    }
    if (claim instanceof MigrationSlots.HeldBy h) {
      return ClaimResult.refused(
          MigrationStart.Outcome.RUNNING,
          h.holder().migrationId(),
          current,
          MigrationSlots.refusal(claim));
    }
    return ClaimResult.refused(
        MigrationStart.Outcome.ID_USED, null, current, MigrationSlots.refusal(claim));
  }

  private boolean stillRuns(String tenant, String migrationId) {
    try {
      return temporal
              .newUntypedWorkflowStub(WorkflowIds.kafkaMigration(tenant, migrationId))
              .describe()
              .getStatus()
          == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    } catch (WorkflowNotFoundException e) {
      return false;
    } catch (RuntimeException e) {
      // cannot tell: keep the other migration's slot
      return true;
    }
  }

  @Override
  public void saveProgress(MigrationProgress p) {
    String json;
    try {
      json = JSON.writeValueAsString(p);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("progress always serialises", e);
    }
    DatabaseCalls.run(
        () ->
            dao.updateMigration(
                p.tenant(),
                p.migrationId(),
                p.status().name(),
                p.step().name(),
                json,
                p.updatedAtMillis(),
                !p.status().isFinal()));
  }

  // ---- step 1 ------------------------------------------------------------------------------

  @Override
  public PreflightResult preflight(PreflightRequest r) {
    TenantConfig t = tenants.require(r.tenant());
    Pattern pattern = KafkaAdmin.pattern(t.getKafka().getTopicPattern());
    List<String> problems = supervisorProblems(t);
    List<String> warnings = new ArrayList<>();
    List<String> created = new ArrayList<>();
    List<String> grown = new ArrayList<>();
    Map<String, KafkaAdmin.TopicShape> old;
    try (KafkaAdmin a = clusters.connect(t, r.oldBootstrapServers())) {
      old = a.shapes(a.topics(pattern));
    }
    try (KafkaAdmin a = clusters.connect(t, r.newBootstrapServers())) {
      int brokers = a.brokerCount();
      if (!problems.isEmpty()) {
        return new PreflightResult(
            old.size(), brokers, List.of(), List.of(), 0, 0, warnings, problems);
      }
      Map<String, KafkaAdmin.TopicShape> there = a.shapes(old.keySet());
      for (Map.Entry<String, KafkaAdmin.TopicShape> e : old.entrySet()) {
        String topic = e.getKey();
        KafkaAdmin.TopicShape want = e.getValue();
        KafkaAdmin.TopicShape now = there.get(topic);
        if (now == null) {
          int rf = Math.min(want.replicationFactor(), brokers);
          if (rf < want.replicationFactor()) {
            warnings.add(
                topic
                    + ": replication factor "
                    + want.replicationFactor()
                    + " capped at the new cluster's "
                    + brokers
                    + " broker(s)");
          }
          if (!r.dryRun()) {
            a.createTopic(topic, want.partitions(), (short) rf);
          }
          created.add(topic + " (" + want.partitions() + " partitions)");
        } else if (now.partitions() < want.partitions()) {
          if (!r.dryRun()) {
            a.increasePartitions(topic, want.partitions());
          }
          grown.add(topic + " (" + now.partitions() + " → " + want.partitions() + " partitions)");
        }
      }
      if (r.dryRun()) {
        return new PreflightResult(old.size(), brokers, created, grown, 0, 0, warnings, List.of());
      }
      // the start offsets: taken now, before any producer points at the new cluster, of every
      // partition the old cluster has — once the new cluster's metadata shows them (a topic just
      // created or grown can take a moment to appear; recording fewer would lose their records)
      Map<String, Integer> partitions = new TreeMap<>();
      a.shapes(a.topics(pattern))
          .forEach((topic, shape) -> partitions.put(topic, shape.partitions()));
      awaitShapes(a, old, "the preflight", null)
          .forEach((topic, shape) -> partitions.merge(topic, shape.partitions(), Math::max));
      Map<String, Map<Integer, Long>> ends = a.endOffsets(partitions);
      List<MigrationOffsetRow> rows = new ArrayList<>();
      ends.forEach(
          (topic, parts) -> parts.forEach((p, o) -> rows.add(new MigrationOffsetRow(topic, p, o))));
      for (int i = 0; i < rows.size(); i += 1000) {
        List<MigrationOffsetRow> batch = rows.subList(i, Math.min(rows.size(), i + 1000));
        DatabaseCalls.run(() -> dao.recordStartOffsets(t.getName(), r.migrationId(), batch));
        Heartbeats.beat("recorded " + Math.min(rows.size(), i + 1000) + " start offsets");
      }
      List<MigrationOffsetRow> recorded =
          DatabaseCalls.call(() -> dao.startOffsets(t.getName(), r.migrationId()));
      log.info(
          "tenant {}: migration {} recorded {} start offsets on {}",
          t.getName(),
          r.migrationId(),
          recorded.size(),
          r.newBootstrapServers());
      return new PreflightResult(
          old.size(),
          brokers,
          created,
          grown,
          recorded.size(),
          recorded.stream().mapToLong(MigrationOffsetRow::startOffset).sum(),
          warnings,
          List.of());
    }
  }

  /**
   * The new cluster's shapes once they cover {@code wanted}; retryable failure after 30 s. A topic
   * just created or grown can take a moment to show in the cluster's metadata, and reading its
   * offsets before then fails.
   *
   * @param step what is retried if it never shows, for the message
   * @param details the heartbeat's details while it waits (an activity that reads its details back
   *     on retry must not find a message there); null beats what it waits for
   */
  private static Map<String, KafkaAdmin.TopicShape> awaitShapes(
      KafkaAdmin a, Map<String, KafkaAdmin.TopicShape> wanted, String step, Object details) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      Map<String, KafkaAdmin.TopicShape> seen = a.shapes(wanted.keySet());
      String missing =
          wanted.entrySet().stream()
              .filter(
                  w ->
                      seen.get(w.getKey()) == null
                          || seen.get(w.getKey()).partitions() < w.getValue().partitions())
              .map(w -> w.getKey() + " (" + w.getValue().partitions() + " partitions)")
              .findFirst()
              .orElse(null);
      if (missing == null) {
        return seen;
      }
      if (System.nanoTime() > deadline) {
        throw LogwiseFailures.unavailable(
            "the new cluster does not show " + missing + " yet; " + step + " will be retried",
            null);
      }
      Heartbeats.beat(details != null ? details : "waiting for " + missing);
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw LogwiseFailures.unavailable("interrupted waiting for " + missing, e);
      }
    }
  }

  private List<String> supervisorProblems(TenantConfig t) {
    if (!t.getSpark().isEnabled()) {
      return List.of(
          "spark.enabled is false for "
              + t.getName()
              + ": the cut-over needs spark-supervisor/"
              + t.getName());
    }
    SupervisorState st;
    try {
      st =
          temporal
              .newWorkflowStub(
                  SparkSupervisorWorkflow.class, WorkflowIds.sparkSupervisor(t.getName()))
              .state();
    } catch (RuntimeException e) {
      return List.of(
          WorkflowIds.sparkSupervisor(t.getName()) + " is not running or does not answer");
    }
    List<String> p = new ArrayList<>();
    if (st == null) {
      p.add(WorkflowIds.sparkSupervisor(t.getName()) + " has not started yet");
    } else {
      if (st.reading().activeReplay() != null) {
        p.add("replay " + st.reading().activeReplay().replayId() + " is active; end it first");
      }
      if (st.control().paused() || st.control().stoppedReason() != null) {
        p.add(
            "Spark supervision is "
                + (st.control().paused() ? "paused" : "stopped: " + st.control().stoppedReason()));
      }
      if (st.cluster().pendingCutover() != null) {
        p.add("the cut-over of migration " + st.cluster().pendingCutover() + " never finished");
      }
    }
    return p;
  }

  // ---- steps 2 and 3 -----------------------------------------------------------------------

  @Override
  public VectorSwitchResult switchVector(VectorSwitchRequest r) {
    tenants.require(r.tenant());
    VectorSwitchResult result =
        rollouts
            .forTarget(r.target())
            .apply(r.migrationId() + "/" + r.purpose(), r.bootstrapServers());
    log.info(
        "tenant {}: migration {} {}: {}",
        r.tenant(),
        r.migrationId(),
        r.purpose(),
        result.message());
    return result;
  }

  @Override
  public WaitResult awaitArrival(ArrivalRequest r) {
    TenantConfig t = tenants.require(r.tenant());
    Pattern pattern = KafkaAdmin.pattern(t.getKafka().getTopicPattern());
    Map<String, Map<Integer, Long>> start = recorded(t, r.migrationId());
    long deadline = deadline(r.timeoutSeconds());
    try (KafkaAdmin a = clusters.connect(t, r.newBootstrapServers())) {
      while (true) {
        Map<String, Map<Integer, Long>> now = a.endOffsets(partitions(a, pattern));
        if (OffsetMaps.movedBeyond(start, now)) {
          long arrived = OffsetMaps.total(now) - OffsetMaps.total(start);
          return new WaitResult(true, arrived + " record(s) arrived on " + r.newBootstrapServers());
        }
        if (clock.millis() > deadline) {
          return new WaitResult(
              false,
              "no record arrived on "
                  + r.newBootstrapServers()
                  + " within "
                  + r.timeoutSeconds()
                  + "s of the Vector switch (is Vector producing?)");
        }
        Heartbeats.beat(deadline);
        Sleeps.sleep(POLL);
      }
    }
  }

  /**
   * Since when the old cluster, now at {@code endSum}, has been quiet: as an earlier attempt saw it
   * when the sum is the same (stored with the migration: a killed worker's last heartbeat may
   * predate it), else from now, stored for the next attempt.
   */
  private long quietSince(TenantConfig t, DrainRequest r, long endSum, long now) {
    if (r.migrationId() == null) {
      return now; // recorded before the mark was kept
    }
    Optional<KafkaDao.DrainMark> kept =
        DatabaseCalls.call(() -> dao.drainMark(t.getName(), r.migrationId()));
    if (kept.isPresent() && kept.get().endSum() == endSum) {
      return kept.get().quietSinceMs();
    }
    DatabaseCalls.run(() -> dao.saveDrainMark(t.getName(), r.migrationId(), endSum, now));
    return now;
  }

  /**
   * What {@link #awaitDrained} remembers across attempts (heartbeat details); an {@code endSum} of
   * -1 is a mark beaten before the first read of the old cluster's end offsets.
   */
  record DrainMark(long deadlineMillis, long endSum, long unchangedSinceMillis) {}

  @Override
  public WaitResult awaitDrained(DrainRequest r) {
    TenantConfig t = tenants.require(r.tenant());
    Pattern pattern = KafkaAdmin.pattern(t.getKafka().getTopicPattern());
    String clusterKey = KafkaClusterKey.of(r.oldBootstrapServers());
    DrainMark mark =
        Activity.getExecutionContext().getHeartbeatDetails(DrainMark.class).orElse(null);
    long deadline =
        mark != null ? mark.deadlineMillis() : clock.millis() + r.timeoutSeconds() * 1000;
    boolean parity = r.migrationId() != null && r.newBootstrapServers() != null;
    java.util.Set<String> keptInParity = new java.util.LinkedHashSet<>();
    // the start offsets recorded so far: read once, kept current by keepParity as it records
    Map<String, Map<Integer, Long>> started = new TreeMap<>();
    if (parity) {
      recorded(t, r.migrationId())
          .forEach((topic, parts) -> started.put(topic, new TreeMap<>(parts)));
    }
    try (KafkaAdmin a = clusters.connect(t, r.oldBootstrapServers());
        KafkaAdmin b = parity ? clusters.connect(t, r.newBootstrapServers()) : null) {
      while (true) {
        Map<String, Integer> partitions = partitions(a, pattern);
        if (b != null) {
          DrainMark beat = mark != null ? mark : new DrainMark(deadline, -1, clock.millis());
          keptInParity.addAll(
              keepParity(t, r.migrationId(), a, b, partitions.keySet(), started, beat));
        }
        Map<String, Map<Integer, Long>> end = a.endOffsets(partitions);
        Map<String, Map<Integer, Long>> earliest = a.earliestOffsets(partitions);
        long sum = OffsetMaps.total(end);
        long now = clock.millis();
        if (mark == null || mark.endSum() != sum) {
          mark = new DrainMark(deadline, sum, quietSince(t, r, sum, now));
        }
        Optional<ConsumedOffsetsRow> consumed =
            DatabaseCalls.call(() -> dao.findConsumed(t.getName(), clusterKey));
        Map<String, Map<Integer, Long>> read =
            consumed.map(c -> OffsetsJson.read(c.endOffsets())).orElse(Map.of());
        Map<String, Map<Integer, Long>> unread = OffsetMaps.unread(end, read, earliest);
        long quietFor = (now - mark.unchangedSinceMillis()) / 1000;
        if (quietFor >= r.quietPeriodSeconds() && unread.isEmpty()) {
          long expired = consumed.isPresent() ? OffsetMaps.expiredUnread(read, earliest) : 0;
          return new WaitResult(
              true,
              "old cluster quiet for "
                  + quietFor
                  + "s and read to the end ("
                  + sum
                  + " records, last batch "
                  + consumed.map(ConsumedOffsetsRow::batchId).orElse("-")
                  + ")"
                  + (expired > 0
                      ? "; " + expired + " record(s) expired by retention before the job read them"
                      : "")
                  + (keptInParity.isEmpty()
                      ? ""
                      : "; on the new cluster since preflight: "
                          + String.join(", ", keptInParity)));
        }
        if (now > deadline) {
          return new WaitResult(false, drainStall(r, unread, quietFor, consumed.isPresent()));
        }
        Heartbeats.beat(mark);
        Sleeps.sleep(POLL);
      }
    }
  }

  /**
   * Topic parity through the drain: a topic of the old cluster that the new one lacks (it appeared
   * after preflight: a service onboarded during the migration) is created there with its partition
   * count, and one with fewer partitions there is grown; the cut-over starts their new partitions
   * at their earliest record. Returns what it did, in words.
   *
   * @param recorded the migration's start offsets so far; those recorded here are added to it
   * @param beat the drain's heartbeat details, beaten while a new topic shows
   */
  private List<String> keepParity(
      TenantConfig t,
      String migrationId,
      KafkaAdmin old,
      KafkaAdmin now,
      java.util.Set<String> topics,
      Map<String, Map<Integer, Long>> recorded,
      DrainMark beat) {
    Map<String, KafkaAdmin.TopicShape> want = old.shapes(topics);
    Map<String, KafkaAdmin.TopicShape> there = now.shapes(want.keySet());
    List<String> done = new ArrayList<>();
    List<MigrationOffsetRow> starts = new ArrayList<>();
    Map<String, Integer> unrecorded = new TreeMap<>();
    Map<String, KafkaAdmin.TopicShape> changed = new TreeMap<>();
    for (Map.Entry<String, KafkaAdmin.TopicShape> e : want.entrySet()) {
      String topic = e.getKey();
      int partitions = e.getValue().partitions();
      KafkaAdmin.TopicShape shape = there.get(topic);
      if (shape == null) {
        int rf = Math.min(e.getValue().replicationFactor(), now.brokerCount());
        now.createTopic(topic, partitions, (short) Math.max(1, rf));
        done.add(topic + " created with " + partitions + " partitions");
        changed.put(topic, e.getValue());
      } else if (shape.partitions() < partitions) {
        now.increasePartitions(topic, partitions);
        done.add(topic + " grown from " + shape.partitions() + " to " + partitions + " partitions");
        changed.put(topic, e.getValue());
      }
      Map<Integer, Long> known = recorded.getOrDefault(topic, Map.of());
      int have = Math.max(partitions, shape == null ? 0 : shape.partitions());
      if (known.size() < have) {
        unrecorded.put(topic, have);
      }
    }
    if (!changed.isEmpty()) {
      // their offsets are read next: wait until the new cluster's metadata shows them
      awaitShapes(now, changed, "the drain", beat);
    }
    if (!unrecorded.isEmpty()) {
      // a partition the preflight did not record appeared after it: the job has read nothing of
      // it, so the cut-over starts it at its earliest record (a record stamped, or written, before
      // a later offset lookup is never skipped)
      now.earliestOffsets(unrecorded)
          .forEach(
              (topic, parts) ->
                  parts.forEach(
                      (p, o) -> {
                        if (!recorded.getOrDefault(topic, Map.of()).containsKey(p)) {
                          starts.add(new MigrationOffsetRow(topic, p, o));
                        }
                      }));
    }
    if (!starts.isEmpty()) {
      DatabaseCalls.run(() -> dao.recordStartOffsets(t.getName(), migrationId, starts));
      // INSERT IGNORE keeps an earlier value: the map takes a new row only where it had none
      starts.forEach(
          o ->
              recorded
                  .computeIfAbsent(o.topic(), k -> new TreeMap<>())
                  .putIfAbsent(o.partitionId(), o.startOffset()));
      log.info(
          "tenant {}: migration {} keeps topic parity: {} ({} start offsets recorded)",
          t.getName(),
          migrationId,
          done.isEmpty() ? "partitions the preflight did not see" : String.join(", ", done),
          starts.size());
    }
    return done;
  }

  private static String drainStall(
      DrainRequest r, Map<String, Map<Integer, Long>> unread, long quietFor, boolean reported) {
    StringBuilder b = new StringBuilder("not drained after " + r.timeoutSeconds() + "s: ");
    if (quietFor < r.quietPeriodSeconds()) {
      b.append("the old cluster still receives records (last one ")
          .append(quietFor)
          .append("s ago); ");
    }
    if (!reported) {
      b.append("the Spark job has reported no offsets for ")
          .append(r.oldBootstrapServers())
          .append(" (its listener must send endOffsets)");
    } else if (!unread.isEmpty()) {
      b.append(OffsetMaps.total(unread))
          .append(" record(s) unread in ")
          .append(unread.values().stream().mapToInt(Map::size).sum())
          .append(" partition(s), e.g. ");
      var first = unread.entrySet().iterator().next();
      var p = first.getValue().entrySet().iterator().next();
      b.append(first.getKey()).append('/').append(p.getKey()).append(": ").append(p.getValue());
    }
    return b.toString();
  }

  // ---- step 4 ------------------------------------------------------------------------------

  @Override
  public String cutOverSpark(CutoverRequest r) {
    tenants.require(r.tenant());
    SparkSupervisorWorkflow supervisor =
        temporal.newWorkflowStub(
            SparkSupervisorWorkflow.class, WorkflowIds.sparkSupervisor(r.tenant()));
    UpdateOptions<CutoverResult> options =
        UpdateOptions.<CutoverResult>newBuilder()
            .setUpdateId("migration-" + r.migrationId() + "-cutover-" + r.attempt())
            .setWaitForStage(WorkflowUpdateStage.ACCEPTED)
            .build();
    WorkflowUpdateHandle<CutoverResult> handle;
    try {
      handle =
          WorkflowClient.startUpdate(
              supervisor::cutover,
              new CutoverCommand(r.migrationId(), r.newBootstrapServers(), r.requestedBy()),
              options);
    } catch (WorkflowUpdateException e) {
      throw refused(e);
    }
    CompletableFuture<CutoverResult> result = handle.getResultAsync();
    while (true) {
      try {
        CutoverResult done = result.get(5, TimeUnit.SECONDS);
        log.info(
            "tenant {}: migration {} cut over: driver {} stopped, {} reads {}",
            r.tenant(),
            r.migrationId(),
            done.stoppedSubmissionId(),
            done.submissionId(),
            done.bootstrapServers());
        return done.submissionId();
      } catch (TimeoutException e) {
        Heartbeats.beat("waiting for spark-supervisor/" + r.tenant());
      } catch (ExecutionException e) {
        if (e.getCause() instanceof WorkflowUpdateException u) {
          throw refused(u);
        }
        throw LogwiseFailures.unavailable(
            "the supervisor did not answer: " + e.getCause().getMessage(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw LogwiseFailures.unavailable("interrupted", e);
      }
    }
  }

  /** The supervisor refused or failed the cut-over: the same update id would say so again. */
  private static ApplicationFailure refused(WorkflowUpdateException e) {
    return ApplicationFailure.newNonRetryableFailure(
        "spark-supervisor refused or failed the cut-over: " + LogwiseFailures.rootMessage(e),
        LogwiseFailures.MIGRATION_FAILED);
  }

  @Override
  public WaitResult awaitRecovery(RecoveryRequest r) {
    TenantConfig t = tenants.require(r.tenant());
    String clusterKey = KafkaClusterKey.of(r.newBootstrapServers());
    Map<String, Map<Integer, Long>> start = recorded(t, r.migrationId());
    long deadline = deadline(r.timeoutSeconds());
    String missing;
    while (true) {
      Optional<ConsumedOffsetsRow> consumed =
          DatabaseCalls.call(() -> dao.findConsumed(t.getName(), clusterKey));
      if (consumed.isEmpty() || consumed.get().completionTime() < r.sinceMillis()) {
        missing = "no batch of the job on " + r.newBootstrapServers() + " was reported yet";
      } else if (!OffsetMaps.unread(start, OffsetsJson.read(consumed.get().endOffsets()))
          .isEmpty()) {
        missing = "the job's batches do not cover the recorded start offsets yet";
      } else if (r.freshnessBoundMinutes() > 0) {
        ServiceFreshness f =
            FreshnessProbe.measure(
                stores,
                t.getObjectStore(),
                t.getRetention().getFreshnessSampleService(),
                clock.instant());
        if (f.delayMinutes() <= r.freshnessBoundMinutes()) {
          return new WaitResult(
              true,
              "the job reads "
                  + r.newBootstrapServers()
                  + " (batch "
                  + consumed.get().batchId()
                  + "); "
                  + f.service()
                  + " is "
                  + f.delayMinutes()
                  + " min behind");
        }
        missing =
            f.service()
                + " is "
                + f.delayMinutes()
                + " min behind (bound "
                + r.freshnessBoundMinutes()
                + " min)";
      } else {
        return new WaitResult(
            true,
            "the job reads "
                + r.newBootstrapServers()
                + " (batch "
                + consumed.get().batchId()
                + ")");
      }
      if (clock.millis() > deadline) {
        return new WaitResult(false, "after " + r.timeoutSeconds() + "s " + missing);
      }
      Heartbeats.beat(deadline);
      Sleeps.sleep(POLL);
    }
  }

  // ---- helpers -----------------------------------------------------------------------------

  private Map<String, Map<Integer, Long>> recorded(TenantConfig t, String migrationId) {
    Map<String, Map<Integer, Long>> out = new TreeMap<>();
    for (MigrationOffsetRow row :
        DatabaseCalls.call(() -> dao.startOffsets(t.getName(), migrationId))) {
      out.computeIfAbsent(row.topic(), k -> new TreeMap<>())
          .put(row.partitionId(), row.startOffset());
    }
    return out;
  }

  private static Map<String, Integer> partitions(KafkaAdmin a, Pattern pattern) {
    Map<String, Integer> out = new TreeMap<>();
    a.shapes(a.topics(pattern)).forEach((topic, shape) -> out.put(topic, shape.partitions()));
    return out;
  }

  /** The deadline of a bounded wait: kept in the heartbeat, so a retried attempt keeps it. */
  private long deadline(long timeoutSeconds) {
    return Activity.getExecutionContext()
        .getHeartbeatDetails(Long.class)
        .orElse(clock.millis() + timeoutSeconds * 1000);
  }
}
