package io.logwise.policy.catalog;

/**
 * Whether a name found in the bucket can be a catalog entry. A bad key is skipped with its reason
 * and the rest of the listing still syncs (the reference failed the whole sync on one).
 */
public final class ServiceKeyCheck {

  /** {@code service_details.service_name} is {@code VARCHAR(255)}. */
  public static final int MAX_SERVICE_LENGTH = 255;

  /** {@code service_details.environment} is {@code VARCHAR(63)}. */
  public static final int MAX_ENVIRONMENT_LENGTH = 63;

  private ServiceKeyCheck() {}

  /** Why {@code service} (under {@code environment}, "" for none) cannot be kept, or null. */
  public static String problem(String service, String environment) {
    if (environment != null && environment.length() > MAX_ENVIRONMENT_LENGTH) {
      return "env is "
          + environment.length()
          + " characters, longer than the "
          + MAX_ENVIRONMENT_LENGTH
          + " the catalog holds";
    }
    if (environment != null && !environment.isEmpty()) {
      String env = edgesOrControl("env", environment);
      if (env != null) {
        return env;
      }
    }
    if (service == null || service.isEmpty()) {
      return "service name is empty";
    }
    if (service.isBlank()) {
      return "service name is only whitespace";
    }
    String edges = edgesOrControl("service name", service);
    if (edges != null) {
      return edges;
    }
    if (service.codePointCount(0, service.length()) > MAX_SERVICE_LENGTH) {
      return "service name is "
          + service.codePointCount(0, service.length())
          + " characters, longer than the "
          + MAX_SERVICE_LENGTH
          + " the catalog holds";
    }
    return null;
  }

  /** Why an environment found as {@code env=<e>/} cannot hold services, or null. */
  public static String environmentProblem(String environment) {
    if (environment == null || environment.isEmpty()) {
      return "env is empty";
    }
    if (environment.isBlank()) {
      return "env is only whitespace";
    }
    if (environment.length() > MAX_ENVIRONMENT_LENGTH) {
      return "env is "
          + environment.length()
          + " characters, longer than the "
          + MAX_ENVIRONMENT_LENGTH
          + " the catalog holds";
    }
    return edgesOrControl("env", environment);
  }

  /**
   * A name the catalog cannot keep apart from another: the catalog's collation (MySQL's and
   * MariaDB's {@code utf8mb4_bin}) ignores trailing spaces, so {@code "pay "} was the row of {@code
   * "pay"}, and an override meant for one changed the other. Whitespace at the start goes too, and
   * control characters, which no operator can type or read back.
   */
  private static String edgesOrControl(String what, String name) {
    if (Character.isWhitespace(name.codePointBefore(name.length()))
        || Character.isSpaceChar(name.codePointBefore(name.length()))) {
      return what + " ends with whitespace, which the catalog cannot tell apart";
    }
    if (Character.isWhitespace(name.codePointAt(0)) || Character.isSpaceChar(name.codePointAt(0))) {
      return what + " starts with whitespace";
    }
    if (name.codePoints().anyMatch(Character::isISOControl)) {
      return what + " contains a control character";
    }
    return null;
  }
}
