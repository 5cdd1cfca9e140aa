package io.logwise.worker;

import io.logwise.policy.sim.Trace;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline in a box's traffic: the log generator playing a trace into box's Kafka, round after
 * round, on a daemon thread, until closed. Its services' topics are created with two partitions
 * (the partition duty grows them).
 */
final class PipelineGenerator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PipelineGenerator.class);

  static final List<String> SERVICES = List.of("orders", "cart", "search", "payments");

  private final LogGenerator generator;
  private final Thread thread;
  private final String description;
  private volatile boolean stopped;

  private PipelineGenerator(
      LogGenerator generator, Trace trace, double speed, double scale, String description) {
    this.generator = generator;
    this.description = description;
    this.thread =
        new Thread(
            () -> {
              int minutes = trace.recordsPerSecond().length;
              while (!stopped) {
                try {
                  generator.play(
                      new LogGenerator.Plan(trace, 0, minutes, speed, scale, SERVICES), m -> {});
                } catch (InterruptedException e) {
                  return;
                } catch (Exception e) {
                  if (!stopped) {
                    log.warn("pipeline generator stopped: {}", e.toString());
                  }
                  return;
                }
              }
            },
            "pipeline-generator");
    thread.setDaemon(true);
  }

  static PipelineGenerator start(String kafka, Trace trace, DevStack.Pipeline p) throws Exception {
    LogGenerator g = new LogGenerator(kafka);
    try {
      g.createTopics(SERVICES, 2);
    } catch (Exception e) {
      g.close();
      throw e;
    }
    // a trace minute played at speed s carries its minute's records in 60/s seconds: the rate sent
    // is the trace's times scale times speed
    double scale = p.peakRecordsPerSecond() / ((double) trace.peak() * p.speed());
    String description =
        String.format(
            Locale.ROOT,
            "trace %s at %sx (peak %s records/s), services %s, on repeat",
            trace.name(),
            trim(p.speed()),
            trim(p.peakRecordsPerSecond()),
            String.join(",", SERVICES));
    PipelineGenerator pg = new PipelineGenerator(g, trace, p.speed(), scale, description);
    pg.thread.start();
    return pg;
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }

  String describe() {
    return description;
  }

  @Override
  public void close() throws InterruptedException {
    stopped = true;
    thread.interrupt();
    generator.close();
    thread.join(5_000);
  }
}
