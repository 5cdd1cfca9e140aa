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
