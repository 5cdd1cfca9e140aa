package io.logwise.activities.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** Packs the test driver classes ({@code io.logwise.testdriver}) into a jar a Spark worker runs. */
public final class TestDriverJar {

  private TestDriverJar() {}

  public static Path build() {
    Path classes = Path.of("target", "test-classes");
    Path jar = Path.of("target", "logwise-test-driver.jar").toAbsolutePath();
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream j = new JarOutputStream(out);
        Stream<Path> files = Files.walk(classes.resolve("io/logwise/testdriver"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        j.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        j.write(Files.readAllBytes(f));
        j.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return jar;
  }
}
