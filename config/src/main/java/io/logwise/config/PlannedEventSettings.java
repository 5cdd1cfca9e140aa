package io.logwise.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.ValidationMethod;
import io.logwise.policy.planned.PlannedEvents;
import io.logwise.workflows.planned.PlannedEventsSettings;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * Planned events ({@code planned-events/<tenant>}): how far ahead the pipeline is pre-scaled, and
 * the capacities not found elsewhere in the tenant's config. Spark's per-worker rate comes from
 * {@code scaling} (records per core per batch × cores per worker ÷ {@code sparkBatchInterval}),
 * Kafka's per-partition rate from {@code kafka}.
 */
public class PlannedEventSettings {

  @NotNull @JsonProperty public Duration leadTime = Duration.minutes(45);

  /** What one Vector instance carries until its CPU has been measured under load. */
  @Min(1)
  @JsonProperty
  public long vectorLogsPerSecondPerInstance = 20_000;

  /** The Spark job's trigger interval: a batch's records per core are per this long. */
  @NotNull @JsonProperty public Duration sparkBatchInterval = Duration.seconds(60);

  @ValidationMethod(message = "plannedEvents.leadTime must be between 30 and 60 minutes")
  @JsonIgnore
  public boolean isLeadTimeAllowed() {
    return leadTime == null || PlannedEvents.leadProblem(leadTime.toMilliseconds()) == null;
  }

  @ValidationMethod(message = "plannedEvents.sparkBatchInterval must be at least 1 second")
  @JsonIgnore
  public boolean isBatchIntervalPositive() {
    return sparkBatchInterval == null || sparkBatchInterval.toSeconds() >= 1;
  }

  /** The workflow's settings for {@code tenant}. */
  public static PlannedEventsSettings of(TenantConfig tenant) {
    PlannedEventSettings p = tenant.getPlannedEvents();
    ScalingSettings s = tenant.getScaling();
    io.logwise.policy.kafka.PartitionConfig k =
        tenant.getKafka().partitionConfig(s.getCoresPerWorker());
    long perWorker =
        Math.max(
            1,
            s.toConfig().perCoreRecordsPerBatch()
                * s.toConfig().coresPerWorker()
                / p.sparkBatchInterval.toSeconds());
    return new PlannedEventsSettings(
        p.leadTime.toSeconds(),
        new PlannedEvents.Capacities(
            p.vectorLogsPerSecondPerInstance,
            perWorker,
            k.partitionRatePerSecond(),
            k.partitionMultiple()),
        tenant.getVector().getScaling().enabled,
        tenant.getKafka().isEnablePartitionScaling());
  }
}
