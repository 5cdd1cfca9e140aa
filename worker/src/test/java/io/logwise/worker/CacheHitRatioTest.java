package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class CacheHitRatioTest {

  @Test
  void nothingPolledYetIsNotANumber() {
    assertThat(LogwiseWorker.cacheHitRatio(new SimpleMeterRegistry())).isNaN();
  }

  @Test
  void hitsOverEveryTaskPolledSoWholeHistoryReplaysCountAsMisses() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    // Temporal counts a task that brings its whole history as neither hit nor miss
    registry.counter("temporal_workflow_task_queue_poll_succeed", "task_queue", "a").increment(6);
    registry.counter("temporal_workflow_task_queue_poll_succeed", "task_queue", "b").increment(2);
    registry.counter("temporal_sticky_cache_hit", "workflow_type", "x").increment(4);
    registry.counter("temporal_sticky_cache_miss", "workflow_type", "x").increment(1);
    assertThat(LogwiseWorker.cacheHitRatio(registry)).isEqualTo(0.5);
  }

  @Test
  void withoutStickyExecutionNoTaskHits() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    registry.counter("temporal_workflow_task_queue_poll_succeed").increment(10);
    assertThat(LogwiseWorker.cacheHitRatio(registry)).isZero();
  }
}
