package io.logwise.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class LocalKafkaTest {

  @Test
  void aClusterIdNeverStartsWithADashWhichTheStorageToolReadsAsAnOption() {
    // a generator whose first draws encode to ids starting with '-' (0xF8 → "-" in URL-safe base64)
    SecureRandom dashesFirst =
        new SecureRandom() {
          private int calls;

          @Override
          public void nextBytes(byte[] bytes) {
            super.nextBytes(bytes);
            if (calls++ < 3) {
              bytes[0] = (byte) 0xF8;
            }
          }
        };
    String id = LocalKafka.clusterId(dashesFirst);
    assertThat(id).hasSize(22).doesNotStartWith("-");
  }
}
