package io.logwise.policy.sim;

import io.logwise.policy.scaling.ScalingConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs policies side by side on traces: the real policies through {@link PolicyController}, the
 * baselines from {@link Baselines}; several tenants are the same trace on shifted clocks.
 */
public final class Simulation {

  /** Every name {@code --policies} takes. */
  public static final List<String> POLICIES =
      List.of("classic", "adaptive", "keda-like", "static-peak", "oracle", "slo-oracle");

  /** Runs asked for by name only: the adaptive rules of earlier revisions, to compare. */
  public static final List<String> ALSO_KNOWN =
      List.of(
          "adaptive-r2",
          "adaptive-r3",
          "adaptive-r4",
          "adaptive-r5",
          "adaptive-r6",
          "adaptive-r7",
          "adaptive-r8",
          "adaptive-r9",
          "adaptive-r10");

  /** Whether {@code policy} names a policy the simulator runs. */
  public static boolean known(String policy) {
    return POLICIES.contains(policy) || ALSO_KNOWN.contains(policy);
  }

  private Simulation() {}

  /**
   * The scaling knobs a policy runs with: the tenant's, with worker bounds from the model and the
   * adaptive policy told the model's boot delay, overhead, trigger and freshness SLO. A tenant
   * whose adaptive knobs say no SLO is known ({@code freshnessSlo: 0s}) is told none, as its real
   * loop is: it drains by the catch-up time alone (the model still judges its freshness).
   */
  public static ScalingConfig knobs(
      ScalingConfig base, SimConfig model, Trace trace, String policy) {
    int max = model.maxWorkers() > 0 ? model.maxWorkers() : 2 * model.workersFor(trace.peak());
    boolean noSlo = base.adaptive() != null && base.adaptive().freshnessSloSeconds() == 0;
    return base.withPolicy(policy)
        .withWorkers(model.minWorkers(), max)
        .withAdaptive(
            base.adaptiveOrDefaults()
                .withTiming(
                    model.bootDelaySeconds(), model.batchOverheadSeconds(), model.triggerSeconds())
                .withFreshnessSlo(noSlo ? 0 : model.sloSeconds()));
  }

  public static Controller controller(
      String policy, ScalingConfig base, SimConfig model, Trace trace) {
    if (ALSO_KNOWN.contains(policy)) {
      // an earlier revision of the adaptive rules, by name, to compare
      return new PolicyController(
          knobs(base, model, trace, "adaptive"),
          600_000L + model.bootDelaySeconds() * 1000L,
          Integer.parseInt(policy.substring("adaptive-r".length())));
    }
    return switch (policy) {
      case "classic", "adaptive" ->
          new PolicyController(
              knobs(base, model, trace, policy), 600_000L + model.bootDelaySeconds() * 1000L);
      case "keda-like" -> Baselines.kedaLike();
      case "static-peak" -> Baselines.staticPeak();
      case "oracle" -> Baselines.oracle(model);
      case "slo-oracle" -> Baselines.sloOracle(model);
      default ->
          throw new IllegalArgumentException(
              "unknown policy '"
                  + policy
                  + "' (known: "
                  + String.join(", ", POLICIES)
                  + ", "
                  + String.join(", ", ALSO_KNOWN)
                  + ")");
    };
  }

  /** One run per trace and policy (and tenant). */
  public static List<SimRun> compare(
      List<Trace> traces,
      List<String> policies,
      ScalingConfig base,
      SimConfig model,
      int days,
      int tenants) {
    List<SimRun> runs = new ArrayList<>();
    for (Trace trace : traces) {
      int minutes = days > 0 ? days * 1440 : trace.minutes();
      int max = model.maxWorkers() > 0 ? model.maxWorkers() : 2 * model.workersFor(trace.peak());
      SimConfig m = model.withMaxWorkers(max);
      for (String policy : policies) {
        for (int t = 0; t < tenants; t++) {
          Trace clock = t == 0 ? trace : trace.shifted(t * 97);
          runs.add(Simulator.run(clock, m, controller(policy, base, m, clock), minutes));
        }
      }
    }
    return runs;
  }
}
