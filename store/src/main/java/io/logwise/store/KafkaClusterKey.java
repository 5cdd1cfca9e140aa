package io.logwise.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which Kafka cluster a bootstrap list names, and which one a tenant uses now. Two lists that
 * differ only in order, case or spaces name the same cluster.
 */
public final class KafkaClusterKey {

  private KafkaClusterKey() {}

  /** {@code b:2, A:1} → {@code a:1,b:2}. */
  public static String normalise(String bootstrapServers) {
    return Arrays.stream(bootstrapServers.split(","))
        .map(s -> s.trim().toLowerCase(Locale.ROOT))
        .filter(s -> !s.isEmpty())
        .sorted()
        .collect(Collectors.joining(","));
  }

  /** SHA-256 (hex) of the normalised list: the {@code cluster_key} column. */
  public static String of(String bootstrapServers) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(normalise(bootstrapServers).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }

  public static boolean same(String a, String b) {
    return normalise(a).equals(normalise(b));
  }

  /** The cluster a migration switched the tenant to, else the configured one. */
  public static String effective(Optional<ClusterOverrideRow> switched, String configured) {
    return switched.map(ClusterOverrideRow::bootstrapServers).orElse(configured);
  }
}
