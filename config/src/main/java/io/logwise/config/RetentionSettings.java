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

  /** At least 10 s, the bound the workflow holds too (RetentionSyncSettings). */
  @NotNull
  @MinDuration(value = 10, unit = TimeUnit.SECONDS)
  @JsonProperty
  private Duration syncInterval = Duration.minutes(15);

  /** The service whose newest logs measure freshness ({@code /metric/sync-delay}). */
  @jakarta.validation.constraints.NotBlank @JsonProperty
  private String freshnessSampleService = "healthcheck-dummy";

  /** When a service missing from the bucket leaves the catalog. */
  @NotNull @jakarta.validation.Valid @JsonProperty private Discovery discovery = new Discovery();

  /** How much the expiry sweep does per sync. */
  @NotNull @jakarta.validation.Valid @JsonProperty private Sweep sweep = new Sweep();

  /** Background freshness of every service. */
  @NotNull @jakarta.validation.Valid @JsonProperty
  private FreshnessSettings freshness = new FreshnessSettings();

  public Discovery getDiscovery() {
    return discovery;
  }

  public Sweep getSweep() {
    return sweep;
  }

  public FreshnessSettings getFreshness() {
    return freshness;
  }

  /** See {@code RemovalRules}: both the grace period and the syncs must pass. */
  public static class Discovery {
    @NotNull @JsonProperty private Duration removalGrace = Duration.hours(24);

    @Min(1)
    @Max(1000)
    @JsonProperty
    private int minAbsentSyncs = 3;

    @jakarta.validation.constraints.DecimalMin("0.0")
    @jakarta.validation.constraints.DecimalMax("1.0")
    @JsonProperty
    private double maxRemovalFraction = 0.2;

    public Duration getRemovalGrace() {
      return removalGrace;
    }

    public int getMinAbsentSyncs() {
      return minAbsentSyncs;
    }

    public double getMaxRemovalFraction() {
      return maxRemovalFraction;
    }
  }

  /** Bounds of one sweep run; the next sync continues where it stopped. */
  public static class Sweep {
    @Min(1)
    @Max(100_000)
    @JsonProperty
    private int maxServicesPerRun = 500;

    @Min(1000)
    @Max(10_000_000)
    @JsonProperty
    private int maxObjectsPerRun = 50_000;

    public int getMaxServicesPerRun() {
      return maxServicesPerRun;
    }

    public int getMaxObjectsPerRun() {
      return maxObjectsPerRun;
    }
  }

  /** Freshness of every service on the sync timer, and how long samples are kept. */
  public static class FreshnessSettings {
    @Min(1)
    @Max(64)
    @JsonProperty
    private int concurrency = 8;

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.HOURS)
    @JsonProperty
    private Duration sampleRetention = Duration.days(30);

    public int getConcurrency() {
      return concurrency;
    }

    public Duration getSampleRetention() {
      return sampleRetention;
    }
  }

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
