package io.logwise.workflows.kafka;

import java.util.List;
import java.util.regex.Pattern;

/**
 * How Vector learns its brokers, exactly one of:
 *
 * @param kubernetes a ConfigMap key holding the bootstrap list, read by a Deployment that is rolled
 *     (restarted pod by pod) after the key changes
 * @param asg an Auto Scaling Group whose instances read the bootstrap list from an SSM parameter at
 *     boot; its instances are replaced one at a time after the parameter changes
 */
public record VectorTarget(KubernetesTarget kubernetes, AsgTarget asg) {

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?");
  private static final Pattern CONFIG_KEY = Pattern.compile("[-._a-zA-Z0-9]{1,253}");
  private static final Pattern SSM_NAME = Pattern.compile("/[a-zA-Z0-9_.\\-/]{1,1010}");

  /** Vector as a Kubernetes Deployment configured from a ConfigMap key. */
  public record KubernetesTarget(
      String namespace, String configMap, String key, String deployment) {}

  /**
   * Vector on an Auto Scaling Group. {@code region} defaults to us-east-1; {@code endpoint}
   * overrides the AWS endpoints (moto, LocalStack).
   */
  public record AsgTarget(String name, String region, String endpoint, String ssmParameter) {}

  /** Every problem, each naming its field under {@code prefix}. */
  void collectProblems(String prefix, List<String> problems) {
    if ((kubernetes == null) == (asg == null)) {
      problems.add(prefix + " needs exactly one of kubernetes or asg");
      return;
    }
    if (kubernetes != null) {
      String k = prefix + ".kubernetes.";
      requireMatch(problems, k + "namespace", kubernetes.namespace(), DNS_LABEL);
      requireMatch(problems, k + "configMap", kubernetes.configMap(), DNS_LABEL);
      requireMatch(problems, k + "key", kubernetes.key(), CONFIG_KEY);
      requireMatch(problems, k + "deployment", kubernetes.deployment(), DNS_LABEL);
    } else {
      String a = prefix + ".asg.";
      if (asg.name() == null || asg.name().isBlank() || asg.name().length() > 255) {
        problems.add(a + "name is required (at most 255 characters)");
      }
      requireMatch(problems, a + "ssmParameter", asg.ssmParameter(), SSM_NAME);
      if (asg.region() != null && !asg.region().matches("[a-z]{2}(-[a-z]+)+-\\d")) {
        problems.add(a + "region '" + asg.region() + "' is not an AWS region name");
      }
    }
  }

  private static void requireMatch(List<String> problems, String field, String value, Pattern p) {
    if (value == null || value.isBlank()) {
      problems.add(field + " is required");
    } else if (!p.matcher(value).matches()) {
      problems.add(field + " '" + value + "' is not a valid name");
    }
  }

  /** One line for logs and the UI. */
  public String describe() {
    return kubernetes != null
        ? "ConfigMap "
            + kubernetes.namespace()
            + "/"
            + kubernetes.configMap()
            + " key "
            + kubernetes.key()
            + ", Deployment "
            + kubernetes.deployment()
        : "SSM parameter " + asg.ssmParameter() + ", Auto Scaling Group " + asg.name();
  }
}
