package io.logwise.policy.sizing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logwise.policy.sizing.Sizing.Assumptions;
import io.logwise.policy.sizing.Sizing.Input;
import io.logwise.policy.sizing.Sizing.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SizingTest {

  private static Result size(long logsPerSecond, long bytes) {
    return Sizing.size(new Input(logsPerSecond, bytes, 24, 1), Assumptions.DEFAULTS);
  }

  @Test
  void kafkaMatchesTheReferenceCalculatorsWorkedExample() {
    // §9.3: 50,000 msgs/s of 2 KiB, peak 2.0, headroom 20 % → 16 partitions, lag 2,400,000
    Result r = size(50_000, 2_048);
    assertThat(r.kafkaPartitions()).isEqualTo(16);
    assertThat(r.maxLagPerPartition()).isEqualTo(2_400_000);
    assertThat(r.kafkaPartitionsPerTopic()).isEqualTo(16);
  }

  @Test
  void theReferencesPartitionRatesByMessageSize() {
    assertThat(Sizing.maxRatePerPartition(1_023)).isEqualTo(10_000);
    assertThat(Sizing.maxRatePerPartition(1_024)).isEqualTo(8_000);
    assertThat(Sizing.maxRatePerPartition(5_120)).isEqualTo(5_000);
    assertThat(Sizing.maxRatePerPartition(10_240)).isEqualTo(3_000);
    assertThat(Sizing.maxRatePerPartition(20_480)).isEqualTo(2_000);
  }

  /**
   * The seed's capacity table, read with 1 KiB messages at points inside each band (its bands are
   * not one smooth formula: at their edges no proportional sizing lands in both).
   */
  @ParameterizedTest(name = "{0} logs/s")
  @CsvSource({
    // logs/s, vector min, vector max, brokers min, brokers max, spark min, spark max
    "1000,   1, 2,   3, 3,    2, 3",
    "5000,   1, 2,   3, 3,    2, 3",
    "20000,  3, 5,   3, 5,    5, 10",
    "50000,  3, 5,   3, 5,    5, 10",
    "200000, 5, 1000, 5, 1000, 10, 100000",
    "1000000, 5, 1000, 5, 1000, 10, 100000"
  })
  void defaultsLandInsideTheSeedsCapacityTable(
      long logs, int vMin, int vMax, int bMin, int bMax, int sMin, int sMax) {
    Result r = size(logs, 1_024);
    assertThat(r.vectorInstances()).as("Vector").isBetween(vMin, vMax);
    assertThat(r.kafkaBrokers()).as("Kafka brokers").isBetween(bMin, bMax);
    assertThat(r.sparkWorkers()).as("Spark workers").isBetween(sMin, sMax);
  }

  @ParameterizedTest(name = "{0} logs/s of {1} B")
  @CsvSource({"1000,200", "20000,1024", "100000,512", "300000,2048", "2000000,300"})
  void vectorFollowsItsPublishedSizing(long logs, long bytes) {
    Result r = size(logs, bytes);
    double mibPerSecond = logs * (double) bytes / (1024 * 1024);
    // about 10 MiB/s per vCPU: the instances' vCPUs carry the volume with room to spare
    assertThat(r.vectorInstances() * 4 * 10.0).isGreaterThanOrEqualTo(mibPerSecond);
    if (logs >= 10_000) {
      assertThat(r.vectorInstances())
          .as("no instance above a third of the volume")
          .isGreaterThanOrEqualTo(3);
    }
  }

  @Test
  void everyFigureSaysHowItWasReachedAndSparkCoresAreTheWorkersCores() {
    Result r = size(50_000, 1_024);
    assertThat(r.formulas()).containsOnlyKeys(Sizing.FIGURES.toArray(String[]::new));
    assertThat(r.formulas().get("sparkWorkers")).endsWith("= " + r.sparkWorkers());
    assertThat(r.sparkCores()).isEqualTo(r.sparkWorkers() * 2);
    assertThat(r.assumptions())
        .containsKeys("peakRatio", "vectorMibPerVcpu", "sparkRecordsPerCorePerSecond");
    // 50,000 × 1 KiB × 3600 × 24 × 3 replicas × 1.2 = 15,925.2 GB, rounded up
    assertThat(r.kafkaDiskGb()).isEqualTo(15_926);
  }

  @Test
  void partitionsSpreadOverTopicsWithTheDefaultAtLeast() {
    Result r = Sizing.size(new Input(50_000, 2_048, 24, 10), Assumptions.DEFAULTS);
    assertThat(r.kafkaPartitionsPerTopic()).isEqualTo(3); // ⌈16 / 10⌉ = 2 → the default 3
    assertThat(r.kafkaPartitions()).isEqualTo(30);
  }

  @Test
  void capacitiesAreTheCallersToChange() {
    Assumptions faster = Assumptions.DEFAULTS.with("sparkRecordsPerCorePerSecond", 16_000);
    assertThat(faster.sparkRecordsPerCorePerSecond()).isEqualTo(16_000);
    assertThat(faster.peakRatio()).isEqualTo(Assumptions.DEFAULTS.peakRatio());
    assertThatThrownBy(() -> Assumptions.DEFAULTS.with("sparkCoresPerWorker", 2.5))
        .hasMessageContaining("sparkCoresPerWorker must be a whole number");
    assertThatThrownBy(() -> Assumptions.DEFAULTS.with("headroom", 1))
        .hasMessageContaining("not a capacity one may change");
    assertThat(Sizing.size(new Input(50_000, 1_024, 24, 1), faster).sparkWorkers())
        .isLessThan(size(50_000, 1_024).sparkWorkers());
  }

  @Test
  void badInputIsRefusedNamingEachField() {
    assertThat(Sizing.problems(new Input(0, 0, 0, 0)))
        .hasSize(4)
        .anyMatch(p -> p.startsWith("logsPerSecond"))
        .anyMatch(p -> p.startsWith("avgMessageBytes"))
        .anyMatch(p -> p.startsWith("retentionHours"))
        .anyMatch(p -> p.startsWith("services"));
    assertThat(Sizing.problems(new Input(Sizing.MAX_LOGS_PER_SECOND + 1, 2_000_000, 9_000, 1)))
        .hasSize(3);
    assertThat(
            new Assumptions(Double.NaN, 0.2, 0, 2, 2, 10, 4, 0.5, 10_000, 3, 60, 3, 300).problems())
        .anyMatch(p -> p.startsWith("peakRatio"))
        .anyMatch(p -> p.startsWith("sparkRecordsPerCorePerSecond"));
    assertThatThrownBy(() -> Sizing.size(new Input(-1, 10, 24, 1), Assumptions.DEFAULTS))
        .hasMessageContaining("logsPerSecond");
  }
}
