package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.logwise.embedded.LocalSpark;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Planned events through the API and the real worker, across worker restarts: bad events are 400s
 * naming each field, a duplicate name is a 409, an unknown one a 404; an event whose lead time
 * comes while no worker runs raises the Spark workers' Auto Scaling Group (moto) to its floor once
 * a worker is back (a durable timer, not process memory); the event is still listed after the
 * restart; cancelling it lifts the floor. The Spark master is a real one (the scaling loop reads
 * its workers before acting).
 */
@Tag("spark")
class PlannedEventsIT {

  private static final String ADMIN = "planned-admin-0123456789abcdef";
  private static AutoScalingClient asg;
  private static String group;

  @RegisterExtension
  static final LogwiseStack stack =
      LogwiseStack.withApi(
          "planned-events",
          """
          auth:
            tokens:
              - {name: ops, token: "${ADMIN}", scopes: [admin]}
          tenants:
            - name: acme
              spark: {masterHost: 127.0.0.1, masterWebPort: ${WEB}, restPort: ${REST}, masterPort: ${MASTER}, enabled: false}
              fleet: {type: asg, asg: {name: "${GROUP}", region: us-east-1, endpoint: "${S3}"}}
              kafka: {bootstrapServers: '127.0.0.1:9092', enablePartitionScaling: false}
              objectStore: {bucket: "${BUCKET}", endpoint: "${S3}", pathStyleAccess: true, accessKeyId: test, secretAccessKey: test}
              plannedEvents: {leadTime: 30m}
          """,
          PlannedEventsIT::prepare);

  private static Map<String, String> prepare(LogwiseStack stack) throws Exception {
    LocalSpark spark = stack.closeLater(MotoAws.spark("planned"));
    String bucket = "planned-" + UUID.randomUUID().toString().substring(0, 8);
    try (S3Client s3 = MotoAws.s3()) {
      s3.createBucket(b -> b.bucket(bucket));
      s3.putObject(
          b -> b.bucket(bucket).key("logs/_spark_metadata/7"), RequestBody.fromString("v1"));
    }
    asg = stack.closeLater(MotoAws.autoScaling());
    group = MotoAws.newGroup(asg, "planned");
    Map<String, String> vars = new java.util.HashMap<>(MotoAws.sparkPorts(spark));
    vars.putAll(Map.of("ADMIN", ADMIN, "GROUP", group, "BUCKET", bucket));
    return vars;
  }

  private static int desired() {
    return asg.describeAutoScalingGroups(b -> b.autoScalingGroupNames(group))
        .autoScalingGroups()
        .get(0)
        .desiredCapacity();
  }

  private static Http.Reply post(String body) {
    return Http.send(
        "POST", stack.base() + "/api/v1/tenants/acme/planned-events", ADMIN, null, body);
  }

  private static String event(String name, Instant starts, Instant ends, Object peak) {
    return String.format(
        "{\"name\":\"%s\",\"startsAt\":\"%s\",\"endsAt\":\"%s\",\"expectedPeakLogsPerSecond\":%s}",
        name, starts, ends, peak);
  }

  @Test
  void badEventsAreRefusedWithTheirReasons() {
    Instant now = Instant.now();
    Http.Reply past = post(event("old", now.minusSeconds(3600), now.minusSeconds(60), 1000));
    assertThat(past.status()).isEqualTo(400);
    assertThat(past.body().at("/error/message").asText()).contains("startsAt is in the past");

    Http.Reply week =
        post(event("long", now.plusSeconds(3600), now.plus(Duration.ofDays(8)), 1000));
    assertThat(week.status()).isEqualTo(400);
    assertThat(week.body().at("/error/message").asText())
        .contains("the event lasts longer than 7 days");

    Http.Reply fields = post("{\"name\":\"\",\"startsAt\":\"soon\"}");
    assertThat(fields.status()).isEqualTo(400);
    assertThat(fields.body().at("/error/message").asText())
        .contains("name is required")
        .contains("startsAt must be an ISO-8601 instant")
        .contains("endsAt is required")
        .contains("expectedPeakLogsPerSecond is required");

    Http.Reply notNumber =
        post(event("x", now.plusSeconds(3600), now.plusSeconds(7200), "\"lots\""));
    assertThat(notNumber.status()).isEqualTo(400);
    assertThat(notNumber.body().at("/error/message").asText())
        .contains("expectedPeakLogsPerSecond");

    Http.Reply unknown =
        Http.send(
            "DELETE", stack.base() + "/api/v1/tenants/acme/planned-events/nope", ADMIN, null, null);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body().at("/error/message").asText())
        .isEqualTo("no planned event named nope");
  }

  private record Run(int exit, String out, String err) {}

  private static Run cli(String... args) {
    java.io.PrintStream oldOut = System.out;
    java.io.PrintStream oldErr = System.err;
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    try {
      System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
      System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
      String[] all = new String[args.length + 4];
      all[0] = "plan-event";
      all[1] = "--address";
      all[2] = stack.temporalTarget();
      all[3] = "--tenant=acme";
      System.arraycopy(args, 0, all, 4, args.length);
      int exit = Logwise.commandLine().execute(all);
      return new Run(
          exit,
          out.toString(java.nio.charset.StandardCharsets.UTF_8),
          err.toString(java.nio.charset.StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void theCliPlansListsAndCancelsThroughTheSameWorkflow() throws Exception {
    // kept to the millisecond
    Instant starts =
        Instant.now().plus(Duration.ofDays(3)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    Run planned =
        cli(
            "--name",
            "cli-sale",
            "--starts",
            starts.toString(),
            "--ends",
            starts.plus(Duration.ofHours(6)).toString(),
            "--peak",
            "250000");
    assertThat(planned.exit()).as(planned.err()).isZero();
    // (the API's request log shares this process's stdout: look for the line, not the start)
    assertThat(planned.out()).contains("cli-sale: scheduled, ").contains("Spark 23,");

    Run list = cli("--list", "--json");
    assertThat(list.exit()).as(list.err()).isZero();
    String json = list.out().substring(list.out().indexOf("{\n  \"tenant\""));
    JsonNode state =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(json.substring(0, json.lastIndexOf('}') + 1));
    JsonNode mine = null;
    for (JsonNode e : state.get("events")) {
      if (e.get("name").asText().equals("cli-sale")) {
        mine = e;
      }
    }
    assertThat(mine).as(list.out()).isNotNull();
    assertThat(mine.get("expectedPeakLogsPerSecond").asLong()).isEqualTo(250_000);
    Http.Reply viaApi =
        Http.send(
            "GET",
            stack.base() + "/api/v1/tenants/acme/planned-events/cli-sale",
            ADMIN,
            null,
            null);
    assertThat(viaApi.status()).isEqualTo(200);
    assertThat(viaApi.body().get("startsAt").asText()).isEqualTo(starts.toString());

    Run bad = cli("--name", "x", "--starts", "yesterday", "--peak", "0");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("startsAt must be an ISO-8601 instant", "endsAt is required");

    assertThat(cli("--cancel", "cli-sale").exit()).isZero();
    Run twice = cli("--cancel", "cli-sale");
    assertThat(twice.exit()).isEqualTo(1);
    assertThat(twice.err()).contains("refused: no planned event named cli-sale");
  }

  @Test
  void theLeadTimeComesWhileNoWorkerRunsAndTheFloorIsAppliedWhenOneIsBack() throws Exception {
    assertThat(desired()).isEqualTo(1);
    // 30 minutes' lead: the floor holds 20 s from now
    Instant starts = Instant.now().plus(Duration.ofMinutes(30)).plusSeconds(20);
    Http.Reply planned = post(event("launch", starts, starts.plus(Duration.ofHours(2)), 40_000));
    assertThat(planned.status()).isEqualTo(201);
    assertThat(planned.body().get("phase").asText()).isEqualTo("scheduled");
    // 150 % of 40,000 logs/s over 500,000 records per core per 60 s batch × 2 cores
    assertThat(planned.body().at("/plan/sparkWorkers").asInt()).isEqualTo(4);
    Http.Reply again = post(event("launch", starts, starts.plusSeconds(60), 10));
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.body().at("/error/message").asText())
        .isEqualTo("an event named launch is planned already");

    stack.killWorker();
    Thread.sleep(25_000); // the lead time passes with no worker
    assertThat(desired()).as("nothing acted without a worker").isEqualTo(1);
    stack.startWorker();

    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (desired() < 4 && System.nanoTime() < until) {
      Thread.sleep(500);
    }
    assertThat(desired()).as("raised to the event's floor").isEqualTo(4);
    JsonNode list =
        Http.send("GET", stack.base() + "/api/v1/tenants/acme/planned-events", ADMIN, null, null)
            .body();
    JsonNode launch = null;
    for (JsonNode e : list.get("events")) {
      launch = e.get("name").asText().equals("launch") ? e : launch;
    }
    assertThat(launch).as(list.toString()).isNotNull();
    assertThat(launch.get("phase").asText()).isEqualTo("holding");
    assertThat(list.at("/floors/sparkWorkers").asInt()).isEqualTo(4);
    assertThat(list.at("/applied/0").asText()).startsWith("Spark workers 4: sent to scaling-loop");
    assertThat(list.at("/applied/1").asText())
        .contains("not applied, Vector scaling is off (vector.scaling.enabled: false)");
    JsonNode decisions =
        Http.send("GET", stack.base() + "/api/v1/tenants/acme/scaling/decisions", ADMIN, null, null)
            .body();
    assertThat(decisions.get(0).get("reason").asText())
        .isEqualTo("planned event launch holds at least 4 workers");

    Http.Reply cancelled =
        Http.send(
            "DELETE",
            stack.base() + "/api/v1/tenants/acme/planned-events/launch",
            ADMIN,
            null,
            null);
    assertThat(cancelled.status()).isEqualTo(200);
    assertThat(cancelled.body().get("phase").asText()).isEqualTo("cancelled");
    JsonNode after =
        Http.send("GET", stack.base() + "/api/v1/tenants/acme/planned-events", ADMIN, null, null)
            .body();
    assertThat(after.get("events").findValuesAsText("name")).doesNotContain("launch");
    assertThat(after.get("past").findValuesAsText("name")).contains("launch");
    assertThat(after.at("/floors/peakLogsPerSecond").asLong()).isZero();
    assertThat(after.at("/applied/0").asText())
        .isEqualTo("Spark workers 0 (cleared): sent to scaling-loop");
  }
}
