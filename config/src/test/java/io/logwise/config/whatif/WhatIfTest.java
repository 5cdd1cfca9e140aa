package io.logwise.config.whatif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class WhatIfTest {

  @Test
  void theDocumentedExampleIsTheReferenceExampleTwo() throws Exception {
    WhatIf.Answer a =
        WhatIf.answer(Files.readString(Path.of("..", "config", "what-if.example.json")));
    assertThat(a)
        .isEqualTo(new WhatIf.Answer("UPSCALE", 7, 7, "expected 7 workers, have 3: add 4"));
    assertThat(WhatIf.toJson(a))
        .isEqualTo(
            "{\"action\":\"UPSCALE\",\"targetWorkers\":7,\"expectedWorkers\":7,\"reason\":\"expected 7 workers, have 3: add 4\"}");
  }

  @Test
  void noHistoryMeansNoneWithANullExpectation() throws Exception {
    WhatIf.Answer a = WhatIf.answer("{\"history\":[],\"walFiles\":[\"41\"],\"actualWorkers\":4}");
    assertThat(a.action()).isEqualTo("NONE");
    assertThat(a.targetWorkers()).isEqualTo(4);
    assertThat(a.expectedWorkers()).isNull();
    assertThat(WhatIf.toJson(a)).contains("\"expectedWorkers\":null");
  }

  @Test
  void badInputNamesEveryField() {
    assertThatThrownBy(
            () ->
                WhatIf.answer(
                    "{\"history\":[{\"inputRecords\":-1,\"submissionTime\":10,\"completionTime\":5}],\"walFiles\":[],\"scaling\":{\"minWorkers\":9,\"maxWorkers\":3}}"))
        .isInstanceOf(WhatIf.InvalidQuestion.class)
        .hasMessageContaining("actualWorkers: required")
        .hasMessageContaining("history[0].inputRecords: required, >= 0")
        .hasMessageContaining("history[0].completionTime: before submissionTime")
        .hasMessageContaining("scaling: minWorkers (9) must not exceed maxWorkers (3)");
  }

  @Test
  void typeErrorsAndUnknownKeysNameTheirPath() {
    assertThatThrownBy(
            () ->
                WhatIf.answer(
                    "{\"history\":[{\"inputRecords\":\"many\"}],\"walFiles\":[],\"actualWorkers\":1}"))
        .hasMessage("field 'history[0].inputRecords' must be a whole number");
    assertThatThrownBy(
            () ->
                WhatIf.answer(
                    "{\"scaling\":{\"maxWorkerz\":3},\"history\":[],\"walFiles\":[],\"actualWorkers\":1}"))
        .hasMessage("unknown field 'scaling.maxWorkerz'");
    assertThatThrownBy(() -> WhatIf.answer("{not json"))
        .hasMessageStartingWith("input is not valid JSON");
    assertThatThrownBy(
            () ->
                WhatIf.answer(
                    "{\"history\":[{\"inputRecords\":7.5}],\"walFiles\":[],\"actualWorkers\":1}"))
        .as("no float to whole number")
        .hasMessage("field 'history[0].inputRecords' must be a whole number");
    assertThatThrownBy(
            () -> WhatIf.answer("{\"history\":[],\"walFiles\":[],\"actualWorkers\":\"3\"}"))
        .as("no string to number")
        .hasMessage("field 'actualWorkers' must be a whole number");
    assertThatThrownBy(
            () ->
                WhatIf.answer(
                    "{\"scaling\":{\"policy\":\"magic\"},\"history\":[],\"walFiles\":[],\"actualWorkers\":1}"))
        .hasMessageContaining("unknown scaling policy 'magic'");
  }

  /**
   * {@code n} batch reports a minute apart from 3 workers (6 cores) measured at 12,000 records/s
   * per busy core, with Kafka's end offsets growing at {@code rate}/s.
   */
  private static String adaptiveQuestion(int n, long rate, String extra) {
    StringBuilder h = new StringBuilder();
    long lag = 0;
    long readThrough = 0;
    for (int i = 0; i < n; i++) {
      long submitted = 60_000L * i;
      long processed = Math.min(rate * 60 + lag, 6 * 12_000L * 55);
      long busySeconds = Math.max(1, processed / (6 * 12_000L));
      lag = lag + rate * 60 - processed;
      readThrough += processed;
      h.append(i == 0 ? "" : ",")
          .append("{\"inputRecords\":")
          .append(processed)
          .append(",\"submissionTime\":")
          .append(submitted)
          .append(",\"completionTime\":")
          .append(submitted + 1000 * (busySeconds + 5))
          .append(",\"coresUsed\":6,\"kafkaLag\":")
          .append(lag)
          .append(",\"endOffsetSum\":")
          .append(readThrough)
          .append(",\"partitions\":48}");
    }
    return "{\"scaling\":{\"policy\":\"adaptive\"},\"history\":["
        + h
        + "],\"walFiles\":[],\"actualWorkers\":3"
        + extra
        + "}";
  }

  @Test
  void adaptiveSizesFromMeasuredRatesAndSaysWhy() throws Exception {
    // 120k/s in, 3 workers do 12k/s per core: 120k / 0.85 / (12k × 2 × 55/60) ≈ 6.4 workers,
    // plus the growing backlog
    WhatIf.Answer up = WhatIf.answer(adaptiveQuestion(6, 120_000, ""));
    assertThat(up.action()).isEqualTo("UPSCALE");
    // 141k/s + (12.2M backlog beyond a trigger + 9.7M piling up while booting) drained within
    // what the 300 s freshness SLO leaves of the backlog's 162 s age once workers are up: nothing,
    // so the 180 s floor (revision 6; the 1,800 s catch-up gave 153k/s, 7 workers) = 263k/s at
    // 22k/s
    // per worker: 11.96, capped at the reference's maxWorkers, 10
    assertThat(up.targetWorkers()).isEqualTo(10);
    assertThat(up.reason()).contains("target 263176/s");
    assertThat(up.reason())
        .startsWith("workers 3→" + up.targetWorkers() + ", capacity 66000→")
        .contains("input 120000/s")
        .contains("12000/s per core");
  }

  @Test
  void adaptiveScalesDownOnlyAfterAWholeWindowOfAskingForFewer() throws Exception {
    // 30k/s needs 30k / 0.85 / 22k = 2 workers; the default window is 720 s
    WhatIf.Answer early = WhatIf.answer(adaptiveQuestion(6, 30_000, ""));
    assertThat(early.action()).isEqualTo("NONE");
    assertThat(early.targetWorkers()).isEqualTo(3);
    assertThat(early.expectedWorkers()).isEqualTo(2);
    assertThat(early.reason()).contains("window");

    WhatIf.Answer late = WhatIf.answer(adaptiveQuestion(16, 30_000, ""));
    assertThat(late.action()).isEqualTo("DOWNSCALE");
    assertThat(late.targetWorkers()).isEqualTo(2);
    assertThat(late.reason()).contains("the window's highest ask was 2");

    // just changed: the stabilisation time holds it
    WhatIf.Answer settling =
        WhatIf.answer(adaptiveQuestion(16, 30_000, ",\"lastChangeAtMillis\":850000"));
    assertThat(settling.action()).isEqualTo("NONE");
    assertThat(settling.reason()).contains("stabilising");
  }

  @Test
  void aNullWalFileIsABadQuestionNotACrash() {
    assertThatThrownBy(
            () -> WhatIf.answer("{\"history\":[],\"walFiles\":[\"3\",null],\"actualWorkers\":2}"))
        .isInstanceOf(WhatIf.InvalidQuestion.class)
        .hasMessageContaining("walFiles[1]: must not be null");
  }
}
