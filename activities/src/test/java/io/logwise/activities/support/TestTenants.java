package io.logwise.activities.support;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.logwise.config.TenantConfig;
import java.io.UncheckedIOException;
import java.net.URI;

/** Builds tenant configuration the way the worker gets it: from YAML. */
public final class TestTenants {

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  private TestTenants() {}

  /** A tenant with the given {@code spark:} section (flow YAML) and static S3 keys. */
  public static TenantConfig withSpark(String name, String bucket, String sparkYaml) {
    return parse(
        "name: "
            + name
            + "\n"
            + "spark: "
            + sparkYaml
            + "\n"
            + "kafka: {bootstrapServers: '127.0.0.1:9092'}\n"
            + "objectStore: {bucket: "
            + bucket
            + ", accessKeyId: test, secretAccessKey: test-secret}\n");
  }

  public static TenantConfig parse(String yaml) {
    try {
      return YAML.readValue(yaml, TenantConfig.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static TenantConfig onMoto(String name, URI moto, String bucket, String extraYaml) {
    String yaml =
        "name: "
            + name
            + "\n"
            + "spark: {masterHost: 127.0.0.1}\n"
            + "kafka: {bootstrapServers: '127.0.0.1:9092'}\n"
            + "objectStore: {bucket: "
            + bucket
            + ", endpoint: '"
            + moto
            + "', pathStyleAccess: true, accessKeyId: test, secretAccessKey: test}\n"
            + extraYaml;
    try {
      return YAML.readValue(yaml, TenantConfig.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
