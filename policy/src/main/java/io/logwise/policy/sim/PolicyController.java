package io.logwise.policy.sim;

import io.logwise.policy.scaling.FleetView;
import io.logwise.policy.scaling.ScaleFlags;
import io.logwise.policy.scaling.ScalingConfig;
import io.logwise.policy.scaling.ScalingDecision;
import io.logwise.policy.scaling.ScalingEvaluation;
import io.logwise.policy.scaling.ScalingMemory;
import java.util.ArrayList;
import java.util.List;

/**
 * A real scaling policy under simulation, through {@link ScalingEvaluation} exactly as {@code
 * scaling-loop/<tenant>} runs it: each batch report is added to the memory, the fleet observed, the
 * policy asked, and the memory updated after acting. Keeps every decision, for the parity test
 * against the workflow.
 */
public final class PolicyController implements Controller {

  /** One decision on {@code actual} workers, for the batch that ended at the given time. */
  public record Decided(long batchCompletionMillis, int actual, ScalingDecision decision) {

    public ScalingDecision.Action action() {
      return decision.action();
    }

    public int target() {
      return decision.targetWorkers();
    }

    public String reason() {
      return decision.reason();
    }
  }

  private final ScalingConfig config;
  private final long bootTimeoutMillis;
  private final int revision;
  private ScalingMemory memory = ScalingMemory.EMPTY;
  // Σ of the end offsets of the newest batch taken in: what finished batches read through
  private long consumed;
  // when the last look between reports was taken, or 0
  private long lastLookMillis;
  public final List<Decided> decisions = new ArrayList<>();

  public PolicyController(ScalingConfig config, long bootTimeoutMillis) {
    this(
        config, bootTimeoutMillis, io.logwise.policy.scaling.AdaptiveScalingPolicy.LATEST_REVISION);
  }

  /** With the adaptive rules of {@code revision} (a run that started with them keeps them). */
  public PolicyController(ScalingConfig config, long bootTimeoutMillis, int revision) {
    this.config = config;
    this.bootTimeoutMillis = bootTimeoutMillis;
    this.revision = revision;
  }

  @Override
  public String name() {
    return config.policyName() == io.logwise.policy.scaling.PolicyName.ADAPTIVE
            && revision != io.logwise.policy.scaling.AdaptiveScalingPolicy.LATEST_REVISION
        ? "adaptive-r" + revision
        : config.policy();
  }

  @Override
  public int afterBatch(Observation o, View view) {
    // stamped with the master's grant, as the loop does
    memory = memory.withBatch(config, o.batch().withGrantedCores(o.grantedCores()));
    if (o.batch().endOffsetSum() != null) {
      consumed = o.batch().endOffsetSum();
    }
    ScalingEvaluation.Result r =
        ScalingEvaluation.evaluate(
            memory,
            context(o.desiredWorkers(), o.aliveWorkers(), List.of(o.walFile()), o.nowMillis()));
    ScalingDecision d = keep(r, o.desiredWorkers(), o.nowMillis(), o.batch().completionTime());
    return d.action() == ScalingDecision.Action.NONE ? o.desiredWorkers() : d.targetWorkers();
  }

  /** What the loop's evaluation sees: the fleet, the WAL, no flags, at {@code now}. */
  private ScalingEvaluation.Context context(int desired, int alive, List<String> wal, long now) {
    return new ScalingEvaluation.Context(
        config,
        new FleetView(desired, alive, alive),
        wal,
        ScaleFlags.UNSET,
        ScaleFlags.UNSET,
        now,
        bootTimeoutMillis,
        revision);
  }

  /**
   * Keeps {@code r}'s decision as the loop does after acting: the memory moved on by whether it
   * changed the fleet of {@code desired}, the decision listed under {@code listedAt}.
   */
  private ScalingDecision keep(ScalingEvaluation.Result r, int desired, long now, long listedAt) {
    ScalingDecision d = r.decision();
    boolean changed = d.action() != ScalingDecision.Action.NONE && d.targetWorkers() != desired;
    memory = memory.acted(d, changed, now);
    decisions.add(new Decided(listedAt, r.inputs().actualWorkers(), d));
    return d;
  }

  /** The adaptive rules' look between reports, as the loop's timer has it (revision 10 on). */
  @Override
  public double nextLookSeconds() {
    if (config.policyName() != io.logwise.policy.scaling.PolicyName.ADAPTIVE
        || revision < io.logwise.policy.scaling.AdaptiveScalingPolicy.OVERDUE_REVISION) {
      return Double.MAX_VALUE;
    }
    Long at =
        io.logwise.policy.scaling.AdaptiveScalingPolicy.nextOverdueLookMillis(
            config, memory, lastLookMillis);
    return at == null ? Double.MAX_VALUE : at / 1000.0;
  }

  /**
   * A look between reports, as the loop takes it: with no driver running nothing is decided (the
   * supervisor's business); otherwise Kafka's latest offsets (Σ, what the newest batch read through
   * plus the lag now) and the fleet go to the policy, and the decision is kept.
   */
  @Override
  public int onLook(double seconds, int desiredWorkers, View view) {
    long now = Math.round(seconds * 1000);
    lastLookMillis = now;
    if (!view.driverRunning(seconds)) {
      return -1;
    }
    int alive = view.aliveAt(seconds);
    ScalingEvaluation.Result r =
        ScalingEvaluation.overdue(
            memory,
            context(desiredWorkers, alive, List.of(), now),
            consumed + view.lagNow(seconds));
    ScalingDecision d = keep(r, desiredWorkers, now, now);
    return d.action() == ScalingDecision.Action.NONE ? -1 : d.targetWorkers();
  }
}
