package io.logwise.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Request bodies are read from bytes, as the API reads them. */
class StrictJsonTest {

  @Test
  void anEscapedSurrogatePairInAPropertyNameIsValidJson() throws Exception {
    // jackson-core 2.21.0 refused this ("Illegal surrogate character"): the root pom pins 2.21.2
    byte[] body =
        "{\"\\ud83d\\ude00\": 1, \"x\": \"\\ud83d\\ude00\"}".getBytes(StandardCharsets.UTF_8);
    JsonNode read = StrictJson.configure(new ObjectMapper()).readTree(body);
    assertThat(read.get("\uD83D\uDE00").asInt()).isEqualTo(1);
    assertThat(read.get("x").asText()).isEqualTo("\uD83D\uDE00");
  }
}
