package io.logwise.activities.storage;

import io.logwise.policy.catalog.ServiceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

/**
 * Finds the services in a bucket from its key layout: {@code <logs>/service_name=<s>/...} and, when
 * the bucket is split by environment, {@code <logs>/env=<e>/service_name=<s>/...}. Every listing is
 * paged, so any number of services works (the reference stopped at 1,000).
 */
public final class ServicePrefixLister {

  private static final Pattern SERVICE = Pattern.compile("service_name=([^/]+)/$");
  private static final Pattern ENV = Pattern.compile("env=([^/]+)/$");

  private final S3Client s3;

  public ServicePrefixLister(S3Client s3) {
    this.s3 = s3;
  }

  /**
   * Lists the services under {@code logsPrefix}.
   *
   * @param onPage called after each page with the number of services found so far (heartbeat)
   */
  public List<ServiceKey> list(String bucket, String logsPrefix, IntConsumer onPage) {
    String root = logsPrefix + "/";
    List<ServiceKey> services = new ArrayList<>();
    List<String> environments = new ArrayList<>();
    for (String prefix : commonPrefixes(bucket, root, services, onPage)) {
      Matcher service = SERVICE.matcher(prefix.substring(root.length()));
      Matcher env = ENV.matcher(prefix.substring(root.length()));
      if (service.matches()) {
        services.add(ServiceKey.of(service.group(1)));
      } else if (env.matches()) {
        environments.add(env.group(1));
      }
    }
    for (String env : environments) {
      String envRoot = root + "env=" + env + "/";
      for (String prefix : commonPrefixes(bucket, envRoot, services, onPage)) {
        Matcher service = SERVICE.matcher(prefix.substring(envRoot.length()));
        if (service.matches()) {
          services.add(new ServiceKey(service.group(1), env));
        }
      }
    }
    return services;
  }

  private List<String> commonPrefixes(
      String bucket, String prefix, List<ServiceKey> soFar, IntConsumer onPage) {
    List<String> prefixes = new ArrayList<>();
    for (ListObjectsV2Response page :
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix).delimiter("/"))) {
      page.commonPrefixes().stream().map(CommonPrefix::prefix).forEach(prefixes::add);
      onPage.accept(soFar.size() + prefixes.size());
    }
    return prefixes;
  }
}
