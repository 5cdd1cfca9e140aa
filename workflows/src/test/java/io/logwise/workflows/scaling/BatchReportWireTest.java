package io.logwise.workflows.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logwise.policy.scaling.BatchSample;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import org.junit.jupiter.api.Test;

/**
 * A batch report is one {@link BatchSample} with an id and two flags, and stays one flat object on
 * the wire: the signals in recorded histories, and those an older API sends, read back whole.
 */
class BatchReportWireTest {

  private static final ObjectMapper MAPPER = JacksonJsonPayloadConverter.newDefaultObjectMapper();

  /** What the 12-field record wrote before the batch became a BatchSample (every field set). */
  private static final String FLAT =
      "{\"batchId\":\"b7\",\"inputRecords\":1200,\"outputBytes\":34,\"submissionTime\":1000,"
          + "\"completionTime\":4000,\"coresUsed\":8,\"status\":\"succeeded\",\"kafkaLag\":55,"
          + "\"enableUpScale\":true,\"enableDownScale\":false,\"endOffsetSum\":9000,"
          + "\"partitions\":12}";

  @Test
  void aReportWrittenBeforeReadsBackWhole() throws Exception {
    BatchReport r = MAPPER.readValue(FLAT, BatchReport.class);

    assertThat(r.batchId()).isEqualTo("b7");
    assertThat(r.sample())
        .isEqualTo(new BatchSample(1200, 34, 1000, 4000, 8, "succeeded", 55L, 9000L, 12));
    assertThat(r.enableUpScale()).isTrue();
    assertThat(r.enableDownScale()).isFalse();
  }

  @Test
  void itIsWrittenAsTheSameFlatObject() throws Exception {
    JsonNode before = MAPPER.readTree(FLAT);

    JsonNode after =
        MAPPER.readTree(MAPPER.writeValueAsString(MAPPER.treeToValue(before, BatchReport.class)));

    // the same fields and values (JSON objects are unordered; the flags now come last), and the
    // sample's query run, unknown until the workflow reads it from the id, and the master's grant,
    // unknown until the workflow stamps it
    com.fasterxml.jackson.databind.node.ObjectNode expected = before.deepCopy();
    expected.putNull("runId");
    expected.putNull("queryBatch");
    expected.putNull("grantedCores");
    assertThat((Object) after).isEqualTo(expected);
  }

  @Test
  void theOptionalFieldsMayBeMissingAsBefore() throws Exception {
    BatchReport r =
        MAPPER.readValue(
            "{\"batchId\":\"b1\",\"inputRecords\":5,\"outputBytes\":1,\"submissionTime\":1000,"
                + "\"completionTime\":2000,\"status\":\"ok\"}",
            BatchReport.class);

    assertThat(r.sample())
        .isEqualTo(new BatchSample(5, 1, 1000, 2000, null, "ok", null, null, null));
    assertThat(r.enableUpScale()).isNull();
  }

  @Test
  void theRunIsReadFromTheListenersIdNotFromTheWire() throws Exception {
    BatchReport r = MAPPER.readValue(FLAT.replace("\"b7\"", "\"4c1e-9a-17\""), BatchReport.class);

    assertThat(r.sample().runId()).isNull();
    assertThat(r.sampleWithRun().runId()).isEqualTo("4c1e-9a");
    assertThat(r.sampleWithRun().queryBatch()).isEqualTo(17L);
  }

  /** The loop stamps the master's grant itself: a report cannot set it. */
  @Test
  void aGrantOnTheWireIsNotTakenIn() throws Exception {
    BatchReport r =
        MAPPER.readValue(
            FLAT.replace("\"partitions\":12", "\"grantedCores\":99"), BatchReport.class);

    assertThat(r.sample().grantedCores()).isEqualTo(99);
    assertThat(r.sampleWithRun().grantedCores()).isNull();
  }
}
