package io.logwise.worker;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.ManagedDataSource;
import io.logwise.activities.catalog.ServiceCatalogActivitiesImpl;
import io.logwise.activities.db.SupervisionRecordsImpl;
import io.logwise.activities.fleet.ScalingActivitiesImpl;
import io.logwise.activities.fleet.WorkerFleets;
import io.logwise.activities.health.PipelineHealthActivitiesImpl;
import io.logwise.activities.kafka.KafkaActivitiesImpl;
import io.logwise.activities.kafka.KafkaClusters;
import io.logwise.activities.kafka.MigrationActivitiesImpl;
import io.logwise.activities.kafka.VectorRollouts;
import io.logwise.activities.spark.KafkaStarts;
import io.logwise.activities.spark.SparkDriverActivitiesImpl;
import io.logwise.activities.storage.ObjectStores;
import io.logwise.activities.storage.RetentionActivitiesImpl;
import io.logwise.activities.storage.StreamingStateActivitiesImpl;
import io.logwise.activities.tenants.TenantDirectory;
import io.logwise.config.LogwiseConfiguration;
import io.logwise.config.temporal.TemporalConnections;
import io.logwise.store.KafkaDao;
import io.logwise.store.LogwiseDatabase;
import io.logwise.store.ScalingDao;
import io.logwise.store.ServiceDetailsDao;
import io.logwise.store.SparkReplayDao;
import io.logwise.store.SparkSubmissionDao;
import io.logwise.workflows.Duty;
import io.logwise.workflows.kafka.KafkaClusterMigrationWorkflowImpl;
import io.logwise.workflows.kafka.KafkaPartitionsWorkflowImpl;
import io.logwise.workflows.retention.RetentionSyncWorkflowImpl;
import io.logwise.workflows.scaling.ScalingLoopWorkflowImpl;
import io.logwise.workflows.spark.SparkSupervisorWorkflowImpl;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's composition root: builds every client from the validated configuration, registers
 * workflows and activities on the task queue, then makes sure each tenant's workflows run.
 */
public final class LogwiseWorker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LogwiseWorker.class);

  private final ManagedDataSource dataSource;
  private final ObjectStores objectStores;
  private final WorkerFleets fleets;
  private final VectorRollouts rollouts;
  private final KubernetesClients kubernetes;
  private final WorkflowServiceStubs stubs;
  private final WorkerFactory factory;
  private volatile WorkerHeartbeat heartbeat;

  private LogwiseWorker(
      ManagedDataSource dataSource,
      ObjectStores objectStores,
      WorkerFleets fleets,
      VectorRollouts rollouts,
      KubernetesClients kubernetes,
      WorkflowServiceStubs stubs,
      WorkerFactory factory) {
    this.dataSource = dataSource;
    this.objectStores = objectStores;
    this.fleets = fleets;
    this.rollouts = rollouts;
    this.kubernetes = kubernetes;
    this.stubs = stubs;
    this.factory = factory;
  }

  public static LogwiseWorker start(LogwiseConfiguration config, MeterRegistry registry)
      throws Exception {
    return start(config, registry, java.util.Map.of());
  }

  /** With the dev sandbox's simulated fleets (by tenant). */
  public static LogwiseWorker start(
      LogwiseConfiguration config,
      MeterRegistry registry,
      java.util.Map<String, io.logwise.activities.fleet.SimulatedWorkerFleet> simulated)
      throws Exception {
    return start(
        config,
        registry,
        simulated,
        java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "logwise-local-fleet"));
  }

  /**
   * With the dev sandbox's simulated fleets (by tenant), and where the Spark workers of {@code
   * local} fleets keep their logs and work directories ({@code <dir>/<tenant>/}).
   */
  public static LogwiseWorker start(
      LogwiseConfiguration config,
      MeterRegistry registry,
      java.util.Map<String, io.logwise.activities.fleet.SimulatedWorkerFleet> simulated,
      java.nio.file.Path localFleetDir)
      throws Exception {
    io.logwise.config.QuietLoggers.apply();
    ManagedDataSource dataSource = config.getDatabase().build(new MetricRegistry(), "worker-db");
    dataSource.start();
    Jdbi jdbi = LogwiseDatabase.open(dataSource);
    ObjectStores objectStores = new ObjectStores();
    KubernetesClients kubernetes = new KubernetesClients();
    WorkerFleets fleets =
        new WorkerFleets(kubernetes::get, simulated, localLauncher(localFleetDir));
    for (io.logwise.config.TenantConfig t : config.getTenants()) {
      if (t.getFleet().getType() == io.logwise.config.FleetSettings.Type.LOCAL) {
        // as an Auto Scaling Group starts at its desired capacity
        var started = fleets.fleetFor(t).scaleUp(t.getFleet().getLocal().getInitial());
        log.info(
            "tenant {}: local Spark workers started: {} ({})",
            t.getName(),
            started.desired(),
            localFleetDir.resolve(t.getName()));
      }
    }
    VectorRollouts rollouts = new VectorRollouts(kubernetes::get, Duration.ofMinutes(30));
    ExecutorService healthChecks =
        Executors.newCachedThreadPool(
            r -> {
              Thread thread = new Thread(r, "pipeline-health");
              thread.setDaemon(true);
              return thread;
            });
    WorkflowServiceStubs stubs = TemporalConnections.stubs(config.getTemporal(), registry);
    WorkflowClient client = TemporalConnections.client(stubs, config.getTemporal());
    io.temporal.common.interceptors.WorkerInterceptor fault = FaultInjection.fromEnvironment();
    int workflows = longRunningWorkflows(config);
    boolean sticky = config.getTemporal().isStickyExecution();
    int cache = config.getWorker().cacheSizeFor(workflows, sticky);
    int threads = config.getWorker().workflowThreadsFor(workflows, sticky);
    io.temporal.worker.WorkerFactoryOptions.Builder factoryOptions =
        io.temporal.worker.WorkerFactoryOptions.newBuilder()
            .setWorkflowCacheSize(cache)
            .setMaxWorkflowThreadCount(threads);
    if (fault != null) {
      factoryOptions.setWorkerInterceptors(fault);
    }
    WorkerFactory factory = WorkerFactory.newInstance(client, factoryOptions.build());
    log.info(
        "workflow cache {} for {} long-running workflows, {} workflow threads{}",
        cache,
        workflows,
        threads,
        sticky ? "" : " (sticky execution off: every task replays its history, nothing is reused)");
    io.micrometer.core.instrument.Gauge.builder(
            "logwise_worker_workflow_cache_capacity", () -> cache)
        .description("workflows this worker keeps cached between their tasks")
        .register(registry);
    io.micrometer.core.instrument.Gauge.builder(
            "logwise_worker_workflow_cache_hit_ratio", registry, LogwiseWorker::cacheHitRatio)
        .description(
            "share of workflow tasks that found their workflow cached (no replay), since start")
        .register(registry);
    TenantDirectory tenants = new TenantDirectory(config.getTenants());
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    KafkaDao kafkaDao = jdbi.onDemand(KafkaDao.class);
    KafkaClusters clusters = new KafkaClusters(kafkaDao);
    io.logwise.activities.LogwiseMeters meters = new io.logwise.activities.LogwiseMeters(registry);
    config
        .getTenants()
        .forEach(
            t -> meters.registerTenant(t.getName(), t.getRetention().getFreshnessSampleService()));
    Object[] activities = {
      new ServiceCatalogActivitiesImpl(
          tenants, objectStores, jdbi.onDemand(ServiceDetailsDao.class), Clock.systemUTC(), meters),
      new SparkDriverActivitiesImpl(
          tenants,
          jdbi.onDemand(SparkSubmissionDao.class),
          new KafkaStarts(clusters, kafkaDao),
          http,
          Clock.systemUTC(),
          meters),
      new StreamingStateActivitiesImpl(tenants, objectStores),
      new PipelineHealthActivitiesImpl(
          tenants,
          clusters,
          objectStores,
          http,
          healthChecks,
          Duration.ofSeconds(5),
          Clock.systemUTC()),
      new RetentionActivitiesImpl(
          tenants,
          objectStores,
          jdbi.onDemand(ServiceDetailsDao.class),
          // the activity's 2-minute limit bounds the wait for another tenant's sync of the bucket
          new io.logwise.activities.storage.LifecycleLocks(jdbi, Duration.ofSeconds(60)),
          meters,
          Clock.systemUTC()),
      new SupervisionRecordsImpl(jdbi.onDemand(SparkReplayDao.class), kafkaDao, Clock.systemUTC()),
      new ScalingActivitiesImpl(
          tenants, fleets, objectStores, jdbi.onDemand(ScalingDao.class), http, meters, clusters),
      new KafkaActivitiesImpl(tenants, clusters, kafkaDao, Clock.systemUTC()),
      new io.logwise.activities.vector.VectorActivitiesImpl(
          tenants,
          fleets,
          http,
          jdbi.onDemand(io.logwise.store.VectorDao.class),
          Clock.systemUTC()),
      new MigrationActivitiesImpl(
          tenants, clusters, kafkaDao, rollouts, client, objectStores, Clock.systemUTC())
    };
    pollQueues(factory, config, activities);
    LogwiseWorker running =
        new LogwiseWorker(dataSource, objectStores, fleets, rollouts, kubernetes, stubs, factory);
    try {
      factory.start();
      boolean tenantAttribute =
          SearchAttributeSetup.ensureTenantAttribute(stubs, config.getTemporal().getNamespace());
      ensureTenantWorkflows(client, config, tenantAttribute);
      running.heartbeat =
          new WorkerHeartbeat(
                  jdbi.onDemand(io.logwise.store.WorkerHeartbeatDao.class),
                  Clock.systemUTC(),
                  config.getTemporal().getTaskQueue(),
                  config.getWorker().duties())
              .start();
    } catch (Exception e) {
      running.close();
      throw e;
    }
    log.info(
        "worker polling task queues {} on {} for {} tenant(s)",
        config.getWorker().duties().stream()
            .map(d -> d.queue(config.getTemporal().getTaskQueue()))
            .toList(),
        config.getTemporal().getTarget(),
        config.getTenants().size());
    return running;
  }

  /**
   * Workflow tasks that found their workflow cached over every workflow task polled, since start;
   * NaN before any task. A task that brings the whole history (sticky execution off, or the server
   * gave up on this worker's sticky queue) replays without asking the cache, so Temporal counts it
   * as neither hit nor miss: hits ÷ polls counts it as the replay it is.
   */
  static double cacheHitRatio(MeterRegistry registry) {
    double hits = count(registry, "temporal_sticky_cache_hit");
    double tasks = count(registry, "temporal_workflow_task_queue_poll_succeed");
    return tasks == 0 ? Double.NaN : Math.min(1.0, hits / tasks);
  }

  private static double count(MeterRegistry registry, String name) {
    return registry.find(name).counters().stream()
        .mapToDouble(io.micrometer.core.instrument.Counter::count)
        .sum();
  }

  /** How many long-running workflows this worker's duties hold for the configured tenants. */
  static int longRunningWorkflows(LogwiseConfiguration config) {
    return workflowsByDuty(config).values().stream().mapToInt(Integer::intValue).sum();
  }

  /** This worker's duties, each with the long-running workflows it holds for the tenants. */
  static Map<Duty, Integer> workflowsByDuty(LogwiseConfiguration config) {
    Map<Duty, Integer> n = new java.util.EnumMap<>(Duty.class);
    java.util.Set<Duty> duties = config.getWorker().duties();
    duties.forEach(d -> n.put(d, 0));
    for (io.logwise.config.TenantConfig t : config.getTenants()) {
      for (String id : t.longRunningWorkflows()) {
        Duty duty = Duty.ofWorkflow(id);
        if (duties.contains(duty)) {
          n.merge(duty, 1, Integer::sum);
        }
      }
    }
    return n;
  }

  /**
   * The Temporal worker options of each queue this process polls: pollers sized from the workflows
   * the queue can carry — its duty's, or all of them for the base queue, where workflows started
   * before the split by duty run.
   */
  static Map<String, io.temporal.worker.WorkerOptions> queueOptions(LogwiseConfiguration config) {
    String base = config.getTemporal().getTaskQueue();
    io.logwise.config.WorkerSettings w = config.getWorker();
    Map<String, io.temporal.worker.WorkerOptions> options = new java.util.LinkedHashMap<>();
    Map<Duty, Integer> byDuty = workflowsByDuty(config);
    byDuty.forEach((duty, n) -> options.put(duty.queue(base), pollers(w, n)));
    options.put(base, pollers(w, byDuty.values().stream().mapToInt(Integer::intValue).sum()));
    return options;
  }

  private static io.temporal.worker.WorkerOptions pollers(
      io.logwise.config.WorkerSettings w, int workflows) {
    return io.temporal.worker.WorkerOptions.newBuilder()
        .setMaxConcurrentWorkflowTaskPollers(w.workflowTaskPollersFor(workflows))
        .setMaxConcurrentActivityTaskPollers(w.activityTaskPollersFor(workflows))
        .build();
  }

  /** The workflow types of each duty. */
  static final Map<Duty, List<Class<?>>> WORKFLOWS =
      Map.of(
          Duty.SUPERVISE, List.of(SparkSupervisorWorkflowImpl.class),
          Duty.SCALE,
              List.of(
                  ScalingLoopWorkflowImpl.class,
                  io.logwise.workflows.planned.PlannedEventsWorkflowImpl.class),
          Duty.RETENTION, List.of(RetentionSyncWorkflowImpl.class),
          Duty.KAFKA,
              List.of(KafkaPartitionsWorkflowImpl.class, KafkaClusterMigrationWorkflowImpl.class),
          Duty.VECTOR, List.of(io.logwise.workflows.vector.VectorScalerWorkflowImpl.class));

  /**
   * One Temporal worker per duty of this process, on the duty's queue, with its workflow types and
   * every activity (a workflow's activities run on its own queue). The base queue too, with the
   * same types: workflows started before queues were split by duty run there until they end.
   */
  private static void pollQueues(
      WorkerFactory factory, LogwiseConfiguration config, Object[] activities) {
    String base = config.getTemporal().getTaskQueue();
    Map<String, io.temporal.worker.WorkerOptions> options = queueOptions(config);
    options.forEach(
        (queue, o) ->
            log.info(
                "task queue {}: {} workflow-task and {} activity-task pollers",
                queue,
                o.getMaxConcurrentWorkflowTaskPollers(),
                o.getMaxConcurrentActivityTaskPollers()));
    List<Class<?>> all = new java.util.ArrayList<>();
    for (Duty duty : config.getWorker().duties()) {
      Worker w = factory.newWorker(duty.queue(base), options.get(duty.queue(base)));
      register(w, WORKFLOWS.get(duty));
      w.registerActivitiesImplementations(activities);
      all.addAll(WORKFLOWS.get(duty));
    }
    Worker legacy = factory.newWorker(base, options.get(base));
    register(legacy, all);
    legacy.registerActivitiesImplementations(activities);
  }

  /** Each type with its own options (the scaling loop fails a run whose input it cannot read). */
  private static void register(Worker w, List<Class<?>> types) {
    for (Class<?> type : types) {
      if (type == ScalingLoopWorkflowImpl.class) {
        w.registerWorkflowImplementationTypes(ScalingLoopWorkflowImpl.OPTIONS, type);
      } else {
        w.registerWorkflowImplementationTypes(type);
      }
    }
  }

  /** Temporal may still be starting: retry for a while, saying what we wait for. */
  private static void ensureTenantWorkflows(
      WorkflowClient client, LogwiseConfiguration config, boolean tenantAttribute)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (true) {
      try {
        TenantWorkflows.ensureRunning(client, config, tenantAttribute);
        return;
      } catch (RuntimeException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "cannot start tenant workflows on Temporal at " + config.getTemporal().getTarget(),
              e);
        }
        log.warn(
            "Temporal at {} not ready ({}); retrying in 5s",
            config.getTemporal().getTarget(),
            e.getMessage());
        TimeUnit.SECONDS.sleep(5);
      }
    }
  }

  /**
   * Stops abruptly, like a killed process: polls and running activities are dropped, nothing is
   * reported back to Temporal. For tests of what survives a dead worker.
   */
  /** Whether the worker polls its task queues (started, not shut down). */
  public boolean polling() {
    return factory.isStarted() && !factory.isShutdown() && !factory.isTerminated();
  }

  public void kill() {
    if (heartbeat != null) {
      heartbeat.stop(false); // as a crash would: the row goes stale
    }
    factory.shutdownNow();
    stubs.shutdownNow();
    releaseClients();
  }

  /** A local fleet's worker: a Spark worker process from the Spark runtime on this machine. */
  private static WorkerFleets.LocalLauncher localLauncher(java.nio.file.Path dir) {
    return (tenant, masterUrl, host, settings) -> {
      io.logwise.embedded.LocalSpark.Worker w =
          io.logwise.embedded.LocalSpark.startWorker(
              masterUrl, host, settings.getCores(), settings.getMemory(), dir.resolve(tenant));
      return io.logwise.activities.fleet.LocalWorkerFleet.Running.of(w::isAlive, w::close);
    };
  }

  @Override
  public void close() {
    if (heartbeat != null) {
      heartbeat.close();
    }
    factory.shutdown();
    factory.awaitTermination(10, TimeUnit.SECONDS);
    stubs.shutdown();
    releaseClients();
  }

  private void releaseClients() {
    objectStores.close();
    fleets.close();
    rollouts.close();
    kubernetes.close();
    try {
      dataSource.stop();
    } catch (Exception e) {
      log.warn("closing the database pool failed: {}", e.getMessage());
    }
  }
}
