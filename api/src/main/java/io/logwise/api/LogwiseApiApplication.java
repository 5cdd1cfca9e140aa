package io.logwise.api;

import com.codahale.metrics.health.HealthCheck;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.lifecycle.Managed;
import io.logwise.api.auth.AuthorisedTenant;
import io.logwise.api.auth.BearerTokenFilter;
import io.logwise.api.auth.TenantAccess;
import io.logwise.api.auth.TenantAuthorisation;
import io.logwise.api.auth.TokenRegistry;
import io.logwise.api.errors.ContentHeaders;
import io.logwise.api.errors.ErrorMappers;
import io.logwise.api.errors.JsonErrorHandlers;
import io.logwise.api.errors.UnreadBodies;
import io.logwise.api.resources.DependencyProbes;
import io.logwise.api.resources.HealthResource;
import io.logwise.api.resources.KafkaResource;
import io.logwise.api.resources.OperationsResource;
import io.logwise.api.resources.ReferenceRoutes;
import io.logwise.api.resources.RetentionResource;
import io.logwise.api.resources.ScalingResource;
import io.logwise.api.resources.ServiceCatalogResource;
import io.logwise.api.resources.SparkResource;
import io.logwise.api.whatif.WhatIfResource;
import io.logwise.api.workflows.TemporalWorkflowCommands;
import io.logwise.api.workflows.WorkflowCommands;
import io.logwise.api.workflows.WorkflowProgress;
import io.logwise.config.LogwiseConfiguration;
import io.logwise.config.StrictJson;
import io.logwise.config.temporal.TemporalConnections;
import io.logwise.store.KafkaDao;
import io.logwise.store.LogwiseDatabase;
import io.logwise.store.ScalingDao;
import io.logwise.store.ServiceDetailsDao;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Server;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The API's composition root: wires database, Temporal, auth and resources from the config. */
public class LogwiseApiApplication extends Application<LogwiseConfiguration> {

  private static final Logger log = LoggerFactory.getLogger(LogwiseApiApplication.class);

  private final PrometheusMeterRegistry registry;
  private volatile Server server;

  public LogwiseApiApplication(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public String getName() {
    return "logwise-api";
  }

  @Override
  public void run(LogwiseConfiguration config, Environment env) {
    io.logwise.config.QuietLoggers.apply(); // Dropwizard has just applied the logging section
    ManagedDataSource dataSource = config.getDatabase().build(env.metrics(), "database");
    env.lifecycle().manage(dataSource);
    Jdbi jdbi = LogwiseDatabase.open(dataSource);

    WorkflowServiceStubs stubs = TemporalConnections.callerStubs(config.getTemporal(), registry);
    env.lifecycle().manage(stopping(stubs::shutdown));
    WorkflowClient client = TemporalConnections.client(stubs, config.getTemporal());
    ExecutorService updates =
        env.lifecycle()
            .executorService("temporal-update-%d")
            .minThreads(0)
            .maxThreads(64)
            .workQueue(new SynchronousQueue<>())
            .build();

    env.jersey()
        .register(
            new BearerTokenFilter(
                new TokenRegistry(config.getAuth().getTokens()), config.getAuth().isEnabled()));
    ErrorMappers.all().forEach(env.jersey()::register);
    env.jersey().register(new ContentHeaders());
    env.jersey().register(new UnreadBodies());
    env.jersey().register(new io.logwise.api.errors.BodyLimit());
    // bodies are read as written (config was parsed before this point, with its own rules)
    StrictJson.configure(env.getObjectMapper());
    // Jetty's own answers (bad URIs, huge headers, TRACE) in the same error shape
    env.getApplicationContext().setErrorHandler(JsonErrorHandlers.context());
    env.getAdminContext().setErrorHandler(JsonErrorHandlers.context());
    env.lifecycle()
        .addEventListener(
            new org.eclipse.jetty.util.component.LifeCycle.Listener() {
              @Override
              public void lifeCycleStarting(org.eclipse.jetty.util.component.LifeCycle event) {
                if (event instanceof org.eclipse.jetty.server.Server jetty) {
                  jetty.setErrorHandler(JsonErrorHandlers.server());
                }
              }
            });
    env.jersey().register(new TenantAuthorisation(new TenantAccess(config.getTenants())));
    env.jersey().register(new AuthorisedTenant.Binder());
    Duration updateTimeout = config.getTemporal().getUpdateTimeout().toJavaDuration();
    WorkflowProgress progress = progress(config, stubs);
    env.lifecycle()
        .scheduledExecutorService("workflow-progress")
        .threads(1)
        .build()
        .scheduleWithFixedDelay(
            progress::refresh,
            0,
            Math.min(
                PROGRESS_EVERY.toMillis(),
                config.getTemporal().getStuckAfter().toJavaDuration().toMillis()),
            TimeUnit.MILLISECONDS);
    WorkflowCommands workflows =
        new TemporalWorkflowCommands(
            client,
            config.getTemporal().getTaskQueue(),
            updateTimeout,
            updates,
            id -> progress.problemOf(id, true));
    ServiceDetailsDao services = jdbi.onDemand(ServiceDetailsDao.class);
    ScalingDao scalingDao = jdbi.onDemand(ScalingDao.class);
    KafkaDao kafka = jdbi.onDemand(KafkaDao.class);
    SparkResource spark = new SparkResource(workflows);
    ScalingResource scaling = new ScalingResource(workflows, scalingDao, kafka, registry);
    env.jersey().register(new ApiMetrics(registry));
    ServiceCatalogResource catalog = new ServiceCatalogResource(workflows, services::listByTenant);
    RetentionResource retention = new RetentionResource(workflows, services);
    env.jersey().register(spark);
    env.jersey().register(scaling);
    env.jersey().register(catalog);
    env.jersey().register(new OperationsResource(workflows));
    env.jersey().register(retention);
    env.jersey().register(new KafkaResource(workflows, kafka, Clock.systemUTC()));
    env.jersey().register(new ReferenceRoutes(spark, scaling, catalog, retention, scalingDao));
    env.jersey().register(new WhatIfResource());
    env.jersey().register(new io.logwise.api.resources.SizingResource());
    env.jersey()
        .register(
            new io.logwise.api.resources.VectorResource(
                workflows, jdbi.onDemand(io.logwise.store.VectorDao.class)));
    env.jersey()
        .register(new io.logwise.api.resources.PlannedEventsResource(workflows, Clock.systemUTC()));
    DependencyProbes probes =
        new DependencyProbes(
            jdbi, stubs, progress, config.getTemporal().getNamespace(), dutyQueues(config));
    env.jersey().register(new HealthResource(probes));
    io.logwise.api.resources.OpenApiResource openApi =
        io.logwise.api.resources.OpenApiResource.of(DOCUMENTED);
    env.jersey().register(openApi);
    JsonErrorHandlers.allowedMethods(openApi::allowedMethods);
    jersey = env.jersey().getResourceConfig();
    env.admin()
        .addFilter("unhealthy-is-503", new io.logwise.api.errors.UnhealthyIs503())
        .addMappingForUrlPatterns(null, true, "/healthcheck");
    env.healthChecks().register("database", healthCheck(probes::database));
    env.healthChecks().register("temporal", healthCheck(probes::temporal));
    env.healthChecks().register("workflows", healthCheck(probes::workflows));
    env.healthChecks().register("duties", healthCheck(probes::duties));
    env.admin().addServlet("prometheus", new PrometheusServlet(registry)).addMapping("/prometheus");
    env.lifecycle().addServerLifecycleListener(started -> server = started);

    if (!config.getAuth().isEnabled()) {
      log.warn(
          "*** AUTH IS DISABLED: every request is treated as admin. Never do this outside dev. ***");
    }
  }

  /** The resources the OpenAPI document describes: every route the API serves. */
  public static final List<Class<?>> DOCUMENTED =
      List.of(
          HealthResource.class,
          SparkResource.class,
          ScalingResource.class,
          ServiceCatalogResource.class,
          io.logwise.api.resources.OperationsResource.class,
          RetentionResource.class,
          KafkaResource.class,
          io.logwise.api.resources.VectorResource.class,
          io.logwise.api.resources.PlannedEventsResource.class,
          WhatIfResource.class,
          io.logwise.api.resources.SizingResource.class,
          ReferenceRoutes.class);

  /**
   * The duties the configured tenants need: those of their long-running workflows, and kafka always
   * (a migration may start any time).
   */
  static java.util.Map<io.logwise.workflows.Duty, String> dutyQueues(LogwiseConfiguration config) {
    String base = config.getTemporal().getTaskQueue();
    java.util.Map<io.logwise.workflows.Duty, String> needed =
        new java.util.EnumMap<>(io.logwise.workflows.Duty.class);
    needed.put(io.logwise.workflows.Duty.KAFKA, io.logwise.workflows.Duty.KAFKA.queue(base));
    for (String id : watchedWorkflows(config)) {
      io.logwise.workflows.Duty d = io.logwise.workflows.Duty.ofWorkflow(id);
      needed.put(d, d.queue(base));
    }
    return needed;
  }

  /** Every configured tenant's long-running workflows. */
  private static List<String> watchedWorkflows(LogwiseConfiguration config) {
    return config.getTenants().stream().flatMap(t -> t.longRunningWorkflows().stream()).toList();
  }

  /** How often the tenants' workflows are looked at for progress (or each stuckAfter if sooner). */
  static final Duration PROGRESS_EVERY = Duration.ofSeconds(15);

  /** Watches every configured tenant's long-running workflows. */
  private static WorkflowProgress progress(
      LogwiseConfiguration config, WorkflowServiceStubs stubs) {
    List<String> watched = watchedWorkflows(config);
    return new WorkflowProgress(
        stubs,
        config.getTemporal().getNamespace(),
        config.getTemporal().getTaskQueue(),
        config.getTemporal().getStuckAfter().toJavaDuration(),
        Clock.systemUTC(),
        () -> watched);
  }

  /** The running Jetty server, once started. */
  public Server server() {
    return server;
  }

  private volatile org.glassfish.jersey.server.ResourceConfig jersey;

  /** Every resource class the server registered (those with {@code @Path}), once running. */
  public List<Class<?>> registeredResources() {
    List<Class<?>> found = new java.util.ArrayList<>();
    jersey.getInstances().forEach(o -> found.add(o.getClass()));
    found.addAll(jersey.getClasses());
    return found.stream()
        .filter(c -> c.isAnnotationPresent(jakarta.ws.rs.Path.class))
        .distinct()
        .toList();
  }

  private static HealthCheck healthCheck(Supplier<DependencyProbes.Check> probe) {
    return new HealthCheck() {
      @Override
      protected Result check() {
        DependencyProbes.Check c = probe.get();
        if (!c.up()) {
          return Result.unhealthy(c.error());
        }
        return c.error() == null ? Result.healthy() : Result.healthy("WARNING: " + c.error());
      }
    };
  }

  private static Managed stopping(Runnable stop) {
    return new Managed() {
      @Override
      public void stop() {
        stop.run();
      }
    };
  }
}
