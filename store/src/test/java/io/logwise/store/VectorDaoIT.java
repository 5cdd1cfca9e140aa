package io.logwise.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VectorDaoIT {

  private VectorDao dao;

  @BeforeEach
  void setUp() {
    dao = LogwiseDatabase.open(TestDataSources.freshDatabase()).onDemand(VectorDao.class);
  }

  private static VectorDecisionRow row(String tenant, long at, String why) {
    return new VectorDecisionRow(
        tenant, at, 3, 4, why, "CPU above 70 %", "{\"cpuUtilisation\":0.9}", "instances 4");
  }

  @Test
  void oneDecisionPerTenantAndMinuteListedNewestFirstAndPruned() {
    assertThat(dao.insertDecision(row("acme", 60_000, "CPU_HIGH"))).isEqualTo(1);
    assertThat(dao.insertDecision(row("acme", 60_000, "CPU_HIGH"))).as("retried").isZero();
    dao.insertDecision(row("acme", 120_000, "COOLDOWN"));
    dao.insertDecision(row("globex", 120_000, "NO_METRICS"));
    assertThat(dao.recentDecisions("acme", 10))
        .extracting(VectorDecisionRow::why)
        .containsExactly("COOLDOWN", "CPU_HIGH");
    assertThat(dao.recentDecisions("acme", 1)).hasSize(1);
    assertThat(dao.recentDecisions("acme", 10).get(0).sample())
        .isEqualTo("{\"cpuUtilisation\":0.9}");
    assertThat(dao.pruneDecisions("acme", 100_000)).isEqualTo(1);
    assertThat(dao.recentDecisions("acme", 10))
        .extracting(VectorDecisionRow::decidedAtMs)
        .containsExactly(120_000L);
    assertThat(dao.recentDecisions("globex", 10)).as("another tenant's untouched").hasSize(1);
  }
}
