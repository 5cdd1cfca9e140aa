package io.logwise.activities.db;

import io.logwise.workflows.LogwiseFailures;
import java.util.function.Supplier;
import org.jdbi.v3.core.JdbiException;

/** Runs a DAO call; a database error becomes a retryable {@code LogwiseUnavailable}. */
public final class DatabaseCalls {

  private DatabaseCalls() {}

  public static <T> T call(Supplier<T> call) {
    try {
      return call.get();
    } catch (JdbiException e) {
      throw LogwiseFailures.unavailable("database: " + e.getMessage(), e);
    }
  }

  public static void run(Runnable call) {
    call(
        () -> {
          call.run();
          return null;
        });
  }
}
