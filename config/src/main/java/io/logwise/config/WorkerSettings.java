package io.logwise.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.validation.ValidationMethod;
import io.logwise.workflows.Duty;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What this worker process does: {@code duties} ({@code all}, or some of {@code supervise, scale,
 * retention, kafka, vector}). Each duty polls its own task queue ({@code <taskQueue>-<duty>}); run
 * several worker processes with different duties to give each its own pool.
 */
public class WorkerSettings {

  @JsonProperty public List<String> duties = List.of("all");

  /**
   * Workflows kept in memory between their tasks (Temporal's workflow cache); null: sized from the
   * tenants — every long-running workflow of this worker's duties, a quarter more, at least 600
   * (the SDK's default) — when sticky execution is on. With sticky execution off every workflow
   * task brings the whole history and the SDK replays it into a new instance, dropping the cached
   * one, so a cache only parks threads: the default is then {@link #NON_STICKY_CACHE}.
   */
  @jakarta.validation.constraints.Min(10)
  @JsonProperty
  public Integer workflowCacheSize;

  /**
   * Threads for workflow code; null: the cache plus 200 (each cached workflow parks one, and tasks
   * being run need their own).
   */
  @jakarta.validation.constraints.Min(10)
  @JsonProperty
  public Integer maxWorkflowThreads;

  /**
   * Workflow-task pollers per task queue; null: sized from the workflows that queue can carry (one
   * per {@link #WORKFLOWS_PER_POLLER}, at least 2, at most 8). At least 2: with sticky execution
   * the SDK shares them between the worker's sticky queue and the normal one.
   */
  @jakarta.validation.constraints.Min(2)
  @jakarta.validation.constraints.Max(64)
  @JsonProperty
  public Integer workflowTaskPollers;

  /** Activity-task pollers per task queue; null: sized as the workflow-task pollers. */
  @jakarta.validation.constraints.Min(1)
  @jakarta.validation.constraints.Max(64)
  @JsonProperty
  public Integer activityTaskPollers;

  /** Workflows a queue can carry per default poller. */
  public static final int WORKFLOWS_PER_POLLER = 250;

  /** The workflow-task pollers of a queue that can carry {@code workflows} workflows. */
  public int workflowTaskPollersFor(int workflows) {
    return workflowTaskPollers != null ? workflowTaskPollers : sizedPollers(workflows);
  }

  /** The activity-task pollers of a queue whose workflows are {@code workflows}. */
  public int activityTaskPollersFor(int workflows) {
    return activityTaskPollers != null ? activityTaskPollers : sizedPollers(workflows);
  }

  private static int sizedPollers(int workflows) {
    return Math.max(2, Math.min(8, (int) Math.ceil(workflows / (double) WORKFLOWS_PER_POLLER)));
  }

  /** The default cache without sticky execution, where no task ever finds its workflow cached. */
  public static final int NON_STICKY_CACHE = 10;

  /** The cache for {@code workflows} long-running workflows on this worker. */
  public int cacheSizeFor(int workflows, boolean stickyExecution) {
    if (workflowCacheSize != null) {
      return workflowCacheSize;
    }
    return stickyExecution ? Math.max(600, (int) Math.ceil(workflows * 1.25)) : NON_STICKY_CACHE;
  }

  /** The workflow threads for that cache. */
  public int workflowThreadsFor(int workflows, boolean stickyExecution) {
    return maxWorkflowThreads != null
        ? maxWorkflowThreads
        : cacheSizeFor(workflows, stickyExecution) + 200;
  }

  @ValidationMethod(
      message = "worker.maxWorkflowThreads must not be below worker.workflowCacheSize")
  @JsonIgnore
  public boolean isThreadsEnoughForTheCache() {
    return workflowCacheSize == null
        || maxWorkflowThreads == null
        || maxWorkflowThreads >= workflowCacheSize;
  }

  @ValidationMethod(
      message =
          "worker.duties must be 'all' or some of: supervise, scale, retention, kafka, vector")
  @JsonIgnore
  public boolean isDutiesKnown() {
    try {
      return !duties().isEmpty();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The duties named, {@code all} being every one. */
  public Set<Duty> duties() {
    Set<Duty> out = EnumSet.noneOf(Duty.class);
    if (duties == null) {
      return out;
    }
    for (String d : duties) {
      if (d == null) {
        throw new IllegalArgumentException("a duty is null");
      }
      // one entry may name several ("scale, retention"): what an environment variable holds
      for (String part : d.toLowerCase(java.util.Locale.ROOT).split("[,\\s]+")) {
        if (part.isEmpty()) {
          continue;
        }
        if (part.equals("all")) {
          out.addAll(EnumSet.allOf(Duty.class));
        } else {
          out.add(Duty.named(part));
        }
      }
    }
    return out;
  }
}
