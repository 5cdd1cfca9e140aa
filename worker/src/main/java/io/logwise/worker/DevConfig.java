package io.logwise.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code logwise dev --config FILE}: dev's configuration with the tenants of the operator's file.
 * Dev keeps what it provides (Temporal, the database, S3, ports, the admin token); the file gives
 * {@code tenants:} only, and may use dev's variables ({@code ${DEV_S3_ENDPOINT}}, …). The dev
 * listener token is scoped to the file's simulated-fleet tenants, or left out when there are none.
 */
final class DevConfig {

  /** A file {@code --config} cannot use; the message says why, in the operator's terms. */
  static final class InvalidDevConfigException extends Exception {
    InvalidDevConfigException(String message) {
      super(message);
    }
  }

  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .build());

  private static final String SANDBOX_SCOPES = "      scopes: [\"listener:sandbox\"]\n";

  private DevConfig() {}

  /** The dev template with its {@code tenants:} section replaced by {@code file}'s. */
  static String withTenantsOf(String template, Path file) throws InvalidDevConfigException {
    JsonNode given;
    try {
      given = YAML.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new InvalidDevConfigException(
          "--config " + file + " cannot be read as YAML: " + firstLine(e.getMessage()));
    }
    if (given == null || !given.isObject()) {
      throw new InvalidDevConfigException("--config " + file + " must be a mapping with tenants:");
    }
    List<String> others = new ArrayList<>();
    given
        .fieldNames()
        .forEachRemaining(
            k -> {
              if (!"tenants".equals(k)) {
                others.add(k);
              }
            });
    if (!others.isEmpty()) {
      throw new InvalidDevConfigException(
          "--config "
              + file
              + " may only give tenants: (dev provides Temporal, the database, S3, ports and"
              + " tokens); found "
              + String.join(", ", others));
    }
    JsonNode tenants = given.get("tenants");
    if (!(tenants instanceof ArrayNode list) || list.isEmpty()) {
      throw new InvalidDevConfigException(
          "--config " + file + ": tenants: must be a non-empty list");
    }
    List<String> simulated = new ArrayList<>();
    for (JsonNode t : list) {
      JsonNode type = t.path("fleet").path("type");
      if (t.hasNonNull("name") && "simulated".equalsIgnoreCase(type.asText())) {
        simulated.add("\"listener:" + t.get("name").asText() + "\"");
      }
    }
    int at = template.indexOf("\ntenants:");
    if (at < 0 || !template.contains(SANDBOX_SCOPES)) {
      throw new IllegalStateException("the dev template changed shape");
    }
    String head = template.substring(0, at + 1);
    head =
        simulated.isEmpty()
            ? head.replace(
                "    - name: sandbox-listener\n      token: ${DEV_SANDBOX_TOKEN}\n"
                    + SANDBOX_SCOPES,
                "")
            : head.replace(
                SANDBOX_SCOPES, "      scopes: [" + String.join(", ", simulated) + "]\n");
    ObjectNode section = YAML.createObjectNode();
    section.set("tenants", tenants);
    try {
      return head
          + "# tenants from "
          + file.getFileName()
          + "\n"
          + YAML.writeValueAsString(section);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}
