package io.logwise.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * The bucket the Spark job writes Parquet to. Static keys are optional; without them the AWS
 * default credentials chain is used. Keys never leave this object: {@link #toString()} redacts
 * them.
 */
public class ObjectStoreSettings {

  private static final String PREFIX = "[A-Za-z0-9._=-]+(/[A-Za-z0-9._=-]+)*";

  @NotBlank @JsonProperty private String bucket;
  @NotBlank @JsonProperty private String region = "us-east-1";

  /** Endpoint override (moto, MinIO); empty for AWS. */
  @JsonProperty private String endpoint;

  @JsonProperty private boolean pathStyleAccess = false;

  @NotBlank
  @Pattern(regexp = PREFIX, message = "must be a key prefix without leading or trailing '/'")
  @JsonProperty
  private String logsPrefix = "logs";

  @NotBlank
  @Pattern(regexp = PREFIX, message = "must be a key prefix without leading or trailing '/'")
  @JsonProperty
  private String checkpointPrefix = "checkpoint";

  @JsonProperty private String accessKeyId;
  @JsonProperty private String secretAccessKey;

  @ValidationMethod(message = "accessKeyId and secretAccessKey must be set together")
  public boolean isStaticCredentialsComplete() {
    return isBlank(accessKeyId) == isBlank(secretAccessKey);
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  public String getBucket() {
    return bucket;
  }

  public String getRegion() {
    return region;
  }

  public String getEndpoint() {
    return endpoint;
  }

  public boolean isPathStyleAccess() {
    return pathStyleAccess;
  }

  public String getLogsPrefix() {
    return logsPrefix;
  }

  public String getCheckpointPrefix() {
    return checkpointPrefix;
  }

  public String getAccessKeyId() {
    return accessKeyId;
  }

  public String getSecretAccessKey() {
    return secretAccessKey;
  }

  public boolean hasStaticCredentials() {
    return !isBlank(accessKeyId);
  }

  @Override
  public String toString() {
    return "ObjectStoreSettings{bucket="
        + bucket
        + ", region="
        + region
        + ", endpoint="
        + endpoint
        + ", credentials="
        + (hasStaticCredentials() ? "static(redacted)" : "default-chain")
        + "}";
  }
}
