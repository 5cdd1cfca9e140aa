package io.logwise.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.validation.PortRange;
import io.dropwizard.validation.ValidationMethod;

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

  @ValidationMethod(message = "may set kubernetes or asg (how migrations reach Vector), not both")
  public boolean isOneRolloutTarget() {
    return kubernetes == null || asg == null;
  }
}
