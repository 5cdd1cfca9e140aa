package io.logwise.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.validation.PortRange;

/** Vector's API endpoint, used by the pipeline health check. */
public class VectorSettings {

  @JsonProperty private String host;
  @PortRange @JsonProperty private int apiPort = 8686;

  public String getHost() {
    return host;
  }

  public int getApiPort() {
    return apiPort;
  }
}
