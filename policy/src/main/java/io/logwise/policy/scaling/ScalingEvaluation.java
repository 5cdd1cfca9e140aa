package io.logwise.policy.scaling;

import java.util.Comparator;
import java.util.List;

/**
 * One scaling evaluation from start to the final decision, pure: the same code runs in {@code
 * scaling-loop/<tenant>} and in the simulator, so what the simulator measures is what the workflow
 * does, and nothing edits the decision after it. Rules kept here rather than in the workflow:
 * workers still booting after a scale-up (within the boot timeout) count as present, so a slow boot
 * never triggers a second upscale; override › request flag › configuration (in the policy); the WAL
 * state and batches the policy sees; no scale-down while the Spark master cannot be read ({@link
 * #withoutMaster}); a planned event's floor ({@link #heldAt}).
 */
public final class ScalingEvaluation {

  private ScalingEvaluation() {}

  /**
   * Everything an evaluation needs besides the memory; {@code policyRevision} is the revision of
   * the policy's rules ({@link AdaptiveScalingPolicy#LATEST_REVISION} outside a workflow).
   *
   * @param masterProblem why the Spark master could not be read (alive workers then come from the
   *     fleet), or null
   * @param floor the workers a planned event holds now ({@link Floor#NONE}: none)
   */
  public record Context(
      ScalingConfig config,
      FleetView fleet,
      List<String> walFiles,
      ScaleFlags request,
      ScaleFlags override,
      long nowMillis,
      long bootTimeoutMillis,
      int policyRevision,
      String masterProblem,
      Floor floor) {

    public Context {
      floor = floor == null ? Floor.NONE : floor;
    }

    /** The master read and no planned event: what the simulator sees. */
    public Context(
        ScalingConfig config,
        FleetView fleet,
        List<String> walFiles,
        ScaleFlags request,
        ScaleFlags override,
        long nowMillis,
        long bootTimeoutMillis,
        int policyRevision) {
      this(
          config,
          fleet,
          walFiles,
          request,
          override,
          nowMillis,
          bootTimeoutMillis,
          policyRevision,
          null,
          Floor.NONE);
    }
  }

  /**
   * A planned event's floor at the time of an evaluation.
   *
   * @param workers the workers it holds (0: none)
   * @param events which events hold it, in words (for the reason)
   */
  public record Floor(int workers, String events) {
    public static final Floor NONE = new Floor(0, "");
  }

  /** A decision made without the master: anything but a scale-down stands. */
  public static ScalingDecision withoutMaster(ScalingDecision d, int actual, String why) {
    if (d.action() != ScalingDecision.Action.DOWNSCALE) {
      return d;
    }
    return ScalingDecision.noChange(
            actual,
            d.expectedWorkers(),
            ScalingDecision.Why.CANNOT_OBSERVE,
            why
                + ": no scale-down without knowing the driver's host (the policy asked for "
                + d.targetWorkers()
                + ")")
        .with(d.sizing(), d.memory());
  }

  /**
   * The decision (with the policy's memory for after acting, {@link ScalingDecision#memory}) and
   * what it looked at (null when nothing could be observed). How the loop's memory moves after
   * acting ({@link ScalingMemory#acted}) depends on whether acting changed the fleet, which only
   * acting knows.
   */
  public record Result(ScalingDecision decision, DecisionInputs inputs) {}

  /** No evaluation: the fleet, the master or the WAL could not be read ({@code problem}). */
  public static Result blind(String problem) {
    return new Result(
        ScalingDecision.noChange(0, null, ScalingDecision.Why.CANNOT_OBSERVE, problem), null);
  }

  /**
   * {@code d} held up by a planned event's floor of {@code floor} workers (0: none), capped at the
   * config's {@code maxWorkers}: a decision for fewer is raised to the floor, or kept where it is
   * when the fleet is already there. An override or request that turned scaling up off is obeyed.
   *
   * @param events which events hold the floor, in words (for the reason)
   */
  public static ScalingDecision heldAt(
      ScalingDecision d, int actual, int floor, ScalingConfig c, String events) {
    int target = Math.min(floor, c.maxWorkers());
    if (floor <= 0 || d.targetWorkers() >= target) {
      return d;
    }
    String held =
        events
            + " holds at least "
            + target
            + " workers"
            + (floor > target ? " (" + floor + " planned, capped by maxWorkers)" : "");
    if (actual < target) {
      if (d.why() == ScalingDecision.Why.UPSCALE_DISABLED
          || d.why() == ScalingDecision.Why.BOTH_DISABLED) {
        return d;
      }
      return ScalingDecision.scaleTo(actual, target, d.expectedWorkers(), held)
          .with(d.sizing(), d.memory());
    }
    String asked = "the policy asked for " + d.targetWorkers() + " (" + d.reason() + "); ";
    if (actual > target) {
      return ScalingDecision.scaleTo(actual, target, d.expectedWorkers(), asked + held)
          .with(d.sizing(), d.memory());
    }
    return ScalingDecision.noChange(
            actual, d.expectedWorkers(), ScalingDecision.Why.PLANNED_FLOOR, asked + held)
        .with(d.sizing(), d.memory());
  }

  /**
   * Decides on {@code memory} (which already holds the newest batch): the policy's decision, then
   * the rules that may hold it back (no master: no scale-down; a planned floor), in that order.
   */
  public static Result evaluate(ScalingMemory memory, Context ctx) {
    return evaluate(memory, ctx, ScalingPolicy::decide);
  }

  /**
   * Decides between reports, while the next one is overdue, on Σ of Kafka's latest offsets read now
   * ({@link ScalingPolicy#overdue}); then the same rules as {@link #evaluate} (a scale-up is the
   * only change it makes, so the master's rule never holds it).
   */
  public static Result overdue(ScalingMemory memory, Context ctx, long latestOffsetSum) {
    return evaluate(memory, ctx, (policy, input) -> policy.overdue(input, latestOffsetSum));
  }

  private static Result evaluate(
      ScalingMemory memory,
      Context ctx,
      java.util.function.BiFunction<ScalingPolicy, ScalingInput, ScalingDecision> ask) {
    ScalingConfig c = ctx.config();
    FleetView fleet = ctx.fleet();
    boolean booting =
        fleet.desired() != null
            && fleet.alive() < fleet.desired()
            && ctx.nowMillis() - memory.lastScaleUpAtMillis() < ctx.bootTimeoutMillis();
    int actual = booting ? fleet.desired() : fleet.alive();
    ScalingDecision d =
        ask.apply(
            ScalingPolicy.of(c.policyName(), ctx.policyRevision()),
            new ScalingInput(
                c,
                memory.window(),
                ctx.walFiles(),
                actual,
                ctx.request(),
                ctx.override(),
                ctx.nowMillis(),
                memory.lastChangeAtMillis(),
                memory.adaptive()));
    List<BatchSample> newest =
        memory.window().stream()
            .sorted(Comparator.comparingLong(BatchSample::submissionTime).reversed())
            .limit(c.historySize())
            .toList();
    DecisionInputs inputs =
        new DecisionInputs(
            newest.stream().map(BatchSample::inputRecords).toList(),
            ctx.walFiles().stream().findFirst().orElse(null),
            ctx.request(),
            ctx.override(),
            fleet,
            booting,
            actual,
            newest.isEmpty() ? null : newest.get(0).kafkaLag());
    if (ctx.masterProblem() != null) {
      d = withoutMaster(d, actual, ctx.masterProblem());
    }
    d = heldAt(d, actual, ctx.floor().workers(), c, ctx.floor().events());
    return new Result(d, inputs);
  }
}
