package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A tenant with N services ({@code -Dlogwise.bench.retention=N}) in moto's S3, each with one
 * partition past its retention, through the API on the real Temporal dev server. Prints, as {@code
 * retention bench:} lines, how long {@code POST …/services:sync} took to answer and to finish (the
 * first sync adding every service, then a steady one), and the same for {@code GET
 * …/retention/sweep-plan} with what it found. An answer within the API's 20 s is a 200 with the
 * result; a longer operation is a 202 that the bench follows to its end. A bench, not a test of the
 * build: it runs only when asked ({@code bench/retention.sh}).
 */
@EnabledIfSystemProperty(named = "logwise.bench.retention", matches = "\\d+")
class RetentionScaleBenchIT {

  private static final String ADMIN = "retention-bench-admin-token-0123";
  private static final int SERVICES = Integer.getInteger("logwise.bench.retention", 2500);

  @RegisterExtension
  static final LogwiseStack stack =
      LogwiseStack.withApi(
          "retention-bench",
          """
          auth:
            tokens:
              - {name: ops, token: "${ADMIN}", scopes: [admin]}
          tenants:
            - name: acme
              spark: {masterHost: 127.0.0.1, enabled: false}
              kafka: {bootstrapServers: "127.0.0.1:9092"}
              objectStore: {bucket: bench-logs, endpoint: "${S3}", pathStyleAccess: true, accessKeyId: test, secretAccessKey: "${S3_SECRET}"}
              retention: {defaultDays: 7}
          """,
          s -> {
            seed();
            return Map.of("ADMIN", ADMIN, "S3_SECRET", "test");
          });

  private static void seed() {
    long t0 = System.nanoTime();
    try (S3Client s3 = MotoAws.s3()) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      s3.createBucket(b -> b.bucket("bench-logs"));
      List<Future<?>> puts =
          IntStream.range(0, SERVICES)
              .mapToObj(
                  i ->
                      pool.submit(
                          () ->
                              s3.putObject(
                                  b ->
                                      b.bucket("bench-logs")
                                          .key(
                                              String.format(
                                                  "logs/service_name=svc-%05d/year=2026/month=01"
                                                      + "/day=01/hour=00/minute=00/p.parquet",
                                                  i)),
                                  RequestBody.fromString("x"))))
              .<Future<?>>map(f -> f)
              .toList();
      for (Future<?> f : puts) {
        f.get();
      }
      pool.shutdown();
    } catch (Exception e) {
      throw new IllegalStateException("seeding moto failed", e);
    }
    print("seeded %d services in %.1f s", SERVICES, seconds(t0));
  }

  @Test
  void syncAndSweepPlanAtScale() throws Exception {
    String tenant = stack.base() + "/api/v1/tenants/acme";
    Http.Reply first = timed("first sync (adds every service)", "POST", tenant + "/services:sync");
    assertThat(first.body().get("discovered").asInt()).isEqualTo(SERVICES);
    // a fifth of the services keep 1-6 days instead of the default 7: more rules than a bucket
    // holds, so the rest falls to the sweep
    int overrides = SERVICES / 5;
    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Http.Reply>> puts =
        IntStream.range(0, overrides)
            .mapToObj(
                i ->
                    pool.submit(
                        () ->
                            Http.send(
                                "PUT",
                                tenant + String.format("/services/svc-%05d/retention", i),
                                ADMIN,
                                null,
                                "{\"days\":" + (1 + i % 6) + "}")))
            .toList();
    for (Future<Http.Reply> put : puts) {
      assertThat(put.get().status()).isEqualTo(200);
    }
    pool.shutdown();
    print("%d overrides of 1-6 days set in %.1f s", overrides, seconds(t0));
    Http.Reply steady = timed("steady sync (writes the rules)", "POST", tenant + "/services:sync");
    assertThat(steady.body().get("discovered").asInt()).isEqualTo(SERVICES);
    print(
        "rules: %d service rules, %d backstops, %d services left to the sweep",
        steady.body().at("/lifecycle/serviceRules").asInt(),
        steady.body().at("/lifecycle/backstopRules").asInt(),
        steady.body().at("/lifecycle/sweptServices").asInt());
    Http.Reply plan = timed("sweep plan (dry run)", "GET", tenant + "/retention/sweep-plan");
    print(
        "sweep plan: %d candidates (services no rule covers), %d checked, %d partitions, %d"
            + " objects, %d listed",
        plan.body().get("candidates").asInt(),
        plan.body().get("checked").asInt(),
        plan.body().get("partitions").asInt(),
        plan.body().get("objects").asLong(),
        plan.body().get("plan").size());
    assertThat(plan.body().get("checked").asInt()).isEqualTo(plan.body().get("candidates").asInt());
  }

  /** Calls, follows a 202 to its end, prints both times; returns the result. */
  private static Http.Reply timed(String what, String method, String url) throws Exception {
    long t0 = System.nanoTime();
    Http.Reply r = Http.send(method, url, ADMIN, null, method.equals("POST") ? "{}" : null);
    double answered = seconds(t0);
    int status = r.status();
    r = Http.followed(stack.base(), r, ADMIN);
    assertThat(r.status()).as("%s: %s", what, r.body()).isEqualTo(200);
    double done = seconds(t0);
    print(
        "%s at %d services: answered %d in %.1f s, done in %.1f s",
        what, SERVICES, status, answered, done);
    return r;
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static void print(String format, Object... args) {
    System.out.println("retention bench: " + String.format(format, args));
  }
}
