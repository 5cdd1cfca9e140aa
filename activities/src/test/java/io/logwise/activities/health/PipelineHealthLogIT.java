package io.logwise.activities.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwise.activities.storage.ObjectStores;
import io.logwise.activities.support.TestTenants;
import io.logwise.activities.tenants.TenantDirectory;
import io.logwise.config.TenantConfig;
import io.logwise.embedded.FreePorts;
import io.logwise.embedded.LocalMoto;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A component that stays down is logged once when it goes down and once when it answers again, not
 * on every check (1,000 tenants with their master down wrote a line per tenant per tick). Moto's S3
 * with a bucket that appears later; Spark at a port nothing listens on.
 */
class PipelineHealthLogIT {

  @Test
  void aFailingCheckIsSaidOnceAndItsRecoveryOnce() throws Exception {
    String bucket = "health-log-" + UUID.randomUUID().toString().substring(0, 8);
    int closed = FreePorts.pick();
    TenantConfig t =
        TestTenants.parse(
            String.format(
                "name: initech\n"
                    + "spark: {masterHost: 127.0.0.1, masterWebPort: %d, restPort: %d, masterPort: %d}\n"
                    + "kafka: {bootstrapServers: '127.0.0.1:%d'}\n"
                    + "objectStore: {bucket: %s, endpoint: '%s', pathStyleAccess: true,"
                    + " accessKeyId: test, secretAccessKey: test}\n",
                closed, closed, closed, closed, bucket, LocalMoto.shared().endpoint()));
    try (ObjectStores stores = new ObjectStores()) {
      var db = io.logwise.activities.support.TestDatabase.fresh("health_log");
      PipelineHealthActivitiesImpl checks =
          new PipelineHealthActivitiesImpl(
              new TenantDirectory(List.of(t)),
              new io.logwise.activities.kafka.KafkaClusters(
                  db.onDemand(io.logwise.store.KafkaDao.class)),
              stores,
              HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build(),
              Executors.newCachedThreadPool(),
              Duration.ofSeconds(2),
              Clock.systemUTC());
      String log =
          captured(
              () -> {
                for (int i = 0; i < 3; i++) {
                  assertThat(checks.checkPipeline("initech").status()).isEqualTo("DOWN");
                }
                stores.clientFor(t.getObjectStore()).createBucket(b -> b.bucket(bucket));
                checks.checkPipeline("initech");
                checks.checkPipeline("initech");
              });
      assertThat(count(log, "s3 check of tenant initech failed")).as(log).isEqualTo(1);
      assertThat(count(log, "spark check of tenant initech failed")).isEqualTo(1);
      assertThat(count(log, "s3 check of tenant initech answers again")).isEqualTo(1);
      assertThat(log).doesNotContain("spark check of tenant initech answers again");
    }
  }

  private static int count(String log, String line) {
    return (int) Pattern.compile(Pattern.quote(line)).matcher(log).results().count();
  }

  /** What the product logs at INFO and above while {@code body} runs (logback, as packaged). */
  private static String captured(Runnable body) {
    ch.qos.logback.classic.Logger logger =
        (ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(PipelineHealthActivitiesImpl.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
        new ch.qos.logback.core.read.ListAppender<>();
    lines.start();
    ch.qos.logback.classic.Level level = logger.getLevel();
    logger.setLevel(ch.qos.logback.classic.Level.INFO);
    logger.addAppender(lines);
    try {
      body.run();
    } finally {
      logger.detachAppender(lines);
      logger.setLevel(level);
    }
    StringBuilder b = new StringBuilder();
    lines.list.forEach(e -> b.append(e.getFormattedMessage()).append('\n'));
    return b.toString();
  }
}
