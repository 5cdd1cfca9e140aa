package io.logwise.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Levels for the libraries that flood a log at INFO, applied to every logger the configuration file
 * did not set itself (so {@code logging.loggers} still wins). Without them one pipeline-health call
 * with Kafka absent wrote ~1,400 AdminClient INFO lines, and every failed activity attempt (an
 * expected outage: no Spark master in dev) a WARN with a stack trace from the Temporal SDK; Logwise
 * itself logs such failures once, in the workflow, in words.
 */
public final class QuietLoggers {

  /** Logger → level used when the configuration says nothing about it. */
  public static final Map<String, Level> DEFAULTS = defaults();

  private QuietLoggers() {}

  private static Map<String, Level> defaults() {
    Map<String, Level> m = new LinkedHashMap<>();
    m.put("org.apache.kafka", Level.WARN);
    m.put("io.grpc", Level.WARN);
    m.put("io.netty", Level.WARN);
    m.put("io.temporal", Level.WARN);
    // one WARN with a stack trace per failed attempt; set it to WARN to see every attempt
    m.put("io.temporal.internal.activity", Level.ERROR);
    m.put("org.flywaydb", Level.WARN);
    m.put("org.hibernate.validator", Level.WARN);
    m.put("org.eclipse.jetty", Level.WARN);
    m.put("software.amazon.awssdk", Level.WARN);
    m.put("io.fabric8", Level.WARN);
    return Map.copyOf(m);
  }

  /** Sets each default on loggers that have no level of their own; returns how many it set. */
  public static int apply() {
    if (!(LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext)) {
      return 0;
    }
    int set = 0;
    for (Map.Entry<String, Level> e : DEFAULTS.entrySet()) {
      Logger logger = (Logger) LoggerFactory.getLogger(e.getKey());
      if (logger.getLevel() == null) {
        logger.setLevel(e.getValue());
        set++;
      }
    }
    return set;
  }
}
