package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every query of {@code deploy/grafana/logwise.json} names a metric the worker or the API really
 * exports: the stack runs, does a little of everything, and its {@code /prometheus} scrapes are
 * searched for each name the dashboard uses.
 */
class GrafanaDashboardIT {

  private static final String ADMIN = "admin-token-0123456789abcdef";
  private static final Pattern METRIC = Pattern.compile("\\blogwise_[a-z0-9_]+");

  @RegisterExtension
  static final LogwiseStack stack = LogwiseStack.oneTenantWithApi("grafana", ADMIN);

  private static Set<String> dashboardMetrics() throws Exception {
    JsonNode dashboard =
        new ObjectMapper()
            .readTree(Files.readString(Path.of("..", "deploy", "grafana", "logwise.json")));
    Set<String> names = new TreeSet<>();
    for (JsonNode panel : dashboard.get("panels")) {
      for (JsonNode target : panel.get("targets")) {
        Matcher m = METRIC.matcher(target.get("expr").asText());
        while (m.find()) {
          names.add(m.group());
        }
      }
    }
    return names;
  }

  private static Set<String> exported(String scrape) {
    Set<String> names = new TreeSet<>();
    scrape
        .lines()
        .filter(l -> !l.startsWith("#"))
        .map(l -> l.split("[{ ]", 2)[0])
        .filter(n -> n.startsWith("logwise_"))
        .forEach(names::add);
    return names;
  }

  @Test
  void everyDashboardQueryNamesAnExportedMetric() throws Exception {
    Set<String> wanted = dashboardMetrics();
    assertThat(wanted).as("the dashboard's metrics").hasSizeGreaterThanOrEqualTo(12);
    String base = stack.base();
    Http.send("POST", base + "/api/v1/tenants/acme/services:sync", ADMIN, null, null);
    Http.send(
        "POST",
        base + "/api/v1/tenants/acme/batches",
        ADMIN,
        null,
        "{\"inputRecords\":5,\"outputBytes\":1,\"submissionTime\":1000,\"completionTime\":2000,\"status\":\"succeeded\"}");
    Http.send("GET", base + "/api/v1/tenants/acme/services", ADMIN, null, null);

    Set<String> missing = new TreeSet<>(wanted);
    for (int i = 0; i < 120 && !missing.isEmpty(); i++) { // the timer's first tick fills the rest
      missing.removeAll(exported(stack.scrape()));
      if (!missing.isEmpty()) {
        Thread.sleep(500);
      }
    }
    assertThat(missing).as("dashboard metrics nobody exports").isEmpty();
    assertThat(List.copyOf(wanted)).contains("logwise_api_requests_seconds_bucket");
  }
}
