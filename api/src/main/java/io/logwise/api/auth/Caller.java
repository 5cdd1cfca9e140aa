package io.logwise.api.auth;

import java.util.Set;

/** Who made a request: the token's name and its scopes. */
public record Caller(String name, Set<String> scopes) {

  public static final String PROPERTY = "logwise.caller";

  public Caller {
    scopes = Set.copyOf(scopes);
  }

  public boolean isAdmin() {
    return scopes.contains("admin");
  }

  /** Admins, {@code tenant:<name>} and {@code listener:<name>} tokens may report batches. */
  public boolean mayReport(String tenant) {
    return mayOperate(tenant) || scopes.contains("listener:" + tenant);
  }

  /**
   * What-if needs no tenant, but not every token: admins and {@code tenant:} tokens may ask, a
   * {@code listener:} token (it sits on a Spark driver, the most exposed place) only reports.
   */
  public boolean mayAskWhatIf() {
    return isAdmin() || scopes.stream().anyMatch(s -> s.startsWith("tenant:"));
  }

  /** Admins and {@code tenant:<name>} tokens may operate a tenant. */
  public boolean mayOperate(String tenant) {
    return isAdmin() || scopes.contains("tenant:" + tenant);
  }
}
