package io.logwise.worker;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.ManagedDataSource;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.logwise.activities.catalog.ServiceCatalogActivitiesImpl;
import io.logwise.activities.db.SupervisionRecordsImpl;
import io.logwise.activities.fleet.ScalingActivitiesImpl;
import io.logwise.activities.fleet.WorkerFleets;
import io.logwise.activities.health.PipelineHealthActivitiesImpl;
import io.logwise.activities.spark.SparkDriverActivitiesImpl;
import io.logwise.activities.storage.ObjectStores;
import io.logwise.activities.storage.RetentionActivitiesImpl;
import io.logwise.activities.storage.StreamingStateActivitiesImpl;
import io.logwise.activities.tenants.TenantDirectory;
import io.logwise.api.config.LogwiseConfiguration;
import io.logwise.api.temporal.TemporalConnections;
import io.logwise.store.LogwiseDatabase;
import io.logwise.store.ScalingDao;
import io.logwise.store.ServiceDetailsDao;
import io.logwise.store.SparkReplayDao;
import io.logwise.store.SparkSubmissionDao;
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
  private final WorkflowServiceStubs stubs;
  private final WorkerFactory factory;

  private LogwiseWorker(
      ManagedDataSource dataSource,
      ObjectStores objectStores,
      WorkerFleets fleets,
      WorkflowServiceStubs stubs,
      WorkerFactory factory) {
    this.dataSource = dataSource;
    this.objectStores = objectStores;
    this.fleets = fleets;
    this.stubs = stubs;
    this.factory = factory;
  }

  public static LogwiseWorker start(LogwiseConfiguration config, MeterRegistry registry)
      throws Exception {
    ManagedDataSource dataSource = config.getDatabase().build(new MetricRegistry(), "worker-db");
    dataSource.start();
    Jdbi jdbi = LogwiseDatabase.open(dataSource);
    ObjectStores objectStores = new ObjectStores();
    WorkerFleets fleets = new WorkerFleets(() -> new KubernetesClientBuilder().build());
    ExecutorService healthChecks =
        Executors.newCachedThreadPool(
            r -> {
              Thread thread = new Thread(r, "pipeline-health");
              thread.setDaemon(true);
              return thread;
            });
    WorkflowServiceStubs stubs = TemporalConnections.stubs(config.getTemporal(), registry);
    WorkflowClient client = TemporalConnections.client(stubs, config.getTemporal());
    WorkerFactory factory = WorkerFactory.newInstance(client);
    Worker worker = factory.newWorker(config.getTemporal().getTaskQueue());
    worker.registerWorkflowImplementationTypes(
        RetentionSyncWorkflowImpl.class,
        SparkSupervisorWorkflowImpl.class,
        ScalingLoopWorkflowImpl.class);
    TenantDirectory tenants = new TenantDirectory(config.getTenants());
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    worker.registerActivitiesImplementations(
        new ServiceCatalogActivitiesImpl(
            tenants, objectStores, jdbi.onDemand(ServiceDetailsDao.class), Clock.systemUTC()),
        new SparkDriverActivitiesImpl(
            tenants, jdbi.onDemand(SparkSubmissionDao.class), http, Clock.systemUTC()),
        new StreamingStateActivitiesImpl(tenants, objectStores),
        new PipelineHealthActivitiesImpl(
            tenants, objectStores, http, healthChecks, Duration.ofSeconds(5), Clock.systemUTC()),
        new RetentionActivitiesImpl(
            tenants,
            objectStores,
            jdbi.onDemand(ServiceDetailsDao.class),
            registry,
            Clock.systemUTC()),
        new SupervisionRecordsImpl(jdbi.onDemand(SparkReplayDao.class)),
        new ScalingActivitiesImpl(
            tenants, fleets, objectStores, jdbi.onDemand(ScalingDao.class), http));
    LogwiseWorker running = new LogwiseWorker(dataSource, objectStores, fleets, stubs, factory);
    try {
      factory.start();
      boolean tenantAttribute =
          SearchAttributeSetup.ensureTenantAttribute(stubs, config.getTemporal().getNamespace());
      ensureTenantWorkflows(client, config, tenantAttribute);
    } catch (Exception e) {
      running.close();
      throw e;
    }
    log.info(
        "worker polling task queue {} on {} for {} tenant(s)",
        config.getTemporal().getTaskQueue(),
        config.getTemporal().getTarget(),
        config.getTenants().size());
    return running;
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

  @Override
  public void close() {
    factory.shutdown();
    factory.awaitTermination(10, TimeUnit.SECONDS);
    stubs.shutdown();
    objectStores.close();
    fleets.close();
    try {
      dataSource.stop();
    } catch (Exception e) {
      log.warn("closing the database pool failed: {}", e.getMessage());
    }
  }
}
