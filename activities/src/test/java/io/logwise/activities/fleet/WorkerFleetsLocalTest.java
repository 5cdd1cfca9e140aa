package io.logwise.activities.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logwise.activities.support.TestTenants;
import io.logwise.config.TenantConfig;
import io.logwise.workflows.LogwiseFailures;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How {@link WorkerFleets} builds a tenant's {@code local} fleet (the processes are stand-ins). */
class WorkerFleetsLocalTest {

  private static final TenantConfig ACME =
      TestTenants.parse(
          """
          name: acme
          spark: {masterHost: 127.0.0.1, masterPort: 7177, masterWebPort: 8180}
          kafka: {bootstrapServers: 'k:9092'}
          objectStore: {bucket: b}
          fleet: {type: local, local: {cores: 3, memory: 768m, max: 2}}
          """);

  private final List<String> started = new ArrayList<>();
  private final List<String> stopped = new ArrayList<>();

  private WorkerFleets fleets() {
    return new WorkerFleets(
        () -> null,
        Map.of(),
        (tenant, masterUrl, host, s) -> {
          started.add(
              tenant + " " + masterUrl + " " + host + " " + s.getCores() + " " + s.getMemory());
          return LocalWorkerFleet.Running.of(() -> true, () -> stopped.add(host));
        });
  }

  @Test
  void oneFleetPerTenantStartsWorkersOfItsMasterAndStopsThemWithTheWorker() {
    WorkerFleets fleets = fleets();
    WorkerFleet fleet = fleets.fleetFor(ACME);
    assertThat(fleets.fleetFor(ACME)).as("the same processes on every call").isSameAs(fleet);
    assertThat(fleet.scaleUp(5).desired()).as("capped at local.max").isEqualTo(2);
    assertThat(started)
        .containsExactly(
            "acme spark://127.0.0.1:7177 127.0.0.2 3 768m",
            "acme spark://127.0.0.1:7177 127.0.0.3 3 768m");
    fleets.close();
    assertThat(stopped).containsExactlyInAnyOrder("127.0.0.2", "127.0.0.3");
  }

  @Test
  void withoutALauncherOrForVectorALocalFleetIsABadConfig() {
    WorkerFleets none = new WorkerFleets(() -> null);
    assertThatThrownBy(() -> none.fleetFor(ACME))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(LogwiseFailures.BAD_CONFIG);
              assertThat(f.getOriginalMessage()).contains("fleet.type local", "acme");
            });
    assertThatThrownBy(() -> fleets().fleetFor("acme-vector", ACME.getFleet()))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> assertThat(f.getOriginalMessage()).contains("Spark workers only"));
  }
}
