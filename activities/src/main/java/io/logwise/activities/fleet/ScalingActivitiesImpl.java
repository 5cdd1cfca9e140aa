package io.logwise.activities.fleet;

import io.logwise.activities.db.DatabaseCalls;
import io.logwise.activities.kafka.KafkaAdmin;
import io.logwise.activities.kafka.KafkaClusters;
import io.logwise.activities.spark.SparkMasterClient;
import io.logwise.activities.storage.ObjectStores;
import io.logwise.activities.tenants.TenantDirectory;
import io.logwise.config.ObjectStoreSettings;
import io.logwise.config.TenantConfig;
import io.logwise.policy.spark.DriverState;
import io.logwise.store.ScaleOverrideRow;
import io.logwise.store.ScalingDao;
import io.logwise.store.ScalingDecisionRow;
import io.logwise.workflows.LogwiseFailures;
import io.logwise.workflows.TenantRequest;
import io.logwise.workflows.scaling.DecisionRecord;
import io.logwise.workflows.scaling.FleetSize;
import io.logwise.workflows.scaling.KafkaEnds;
import io.logwise.workflows.scaling.MasterView;
import io.logwise.workflows.scaling.OverrideState;
import io.logwise.workflows.scaling.OverrideStateChange;
import io.logwise.workflows.scaling.ScaleFleetRequest;
import io.logwise.workflows.scaling.ScaleOutcome;
import io.logwise.workflows.scaling.ScalingActivities;
import io.logwise.workflows.scaling.WalFiles;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The scaling loop's eyes and hands: fleet, Spark master, the WAL in S3, the database. */
public class ScalingActivitiesImpl implements ScalingActivities {

  private static final Logger log = LoggerFactory.getLogger(ScalingActivitiesImpl.class);

  private final TenantDirectory tenants;
  private final WorkerFleets fleets;
  private final ObjectStores stores;
  private final ScalingDao dao;
  private final HttpClient http;
  private final io.logwise.activities.LogwiseMeters meters;
  // null: this worker reads no Kafka (the overdue look's activity then says so)
  private final KafkaClusters kafka;

  public ScalingActivitiesImpl(
      TenantDirectory tenants,
      WorkerFleets fleets,
      ObjectStores stores,
      ScalingDao dao,
      HttpClient http) {
    this(tenants, fleets, stores, dao, http, io.logwise.activities.LogwiseMeters.none());
  }

  public ScalingActivitiesImpl(
      TenantDirectory tenants,
      WorkerFleets fleets,
      ObjectStores stores,
      ScalingDao dao,
      HttpClient http,
      io.logwise.activities.LogwiseMeters meters) {
    this(tenants, fleets, stores, dao, http, meters, null);
  }

  public ScalingActivitiesImpl(
      TenantDirectory tenants,
      WorkerFleets fleets,
      ObjectStores stores,
      ScalingDao dao,
      HttpClient http,
      io.logwise.activities.LogwiseMeters meters,
      KafkaClusters kafka) {
    this.kafka = kafka;
    this.tenants = tenants;
    this.fleets = fleets;
    this.stores = stores;
    this.dao = dao;
    this.http = http;
    this.meters = meters;
  }

  private SparkMasterClient.Snapshot master(TenantConfig t) {
    return SparkMasterClient.of(http, t).snapshot();
  }

  /** The Spark worker running the tenant's RUNNING driver, if any. */
  public static Optional<String> driverWorker(TenantConfig t, SparkMasterClient.Snapshot m) {
    return m.active().stream()
        .filter(
            d ->
                t.getSpark().getMainClass().equals(d.mainClass())
                    && DriverState.parse(d.state()) == DriverState.RUNNING)
        .map(SparkMasterClient.Driver::worker)
        .findFirst();
  }

  @Override
  public FleetSize observeFleetSize(TenantRequest r) {
    WorkerFleet fleet = fleets.fleetFor(tenants.require(r.tenant()));
    WorkerFleet.Size size = fleet.size();
    return new FleetSize(fleet.type(), size.desired(), size.ready());
  }

  @Override
  public MasterView observeMaster(TenantRequest r) {
    TenantConfig t = tenants.require(r.tenant());
    if (fleets.fleetFor(t) instanceof SimulatedWorkerFleet sim) {
      // the model's master grants its booted workers' cores, as the simulator stamps batches
      return new MasterView(sim.alive(), null, null, List.of(), sim.grantedCores());
    }
    return masterView(t, master(t));
  }

  /**
   * The driver's worker and host, the alive workers a scale-down may remove, and the cores the
   * master grants the tenant's application (by its {@code spark.app.name}).
   */
  public static MasterView masterView(TenantConfig t, SparkMasterClient.Snapshot m) {
    String driverWorker = driverWorker(t, m).orElse(null);
    String driverHost =
        m.workers().stream()
            .filter(w -> w.id().equals(driverWorker))
            .map(SparkMasterClient.Worker::host)
            .findFirst()
            .orElse(null);
    List<String> removable =
        m.workers().stream()
            .filter(w -> w.isAlive() && !w.id().equals(driverWorker))
            .map(SparkMasterClient.Worker::host)
            .toList();
    return new MasterView(
        m.aliveWorkers(),
        driverWorker,
        driverHost,
        removable,
        m.grantedCores(t.getSpark().getAppName()));
  }

  @Override
  public KafkaEnds readLatestOffsets(TenantRequest r) {
    TenantConfig t = tenants.require(r.tenant());
    if (fleets.fleetFor(t) instanceof SimulatedWorkerFleet sim) {
      // the model's Kafka: everything produced so far
      return new KafkaEnds(sim.model().latestOffsetSum(), 1);
    }
    if (kafka == null) {
      throw LogwiseFailures.unavailable("this worker reads no Kafka", null);
    }
    KafkaClusters.Current cluster = kafka.now(t);
    try (KafkaAdmin admin = kafka.connect(t, cluster.bootstrapServers())) {
      Map<String, Integer> partitions =
          admin.partitions(KafkaAdmin.pattern(t.getKafka().getTopicPattern()));
      long sum =
          admin.endOffsets(partitions).values().stream()
              .flatMap(p -> p.values().stream())
              .mapToLong(Long::longValue)
              .sum();
      return new KafkaEnds(sum, partitions.size(), cluster.switchedAtMillis());
    }
  }

  @Override
  public WalFiles listWalFiles(TenantRequest r) {
    TenantConfig t = tenants.require(r.tenant());
    if (fleets.fleetFor(t) instanceof SimulatedWorkerFleet sim) {
      return new WalFiles(sim.walFiles());
    }
    return new WalFiles(walFiles(t));
  }

  /** The 10 highest-numbered names under {@code <logs>/_spark_metadata/}, paged. */
  List<String> walFiles(TenantConfig t) {
    ObjectStoreSettings store = t.getObjectStore();
    String prefix = store.getLogsPrefix() + "/_spark_metadata/";
    List<String> names = new ArrayList<>();
    try {
      stores
          .clientFor(store)
          .listObjectsV2Paginator(
              b -> b.bucket(store.getBucket()).prefix(prefix).encodingType(EncodingType.URL))
          .contents()
          .stream()
          .map(S3Object::key)
          .map(k -> k.substring(prefix.length()))
          .filter(n -> n.matches("\\d{1,18}(\\.compact)?"))
          .forEach(names::add);
    } catch (SdkException e) {
      throw LogwiseFailures.unavailable("listing the WAL failed: " + e.getMessage(), e);
    }
    names.sort(
        Comparator.comparingLong((String n) -> Long.parseLong(n.replace(".compact", "")))
            .reversed());
    return names.subList(0, Math.min(10, names.size()));
  }

  @Override
  public ScaleOutcome scaleFleet(ScaleFleetRequest r) {
    TenantConfig t = tenants.require(r.tenant());
    String direction = r.targetWorkers() > r.fromWorkers() ? "up" : "down";
    try {
      ScaleOutcome o = scale(t, r);
      meters.fleetAction(t.getName(), direction, true);
      return o;
    } catch (RuntimeException e) {
      meters.fleetAction(t.getName(), direction, false);
      throw e;
    }
  }

  private ScaleOutcome scale(TenantConfig t, ScaleFleetRequest r) {
    WorkerFleet fleet = fleets.fleetFor(t);
    if (r.targetWorkers() > r.fromWorkers()) {
      ScaleOutcome o = fleet.scaleUp(r.targetWorkers());
      log.info(
          "tenant {}: upscale {} -> {}: {} (key {})",
          t.getName(),
          r.fromWorkers(),
          r.targetWorkers(),
          o,
          r.idempotencyKey());
      return o;
    }
    if (fleet instanceof SimulatedWorkerFleet) {
      return fleet.scaleDown(
          r.fromWorkers() - r.targetWorkers(), r.targetWorkers(), List.of(), null);
    }
    // runs before version 1 of one-question-per-activity send no master view: read it here
    MasterView m = r.master() != null ? r.master() : masterView(t, master(t));
    ScaleOutcome o =
        fleet.scaleDown(
            r.fromWorkers() - r.targetWorkers(),
            r.targetWorkers(),
            m.removableHosts(),
            m.driverHost());
    if (m.driverWorkerId() == null) {
      o = new ScaleOutcome(o.changed(), o.desired(), "no active driver to protect; " + o.message());
    }
    log.info(
        "tenant {}: downscale {} -> {}: {} (key {})",
        t.getName(),
        r.fromWorkers(),
        r.targetWorkers(),
        o,
        r.idempotencyKey());
    return o;
  }

  @Override
  public void recordDecision(DecisionRecord d) {
    meters.decision(d.tenant(), d.action().name());
    DatabaseCalls.call(
        () -> {
          dao.insertDecision(
              new ScalingDecisionRow(
                  d.tenant(),
                  d.decisionKey(),
                  d.batchId(),
                  d.policy(),
                  d.action().name(),
                  d.actualWorkers(),
                  d.expectedWorkers(),
                  d.targetWorkers(),
                  d.why() == null ? null : d.why().name(),
                  truncate(d.reason(), 500),
                  inputsJson(d),
                  truncate(d.outcome(), 500),
                  d.decidedAtMillis()));
          return null;
        });
  }

  @Override
  public OverrideState loadOverride(TenantRequest r) {
    String tenant = r.tenant();
    Optional<ScaleOverrideRow> row = DatabaseCalls.call(() -> dao.findOverride(tenant));
    return new OverrideState(
        tenant,
        row.map(ScaleOverrideRow::upscale).orElse(null),
        row.map(ScaleOverrideRow::downscale).orElse(null));
  }

  @Override
  public int pruneBatches(TenantRequest r) {
    String tenant = r.tenant();
    TenantConfig t = tenants.require(tenant);
    java.time.Instant before =
        java.time.Instant.now().minusSeconds(t.getScaling().getBatchRetention().toSeconds());
    int deleted = DatabaseCalls.call(() -> dao.pruneBatches(tenant, before));
    if (deleted > 0) {
      log.info("tenant {}: pruned {} batch reports received before {}", tenant, deleted, before);
    }
    return deleted;
  }

  @Override
  public OverrideState saveOverride(OverrideStateChange c) {
    DatabaseCalls.call(
        () -> {
          dao.saveOverride(c.tenant(), c.enableUpScale(), c.enableDownScale(), c.requestedBy());
          return null;
        });
    return new OverrideState(c.tenant(), c.enableUpScale(), c.enableDownScale());
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /** {@code {"evidence":{…},"sizing":{…}}}: the typed inputs, as the API shows them. */
  static String inputsJson(DecisionRecord d) {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("evidence", d.evidence());
    m.put("sizing", d.sizing());
    try {
      return JSON.writeValueAsString(m);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("decision inputs always serialise", e);
    }
  }

  private static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
