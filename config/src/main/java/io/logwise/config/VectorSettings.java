package io.logwise.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.validation.PortRange;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * Vector: its API endpoint (pipeline health) and, optionally, how a Kafka cluster migration points
 * it at new brokers (the default for migrations that do not say).
 */
public class VectorSettings {

  @JsonProperty private String host;
  @PortRange @JsonProperty private int apiPort = 8686;

  /** Vector as a Kubernetes Deployment reading its brokers from a ConfigMap key. */
  public static class Kubernetes {
    @JsonProperty public String namespace = "logwise";
    @JsonProperty public String configMap;
    @JsonProperty public String key = "KAFKA_BOOTSTRAP_SERVERS";
    @JsonProperty public String deployment = "vector";
  }

  /** Vector on an Auto Scaling Group whose instances read their brokers from an SSM parameter. */
  public static class Asg {
    @JsonProperty public String name;
    @JsonProperty public String region = "us-east-1";
    @JsonProperty public String endpoint;
    @JsonProperty public String ssmParameter;
  }

  @JsonProperty private Kubernetes kubernetes;
  @JsonProperty private Asg asg;

  public String getHost() {
    return host;
  }

  public int getApiPort() {
    return apiPort;
  }

  /** Where a cluster migration rolls Vector out: the configured Deployment or ASG, or null. */
  public io.logwise.workflows.kafka.VectorTarget target() {
    if (kubernetes != null) {
      return new io.logwise.workflows.kafka.VectorTarget(
          new io.logwise.workflows.kafka.VectorTarget.KubernetesTarget(
              kubernetes.namespace, kubernetes.configMap, kubernetes.key, kubernetes.deployment),
          null);
    }
    return asg == null
        ? null
        : new io.logwise.workflows.kafka.VectorTarget(
            null,
            new io.logwise.workflows.kafka.VectorTarget.AsgTarget(
                asg.name, asg.region, asg.endpoint, asg.ssmParameter));
  }

  public Kubernetes getKubernetes() {
    return kubernetes;
  }

  public Asg getAsg() {
    return asg;
  }

  /**
   * The Vector scaler ({@code vector-scaler/<tenant>}): off unless {@code enabled}; reads Vector's
   * metrics from Prometheus and sets its instance count on {@code fleet} (the same fleet types as
   * the Spark workers; {@code none} decides only).
   */
  public static class Scaling {
    @JsonProperty public boolean enabled;
    @JsonProperty public String prometheusUrl;

    /**
     * Vector's own {@code prometheus_exporter} endpoints ({@code http://vector-1:9598/metrics}),
     * scraped directly instead of asking Prometheus; one per instance.
     */
    @JsonProperty public java.util.List<java.net.URI> exporters = java.util.List.of();

    /** PromQL per metric, one series per Vector instance; empty keeps the default. */
    @JsonProperty public String cpuQuery;

    @JsonProperty public String memoryQuery;
    @JsonProperty public String logsInQuery;
    @JsonProperty public String pendingQuery;
    @Valid @NotNull @JsonProperty public FleetSettings fleet = new FleetSettings();

    @jakarta.validation.constraints.Min(1)
    @JsonProperty
    public int minInstances = 1;

    @jakarta.validation.constraints.Min(1)
    @JsonProperty
    public int maxInstances = 10;

    @NotNull @JsonProperty
    public io.dropwizard.util.Duration cooldown = io.dropwizard.util.Duration.minutes(5);

    @JsonProperty public boolean dryRun;

    @ValidationMethod(
        message = "vector.scaling needs prometheusUrl or exporters when enabled (one, not both)")
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isPrometheusNamedWhenEnabled() {
      boolean prometheus = prometheusUrl != null && !prometheusUrl.isBlank();
      boolean scraped = exporters != null && !exporters.isEmpty();
      return !enabled || prometheus != scraped;
    }

    @ValidationMethod(message = "vector.scaling.exporters must be http(s) URLs")
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isExportersHttp() {
      return exporters == null
          || exporters.stream()
              .allMatch(
                  u ->
                      u != null
                          && u.getHost() != null
                          && ("http".equals(u.getScheme()) || "https".equals(u.getScheme())));
    }

    @ValidationMethod(message = "vector.scaling: minInstances must not exceed maxInstances")
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isMinAtMostMax() {
      return minInstances <= maxInstances;
    }

    /** The policy's rules: the seed's thresholds with these bounds and cooldown. */
    public io.logwise.policy.vector.VectorPolicy.Rules rules() {
      return io.logwise.policy.vector.VectorPolicy.Rules.DEFAULTS.bounded(
          cooldown.toMilliseconds(), minInstances, maxInstances);
    }
  }

  @Valid @NotNull @JsonProperty private Scaling scaling = new Scaling();

  public Scaling getScaling() {
    return scaling;
  }

  @ValidationMethod(message = "may set kubernetes or asg (how migrations reach Vector), not both")
  public boolean isOneRolloutTarget() {
    return kubernetes == null || asg == null;
  }
}
