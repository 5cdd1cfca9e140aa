package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.util.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 12: with its worker gone, a tenant's workflows stopped for good while {@code /healthcheck}
 * said UP and calls answered, a minute later, only that Temporal could not be reached. Now the
 * health check says which workflow is not progressing and why, so does the 503 of a call to it, and
 * both recover once a worker is back.
 */
class WorkflowProgressIT {

  private static final String ADMIN = "progress-admin-0123456789abcdef";

  @RegisterExtension
  static final LogwiseStack stack =
      LogwiseStack.oneTenantWithApi("progress", ADMIN)
          .tuneTemporal(
              t -> t.setStuckAfter(Duration.seconds(2)).setUpdateTimeout(Duration.seconds(6)));

  private static JsonNode awaitHealth(Predicate<JsonNode> done, long seconds) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    JsonNode last = null;
    while (System.nanoTime() < until) {
      last = Http.send("GET", stack.base() + "/healthcheck", null, null, null).body();
      if (done.test(last)) {
        return last;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("health not there in " + seconds + " s: " + last);
  }

  @Test
  void aWorkflowWithoutAWorkerIsReportedAndRecoversWhenOneIsBack() throws Exception {
    awaitHealth(h -> "UP".equals(h.at("/checks/workflows/status").asText()), 30);

    stack.killWorker();
    // nobody takes the update's workflow task: it times out, and the 503 says why. Which of two
    // true reasons it gives depends on a race: usually the task waits for a worker; but a poll the
    // killed worker had open may still have been handed it as the worker went (a CI run), and the
    // task then counts as taken by a worker that died until its workflow task timeout (10 s) hands
    // it back to the queue. WorkflowProgressTest covers each message on its own.
    Http.Reply sync =
        Http.send("POST", stack.base() + "/api/v1/tenants/acme/services:sync", ADMIN, null, null);
    assertThat(sync.status()).isEqualTo(503);
    String why = sync.body().at("/error/message").asText();
    assertThat(why).contains("retention-sync/acme is not progressing");
    if (why.contains("never finished it")) {
      assertThat(why).contains("a worker took its workflow task").contains("the worker died");
    } else {
      assertThat(why).contains("waited").contains("is a Logwise worker with that duty running");
    }

    // once the task waits on the queue (at once, or after that timeout) the health check says so
    JsonNode down =
        awaitHealth(
            h ->
                "DOWN".equals(h.at("/checks/workflows/status").asText())
                    && h.at("/checks/workflows/error").asText().contains("for a worker"),
            60);
    assertThat(down.get("status").asText()).isEqualTo("DOWN");
    assertThat(down.at("/checks/workflows/error").asText())
        .contains("retention-sync/acme")
        .contains("for a worker on task queue progress-retention");
    Http.Reply open = Http.send("GET", stack.base() + "/healthcheck", null, null, null);
    assertThat(open.status()).isEqualTo(503);

    stack.startWorker();
    awaitHealth(h -> "UP".equals(h.get("status").asText()), 60);
    // the new worker first runs what waited (the timed-out sync among it), then takes new calls;
    // the answer comes from the workflow itself (this stack has no bucket: the sync says so)
    Http.Reply again = null;
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < until) {
      again =
          Http.send("POST", stack.base() + "/api/v1/tenants/acme/services:sync", ADMIN, null, null);
      if (!"TIMEOUT".equals(again.body().at("/error/code").asText())) {
        break;
      }
    }
    assertThat(again.body().at("/error/code").asText())
        .as("%s", again.body())
        .isEqualTo("SYNC_FAILED");
    assertThat(again.body().at("/error/message").asText())
        .contains("bucket 'progress-logs' of tenant acme does not exist")
        .doesNotContain("not progressing");
  }
}
