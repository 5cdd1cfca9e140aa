package io.logwise.activities.storage;

import io.logwise.workflows.LogwiseFailures;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * One writer at a time per bucket's lifecycle configuration, across tenants and worker processes.
 * S3 has no conditional put for a lifecycle configuration: each sync reads the whole set, edits its
 * own rules and writes the whole set back, so two syncs at once lost one's change (a tenant's rule
 * left at its old, shorter retention: logs deleted early). Every Logwise writer shares the
 * database, so a named lock of it ({@code GET_LOCK}, MySQL and MariaDB alike, held by one
 * connection and released if that connection dies) serialises them; the writer reads back what it
 * wrote before it lets go.
 */
public final class LifecycleLocks {

  private final Jdbi jdbi;
  private final Duration wait;

  public LifecycleLocks(Jdbi jdbi, Duration wait) {
    this.jdbi = jdbi;
    this.wait = wait;
  }

  /** Runs {@code body} holding the lock of {@code bucket} at {@code endpoint} (null: AWS). */
  public <T> T withBucket(String endpoint, String bucket, Supplier<T> body) {
    String name = lockName(endpoint, bucket);
    return jdbi.withHandle(
        h -> {
          Integer got =
              h.createQuery("SELECT GET_LOCK(:name, :seconds)")
                  .bind("name", name)
                  .bind("seconds", Math.max(1, wait.toSeconds()))
                  .mapTo(Integer.class)
                  .one();
          if (got == null || got != 1) {
            throw LogwiseFailures.unavailable(
                "another sync has held the lifecycle of bucket "
                    + bucket
                    + " for over "
                    + wait.toSeconds()
                    + " s; trying again",
                null);
          }
          try {
            return body.get();
          } finally {
            h.createQuery("SELECT RELEASE_LOCK(:name)")
                .bind("name", name)
                .mapTo(Integer.class)
                .one();
          }
        });
  }

  /** At most 64 characters (MySQL's limit): a digest of where the bucket is and its name. */
  static String lockName(String endpoint, String bucket) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  ((endpoint == null ? "" : endpoint) + "|" + bucket)
                      .getBytes(StandardCharsets.UTF_8));
      return "logwise-lifecycle-" + HexFormat.of().formatHex(digest, 0, 20);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
