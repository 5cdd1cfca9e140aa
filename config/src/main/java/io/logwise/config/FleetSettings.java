package io.logwise.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.Locale;

/**
 * Where the Spark workers run: an AWS Auto Scaling Group, a Kubernetes Deployment, worker processes
 * on this machine, or nothing.
 */
public class FleetSettings {

  /**
   * The kinds of worker fleet; {@code none} decides and records but never acts; {@code simulated}
   * is the dev sandbox's simulated data plane; {@code local} is Spark worker processes on the
   * worker's own machine (the pipeline in a box of {@code logwise dev --pipeline} and the tests).
   */
  public enum Type {
    NONE,
    ASG,
    KUBERNETES,
    SIMULATED,
    LOCAL;

    @JsonCreator
    public static Type parse(String value) {
      String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
      return switch (v) {
        case "none", "docker" -> NONE;
        case "asg" -> ASG;
        case "kubernetes", "k8s" -> KUBERNETES;
        case "simulated", "sandbox" -> SIMULATED;
        case "local" -> LOCAL;
        default ->
            throw new IllegalArgumentException(
                "fleet.type must be one of none, asg, kubernetes, simulated, local but was '"
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
  @Valid @NotNull @JsonProperty private Local local = new Local();

  public Local getLocal() {
    return local;
  }

  /**
   * Spark standalone worker processes on the Logwise worker's machine, each on a loopback address
   * of its own, registering with the tenant's master; the worker process that runs the tenant's
   * scaling activities starts and stops them (and stops them all when it stops).
   */
  public static class Local {
    /** Each worker's cores; the driver takes one of the first worker's (spark.driver.cores). */
    @jakarta.validation.constraints.Min(1)
    @JsonProperty
    private int cores = 2;

    /** Each worker's memory for executors, as Spark writes it ({@code 1g}, {@code 512m}). */
    @NotBlank
    @jakarta.validation.constraints.Pattern(
        regexp = "[1-9][0-9]*[mMgG]",
        message = "must be like 512m or 1g")
    @JsonProperty
    private String memory = "1g";

    /** The most workers it runs: this machine's budget. */
    @jakarta.validation.constraints.Min(1)
    @jakarta.validation.constraints.Max(253)
    @JsonProperty
    private int max = 4;

    /**
     * The workers it starts with, when the Logwise worker starts (as an Auto Scaling Group starts
     * at its desired capacity): the driver needs a worker before any batch can tell the loop
     * anything.
     */
    @jakarta.validation.constraints.Min(0)
    @JsonProperty
    private int initial = 1;

    public int getInitial() {
      return initial;
    }

    public int getCores() {
      return cores;
    }

    public String getMemory() {
      return memory;
    }

    public int getMax() {
      return max;
    }
  }

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

  @ValidationMethod(message = "local.initial must not exceed local.max")
  public boolean isLocalInitialWithinMax() {
    return local.initial <= local.max;
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
