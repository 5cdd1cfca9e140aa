package io.logwise.policy.retention;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Logwise lifecycle rule: expire everything under {@code prefix} after {@code days}.
 *
 * <p>Ids are {@code logwise:<16 hex>:<readable>}: the hex part is a hash of the logs prefix, the
 * environment and the service, so ids are unique (a service named {@code prod:pay} and {@code pay}
 * under {@code env=prod} differ; two long names that differ only at the end differ; two tenants
 * sharing a bucket never share an id) and stable across syncs; the readable part is for people and
 * is cut to keep the id within S3's 255 characters.
 */
public record LifecycleRule(String id, String prefix, int days) {

  /** Rules whose id starts with this were written by Logwise. */
  public static final String OWNED_PREFIX = "logwise:";

  /** S3's limit on a rule id. */
  public static final int MAX_ID_LENGTH = 255;

  /**
   * Whether a bucket rule belongs to the tenant whose logs live under {@code logsPrefix}: written
   * by Logwise and filtered on one of the prefixes Logwise writes for that logs prefix ({@code
   * <logs>/service_name=…} or {@code <logs>/env=…}). Another tenant's rules in the same bucket (a
   * different logs prefix) are foreign to this one and left alone.
   */
  public static boolean isOwnedBy(String id, String prefix, String logsPrefix) {
    if (id == null || !id.startsWith(OWNED_PREFIX) || prefix == null) {
      return false;
    }
    String root = logsPrefix + "/";
    if (!prefix.startsWith(root)) {
      return false;
    }
    String rest = prefix.substring(root.length());
    return rest.startsWith("service_name=") || rest.startsWith("env=");
  }

  /** {@code <logs>/[env=<e>/]service_name=<s>/}. */
  public static String servicePrefix(String logsPrefix, String service, String environment) {
    return environmentRoot(logsPrefix, environment) + "service_name=" + service + "/";
  }

  /**
   * The prefix every service of one environment shares: {@code <logs>/env=<e>/}, or {@code
   * <logs>/service_name=} for services without an environment level (so the rule never touches
   * {@code _spark_metadata} or anything else beside the services).
   */
  public static String backstopPrefix(String logsPrefix, String environment) {
    return environment == null || environment.isEmpty()
        ? logsPrefix + "/service_name="
        : logsPrefix + "/env=" + environment + "/";
  }

  private static String environmentRoot(String logsPrefix, String environment) {
    return logsPrefix
        + "/"
        + (environment == null || environment.isEmpty() ? "" : "env=" + environment + "/");
  }

  /** The rule for one service (and environment, "" for none) under {@code logsPrefix}. */
  public static LifecycleRule forService(
      String logsPrefix, String service, String environment, int days) {
    String env = environment == null ? "" : environment;
    return new LifecycleRule(
        id(logsPrefix, env, "service\u0000" + service, (env.isEmpty() ? "" : env + "/") + service),
        servicePrefix(logsPrefix, service, env),
        days);
  }

  /** The rule that expires every service of one environment at the longest retention in it. */
  public static LifecycleRule backstop(String logsPrefix, String environment, int days) {
    String env = environment == null ? "" : environment;
    return new LifecycleRule(
        id(logsPrefix, env, "backstop", "all" + (env.isEmpty() ? "" : " in " + env)),
        backstopPrefix(logsPrefix, env),
        days);
  }

  private static String id(String logsPrefix, String env, String what, String readable) {
    String hash = hash(logsPrefix + "\u0000" + env + "\u0000" + what);
    String id = OWNED_PREFIX + hash + ":" + readable;
    return id.length() > MAX_ID_LENGTH ? id.substring(0, MAX_ID_LENGTH) : id;
  }

  private static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
