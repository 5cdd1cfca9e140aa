package io.logwise.activities.spark;

import io.logwise.activities.Heartbeats;
import io.logwise.activities.tenants.TenantDirectory;
import io.logwise.config.TenantConfig;
import io.logwise.policy.spark.DriverState;
import io.logwise.policy.spark.SupervisorPolicy;
import io.logwise.store.SparkSubmission;
import io.logwise.store.SparkSubmissionDao;
import io.logwise.workflows.LogwiseFailures;
import io.logwise.workflows.spark.AwaitGoneRequest;
import io.logwise.workflows.spark.DriverGone;
import io.logwise.workflows.spark.DriverObservation;
import io.logwise.workflows.spark.KillRequest;
import io.logwise.workflows.spark.KillResult;
import io.logwise.workflows.spark.ObserveRequest;
import io.logwise.workflows.spark.SparkDriverActivities;
import io.logwise.workflows.spark.SubmitRequest;
import io.logwise.workflows.spark.SubmitResult;
import io.temporal.failure.ApplicationFailure;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The supervisor's hands on the tenant's Spark master. */
public class SparkDriverActivitiesImpl implements SparkDriverActivities {

  private static final Logger log = LoggerFactory.getLogger(SparkDriverActivitiesImpl.class);

  private final TenantDirectory tenants;
  private final SparkSubmissionDao submissions;
  private final KafkaStarts kafka;
  private final HttpClient http;
  private final Clock clock;
  private final io.logwise.activities.LogwiseMeters meters;

  public SparkDriverActivitiesImpl(
      TenantDirectory tenants,
      SparkSubmissionDao submissions,
      KafkaStarts kafka,
      HttpClient http,
      Clock clock) {
    this(tenants, submissions, kafka, http, clock, io.logwise.activities.LogwiseMeters.none());
  }

  public SparkDriverActivitiesImpl(
      TenantDirectory tenants,
      SparkSubmissionDao submissions,
      KafkaStarts kafka,
      HttpClient http,
      Clock clock,
      io.logwise.activities.LogwiseMeters meters) {
    this.tenants = tenants;
    this.submissions = submissions;
    this.kafka = kafka;
    this.http = http;
    this.clock = clock;
    this.meters = meters;
  }

  private SparkMasterClient master(TenantConfig tenant) {
    return SparkMasterClient.of(http, tenant);
  }

  @Override
  public DriverObservation observe(ObserveRequest request) {
    TenantConfig tenant = tenants.require(request.tenant());
    SparkMasterClient master = master(tenant);
    SparkMasterClient.Snapshot snapshot = master.snapshot();
    String ours = request.submissionId();
    String state = null;
    String message = null;
    String worker = null;
    if (ours != null) {
      Optional<SparkMasterClient.Driver> listed =
          java.util.stream.Stream.concat(snapshot.active().stream(), snapshot.completed().stream())
              .filter(d -> ours.equals(d.id()))
              .findFirst();
      SparkMasterClient.Status status = master.status(ours);
      state =
          status.found()
              ? status.driverState()
              : listed.map(SparkMasterClient.Driver::state).orElse("NOT_FOUND");
      message = status.message();
      worker = listed.map(SparkMasterClient.Driver::worker).orElse(null);
    }
    meters.driverRunning(tenant.getName(), "RUNNING".equals(state));
    return new DriverObservation(
        ours, state, message, worker, liveOfOurs(tenant, snapshot, ours), snapshot.aliveWorkers());
  }

  /** Live drivers of the tenant's main class other than {@code except}. */
  private static List<String> liveOfOurs(
      TenantConfig tenant, SparkMasterClient.Snapshot snapshot, String except) {
    String mainClass = tenant.getSpark().getMainClass();
    return snapshot.active().stream()
        .filter(d -> SupervisorPolicy.isLiveOfOurs(mainClass, d.mainClass(), d.state()))
        .map(SparkMasterClient.Driver::id)
        .filter(id -> !id.equals(except))
        .toList();
  }

  @Override
  public SubmitResult submitDriver(SubmitRequest request) {
    TenantConfig tenant = tenants.require(request.tenant());
    String key = request.idempotencyKey();
    if (key == null || key.isBlank()) {
      throw LogwiseFailures.invalidInput("idempotencyKey is required");
    }
    Optional<SparkSubmission> earlier = submissions.find(tenant.getName(), key);
    if (earlier.isPresent() && earlier.get().submissionId() != null) {
      return new SubmitResult(
          earlier.get().submissionId(),
          "ADOPTED".equals(earlier.get().outcome()),
          "already submitted with this key");
    }
    Map<String, Object> body =
        SubmissionBody.build(tenant, request, kafka.startFor(tenant, request));
    SparkMasterClient master = master(tenant);
    // right before submitting: a live driver of ours (e.g. ours from a crashed attempt) wins
    String adopt = SupervisorPolicy.driverToAdopt(liveOfOurs(tenant, master.snapshot(), null));
    if (adopt != null) {
      submissions.finish(
          tenant.getName(), key, adopt, "ADOPTED", "live driver found before submitting");
      log.info(
          "tenant {}: adopted live driver {} instead of submitting (key {})",
          tenant.getName(),
          adopt,
          key);
      return new SubmitResult(adopt, true, "a live driver of ours was already on the master");
    }
    submissions.begin(
        tenant.getName(),
        key,
        request.startingOffsetsTimestamp(),
        request.subscribeMode() == null ? "pattern" : request.subscribeMode().wire());
    String id;
    try {
      id = master.create(body);
    } catch (ApplicationFailure f) {
      meters.submission(tenant.getName(), false);
      if (f.isNonRetryable()) {
        submissions.finish(
            tenant.getName(), key, null, "REJECTED", truncate(f.getOriginalMessage()));
      }
      throw f;
    }
    submissions.finish(tenant.getName(), key, id, "SUBMITTED", null);
    meters.submission(tenant.getName(), true);
    log.info("tenant {}: submitted driver {} (key {})", tenant.getName(), id, key);
    if (log.isDebugEnabled()) {
      log.debug("tenant {}: submission body {}", tenant.getName(), SubmissionBody.redacted(body));
    }
    return new SubmitResult(id, false, "submitted");
  }

  @Override
  public KillResult killDriver(KillRequest request) {
    TenantConfig tenant = tenants.require(request.tenant());
    boolean accepted = master(tenant).kill(request.submissionId());
    meters.kill(tenant.getName());
    log.info(
        "tenant {}: kill {} -> {}",
        tenant.getName(),
        request.submissionId(),
        accepted ? "requested" : "already ended");
    return new KillResult(
        accepted, accepted ? "kill requested" : "driver had already ended or is unknown");
  }

  @Override
  public DriverGone awaitDriverGone(AwaitGoneRequest request) {
    TenantConfig tenant = tenants.require(request.tenant());
    SparkMasterClient master = master(tenant);
    long deadline = System.nanoTime() + Duration.ofSeconds(request.timeoutSeconds()).toNanos();
    while (true) {
      SparkMasterClient.Status status = master.status(request.submissionId());
      DriverState state =
          status.found() ? DriverState.parse(status.driverState()) : DriverState.NOT_FOUND;
      if (!state.isAlive()) {
        return new DriverGone(state.name(), clock.millis());
      }
      Heartbeats.beat(state.name());
      if (System.nanoTime() > deadline) {
        throw LogwiseFailures.unavailable(
            "driver "
                + request.submissionId()
                + " still "
                + state
                + " after "
                + request.timeoutSeconds()
                + "s",
            null);
      }
      sleep(1000);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw LogwiseFailures.unavailable("interrupted", e);
    }
  }

  private static String truncate(String s) {
    return s == null || s.length() <= 1000 ? s : s.substring(0, 1000);
  }
}
