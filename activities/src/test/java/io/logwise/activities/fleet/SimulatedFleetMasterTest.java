package io.logwise.activities.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwise.activities.support.TestTenants;
import io.logwise.activities.tenants.TenantDirectory;
import io.logwise.config.TenantConfig;
import io.logwise.policy.sim.SimConfig;
import io.logwise.policy.sim.Simulator;
import io.logwise.policy.sim.Trace;
import io.logwise.workflows.TenantRequest;
import io.logwise.workflows.scaling.MasterView;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The dev sandbox's master (fleet type simulated) answers the loop's question as a real one does:
 * its alive workers and the executor cores it grants the job, so that revision 8's check of each
 * batch against the grant runs in the sandbox too; its Kafka answers revision 10's look between
 * reports.
 */
class SimulatedFleetMasterTest {

  @Test
  void theSandboxesMasterGrantsItsBootedWorkersCores() {
    TenantConfig sandbox =
        TestTenants.onMoto(
            "sandbox",
            URI.create("http://127.0.0.1:1"),
            "b",
            "fleet: {type: simulated, simulated: {trace: ramp, speed: 30}}\n");
    Trace flat = Trace.parse("flat", List.of("minute,records_per_second", "0,40000", "1,40000"));
    // two-core workers, the driver on the first one's core, ready as soon as asked for
    Simulator.Live model =
        new Simulator.Live(flat, SimConfig.DEFAULTS.with("bootDelaySeconds=0,driverCores=1"), 2);
    SimulatedWorkerFleet fleet = new SimulatedWorkerFleet(model);
    ScalingActivitiesImpl activities =
        new ScalingActivitiesImpl(
            new TenantDirectory(List.of(sandbox)),
            new WorkerFleets(() -> null, Map.of("sandbox", fleet), null),
            null,
            null,
            null);

    int before = model.alive();
    MasterView first = activities.observeMaster(new TenantRequest("sandbox"));
    assertThat(first.aliveWorkers()).isEqualTo(before);
    assertThat(first.grantedCores()).isEqualTo(2 * before - 1);

    model.setDesired(before + 2);
    MasterView after = activities.observeMaster(new TenantRequest("sandbox"));
    assertThat(after.aliveWorkers()).isEqualTo(before + 2);
    assertThat(after.grantedCores()).isEqualTo(2 * (before + 2) - 1);

    // the look between reports reads the model's Kafka: every record produced so far
    model.nextBatch();
    long produced = Math.round(40_000 * model.seconds());
    assertThat(produced).isPositive();
    assertThat(activities.readLatestOffsets(new TenantRequest("sandbox")).latestOffsetSum())
        .isEqualTo(produced);
  }
}
