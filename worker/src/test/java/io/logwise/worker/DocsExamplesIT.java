package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every shell block the docs mark {@code ```bash runnable} (README.md and docs/), from the
 * repository root with {@code bash -euo pipefail}, against the packaged {@code logwise.jar}: each
 * must exit 0 and print something, so the docs' commands stay true.
 */
class DocsExamplesIT {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  record Block(Path file, int line, String script) {}

  static List<Block> blocks() throws IOException {
    List<Block> found = new ArrayList<>();
    for (Path f : DocsTemporalCommands.docFiles()) {
      List<String> lines = Files.readAllLines(f);
      for (int i = 0; i < lines.size(); i++) {
        if (!lines.get(i).strip().equals("```bash runnable")) {
          continue;
        }
        StringBuilder script = new StringBuilder();
        int start = i + 1;
        for (i = start; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
          script.append(lines.get(i)).append('\n');
        }
        found.add(new Block(ROOT.relativize(f), start, script.toString()));
      }
    }
    return found;
  }

  @TestFactory
  Stream<DynamicTest> everyRunnableBlockRuns() throws IOException {
    List<Block> blocks = blocks();
    assertThat(blocks).as("the README marks its offline commands runnable").isNotEmpty();
    return blocks.stream()
        .map(
            b ->
                DynamicTest.dynamicTest(
                    b.file() + ":" + b.line(),
                    () -> {
                      Path out = Files.createTempFile(Path.of("target"), "docs-", ".out");
                      Process p =
                          new ProcessBuilder("bash", "-euo", "pipefail", "-c", b.script())
                              .directory(ROOT.toFile())
                              .redirectErrorStream(true)
                              .redirectOutput(out.toFile())
                              .start();
                      boolean done = p.waitFor(120, TimeUnit.SECONDS);
                      if (!done) {
                        p.destroyForcibly();
                      }
                      String printed = Files.readString(out, StandardCharsets.UTF_8);
                      assertThat(done).as("finished within 120 s:\n%s", printed).isTrue();
                      assertThat(p.exitValue()).as("exit code; it printed:\n%s", printed).isZero();
                      assertThat(printed).as("it printed something").isNotBlank();
                    }));
  }
}
