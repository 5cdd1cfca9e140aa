package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogwiseCliTest {

  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  /** {@code simulate --trace trace --policies adaptive} and {@code more}. */
  private static Run simulateAdaptive(Path trace, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of("simulate", "--trace", trace.toString(), "--policies", "adaptive"));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  private static Run run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit = Logwise.commandLine().execute(args);
      return new Run(
          exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void helpListsTheCommands() {
    Run r = run("--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("dev ", "worker ", "api ", "Start here:  logwise dev");
  }

  @Test
  void aBadConfigFileStopsStartUpListingEveryProblem() throws Exception {
    Path bad = dir.resolve("bad.yml");
    Files.writeString(
        bad,
        """
        database: {driverClass: com.mysql.cj.jdbc.Driver, url: "jdbc:mysql://x/y", user: u}
        auth: {tokens: []}
        tenants:
          - name: acme
            spark: {masterHost: ""}
            kafka: {bootstrapServers: ""}
            objectStore: {bucket: b}
        """);
    for (String command : new String[] {"worker", "api", "check-config"}) {
      Run r = run(command, "-c", bad.toString());
      assertThat(r.exit()).as(command).isEqualTo(2);
      assertThat(r.err())
          .contains("tenants[0].spark.masterHost must not be blank")
          .contains("tenants[0].kafka.bootstrapServers must not be blank")
          .contains("tokens must list at least one token");
    }
  }

  @Test
  void aMissingConfigFileIsExplained() {
    Run r = run("worker", "-c", dir.resolve("nope.yml").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("nope.yml does not exist");
  }

  @Test
  void whatIfAnswersFromAFileAndRejectsBadInputWithExitTwo() throws Exception {
    Run ok = run("what-if", "--input", "../config/what-if.example.json");
    assertThat(ok.exit()).isZero();
    assertThat(ok.out().trim())
        .isEqualTo(
            "{\"action\":\"UPSCALE\",\"targetWorkers\":7,\"expectedWorkers\":7,\"reason\":\"expected 7 workers, have 3: add 4\"}");

    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"history\":[],\"walFiles\":[]}");
    Run r = run("what-if", "-i", bad.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("actualWorkers: required");
  }

  @Test
  void sizingPrintsOneJsonObjectOrATableAndRefusesBadInputWithExitTwo() throws Exception {
    Run json = run("sizing", "--logs-per-second", "50000", "--avg-message-bytes", "2048", "--json");
    assertThat(json.exit()).as(json.err()).isZero();
    var answer = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
    assertThat(answer.isObject()).isTrue();
    for (String field : io.logwise.policy.sizing.Sizing.FIGURES) {
      assertThat(answer.get(field).isIntegralNumber()).as(field).isTrue();
    }
    assertThat(answer.get("kafkaPartitions").asInt()).isEqualTo(16); // the reference's example
    assertThat(answer.get("maxLagPerPartition").asLong()).isEqualTo(2_400_000);
    assertThat(answer.get("assumptions").isObject()).isTrue();

    Run table =
        run(
            "sizing",
            "--logs-per-second",
            "50000",
            "--avg-message-bytes",
            "2048",
            "--spark-records-per-core-per-second",
            "16000");
    assertThat(table.exit()).isZero();
    assertThat(table.out()).contains("Spark workers").contains("16000 records/s per core");

    Run zero = run("sizing", "--logs-per-second", "0", "--avg-message-bytes", "2048");
    assertThat(zero.exit()).isEqualTo(2);
    assertThat(zero.err()).contains("logsPerSecond must be between 1 and");
    Run word = run("sizing", "--logs-per-second", "many", "--avg-message-bytes", "2048");
    assertThat(word.exit()).isEqualTo(2);
    assertThat(word.err()).contains("--logs-per-second").contains("many");
    Run fraction =
        run(
            "sizing",
            "--logs-per-second",
            "10",
            "--avg-message-bytes",
            "20",
            "--spark-cores-per-worker",
            "1.5");
    assertThat(fraction.exit()).isEqualTo(2);
    assertThat(fraction.err()).contains("sparkCoresPerWorker must be a whole number");
  }

  @Test
  void whatIfAnswersForVectorFromAWindowOfMinutes() throws Exception {
    Path hot = dir.resolve("hot.json");
    Files.writeString(
        hot,
        "{\"window\":[{\"cpuUtilisation\":0.9},{\"cpuUtilisation\":0.8},{\"cpuUtilisation\":0.95},"
            + "{\"cpuUtilisation\":0.85},{\"cpuUtilisation\":0.9}],\"currentInstances\":3}");
    Run up = run("what-if", "--component", "vector", "-i", hot.toString());
    assertThat(up.exit()).as(up.err()).isZero();
    assertThat(up.out())
        .contains("\"action\":\"UPSCALE\"")
        .contains("\"targetInstances\":4")
        .contains("\"why\":\"CPU_HIGH\"");

    Path gap = dir.resolve("gap.json");
    Files.writeString(
        gap,
        "{\"window\":[{\"cpuUtilisation\":0.9},{\"cpuUtilisation\":0.9},{},"
            + "{\"cpuUtilisation\":0.9},{\"cpuUtilisation\":0.9}],\"currentInstances\":3,"
            + "\"minutesSinceLastAction\":2}");
    Run steady = run("what-if", "--component", "vector", "-i", gap.toString());
    assertThat(steady.out()).contains("\"action\":\"NONE\"").contains("had no CPU metrics");

    Path bad = dir.resolve("bad.json");
    Files.writeString(
        bad, "{\"window\":[null],\"currentInstances\":-1,\"rules\":{\"maxInstances\":0}}");
    Run r = run("what-if", "--component", "vector", "-i", bad.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .contains("window: a minute is null")
        .contains("currentInstances: required, >= 0")
        .contains("rules: instances must satisfy");
    assertThat(run("what-if", "--component", "kafka", "-i", bad.toString()).exit()).isEqualTo(2);
  }

  @Test
  void whatIfReadsStandardInput() {
    java.io.InputStream old = System.in;
    try {
      System.setIn(
          new java.io.ByteArrayInputStream(
              "{\"history\":[],\"walFiles\":[\"3\"],\"actualWorkers\":2}"
                  .getBytes(StandardCharsets.UTF_8)));
      Run r = run("what-if", "--input", "-");
      assertThat(r.exit()).isZero();
      assertThat(r.out()).contains("\"action\":\"NONE\"").contains("not enough data");
    } finally {
      System.setIn(old);
    }
  }

  @Test
  void anUnknownCommandIsAUsageError() {
    Run r = run("frobnicate");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("Unmatched argument");
  }

  @Test
  void migrateKafkaRefusesABadMigrationListingEveryProblemBeforeConnecting() throws Exception {
    Path config = dir.resolve("ok.yml");
    Files.writeString(
        config,
        """
        database: {driverClass: com.mysql.cj.jdbc.Driver, url: "jdbc:mysql://127.0.0.1:1/none", user: u, password: p}
        auth: {enabled: false}
        tenants:
          - name: acme
            spark: {masterHost: 127.0.0.1}
            kafka: {bootstrapServers: "old:9092"}
            objectStore: {bucket: b}
        """);
    Run r =
        run(
            "migrate-kafka",
            "-c",
            config.toString(),
            "--tenant",
            "acme",
            "--to",
            "nohost,x:99999",
            "--quiet-period",
            "PT1S");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .contains("4 problem(s)")
        .contains("'nohost' is not host:port")
        .contains("port of 'x:99999' is out of range")
        .contains("vector is required")
        .contains("quietPeriodSeconds");

    Run unknown =
        run("migrate-kafka", "-c", config.toString(), "--tenant", "globex", "--to", "x:1");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("tenant 'globex' is not in");
  }

  /** Two hours at 20k records/s with a 4× step at minute 60. */
  private Path stepTrace() throws Exception {
    StringBuilder csv = new StringBuilder("# a step\nminute,records_per_second\n");
    for (int m = 0; m < 120; m++) {
      csv.append(m).append(',').append(m < 60 ? 20_000 : 80_000).append('\n');
    }
    Path trace = dir.resolve("step.csv");
    Files.writeString(trace, csv);
    return trace;
  }

  @Test
  void simulateJsonPrintsExactlyOneObjectWithARunPerTraceAndPolicy() throws Exception {
    Path trace = stepTrace();
    Path out = dir.resolve("pictures");
    Run r =
        run(
            "simulate",
            "--trace",
            trace.toString(),
            "--policies",
            "classic,adaptive,oracle",
            "--json",
            "--boot-delay",
            "45s",
            "--out",
            out.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    com.fasterxml.jackson.databind.JsonNode json =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
    assertThat(r.out().trim().lines()).hasSize(1);
    assertThat(json.fieldNames()).toIterable().containsExactly("runs");
    assertThat(json.get("runs")).hasSize(3);
    List<String> policies = new java.util.ArrayList<>();
    for (com.fasterxml.jackson.databind.JsonNode run : json.get("runs")) {
      assertThat(run.fieldNames())
          .toIterable()
          .containsExactly(
              "trace",
              "policy",
              "minutesOverSlo",
              "sloSeconds",
              "p50FreshnessSeconds",
              "p99FreshnessSeconds",
              "workerHours",
              "actions");
      assertThat(run.get("trace").asText()).isEqualTo("step");
      assertThat(run.get("workerHours").asDouble()).isPositive();
      policies.add(run.get("policy").asText());
    }
    assertThat(policies).containsExactly("classic", "adaptive", "oracle");
    // the step needs more workers: every real policy acted at least once
    assertThat(json.get("runs").get(1).get("actions").asInt()).isPositive();
    assertThat(Files.readString(out.resolve("step.svg"))).startsWith("<svg").contains("adaptive");
  }

  @Test
  void simulateFamiliesJudgesThePoliciesAgainstTheBoundOnGeneratedTraces() throws Exception {
    Path out = dir.resolve("worst");
    Run r =
        run(
            "simulate",
            "--families",
            "11",
            "--seed-from",
            "1",
            "--policies",
            "classic,adaptive",
            "--boot-delay",
            "45s",
            "--out",
            out.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .startsWith("freshness SLO 300 s")
        .contains("11 generated traces (seeds 1-11")
        .contains("at boot delays [45] s: 11 cases")
        .contains("slo-oracle")
        .contains("adaptive has no more SLO minutes than classic on")
        .contains("33 runs simulated");
    try (var pictures = Files.list(out)) {
      assertThat(pictures.toList()).as("adaptive's three worst cases").hasSize(3);
    }

    Run json =
        run(
            "simulate",
            "--families",
            "2",
            "--policies",
            "adaptive",
            "--boot-delay",
            "180s",
            "--json");
    assertThat(json.exit()).as(json.err()).isZero();
    com.fasterxml.jackson.databind.JsonNode report =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
    assertThat(report.get("seedFrom").asLong()).isEqualTo(1001);
    assertThat(report.get("sloSeconds").asInt()).isEqualTo(300);
    assertThat(report.get("policies").findValuesAsText("policy"))
        .containsExactly("adaptive", "slo-oracle");

    Run neither = run("simulate", "--policies", "adaptive");
    assertThat(neither.exit()).isEqualTo(2);
    assertThat(neither.err()).contains("--trace FILE (repeatable) or --families N");
    Run both = run("simulate", "--families", "3", "--trace", out.toString());
    assertThat(both.exit()).isEqualTo(2);
  }

  @Test
  void simulateModelSetsTheDataPlanesParametersAndNamesEveryBadOne() throws Exception {
    Path trace = stepTrace();
    Run plain = run("simulate", "--trace", trace.toString(), "--policies", "static-peak", "--json");
    Run slower =
        run(
            "simulate",
            "--trace",
            trace.toString(),
            "--policies",
            "static-peak",
            "--json",
            "--model",
            "perCoreRecordsPerSecond=2000,sloSeconds=120");
    assertThat(slower.exit()).as(slower.err()).isZero();
    com.fasterxml.jackson.databind.ObjectMapper mapper =
        new com.fasterxml.jackson.databind.ObjectMapper();
    double before = mapper.readTree(plain.out()).get("runs").get(0).get("workerHours").asDouble();
    double after = mapper.readTree(slower.out()).get("runs").get(0).get("workerHours").asDouble();
    assertThat(after).as("a quarter of the per-core rate needs more workers").isGreaterThan(before);

    Run bad =
        run(
            "simulate",
            "--trace",
            trace.toString(),
            "--model",
            "trigger=5,driverCores=x,partitions=-1");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err())
        .contains("--model: 'trigger=5': expected key=value with a known key")
        .contains("driverCores: 'x' is not a number");
    Run range = run("simulate", "--trace", trace.toString(), "--model", "partitions=-1");
    assertThat(range.exit()).isEqualTo(2);
    assertThat(range.err()).contains("must be >= 0");
  }

  @Test
  void simulateRunsATenantsOwnScalingSettings() throws Exception {
    Path trace = stepTrace();
    Path config = dir.resolve("tenant.yml");
    Files.writeString(
        config,
        """
        database: {driverClass: com.mysql.cj.jdbc.Driver, url: "jdbc:mysql://127.0.0.1:1/none", user: u, password: p}
        auth: {enabled: false}
        tenants:
          - name: acme
            spark: {masterHost: 127.0.0.1}
            kafka: {bootstrapServers: "k:9092"}
            objectStore: {bucket: b}
            scaling: {policy: adaptive, adaptive: {targetUtilization: 0.5}}
          - name: patient
            spark: {masterHost: 127.0.0.1, appName: patient}
            kafka: {bootstrapServers: "k:9092"}
            objectStore: {bucket: b}
            scaling: {policy: adaptive, adaptive: {freshnessSlo: 10m}}
        """);
    Run tuned = simulateAdaptive(trace, "--json", "-c", config.toString(), "--tenant", "acme");
    Run defaults = run("simulate", "--trace", trace.toString(), "--policies", "adaptive", "--json");
    assertThat(tuned.exit()).as(tuned.err()).isZero();
    assertThat(tuned.out()).startsWith("{");
    double tunedHours =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(tuned.out())
            .at("/runs/0/workerHours")
            .asDouble();
    double defaultHours =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(defaults.out())
            .at("/runs/0/workerHours")
            .asDouble();
    // half the target utilisation keeps more workers than the default 0.85
    assertThat(tunedHours).isGreaterThan(defaultHours);
    assertThat(defaults.out()).contains("\"sloSeconds\":300");

    // judged against the tenant's SLO (10 minutes), not the model's 300 s, unless --model sets it
    Run patient = simulateAdaptive(trace, "-c", config.toString(), "--tenant", "patient");
    assertThat(patient.exit()).as(patient.err()).isZero();
    assertThat(patient.out()).startsWith("freshness SLO 600 s");
    Run modelSlo =
        simulateAdaptive(
            trace,
            "--json",
            "-c",
            config.toString(),
            "--tenant",
            "patient",
            "--model",
            "triggerSeconds=60, sloSeconds=120");
    assertThat(modelSlo.exit()).as(modelSlo.err()).isZero();
    assertThat(modelSlo.out()).contains("\"sloSeconds\":120");

    Run unknown =
        run("simulate", "--trace", trace.toString(), "-c", config.toString(), "--tenant", "x");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("tenant 'x' is not in");
  }

  @Test
  void simulateRejectsBadArgumentsAndBadTracesWithExitTwo() throws Exception {
    Path trace = stepTrace();
    Run policy = run("simulate", "--trace", trace.toString(), "--policies", "classic,magic");
    assertThat(policy.exit()).isEqualTo(2);
    assertThat(policy.err()).contains("not [magic]");
    assertThat(policy.out()).isEmpty();

    Run delay = run("simulate", "--trace", trace.toString(), "--boot-delay", "soon");
    assertThat(delay.exit()).isEqualTo(2);
    assertThat(delay.err()).contains("'soon' is not a duration");

    Run tenants = run("simulate", "--trace", trace.toString(), "--tenants", "0");
    assertThat(tenants.exit()).isEqualTo(2);
    assertThat(tenants.err()).contains("--tenants >= 1");

    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, "minute,records_per_second\n0,100\n1,lots\n");
    Run badTrace = run("simulate", "--trace", bad.toString());
    assertThat(badTrace.exit()).isEqualTo(2);
    assertThat(badTrace.err())
        .contains("cannot read trace")
        .contains("bad:3: not two whole numbers");

    Run missing = run("simulate", "--trace", dir.resolve("none.csv").toString());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("cannot read trace");

    Run alone = run("simulate", "--trace", trace.toString(), "--tenant", "acme");
    assertThat(alone.exit()).isEqualTo(2);
    assertThat(alone.err()).contains("--config and --tenant go together");
  }
}
