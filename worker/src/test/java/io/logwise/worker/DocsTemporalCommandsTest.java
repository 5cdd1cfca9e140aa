package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The docs' {@code temporal} commands can be run as written: no placeholder left in one. */
class DocsTemporalCommandsTest {

  @Test
  void everyCommandIsComplete() throws Exception {
    var all = DocsTemporalCommands.all();
    assertThat(all).isNotEmpty();
    assertThat(all)
        .allSatisfy(
            c -> {
              assertThat(c.text()).as("%s", c).doesNotContain("…", "...", "<", ">");
              if (c.text().startsWith("temporal workflow ")
                  && !c.text().startsWith("temporal workflow list")) {
                assertThat(c.text())
                    .as("%s names its workflow", c)
                    .containsPattern("(-w|--workflow-id) ");
              }
            });
    assertThat(all)
        .as("the migration's approve, run by KafkaMigrationEndToEndIT")
        .anyMatch(DocsTemporalCommands.Command::atAMigrationGate);
  }

  @Test
  void aReaderPointsItAtTheirServerAndTheirHosts() {
    var c =
        new DocsTemporalCommands.Command(
            "x.md:1",
            "temporal workflow update execute --address 127.0.0.1:7233 -w planned-events/acme"
                + " --name plan --input '{\"startsAt\":\"2020-03-01T08:00:00Z\","
                + "\"endsAt\":\"2020-03-02T00:00:00Z\",\"at\":\"kafka-b-1:9092\"}'");
    String line =
        DocsTemporalCommands.adapted(c, "127.0.0.1:4000", Map.of("kafka-b-1:9092", "h:1"));
    assertThat(line)
        .startsWith("temporal --address 127.0.0.1:4000 workflow update execute -w")
        .doesNotContain("7233", "kafka-b-1", "2020-")
        .contains("\"at\":\"h:1\"")
        .containsPattern("\"startsAt\":\"(\\d{4})-03-01T08:00:00Z\",\"endsAt\":\"\\1-03-02T00");
    var ahead =
        new DocsTemporalCommands.Command(
            "x.md:2", "temporal workflow query -w a --input '{\"at\":\"2999-01-01T00:00:00Z\"}'");
    assertThat(DocsTemporalCommands.adapted(ahead, "t:1", Map.of()))
        .as("an instant still ahead is kept")
        .contains("2999-01-01T00:00:00Z");
  }
}
