package io.logwise.activities.health;

import io.logwise.activities.kafka.KafkaClusters;
import io.logwise.activities.spark.SparkMasterClient;
import io.logwise.activities.storage.ObjectStores;
import io.logwise.activities.tenants.TenantDirectory;
import io.logwise.config.ObjectStoreSettings;
import io.logwise.config.TenantConfig;
import io.logwise.policy.health.HealthStatus;
import io.logwise.policy.retention.Freshness;
import io.logwise.workflows.retention.PipelineHealthActivities;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import software.amazon.awssdk.services.s3.model.EncodingType;

/**
 * The pipeline's health, checked for real: the reference reported Kafka UP without connecting,
 * listed the whole {@code logs/} tree for S3, matched the hour in local time on any day, and turned
 * any WARNING into DOWN.
 */
public class PipelineHealthActivitiesImpl implements PipelineHealthActivities {

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(PipelineHealthActivitiesImpl.class);

  private final TenantDirectory tenants;
  private final KafkaClusters clusters;
  private final ObjectStores stores;
  private final HttpClient http;
  private final ExecutorService executor;
  private final Duration perCheck;
  private final Clock clock;

  public PipelineHealthActivitiesImpl(
      TenantDirectory tenants,
      KafkaClusters clusters,
      ObjectStores stores,
      HttpClient http,
      ExecutorService executor,
      Duration perCheck,
      Clock clock) {
    this.tenants = tenants;
    this.clusters = clusters;
    this.stores = stores;
    this.http = http;
    this.executor = executor;
    this.perCheck = perCheck;
    this.clock = clock;
  }

  @Override
  public PipelineHealth checkPipeline(String tenant) {
    TenantConfig t = tenants.require(tenant);
    List<CompletableFuture<ComponentHealth>> checks =
        List.of(
            bounded(t.getName(), "vector", () -> vector(t)),
            bounded(t.getName(), "kafka", () -> kafka(t)),
            bounded(t.getName(), "spark", () -> spark(t)),
            bounded(t.getName(), "s3", () -> s3(t)));
    List<ComponentHealth> results = checks.stream().map(CompletableFuture::join).toList();
    HealthStatus overall =
        HealthStatus.overall(results.stream().map(c -> HealthStatus.valueOf(c.status())).toList());
    String message =
        overall == HealthStatus.UP
            ? "All pipeline components are healthy"
            : "One or more pipeline components have issues";
    return new PipelineHealth(t.getName(), overall.name(), message, clock.millis(), results);
  }

  /**
   * The tenant/component checks that failed last time: a failure is logged when a check starts
   * failing and again when it passes, not on every tick (1,000 tenants with a master down wrote a
   * line per tenant per check).
   */
  private final java.util.Set<String> failing = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** Runs one check on the executor; past {@code perCheck} it is DOWN "timed out". */
  private CompletableFuture<ComponentHealth> bounded(
      String tenant, String component, Supplier<ComponentHealth> check) {
    String key = tenant + "/" + component;
    return CompletableFuture.supplyAsync(
            () -> {
              try {
                ComponentHealth health = check.get();
                if (failing.remove(key)) {
                  log.info("{} check of tenant {} answers again", component, tenant);
                }
                return health;
              } catch (RuntimeException e) {
                if (failing.add(key)) {
                  log.warn(
                      "{} check of tenant {} failed (said once until it answers again): {}",
                      component,
                      tenant,
                      e.toString());
                }
                return new ComponentHealth(
                    component,
                    "DOWN",
                    component + " check failed: " + io.logwise.activities.Problems.describe(e),
                    Map.of());
              }
            },
            executor)
        .completeOnTimeout(
            new ComponentHealth(
                component,
                "DOWN",
                component + " did not answer within " + perCheck.toSeconds() + "s",
                Map.of()),
            perCheck.toMillis(),
            TimeUnit.MILLISECONDS);
  }

  private ComponentHealth vector(TenantConfig t) {
    String host = t.getVector().getHost();
    if (host == null || host.isBlank()) {
      return new ComponentHealth("vector", "WARNING", "vector.host is not configured", Map.of());
    }
    URI uri = URI.create("http://" + host + ":" + t.getVector().getApiPort() + "/health");
    try {
      int code =
          http.send(
                  HttpRequest.newBuilder(uri).timeout(perCheck).GET().build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode();
      return code == 200
          ? new ComponentHealth("vector", "UP", "Vector is healthy", Map.of("responseCode", "200"))
          : new ComponentHealth(
              "vector",
              "DOWN",
              "Vector health check returned " + code,
              Map.of("responseCode", String.valueOf(code)));
    } catch (java.io.IOException e) {
      return new ComponentHealth(
          "vector",
          "DOWN",
          "Vector at " + uri + " is unreachable: " + io.logwise.activities.Problems.describe(e),
          Map.of("url", uri.toString()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ComponentHealth("vector", "DOWN", "interrupted", Map.of());
    }
  }

  private ComponentHealth kafka(TenantConfig t) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, clusters.current(t));
    int timeout = (int) perCheck.toMillis();
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
    props.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, timeout);
    try {
      // a refused connection is said at once, not as a timeout 5 s later
      io.logwise.activities.kafka.KafkaAdmin.requireReachable(clusters.current(t), perCheck);
    } catch (io.temporal.failure.ApplicationFailure e) {
      return new ComponentHealth("kafka", "DOWN", e.getOriginalMessage(), Map.of());
    }
    try (Admin admin = Admin.create(props)) {
      Collection<Node> nodes = admin.describeCluster().nodes().get(timeout, TimeUnit.MILLISECONDS);
      Pattern pattern = Pattern.compile(t.getKafka().getTopicPattern());
      long matching =
          admin.listTopics().names().get(timeout, TimeUnit.MILLISECONDS).stream()
              .filter(n -> pattern.matcher(n).matches())
              .count();
      Map<String, String> details =
          Map.of(
              "brokers", String.valueOf(nodes.size()), "matchingTopics", String.valueOf(matching));
      return matching > 0
          ? new ComponentHealth(
              "kafka", "UP", "Kafka is reachable with " + matching + " log topics", details)
          : new ComponentHealth(
              "kafka",
              "WARNING",
              "Kafka is reachable but no topic matches " + t.getKafka().getTopicPattern(),
              details);
    } catch (java.util.concurrent.TimeoutException e) {
      return new ComponentHealth(
          "kafka", "DOWN", "Kafka did not answer within " + perCheck.toSeconds() + "s", Map.of());
    } catch (java.util.concurrent.ExecutionException e) {
      return new ComponentHealth(
          "kafka",
          "DOWN",
          "Kafka: " + io.logwise.activities.Problems.describe(e.getCause()),
          Map.of());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ComponentHealth("kafka", "DOWN", "interrupted", Map.of());
    }
  }

  private ComponentHealth spark(TenantConfig t) {
    SparkMasterClient.Snapshot m = SparkMasterClient.of(http, t).snapshot();
    long ours =
        m.active().stream().filter(d -> t.getSpark().getMainClass().equals(d.mainClass())).count();
    boolean running =
        m.active().stream()
            .anyMatch(
                d ->
                    t.getSpark().getMainClass().equals(d.mainClass())
                        && "RUNNING".equals(d.state()));
    Map<String, String> details =
        Map.of("drivers", String.valueOf(ours), "aliveWorkers", String.valueOf(m.aliveWorkers()));
    return running
        ? new ComponentHealth("spark", "UP", "Spark driver is running", details)
        : new ComponentHealth(
            "spark",
            "DOWN",
            "No running Spark driver of " + t.getSpark().getMainClass() + " found",
            details);
  }

  /** The minute of {@code <hour prefix>minute=<mm>/…}, or -1. */
  private static int minuteOf(String key, String hourPrefix) {
    String rest = key.substring(hourPrefix.length());
    if (!rest.startsWith("minute=") || rest.indexOf('/') < 0) {
      return -1;
    }
    return Freshness.minuteOf(rest.substring("minute=".length(), rest.indexOf('/')));
  }

  private ComponentHealth s3(TenantConfig t) {
    ObjectStoreSettings store = t.getObjectStore();
    String service = t.getRetention().getFreshnessSampleService();
    Instant now = clock.instant();
    for (ZonedDateTime hour : Freshness.hours(now).subList(0, 2)) {
      String prefix = Freshness.hourPrefix(store.getLogsPrefix(), service, hour);
      // the newest key of the hour: latest real minute= partition, then latest written (the
      // first key of a listing is only the alphabetically first)
      java.util.Optional<software.amazon.awssdk.services.s3.model.S3Object> newest =
          stores
              .clientFor(store)
              .listObjectsV2Paginator(
                  b -> b.bucket(store.getBucket()).prefix(prefix).encodingType(EncodingType.URL))
              .contents()
              .stream()
              .filter(o -> minuteOf(o.key(), prefix) >= 0)
              .max(
                  java.util.Comparator
                      .<software.amazon.awssdk.services.s3.model.S3Object>comparingInt(
                          o -> minuteOf(o.key(), prefix))
                      .thenComparing(
                          software.amazon.awssdk.services.s3.model.S3Object::lastModified)
                      .thenComparing(software.amazon.awssdk.services.s3.model.S3Object::key));
      if (newest.isPresent()) {
        return new ComponentHealth(
            "s3", "UP", "Recent logs found in S3", Map.of("newest", newest.get().key()));
      }
    }
    return new ComponentHealth(
        "s3",
        "WARNING",
        "No logs of " + service + " in S3 in the current or previous hour",
        Map.of("bucket", store.getBucket()));
  }
}
