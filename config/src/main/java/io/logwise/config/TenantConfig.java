package io.logwise.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** One tenant's pipeline: where its Spark, workers, Kafka, bucket and Vector are. */
public class TenantConfig {

  /** Tenant names become parts of workflow ids and URLs, so they stay DNS-label-like. */
  public static final String NAME_PATTERN = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";

  @NotNull
  @Pattern(
      regexp = NAME_PATTERN,
      message = "must be lower-case letters, digits and dashes (1-63 characters)")
  @JsonProperty
  private String name;

  @Valid @NotNull @JsonProperty private SparkSettings spark = new SparkSettings();
  @Valid @NotNull @JsonProperty private FleetSettings fleet = new FleetSettings();
  @Valid @NotNull @JsonProperty private ScalingSettings scaling = new ScalingSettings();
  @Valid @NotNull @JsonProperty private KafkaSettings kafka = new KafkaSettings();
  @Valid @NotNull @JsonProperty private ObjectStoreSettings objectStore = new ObjectStoreSettings();
  @Valid @NotNull @JsonProperty private VectorSettings vector = new VectorSettings();
  @Valid @NotNull @JsonProperty private RetentionSettings retention = new RetentionSettings();

  @Valid @NotNull @JsonProperty
  private PlannedEventSettings plannedEvents = new PlannedEventSettings();

  public String getName() {
    return name;
  }

  /** The ids of the long-running workflows this tenant's settings call for. */
  public java.util.List<String> longRunningWorkflows() {
    return io.logwise.workflows.WorkflowIds.longRunning(
        name, spark.isEnabled(), kafka.isEnablePartitionScaling(), vector.getScaling().enabled);
  }

  public SparkSettings getSpark() {
    return spark;
  }

  public FleetSettings getFleet() {
    return fleet;
  }

  public ScalingSettings getScaling() {
    return scaling;
  }

  public KafkaSettings getKafka() {
    return kafka;
  }

  public ObjectStoreSettings getObjectStore() {
    return objectStore;
  }

  public VectorSettings getVector() {
    return vector;
  }

  public RetentionSettings getRetention() {
    return retention;
  }

  public PlannedEventSettings getPlannedEvents() {
    return plannedEvents;
  }

  public TenantConfig setName(String name) {
    this.name = name;
    return this;
  }
}
