package io.logwise.activities.storage;

import io.logwise.activities.Heartbeats;
import io.logwise.activities.tenants.TenantDirectory;
import io.logwise.config.ObjectStoreSettings;
import io.logwise.config.TenantConfig;
import io.logwise.workflows.LogwiseFailures;
import io.logwise.workflows.spark.StateResetRequest;
import io.logwise.workflows.spark.StateResetResult;
import io.logwise.workflows.spark.StreamingStateActivities;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Backs up, then clears, the Spark job's checkpoint and file-sink metadata. Unlike the reference's
 * object-by-object parallel deletes, everything is copied first and then deleted in batches of
 * 1,000, so a crash mid-way never loses state that was not backed up.
 */
public class StreamingStateActivitiesImpl implements StreamingStateActivities {

  private static final Logger log = LoggerFactory.getLogger(StreamingStateActivitiesImpl.class);
  private static final int BATCH = 1000;

  private final TenantDirectory tenants;
  private final ObjectStores stores;

  public StreamingStateActivitiesImpl(TenantDirectory tenants, ObjectStores stores) {
    this.tenants = tenants;
    this.stores = stores;
  }

  @Override
  public StateResetResult resetStreamingState(StateResetRequest request) {
    TenantConfig tenant = tenants.require(request.tenant());
    String runKey = request.idempotencyKey();
    if (runKey == null
        || !runKey.matches("[A-Za-z0-9._=/-]{1,150}")
        || runKey.contains("..")
        || runKey.startsWith("/")) {
      throw LogwiseFailures.invalidInput(
          "idempotencyKey must be 1-150 of [A-Za-z0-9._=/-], no '..' or leading '/'");
    }
    ObjectStoreSettings store = tenant.getObjectStore();
    S3Client s3 = stores.clientFor(store);
    String backup = "logwise-backups/" + tenant.getName() + "/" + runKey + "/";
    List<String> prefixes =
        List.of(store.getCheckpointPrefix() + "/", store.getLogsPrefix() + "/_spark_metadata/");
    try {
      List<String> keys = new ArrayList<>();
      for (String prefix : prefixes) {
        keys.addAll(list(s3, store.getBucket(), prefix));
      }
      for (String key : keys) {
        s3.copyObject(
            b ->
                b.sourceBucket(store.getBucket())
                    .sourceKey(key)
                    .destinationBucket(store.getBucket())
                    .destinationKey(backup + key));
        Heartbeats.beat("copied " + key);
      }
      int deleted = 0;
      for (int i = 0; i < keys.size(); i += BATCH) {
        List<ObjectIdentifier> batch =
            keys.subList(i, Math.min(keys.size(), i + BATCH)).stream()
                .map(k -> ObjectIdentifier.builder().key(k).build())
                .toList();
        DeleteObjectsResponse r =
            s3.deleteObjects(
                b ->
                    b.bucket(store.getBucket())
                        .delete(Delete.builder().objects(batch).quiet(true).build()));
        if (!r.errors().isEmpty()) {
          throw LogwiseFailures.unavailable(
              "S3 could not delete "
                  + r.errors().size()
                  + " objects, e.g. "
                  + r.errors().get(0).key()
                  + ": "
                  + r.errors().get(0).message(),
              null);
        }
        deleted += batch.size();
        Heartbeats.beat("deleted " + deleted);
      }
      log.info(
          "tenant {}: streaming state reset: {} objects backed up to {} and deleted",
          tenant.getName(),
          keys.size(),
          backup);
      return new StateResetResult(keys.size(), deleted, backup);
    } catch (S3Exception e) {
      if (e.statusCode() == 403 || e.statusCode() == 404) {
        throw LogwiseFailures.badConfig(
            "bucket '" + store.getBucket() + "': " + e.awsErrorDetails().errorMessage());
      }
      throw LogwiseFailures.unavailable("S3 failed: " + e.getMessage(), e);
    } catch (SdkClientException e) {
      throw LogwiseFailures.unavailable("S3 unreachable: " + e.getMessage(), e);
    }
  }

  private static List<String> list(S3Client s3, String bucket, String prefix) {
    List<String> keys = new ArrayList<>();
    for (ListObjectsV2Response page :
        s3.listObjectsV2Paginator(
            b -> b.bucket(bucket).prefix(prefix).encodingType(EncodingType.URL))) {
      page.contents().stream().map(S3Object::key).forEach(keys::add);
      Heartbeats.beat("listed " + keys.size() + " under " + prefix);
    }
    return keys;
  }
}
