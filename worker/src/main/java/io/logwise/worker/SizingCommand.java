package io.logwise.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.logwise.policy.sizing.Sizing;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code logwise sizing}: how big each part of the pipeline should be for a log volume. */
@Command(
    name = "sizing",
    mixinStandardHelpOptions = true,
    description = {
      "Size a deployment: Kafka partitions and maxLagPerPartition, brokers and disk, Spark",
      "workers and cores, Vector instances, each with its formula (docs/sizing.md).",
      "The same answer: GET /api/v1/sizing?logsPerSecond=..&avgMessageBytes=.., and the page /sizing."
    })
final class SizingCommand implements Callable<Integer> {

  @Option(names = "--logs-per-second", required = true, paramLabel = "N")
  long logsPerSecond;

  @Option(names = "--avg-message-bytes", required = true, paramLabel = "B")
  long avgMessageBytes;

  @Option(
      names = "--retention-hours",
      defaultValue = "24",
      description = "Kafka retention, for the disk (default: ${DEFAULT-VALUE})")
  int retentionHours;

  @Option(
      names = "--services",
      defaultValue = "1",
      description =
          "topics (logs.<service>) the partitions spread over (default: ${DEFAULT-VALUE})")
  int services;

  @Option(names = "--json", description = "print exactly one JSON object")
  boolean json;

  @Option(names = "--peak-ratio", description = "peak over average volume (default 2.0)")
  Double peakRatio;

  @Option(
      names = "--spark-records-per-core-per-second",
      description = "what one Spark core processes (default 8000)")
  Double sparkRecordsPerCorePerSecond;

  @Option(names = "--spark-cores-per-worker", description = "(default 2)")
  Double sparkCoresPerWorker;

  @Option(names = "--vector-mib-per-vcpu", description = "Vector's throughput per vCPU (10)")
  Double vectorMibPerVcpu;

  @Option(names = "--vector-vcpus-per-instance", description = "(default 4)")
  Double vectorVcpusPerInstance;

  @Option(
      names = "--kafka-broker-write-mib-per-second",
      description = "what one broker writes, replicas included (default 60)")
  Double kafkaBrokerWriteMibPerSecond;

  @Override
  public Integer call() throws Exception {
    Sizing.Input in = new Sizing.Input(logsPerSecond, avgMessageBytes, retentionHours, services);
    List<String> problems = new java.util.ArrayList<>(Sizing.problems(in));
    Sizing.Assumptions a = Sizing.Assumptions.DEFAULTS;
    Map<String, Double> changed = new java.util.LinkedHashMap<>();
    changed.put("peakRatio", peakRatio);
    changed.put("sparkRecordsPerCorePerSecond", sparkRecordsPerCorePerSecond);
    changed.put("sparkCoresPerWorker", sparkCoresPerWorker);
    changed.put("vectorMibPerVcpu", vectorMibPerVcpu);
    changed.put("vectorVcpusPerInstance", vectorVcpusPerInstance);
    changed.put("kafkaBrokerWriteMibPerSecond", kafkaBrokerWriteMibPerSecond);
    for (Map.Entry<String, Double> c : changed.entrySet()) {
      if (c.getValue() != null) {
        try {
          a = a.with(c.getKey(), c.getValue());
        } catch (IllegalArgumentException e) {
          problems.add(e.getMessage());
        }
      }
    }
    problems.addAll(a.problems());
    if (!problems.isEmpty()) {
      problems.forEach(p -> System.err.println("sizing: " + p));
      return 2;
    }
    Sizing.Result r = Sizing.size(in, a);
    if (json) {
      System.out.println(
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(r));
      return 0;
    }
    System.out.printf(
        "%,d logs/s of %,d B (%.1f MiB/s), Kafka retention %d h, %d topic(s)%n%n",
        r.logsPerSecond(),
        r.avgMessageBytes(),
        r.logsPerSecond() * (double) r.avgMessageBytes() / (1024 * 1024),
        r.retentionHours(),
        r.services());
    row("Kafka partitions", r.kafkaPartitions(), r.formulas().get("kafkaPartitions"));
    row("maxLagPerPartition", r.maxLagPerPartition(), r.formulas().get("maxLagPerPartition"));
    row("Kafka brokers", r.kafkaBrokers(), r.formulas().get("kafkaBrokers"));
    row("Kafka disk (GB)", r.kafkaDiskGb(), r.formulas().get("kafkaDiskGb"));
    row("Spark workers", r.sparkWorkers(), r.formulas().get("sparkWorkers"));
    row("Spark cores", r.sparkCores(), r.formulas().get("sparkCores"));
    row("Vector instances", r.vectorInstances(), r.formulas().get("vectorInstances"));
    System.out.println("\nassumptions: " + r.assumptions());
    return 0;
  }

  private static void row(String what, long value, String formula) {
    System.out.printf("%-20s %,12d   %s%n", what, value, formula);
  }
}
