package io.logwise.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.Locale;

/** Where the Spark workers run: an AWS Auto Scaling Group, a Kubernetes Deployment, or nothing. */
public class FleetSettings {

  /**
   * The kinds of worker fleet; {@code none} decides and records but never acts; {@code simulated}
   * is the dev sandbox's simulated data plane.
   */
  public enum Type {
    NONE,
    ASG,
    KUBERNETES,
    SIMULATED;

    @JsonCreator
    public static Type parse(String value) {
      String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
      return switch (v) {
        case "none", "docker" -> NONE;
        case "asg" -> ASG;
        case "kubernetes", "k8s" -> KUBERNETES;
        case "simulated", "sandbox" -> SIMULATED;
        default ->
            throw new IllegalArgumentException(
                "fleet.type must be one of none, asg, kubernetes, simulated but was '"
                    + value
                    + "'");
      };
    }

    @JsonValue
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  @NotNull @JsonProperty private Type type = Type.NONE;
  @Valid @NotNull @JsonProperty private Asg asg = new Asg();
  @Valid @NotNull @JsonProperty private Kubernetes kubernetes = new Kubernetes();
  @Valid @NotNull @JsonProperty private Simulated simulated = new Simulated();

  public Simulated getSimulated() {
    return simulated;
  }

  /** The dev sandbox: a trace run through the simulated data plane, faster than real time. */
  public static class Simulated {
    /**
     * A bundled trace ({@code diurnal}, {@code spike10x}, {@code ramp}, {@code noisy}) or a CSV
     * file.
     */
    @NotBlank @JsonProperty private String trace = "diurnal";

    /** Model seconds per real second. */
    @jakarta.validation.constraints.Min(1)
    @jakarta.validation.constraints.Max(600)
    @JsonProperty
    private int speed = 60;

    public String getTrace() {
      return trace;
    }

    public int getSpeed() {
      return speed;
    }
  }

  public Type getType() {
    return type;
  }

  public Asg getAsg() {
    return asg;
  }

  public Kubernetes getKubernetes() {
    return kubernetes;
  }

  @ValidationMethod(message = "asg.name must be set when type is asg")
  public boolean isAsgNamedWhenUsed() {
    return type != Type.ASG || (asg.name != null && !asg.name.isBlank());
  }

  /** An AWS Auto Scaling Group of Spark workers. */
  public static class Asg {
    @JsonProperty private String name;
    @NotBlank @JsonProperty private String region = "us-east-1";

    /** Optional endpoint override (moto, LocalStack); the reference read it and then ignored it. */
    @JsonProperty private String endpoint;

    public String getName() {
      return name;
    }

    public String getRegion() {
      return region;
    }

    public String getEndpoint() {
      return endpoint;
    }
  }

  /** A Kubernetes Deployment of Spark workers. */
  public static class Kubernetes {
    @NotBlank @JsonProperty private String namespace = "logwise";
    @NotBlank @JsonProperty private String deployment = "spark-worker";

    public String getNamespace() {
      return namespace;
    }

    public String getDeployment() {
      return deployment;
    }
  }
}
