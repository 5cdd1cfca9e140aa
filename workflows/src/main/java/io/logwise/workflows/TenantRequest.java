package io.logwise.workflows;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * The input of an activity that needs only the tenant. A bare JSON string ({@code "acme"}, what
 * such activities took before) reads as one too, so tasks scheduled by older runs still execute.
 */
public record TenantRequest(String tenant) {

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static TenantRequest fromName(String tenant) {
    return new TenantRequest(tenant);
  }

  @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
  public TenantRequest {}
}
