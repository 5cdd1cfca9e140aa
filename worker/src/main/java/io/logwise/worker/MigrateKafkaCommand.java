package io.logwise.worker;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.ManagedDataSource;
import io.logwise.config.LogwiseConfiguration;
import io.logwise.config.TenantConfig;
import io.logwise.config.temporal.TemporalConnections;
import io.logwise.store.KafkaDao;
import io.logwise.store.LogwiseDatabase;
import io.logwise.store.MigrationRow;
import io.logwise.workflows.WorkflowIds;
import io.logwise.workflows.kafka.KafkaClusterMigrationWorkflow;
import io.logwise.workflows.kafka.MigrationInput;
import io.logwise.workflows.kafka.MigrationProgress;
import io.logwise.workflows.kafka.MigrationStart;
import io.logwise.workflows.kafka.OperatorDecision;
import io.logwise.workflows.kafka.VectorTarget;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code logwise migrate-kafka}: starts a tenant's Kafka cluster migration (the same workflow as
 * the API and {@code temporal workflow start}), or moves one on and shows where it stands.
 */
@Command(
    name = "migrate-kafka",
    mixinStandardHelpOptions = true,
    description = {
      "Move a tenant's pipeline to a new Kafka cluster without losing or repeating a record.",
      "",
      "Start:   logwise migrate-kafka -c F --tenant acme --to new-1:9092,new-2:9092 [--dry-run]",
      "           [--vector-configmap NS/NAME:KEY --vector-deployment NAME |",
      "            --vector-asg NAME --vector-ssm-parameter /path] (default: the tenant's vector.*)",
      "Then:    logwise migrate-kafka -c F --tenant acme --id M --status | --approve | --proceed",
      "           | --rollback | --cancel",
      "Exit 0 ok, 1 refused or failed, 2 bad input."
    })
final class MigrateKafkaCommand implements Callable<Integer> {

  @Mixin ConfigOptions options;

  @Option(names = "--tenant", required = true, description = "the tenant")
  String tenant;

  @Option(names = "--to", paramLabel = "HOST:PORT[,…]", description = "the new cluster")
  String to;

  @Option(names = "--id", description = "the migration id (default: a new one)")
  String id;

  @Option(names = "--dry-run", description = "check everything, report the plan, change nothing")
  boolean dryRun;

  @Option(names = "--no-approval", description = "cut Spark over without waiting for --approve")
  boolean noApproval;

  @Option(names = "--quiet-period", description = "old cluster quiet this long = drained (2m)")
  Duration quietPeriod;

  @Option(names = "--drain-timeout", description = "then ask the operator (30m)")
  Duration drainTimeout;

  @Option(names = "--vector-configmap", paramLabel = "NS/NAME:KEY")
  String configMap;

  @Option(names = "--vector-deployment", paramLabel = "NAME")
  String deployment;

  @Option(names = "--vector-asg", paramLabel = "NAME")
  String asg;

  @Option(names = "--vector-ssm-parameter", paramLabel = "/PATH")
  String ssmParameter;

  @Option(names = "--vector-region")
  String region;

  @Option(names = "--vector-endpoint", description = "AWS endpoint override (moto, LocalStack)")
  String endpoint;

  @ArgGroup(exclusive = true)
  Action action;

  /** What to do with an existing migration. */
  static final class Action {
    @Option(names = "--status")
    boolean status;

    @Option(names = "--approve")
    boolean approve;

    @Option(names = "--proceed")
    boolean proceed;

    @Option(names = "--rollback")
    boolean rollback;

    @Option(names = "--cancel")
    boolean cancel;
  }

  @Override
  public Integer call() throws Exception {
    LogwiseConfiguration config = options.load();
    if (config == null) {
      return 2;
    }
    Optional<TenantConfig> t =
        config.getTenants().stream().filter(c -> c.getName().equals(tenant)).findFirst();
    if (t.isEmpty()) {
      System.err.println("tenant '" + tenant + "' is not in " + options.configFile);
      return 2;
    }
    MigrationInput input = null;
    if (action == null) {
      input = input(t.get());
      List<String> problems = input.problems();
      if (!problems.isEmpty()) {
        System.err.println("cannot start the migration (" + problems.size() + " problem(s)):");
        problems.forEach(p -> System.err.println("  * " + p));
        return 2;
      }
    }
    WorkflowServiceStubs stubs =
        TemporalConnections.stubs(config.getTemporal(), new SimpleMeterRegistry());
    try {
      WorkflowClient client = TemporalConnections.client(stubs, config.getTemporal());
      if (input != null) {
        return start(config, input, client); // the workflow's claim reads the database
      }
      ManagedDataSource ds = config.getDatabase().build(new MetricRegistry(), "migrate-kafka");
      ds.start();
      try {
        return act(LogwiseDatabase.jdbi(ds).onDemand(KafkaDao.class), client);
      } finally {
        ds.stop();
      }
    } finally {
      stubs.shutdown();
    }
  }

  /** The migration this command line asks for (validated by the caller). */
  private MigrationInput input(TenantConfig t) {
    String migrationId =
        id != null
            ? id
            : "m-"
                + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                    .withZone(ZoneOffset.UTC)
                    .format(java.time.Instant.now());
    return new MigrationInput(
        tenant,
        migrationId,
        to,
        vector(t),
        quietPeriod == null ? null : quietPeriod.toSeconds(),
        drainTimeout == null ? null : drainTimeout.toSeconds(),
        null,
        null,
        null,
        !noApproval,
        dryRun,
        System.getProperty("user.name", "cli"));
  }

  /**
   * Starts the migration with its claim, as the API does ({@link MigrationStart#begin}): the
   * workflow's first step claims the tenant's slot, and this waits for what it found.
   */
  private int start(LogwiseConfiguration config, MigrationInput input, WorkflowClient client) {
    String workflowId = WorkflowIds.kafkaMigration(tenant, input.migrationId());
    MigrationStart claim;
    String run;
    try {
      var handle = MigrationStart.begin(client, config.getTemporal().getTaskQueue(), input);
      run = handle.getExecution().getRunId();
      claim = handle.getResult(CLAIM_WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    } catch (RuntimeException e) {
      if (MigrationStart.idTaken(e)) {
        System.err.println(MigrationStart.idTakenMessage(input));
        return 1;
      }
      System.err.println(
          "could not start "
              + workflowId
              + " (or its claim was not answered within "
              + CLAIM_WAIT.toSeconds()
              + "s: is a worker running?): "
              + io.logwise.workflows.LogwiseFailures.rootMessage(e));
      return 1;
    }
    if (!claim.runs()) {
      System.err.println(claim.message());
      return claim.outcome() == MigrationStart.Outcome.RUNNING
              || claim.outcome() == MigrationStart.Outcome.ID_USED
          ? 1
          : 2;
    }
    System.out.println(
        "started "
            + workflowId
            + " (run "
            + run
            + "): "
            + claim.oldBootstrapServers()
            + " -> "
            + input.newBootstrapServers());
    System.out.println(
        "follow it: logwise migrate-kafka -c "
            + options.configFile
            + " --tenant "
            + tenant
            + " --id "
            + input.migrationId()
            + " --status");
    return 0;
  }

  /** How long the command waits for the workflow's claim (a worker must be running). */
  static final java.time.Duration CLAIM_WAIT = java.time.Duration.ofSeconds(60);

  private VectorTarget vector(TenantConfig t) {
    if (configMap != null || deployment != null) {
      String[] nsName = configMap == null ? new String[] {null, null} : configMap.split("[/:]", 3);
      return new VectorTarget(
          new VectorTarget.KubernetesTarget(
              nsName.length > 0 ? nsName[0] : null,
              nsName.length > 1 ? nsName[1] : null,
              nsName.length > 2 ? nsName[2] : null,
              deployment),
          null);
    }
    if (asg != null || ssmParameter != null) {
      return new VectorTarget(
          null, new VectorTarget.AsgTarget(asg, region, endpoint, ssmParameter));
    }
    return t.getVector().target();
  }

  private int act(KafkaDao dao, WorkflowClient client) {
    if (id == null) {
      System.err.println(
          "--id is required with --status, --approve, --proceed, --rollback, --cancel");
      return 2;
    }
    Optional<MigrationRow> row = dao.findMigration(tenant, id);
    if (row.isEmpty()) {
      System.err.println("tenant " + tenant + " has no migration " + id);
      return 1;
    }
    String workflowId = WorkflowIds.kafkaMigration(tenant, id);
    KafkaClusterMigrationWorkflow wf =
        client.newWorkflowStub(KafkaClusterMigrationWorkflow.class, workflowId);
    OperatorDecision who = new OperatorDecision(System.getProperty("user.name", "cli"), null);
    try {
      if (action.status) {
        System.out.println(
            row.get().progress() == null ? row.get().status() : row.get().progress());
        return 0;
      }
      if (action.cancel) {
        io.temporal.client.WorkflowStub.fromTyped(wf).cancel();
        System.out.println("cancel requested for " + workflowId);
        return 0;
      }
      Function<OperatorDecision, MigrationProgress> update =
          action.approve ? wf::approve : action.proceed ? wf::proceed : wf::rollback;
      MigrationProgress p = update.apply(who);
      System.out.println(p.status() + " at " + p.step() + ": " + p.message());
      return 0;
    } catch (io.temporal.client.WorkflowUpdateException e) {
      System.err.println("refused: " + io.logwise.workflows.LogwiseFailures.rootMessage(e));
      return 1;
    }
  }
}
