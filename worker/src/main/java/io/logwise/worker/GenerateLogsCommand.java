package io.logwise.worker;

import io.logwise.policy.sim.Trace;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code logwise generate-logs}: log records into Kafka following a trace, one topic per service,
 * for a pipeline to process (the local pipeline's traffic).
 */
@Command(
    name = "generate-logs",
    mixinStandardHelpOptions = true,
    description = {
      "Write log records into Kafka (logs.<service>) following a trace, scaled in time and rate;",
      "prints each trace minute as it is sent and, at the end, what Kafka acknowledged per service."
    })
final class GenerateLogsCommand implements Callable<Integer> {

  @Option(names = "--kafka", required = true, description = "bootstrap servers, host:port[,…]")
  String kafka;

  @Option(
      names = "--trace",
      defaultValue = "diurnal",
      description = "a bundled trace (diurnal, spike10x, ramp, noisy) or a CSV file")
  String trace;

  @Option(names = "--from-minute", defaultValue = "0", description = "the first trace minute")
  int fromMinute;

  @Option(names = "--minutes", defaultValue = "10", description = "how many trace minutes")
  int minutes;

  @Option(
      names = "--speed",
      defaultValue = "1",
      description = "trace minutes per real minute (60: a trace minute a second)")
  double speed;

  @Option(
      names = "--scale",
      defaultValue = "0.01",
      description = "multiplies the trace's records per second")
  double scale;

  @Option(
      names = "--services",
      split = ",",
      defaultValue = "checkout,payments,search",
      description = "services, one topic each")
  List<String> services;

  @Option(names = "--partitions", defaultValue = "3", description = "for topics it creates")
  int partitions;

  @Override
  public Integer call() throws Exception {
    Trace t;
    LogGenerator.Plan plan;
    try {
      t = Sandbox.trace(trace);
      plan = new LogGenerator.Plan(t, fromMinute, minutes, speed, scale, services);
    } catch (IllegalArgumentException | java.io.IOException e) {
      System.err.println("generate-logs: " + e.getMessage());
      return 2;
    }
    try (LogGenerator g = new LogGenerator(kafka)) {
      g.createTopics(services, partitions);
      LogGenerator.Counts counts =
          g.play(
              plan,
              m -> System.out.printf(Locale.ROOT, "minute %d: %d records%n", m, plan.recordsIn(m)));
      System.out.println("acknowledged " + counts.total() + ": " + counts.acknowledged());
      long failed = counts.failed().values().stream().mapToLong(Long::longValue).sum();
      if (failed > 0) {
        System.err.println("failed " + failed + ": " + counts.failed());
        return 1;
      }
      return 0;
    }
  }
}
