package io.logwise.activities.spark;

import io.logwise.testdriver.CrashingDriver;
import io.logwise.testdriver.LongRunningDriver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * Packs the test driver classes ({@code io.logwise.testdriver}) into a jar a Spark worker runs.
 * Reads them from the classpath, so any module's tests can use it.
 */
public final class TestDriverJar {

  private TestDriverJar() {}

  public static Path build() {
    Path jar = Path.of("target", "logwise-test-driver.jar").toAbsolutePath();
    try {
      Files.createDirectories(jar.getParent());
      try (OutputStream out = Files.newOutputStream(jar);
          JarOutputStream j = new JarOutputStream(out)) {
        for (Class<?> driver : List.of(LongRunningDriver.class, CrashingDriver.class)) {
          String entry = driver.getName().replace('.', '/') + ".class";
          try (InputStream in = TestDriverJar.class.getClassLoader().getResourceAsStream(entry)) {
            j.putNextEntry(new JarEntry(entry));
            j.write(in.readAllBytes());
            j.closeEntry();
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return jar;
  }
}
