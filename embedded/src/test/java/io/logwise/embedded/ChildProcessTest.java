package io.logwise.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {

  /**
   * After {@code kill -9} of {@code logwise dev} its moto kept running on its port as an orphan
   * (the shutdown hook never ran). The next start finds the pid file and stops it first.
   */
  @Test
  void aChildLeftByAKilledParentIsStoppedBeforeTheNextStarts(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("sleeper.log");
    List<String> command = List.of("sleep", "300");
    // as a parent killed with -9 leaves it: the child runs, its pid file stays
    Process orphan = new ProcessBuilder(command).start();
    Files.writeString(
        ChildProcess.pidFileOf(log), orphan.pid() + "\n" + String.join(" ", command) + "\n");

    try (ChildProcess next = ChildProcess.start("sleeper", command, log)) {
      assertThat(orphan.waitFor(20, TimeUnit.SECONDS)).as("the orphan was stopped").isTrue();
      assertThat(next.isAlive()).isTrue();
      assertThat(Files.readString(ChildProcess.pidFileOf(log))).startsWith(next.pid() + "\n");
    }
    assertThat(ChildProcess.pidFileOf(log)).as("removed when stopped").doesNotExist();
  }

  @Test
  void aPidFileOfAnotherCommandTouchesNothing(@TempDir Path dir) throws Exception {
    Process unrelated = new ProcessBuilder("sleep", "301").start();
    try {
      Path pidFile = dir.resolve("x.log.pid");
      Files.writeString(pidFile, unrelated.pid() + "\nsleep 300\n");

      assertThat(ChildProcess.stopLeftover(pidFile, "sleep 300")).isFalse();
      assertThat(unrelated.isAlive()).as("a reused pid is never stopped").isTrue();
    } finally {
      unrelated.destroyForcibly();
    }
  }
}
