package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogwiseCliTest {

  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

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
    for (String command : new String[] {"worker", "api"}) {
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
}
