package io.logwise.activities.storage;

import io.logwise.policy.retention.ExpiryCutoff;
import io.logwise.policy.retention.LifecycleRule;
import io.logwise.store.ServiceDetail;
import io.logwise.workflows.retention.RetentionActivities.SweepResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.IntConsumer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The expiry sweep of one tenant: for each service whose retention no bucket rule enforces, finds
 * its {@code year=/month=/day=} (and, on the boundary day, {@code hour=}) partitions past retention
 * with delimiter listings that only descend where something can be expired, and deletes their
 * objects in {@code DeleteObjects} batches of 1,000. Bounded per run in services and objects.
 */
final class ExpirySweeper {

  /** S3's limit per {@code DeleteObjects} call. */
  static final int DELETE_BATCH = 1000;

  /** A bucket rule as the sweep needs it: its prefix filter and days. */
  record BucketRule(String prefix, int days) {}

  private final S3Client s3;
  private final String bucket;
  private final String logsPrefix;
  private final Instant now;

  ExpirySweeper(S3Client s3, String bucket, String logsPrefix, Instant now) {
    this.s3 = s3;
    this.bucket = bucket;
    this.logsPrefix = logsPrefix;
    this.now = now;
  }

  /**
   * Services no rule keeps within their retention: a rule enforces a service when its prefix covers
   * the service's prefix and it expires no later than the service's retention. Computed from the
   * rules actually in the bucket, so a lifecycle write that failed leaves its services to the sweep
   * instead of to nobody.
   */
  List<ServiceDetail> candidates(List<ServiceDetail> services, List<BucketRule> rules) {
    return services.stream()
        .filter(
            s -> {
              String prefix =
                  LifecycleRule.servicePrefix(logsPrefix, s.serviceName(), s.environment());
              return rules.stream()
                  .noneMatch(r -> prefix.startsWith(r.prefix()) && r.days() <= s.retentionDays());
            })
        .toList();
  }

  /**
   * @param startAt first candidate of this run
   * @param onService called with the index of the next candidate after each one (heartbeat)
   * @param onSwept gets each candidate checked to the end without a failure (not one cut short by
   *     the object bound)
   */
  SweepResult sweep(
      List<ServiceDetail> candidates,
      int startAt,
      boolean dryRun,
      int maxServices,
      long maxObjects,
      IntConsumer onService,
      java.util.function.Consumer<ServiceDetail> onSwept) {
    int start = startAt < 0 || startAt >= candidates.size() ? 0 : startAt;
    List<String> plan = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    int checked = 0;
    int failed = 0;
    int partitions = 0;
    long objects = 0;
    int next = start;
    boolean stopped = false;
    while (next < candidates.size() && checked < maxServices && !stopped) {
      ServiceDetail s = candidates.get(next);
      String prefix = LifecycleRule.servicePrefix(logsPrefix, s.serviceName(), s.environment());
      ExpiryCutoff cutoff = ExpiryCutoff.of(now, s.retentionDays());
      int failuresBefore = failures.size();
      boolean threw = false;
      try {
        for (String partition : expiredPartitions(prefix, cutoff)) {
          long left = maxObjects - objects;
          long n = dryRun ? count(partition) : delete(partition, left, failures);
          partitions++;
          objects += n;
          if (plan.size() < SweepResult.MAX_LISTED) {
            plan.add(partition + " (" + n + " objects)");
          }
          if (objects >= maxObjects) {
            stopped = true;
            break;
          }
        }
      } catch (RuntimeException e) {
        threw = true;
        if (failures.size() < SweepResult.MAX_LISTED) {
          failures.add(prefix + ": " + e.getMessage());
        }
      }
      if (threw || failures.size() > failuresBefore) {
        failed++;
      } else if (!stopped) {
        onSwept.accept(s);
      }
      checked++;
      if (!stopped) {
        next++;
      }
      onService.accept(next);
    }
    int nextStartAt = next >= candidates.size() ? 0 : next;
    // not visited, cut short by the object bound, or failed: all wait for a later run
    int notReached = candidates.size() - checked + (stopped ? 1 : 0) + failed;
    return new SweepResult(
        candidates.size(),
        checked,
        nextStartAt,
        partitions,
        objects,
        dryRun,
        plan,
        Math.min(candidates.size(), Math.max(0, notReached)),
        failures);
  }

  /** Day prefixes wholly past the cutoff and hour prefixes past it on the boundary day. */
  List<String> expiredPartitions(String servicePrefix, ExpiryCutoff cutoff) {
    List<String> out = new ArrayList<>();
    for (String year : children(servicePrefix)) {
      OptionalInt y = ExpiryCutoff.value(year, "year");
      if (y.isEmpty() || !cutoff.mayHoldExpired(y.getAsInt())) {
        continue;
      }
      for (String month : children(year)) {
        OptionalInt m = ExpiryCutoff.value(month, "month");
        if (m.isEmpty() || !cutoff.mayHoldExpired(y.getAsInt(), m.getAsInt())) {
          continue;
        }
        for (String day : children(month)) {
          OptionalInt d = ExpiryCutoff.value(day, "day");
          if (d.isEmpty()) {
            continue;
          }
          if (cutoff.dayExpired(y.getAsInt(), m.getAsInt(), d.getAsInt())) {
            out.add(day);
          } else if (cutoff.dayStraddles(y.getAsInt(), m.getAsInt(), d.getAsInt())) {
            for (String hour : children(day)) {
              OptionalInt h = ExpiryCutoff.value(hour, "hour");
              if (h.isPresent()
                  && cutoff.hourExpired(y.getAsInt(), m.getAsInt(), d.getAsInt(), h.getAsInt())) {
                out.add(hour);
              }
            }
          }
        }
      }
    }
    return out;
  }

  private List<String> children(String prefix) {
    List<String> out = new ArrayList<>();
    for (ListObjectsV2Response page :
        s3.listObjectsV2Paginator(
            b -> b.bucket(bucket).prefix(prefix).delimiter("/").encodingType(EncodingType.URL))) {
      page.commonPrefixes().stream().map(CommonPrefix::prefix).forEach(out::add);
    }
    return out;
  }

  private long count(String prefix) {
    long n = 0;
    for (ListObjectsV2Response page :
        s3.listObjectsV2Paginator(
            b -> b.bucket(bucket).prefix(prefix).encodingType(EncodingType.URL))) {
      n += page.keyCount() == null ? page.contents().size() : page.keyCount();
    }
    return n;
  }

  /** Deletes up to {@code limit} objects under {@code prefix}; returns how many went. */
  private long delete(String prefix, long limit, List<String> failures) {
    long deleted = 0;
    while (deleted < limit) {
      long want = Math.min(DELETE_BATCH, limit - deleted);
      ListObjectsV2Response page =
          s3.listObjectsV2(
              b ->
                  b.bucket(bucket)
                      .prefix(prefix)
                      .maxKeys((int) want)
                      .encodingType(EncodingType.URL));
      if (page.contents().isEmpty()) {
        break;
      }
      List<ObjectIdentifier> batch =
          page.contents().stream()
              .map(S3Object::key)
              .map(k -> ObjectIdentifier.builder().key(k).build())
              .toList();
      DeleteObjectsResponse r =
          s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(batch).quiet(true)));
      if (!r.errors().isEmpty()) {
        if (failures.size() < SweepResult.MAX_LISTED) {
          failures.add(
              prefix
                  + ": "
                  + r.errors().size()
                  + " objects not deleted, first "
                  + r.errors().get(0).key()
                  + " ("
                  + r.errors().get(0).code()
                  + ")");
        }
        deleted += batch.size() - r.errors().size();
        break;
      }
      deleted += batch.size();
    }
    return deleted;
  }
}
