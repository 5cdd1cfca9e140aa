package io.logwise.api.whatif;

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
        .hasMessageContaining("scaling: need 0 <= minWorkers <= maxWorkers");
  }

  @Test
  void typeErrorsAndUnknownKeysNameTheirPath() {
    assertThatThrownBy(
            () ->
                WhatIf.answer(
                    "{\"history\":[{\"inputRecords\":\"many\"}],\"walFiles\":[],\"actualWorkers\":1}"))
        .hasMessageStartingWith("history[0].inputRecords:");
    assertThatThrownBy(
            () ->
                WhatIf.answer(
                    "{\"scaling\":{\"maxWorkerz\":3},\"history\":[],\"walFiles\":[],\"actualWorkers\":1}"))
        .hasMessageStartingWith("scaling.maxWorkerz:");
    assertThatThrownBy(() -> WhatIf.answer("{not json"))
        .hasMessageStartingWith("input is not valid JSON");
    assertThatThrownBy(
            () ->
                WhatIf.answer(
                    "{\"scaling\":{\"policy\":\"magic\"},\"history\":[],\"walFiles\":[],\"actualWorkers\":1}"))
        .hasMessageContaining("unknown scaling policy 'magic'");
  }
}
