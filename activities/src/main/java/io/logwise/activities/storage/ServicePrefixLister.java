package io.logwise.activities.storage;

import io.logwise.policy.catalog.ServiceKey;
import io.logwise.policy.catalog.ServiceKeyCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

/**
 * Finds the services in a bucket from its key layout: {@code <logs>/service_name=<s>/...} and, when
 * the bucket is split by environment, {@code <logs>/env=<e>/service_name=<s>/...}. Every listing is
 * paged, so any number of services works (the reference stopped at 1,000). A prefix that cannot be
 * a catalog entry (empty, blank or too long a name or env) is skipped with its reason; the rest is
 * listed as usual.
 */
public final class ServicePrefixLister {

  private static final String SERVICE = "service_name=";
  private static final String ENV = "env=";

  /** A prefix that was not taken, and why. */
  public record Skipped(String prefix, String reason) {

    @Override
    public String toString() {
      return prefix + ": " + reason;
    }
  }

  /** The services found and the prefixes skipped. */
  public record Listing(List<ServiceKey> services, List<Skipped> skipped) {}

  private final S3Client s3;

  public ServicePrefixLister(S3Client s3) {
    this.s3 = s3;
  }

  /**
   * Lists the services under {@code logsPrefix}.
   *
   * @param onPage called after each page with the number of prefixes found so far (heartbeat)
   */
  public Listing list(String bucket, String logsPrefix, IntConsumer onPage) {
    String root = logsPrefix + "/";
    List<ServiceKey> services = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    List<String> environments = new ArrayList<>();
    int[] seen = {0};
    for (String prefix : commonPrefixes(bucket, root, seen, onPage)) {
      String segment = lastSegment(prefix, root);
      if (segment.startsWith(SERVICE)) {
        take(prefix, segment.substring(SERVICE.length()), "", services, skipped);
      } else if (segment.startsWith(ENV)) {
        String env = segment.substring(ENV.length());
        String problem = ServiceKeyCheck.environmentProblem(env);
        if (problem == null) {
          environments.add(env);
        } else {
          skipped.add(new Skipped(prefix, problem));
        }
      }
    }
    for (String env : environments) {
      String envRoot = root + ENV + env + "/";
      for (String prefix : commonPrefixes(bucket, envRoot, seen, onPage)) {
        String segment = lastSegment(prefix, envRoot);
        if (segment.startsWith(SERVICE)) {
          take(prefix, segment.substring(SERVICE.length()), env, services, skipped);
        }
      }
    }
    return new Listing(services, skipped);
  }

  private static void take(
      String prefix, String service, String env, List<ServiceKey> services, List<Skipped> skipped) {
    String problem = ServiceKeyCheck.problem(service, env);
    if (problem == null) {
      services.add(new ServiceKey(service, env));
    } else {
      skipped.add(new Skipped(prefix, problem));
    }
  }

  /** {@code service_name=x} of {@code <root>service_name=x/}. */
  private static String lastSegment(String prefix, String root) {
    String rest = prefix.substring(root.length());
    return rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
  }

  private List<String> commonPrefixes(
      String bucket, String prefix, int[] seen, IntConsumer onPage) {
    List<String> prefixes = new ArrayList<>();
    for (ListObjectsV2Response page :
        s3.listObjectsV2Paginator(
            // URL-encoded keys (the SDK decodes them): one key with a control character made the
            // listing's XML unparsable and stopped the tenant's whole sync
            b -> b.bucket(bucket).prefix(prefix).delimiter("/").encodingType(EncodingType.URL))) {
      page.commonPrefixes().stream().map(CommonPrefix::prefix).forEach(prefixes::add);
      seen[0] += page.commonPrefixes().size();
      onPage.accept(seen[0]);
    }
    return prefixes;
  }
}
