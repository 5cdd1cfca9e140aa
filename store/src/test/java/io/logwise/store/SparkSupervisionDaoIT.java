package io.logwise.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SparkSupervisionDaoIT {

  private SparkSubmissionDao submissions;
  private SparkReplayDao replays;

  @BeforeEach
  void setUp() {
    Jdbi jdbi = LogwiseDatabase.open(TestDataSources.freshDatabase());
    submissions = jdbi.onDemand(SparkSubmissionDao.class);
    replays = jdbi.onDemand(SparkReplayDao.class);
  }

  @Test
  void aSubmissionIsFoundByItsKeyOnceFinished() {
    submissions.begin("acme", "k1", 1000L, "assign");
    assertThat(submissions.find("acme", "k1"))
        .get()
        .extracting(SparkSubmission::submissionId)
        .isNull();
    submissions.begin("acme", "k1", 2000L, "pattern"); // retried: no-op
    submissions.finish("acme", "k1", "driver-20261121-0001", "SUBMITTED", null);

    SparkSubmission s = submissions.find("acme", "k1").orElseThrow();
    assertThat(s.submissionId()).isEqualTo("driver-20261121-0001");
    assertThat(s.outcome()).isEqualTo("SUBMITTED");
    assertThat(s.startingOffsetsTs()).isEqualTo(1000L);
    assertThat(s.subscribeMode()).isEqualTo("assign");
    assertThat(submissions.find("globex", "k1")).isEmpty();
    assertThat(submissions.recent("acme", 10)).hasSize(1);
  }

  @Test
  void anAdoptionWithoutABeginIsRecordedToo() {
    submissions.finish("acme", "k2", "driver-x", "ADOPTED", "already alive");
    assertThat(submissions.find("acme", "k2"))
        .get()
        .extracting(SparkSubmission::outcome)
        .isEqualTo("ADOPTED");
  }

  @Test
  void replaysAreUpsertedByTheirId() {
    SparkReplayRow started =
        new SparkReplayRow(
            "acme", "r1", "ops", "parser fix", 10L, 5L, null, "driver-2", null, null, null);
    replays.upsert(started);
    replays.upsert(
        new SparkReplayRow(
            "acme", "r1", "ops", "parser fix", 10L, 5L, null, "driver-2", 99L, 39L, "driver-3"));

    assertThat(replays.list("acme"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.endedAtMs()).isEqualTo(99L);
              assertThat(r.resumedFromTs()).isEqualTo(39L);
              assertThat(r.resumeSubmissionId()).isEqualTo("driver-3");
              assertThat(r.requestedBy()).isEqualTo("ops");
            });
  }
}
