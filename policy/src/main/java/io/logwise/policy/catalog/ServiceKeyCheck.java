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
    if (service == null || service.isEmpty()) {
      return "service name is empty";
    }
    if (service.isBlank()) {
      return "service name is only whitespace";
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
    return null;
  }
}
