package io.logwise.activities.storage;

import io.logwise.config.ObjectStoreSettings;
import io.logwise.policy.retention.Freshness;
import io.logwise.workflows.retention.RetentionActivities.ServiceFreshness;
import java.time.Instant;
import java.time.ZonedDateTime;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.EncodingType;

/**
 * How many minutes behind a service's logs in S3 are: the newest {@code minute=} partition of the
 * current and three previous UTC hours, newest hour first, listing only partition prefixes.
 */
public final class FreshnessProbe {

  private FreshnessProbe() {}

  public static ServiceFreshness measure(
      ObjectStores stores, ObjectStoreSettings store, String service, Instant now) {
    return measure(stores, store, service, "", now);
  }

  /** Of a service under {@code env=<environment>/} ("" or null for none). */
  public static ServiceFreshness measure(
      ObjectStores stores,
      ObjectStoreSettings store,
      String service,
      String environment,
      Instant now) {
    S3Client s3 = stores.clientFor(store);
    String env = environment == null || environment.isEmpty() ? null : environment;
    for (ZonedDateTime hour : Freshness.hours(now)) {
      String prefix = Freshness.hourPrefix(store.getLogsPrefix(), service, environment, hour);
      int newestMinute = -1;
      for (CommonPrefix p :
          s3.listObjectsV2Paginator(
                  b ->
                      b.bucket(store.getBucket())
                          .prefix(prefix + "minute=")
                          .delimiter("/")
                          .encodingType(EncodingType.URL))
              .commonPrefixes()) {
        newestMinute =
            Math.max(
                newestMinute,
                Freshness.minuteOf(p.prefix().substring(prefix.length() + "minute=".length())));
      }
      if (newestMinute >= 0) {
        String newest =
            String.format(
                "%s:%02d", hour.toLocalDateTime().toString().substring(0, 13), newestMinute);
        return new ServiceFreshness(
            service, Freshness.delayMinutes(now, hour, newestMinute), newest, env);
      }
    }
    return new ServiceFreshness(service, Freshness.NOTHING_FOUND_MINUTES, null, env);
  }
}
