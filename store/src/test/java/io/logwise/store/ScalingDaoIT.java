package io.logwise.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScalingDaoIT {

  private ScalingDao dao;

  @BeforeEach
  void setUp() {
    dao = LogwiseDatabase.open(TestDataSources.freshDatabase()).onDemand(ScalingDao.class);
  }

  private static SparkBatchRow batch(String id, long submitted, Integer cores) {
    return new SparkBatchRow(
        "acme", id, 1000, 2000, submitted, submitted + 5, cores, "succeeded", null);
  }

  @Test
  void aBatchIsStoredOnceAndListedNewestFirst() {
    assertThat(dao.insertBatch(batch("b1", 100, 4))).isEqualTo(1);
    assertThat(dao.insertBatch(batch("b1", 100, 4))).as("retried post").isZero();
    dao.insertBatch(batch("b2", 200, null));
    assertThat(dao.recentBatches("acme", 10))
        .extracting(SparkBatchRow::batchId)
        .containsExactly("b2", "b1");
    assertThat(dao.recentBatches("acme", 10).get(0).coresUsed()).isNull();
    assertThat(dao.pruneBatches("acme", Instant.now().minusSeconds(3600))).isZero();
    assertThat(dao.pruneBatches("acme", Instant.now().plusSeconds(3600))).isEqualTo(2);
  }

  @Test
  void overridesCanBeClearedWithNulls() {
    dao.saveOverride("acme", null, false, "ops");
    assertThat(dao.findOverride("acme"))
        .get()
        .satisfies(
            o -> {
              assertThat(o.upscale()).isNull();
              assertThat(o.downscale()).isFalse();
            });
    dao.saveOverride("acme", null, null, "ops");
    assertThat(dao.findOverride("acme").orElseThrow().downscale()).isNull();
    assertThat(dao.findOverride("globex")).isEmpty();
  }

  @Test
  void decisionsAreRecordedOncePerKey() {
    ScalingDecisionRow row =
        new ScalingDecisionRow(
            "acme",
            "k1",
            "b1",
            "classic",
            "UPSCALE",
            3,
            7,
            7,
            "SIZED",
            "add 4",
            "{}",
            "desired 7",
            1000);
    dao.insertDecision(row);
    dao.insertDecision(row);
    dao.insertDecision(
        new ScalingDecisionRow(
            "acme",
            "k2",
            "b2",
            "classic",
            "NONE",
            7,
            null,
            7,
            null,
            "not enough data",
            "{}",
            "recorded",
            2000));
    assertThat(dao.recentDecisions("acme", 50))
        .extracting(ScalingDecisionRow::decisionKey)
        .containsExactly("k2", "k1");
    assertThat(dao.recentDecisions("acme", 50))
        .extracting(ScalingDecisionRow::why)
        .containsExactly(null, "SIZED");
  }
}
