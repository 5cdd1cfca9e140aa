package io.logwise.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.logwise.api.errors.ErrorMappers;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class SizingResourceTest {

  private static final ResourceExtension api = extension();

  private static ResourceExtension extension() {
    ResourceExtension.Builder b = ResourceExtension.builder().addResource(new SizingResource());
    ErrorMappers.all().forEach(b::addProvider);
    return b.build();
  }

  private static Response size(String query) {
    jakarta.ws.rs.client.WebTarget t = api.target("/api/v1/sizing");
    for (String pair : query.split("&")) {
      if (!pair.isEmpty()) {
        String[] kv = pair.split("=", 2);
        t = t.queryParam(kv[0], kv.length > 1 ? kv[1] : "");
      }
    }
    return t.request().get();
  }

  @Test
  void answersTheCalculatorsIntegersWithFormulasAndAssumptions() {
    Response r = size("logsPerSecond=50000&avgMessageBytes=2048");
    assertThat(r.getStatus()).isEqualTo(200);
    JsonNode body = r.readEntity(JsonNode.class);
    assertThat(body.get("kafkaPartitions").asInt()).isEqualTo(16);
    assertThat(body.get("maxLagPerPartition").asLong()).isEqualTo(2_400_000);
    assertThat(body.get("retentionHours").asInt()).isEqualTo(24);
    assertThat(body.get("formulas").get("vectorInstances").asText()).isNotBlank();
    assertThat(body.get("assumptions").get("peakRatio").asDouble()).isEqualTo(2.0);

    JsonNode faster =
        size("logsPerSecond=50000&avgMessageBytes=2048&sparkRecordsPerCorePerSecond=16000")
            .readEntity(JsonNode.class);
    assertThat(faster.get("sparkWorkers").asInt()).isLessThan(body.get("sparkWorkers").asInt());
  }

  @Test
  void badInputIsA400NamingEachField() {
    assertThat(message(size("logsPerSecond=abc&avgMessageBytes=1.5")))
        .contains("logsPerSecond must be a whole number (was 'abc')")
        .contains("avgMessageBytes must be a whole number (was '1.5')");
    assertThat(message(size("avgMessageBytes=100"))).contains("logsPerSecond is required");
    assertThat(message(size("logsPerSecond=-5&avgMessageBytes=9999999999")))
        .contains("logsPerSecond must be between 1 and")
        .contains("avgMessageBytes must be between 1 and");
    assertThat(message(size("logsPerSecond=5&avgMessageBytes=5&retentionHours=99999")))
        .contains("retentionHours must be between 1 and 8760");
    assertThat(message(size("logsPerSecond=5&avgMessageBytes=5&headroom=0.5")))
        .contains("headroom is not a parameter");
    assertThat(message(size("logsPerSecond=5&avgMessageBytes=5&peakRatio=NaN")))
        .contains("peakRatio must be a number");
    assertThat(message(size("logsPerSecond=5&avgMessageBytes=5&peakRatio=0.5")))
        .contains("peakRatio must be between 1 and 100");
  }

  private static String message(Response r) {
    assertThat(r.getStatus()).isEqualTo(400);
    JsonNode body = r.readEntity(JsonNode.class);
    assertThat(body.at("/error/code").asText()).isEqualTo("INVALID_REQUEST");
    return body.at("/error/message").asText();
  }

  @Test
  void thePageIsHtmlThatCallsTheEndpoint() {
    Response r = api.target("/sizing").request().get();
    assertThat(r.getStatus()).isEqualTo(200);
    assertThat(r.getMediaType().toString()).startsWith("text/html");
    assertThat(r.readEntity(String.class))
        .contains("api/v1/sizing?")
        .contains("id=\"logsPerSecond\"");
  }
}
