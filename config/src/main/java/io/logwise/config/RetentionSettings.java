package io.logwise.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Retention defaults for newly discovered services and how often discovery runs. Defaults follow
 * the reference (3 days); per-environment days apply to services found under an {@code env=<e>/}
 * level of the logs prefix.
 */
public class RetentionSettings {

  @Min(1)
  @Max(3650)
  @JsonProperty
  private int defaultDays = 3;

  @NotNull @JsonProperty
  private Map<String, @NotNull @Min(1) @Max(3650) Integer> environmentDays = new LinkedHashMap<>();

  @NotNull
  @MinDuration(value = 10, unit = TimeUnit.SECONDS)
  @JsonProperty
  private Duration syncInterval = Duration.minutes(15);

  /** The service whose newest logs measure freshness ({@code /metric/sync-delay}). */
  @jakarta.validation.constraints.NotBlank @JsonProperty
  private String freshnessSampleService = "healthcheck-dummy";

  public String getFreshnessSampleService() {
    return freshnessSampleService;
  }

  public int getDefaultDays() {
    return defaultDays;
  }

  public Map<String, Integer> getEnvironmentDays() {
    return environmentDays;
  }

  public Duration getSyncInterval() {
    return syncInterval;
  }
}
