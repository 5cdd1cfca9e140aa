package io.logwise.policy.retention;

/** A Logwise-owned lifecycle rule: expire everything under {@code prefix} after {@code days}. */
public record LifecycleRule(String id, String prefix, int days) {

  /** Rules whose id starts with this belong to Logwise; every other rule is left alone. */
  public static final String OWNED_PREFIX = "logwise:";

  public static boolean isOwned(String id) {
    return id != null && id.startsWith(OWNED_PREFIX);
  }

  /** The rule for one service (and environment, "" for none) under {@code logsPrefix}. */
  public static LifecycleRule forService(
      String logsPrefix, String service, String environment, int days) {
    boolean env = environment != null && !environment.isEmpty();
    String prefix =
        logsPrefix
            + "/"
            + (env ? "env=" + environment + "/" : "")
            + "service_name="
            + service
            + "/";
    String id = OWNED_PREFIX + (env ? environment + ":" : "") + service;
    return new LifecycleRule(id.length() > 255 ? id.substring(0, 255) : id, prefix, days);
  }
}
