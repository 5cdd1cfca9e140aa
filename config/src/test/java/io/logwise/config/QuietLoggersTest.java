package io.logwise.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class QuietLoggersTest {

  @Test
  void noisyLibrariesGetTheirDefaultButAConfiguredLevelWins() {
    Logger kafka = (Logger) LoggerFactory.getLogger("org.apache.kafka");
    Logger grpc = (Logger) LoggerFactory.getLogger("io.grpc");
    kafka.setLevel(null);
    grpc.setLevel(Level.DEBUG); // as if logging.loggers said so

    QuietLoggers.apply();

    assertThat(kafka.getLevel()).isEqualTo(Level.WARN);
    assertThat(((Logger) LoggerFactory.getLogger("org.apache.kafka.clients.admin")).isInfoEnabled())
        .as("AdminClient's INFO lines are gone")
        .isFalse();
    assertThat(grpc.getLevel()).isEqualTo(Level.DEBUG);
    assertThat(((Logger) LoggerFactory.getLogger("io.temporal.internal.activity")).isWarnEnabled())
        .isFalse();
  }
}
