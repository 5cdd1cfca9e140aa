package io.logwise.activities.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwise.activities.support.TestTenants;
import io.logwise.activities.tenants.TenantDirectory;
import io.logwise.config.TenantConfig;
import io.logwise.embedded.LocalMoto;
import io.logwise.workflows.spark.StateResetRequest;
import io.logwise.workflows.spark.StateResetResult;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

class StreamingStateActivitiesIT {

  private final ObjectStores stores = new ObjectStores();
  private final String bucket = "state-" + UUID.randomUUID().toString().substring(0, 8);
  private final TenantConfig tenant =
      TestTenants.onMoto("acme", LocalMoto.shared().endpoint(), bucket, "");
  private final S3Client s3 = stores.clientFor(tenant.getObjectStore());
  private final StreamingStateActivitiesImpl activities =
      new StreamingStateActivitiesImpl(new TenantDirectory(List.of(tenant)), stores);

  @AfterEach
  void close() {
    stores.close();
  }

  private void put(String key, String content) {
    s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(content));
  }

  private List<String> keys(String prefix) {
    return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
        .map(S3Object::key)
        .toList();
  }

  @Test
  void backsUpThenClearsCheckpointAndSinkMetadataOnly() {
    s3.createBucket(b -> b.bucket(bucket));
    IntStream.range(0, 1100)
        .forEach(i -> put("checkpoint/application/offsets/" + i, "offsets " + i));
    put("checkpoint/application/metadata", "{\"id\":\"q1\"}");
    put("logs/_spark_metadata/0", "v1");
    put("logs/_spark_metadata/9.compact", "v1 compact");
    put("logs/service_name=orders/year=2026/p.parquet", "data");
    put("checkpointer/unrelated", "keep me");

    StateResetResult r = activities.resetStreamingState(new StateResetRequest("acme", "replay-r1"));

    assertThat(r.objectsBackedUp()).isEqualTo(1103);
    assertThat(r.objectsDeleted()).isEqualTo(1103);
    assertThat(r.backupPrefix()).isEqualTo("logwise-backups/acme/replay-r1/");
    assertThat(keys("checkpoint/")).isEmpty();
    assertThat(keys("logs/_spark_metadata/")).isEmpty();
    assertThat(keys("logs/service_name=")).hasSize(1);
    assertThat(keys("checkpointer/")).hasSize(1);
    assertThat(keys(r.backupPrefix())).hasSize(1103);
    assertThat(
            s3.getObjectAsBytes(
                    b -> b.bucket(bucket).key(r.backupPrefix() + "logs/_spark_metadata/9.compact"))
                .asUtf8String())
        .isEqualTo("v1 compact");

    StateResetResult again =
        activities.resetStreamingState(new StateResetRequest("acme", "replay-r1"));
    assertThat(again.objectsDeleted()).isZero();
    assertThat(keys(r.backupPrefix())).as("backup survives a rerun").hasSize(1103);
  }

  @Test
  void aBadKeyIsRejectedBeforeTouchingTheBucket() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> activities.resetStreamingState(new StateResetRequest("acme", "../../etc")))
        .hasMessageContaining("idempotencyKey");
  }
}
