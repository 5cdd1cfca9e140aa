package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every {@code temporal …} command the README and {@code docs/} show an operator: in shell blocks
 * (continuation lines joined) and in inline code, where a command with at least one option counts
 * (prose such as {@code temporal workflow signal} does not). Tests run them as written against a
 * real dev server, changing only what a reader changes too: the server's address, the example host
 * names of {@link #hosts}, and an example date that has passed (moved on by whole years).
 */
final class DocsTemporalCommands {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern INLINE = Pattern.compile("`(temporal\\s[^`]*)`");
  private static final Pattern ADDRESS = Pattern.compile("\\s--address\\s+\\S+");
  private static final Pattern INSTANT =
      Pattern.compile("(\\d{4})(-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?Z)");
  private static final Pattern GATE =
      Pattern.compile(
          "update execute .*--name (approve|proceed|rollback)\\b"
              + "|^temporal workflow reset .*kafka-migration/");

  /** One command, where it is written ({@code docs/x.md:12}) and its text on one line. */
  record Command(String where, String text) {
    /**
     * An answer to a migration's gate, or the reset of a failed migration: only a migration waiting
     * at that gate, or failed in that way, can take it ({@link KafkaMigrationEndToEndIT} runs
     * these).
     */
    boolean atAMigrationGate() {
      return GATE.matcher(text).find();
    }

    /** {@code workflow start}: the workflow id it starts. */
    String startedId() {
      Matcher m = Pattern.compile("--workflow-id\\s+(\\S+)").matcher(text);
      return text.startsWith("temporal workflow start ") && m.find() ? m.group(1) : null;
    }

    @Override
    public String toString() {
      return where + ": " + text;
    }
  }

  private DocsTemporalCommands() {}

  /** README.md, then every {@code .md} under {@code docs/}, in name order. */
  static List<Path> docFiles() throws IOException {
    List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    return files;
  }

  static List<Command> all() throws IOException {
    List<Command> found = new ArrayList<>();
    for (Path f : docFiles()) {
      String name = ROOT.relativize(f).toString();
      List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
      // the text outside fenced blocks, fences blanked so line numbers stay true
      StringBuilder prose = new StringBuilder();
      boolean fenced = false;
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (line.strip().startsWith("```")) {
          fenced = !fenced;
          prose.append('\n');
          continue;
        }
        if (!fenced) {
          prose.append(line).append('\n');
          continue;
        }
        prose.append('\n');
        if (line.strip().startsWith("temporal ")) {
          int at = i;
          StringBuilder cmd = new StringBuilder(line.strip());
          while (cmd.toString().endsWith("\\") && i + 1 < lines.size()) {
            cmd.setLength(cmd.length() - 1);
            cmd.append(' ').append(lines.get(++i).strip());
            prose.append('\n');
          }
          found.add(new Command(name + ":" + (at + 1), oneLine(cmd.toString())));
        }
      }
      Matcher m = INLINE.matcher(prose);
      while (m.find()) {
        String text = oneLine(m.group(1));
        if (text.contains(" -")) {
          int line = 1 + (int) prose.substring(0, m.start()).chars().filter(c -> c == '\n').count();
          found.add(new Command(name + ":" + line, text));
        }
      }
    }
    return found;
  }

  private static String oneLine(String s) {
    return s.replaceAll("\\s+", " ").strip();
  }

  /**
   * The command as a reader would run it here: against {@code target}, with the docs' example hosts
   * replaced by real ones and example instants that have passed moved on by whole years.
   */
  static String adapted(Command c, String target, Map<String, String> hosts) {
    String text = ADDRESS.matcher(c.text()).replaceAll("");
    for (var h : hosts.entrySet()) {
      text = text.replace(h.getKey(), h.getValue());
    }
    Matcher m = INSTANT.matcher(text);
    int shift = 0;
    Instant soon = Instant.now().plusSeconds(3600);
    while (m.find()) {
      Instant at = Instant.parse(m.group());
      while (at.atZone(ZoneOffset.UTC).plusYears(shift).toInstant().isBefore(soon)) {
        shift++;
      }
    }
    if (shift > 0) {
      final int years = shift;
      text =
          INSTANT
              .matcher(text)
              .replaceAll(r -> String.valueOf(Integer.parseInt(r.group(1)) + years) + r.group(2));
    }
    return "temporal --address " + target + text.substring("temporal".length());
  }

  /** Runs it with {@code bash} (the docs' quoting as written) and returns what it printed. */
  static String run(Command c, String target, Map<String, String> hosts) throws Exception {
    String line = adapted(c, target, hosts);
    Path bin = io.logwise.embedded.LocalDevServer.findBinary().orElseThrow().getParent();
    Path printed = Files.createTempFile("docs-temporal-", ".out");
    ProcessBuilder pb =
        new ProcessBuilder("bash", "-euo", "pipefail", "-c", line)
            .redirectErrorStream(true)
            .redirectOutput(printed.toFile());
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    Process p = pb.start();
    boolean finished = p.waitFor(60, TimeUnit.SECONDS);
    if (!finished) {
      p.destroyForcibly();
    }
    String out = Files.readString(printed, StandardCharsets.UTF_8);
    Files.deleteIfExists(printed);
    assertThat(finished).as("%s finished within 60 s; printed:\n%s", c, out).isTrue();
    assertThat(p.exitValue()).as("%s\nran as: %s\nprinted:\n%s", c, line, out).isZero();
    assertThat(out).as("%s printed something", c).isNotBlank();
    return out;
  }
}
