package io.logwise.worker;

import io.logwise.config.whatif.WhatIf;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code logwise what-if}: the scaling policy's answer to a question in JSON. */
@Command(
    name = "what-if",
    mixinStandardHelpOptions = true,
    description = {
      "Ask the scaling policy what it would do (no cluster needed).",
      "",
      "Input: {\"scaling\":{...}, \"history\":[{inputRecords, outputBytes, submissionTime,",
      "completionTime, coresUsed, status}, ...], \"walFiles\":[\"41\", ...], \"actualWorkers\":8,",
      "\"request\":{\"enableUpScale\":true,...}, \"override\":{...}} (docs/scaling.md, \"What-if\").",
      "Output: {\"action\", \"targetWorkers\", \"expectedWorkers\", \"reason\"}. Exit 2 on bad input."
    })
final class WhatIfCommand implements Callable<Integer> {

  @Option(
      names = {"-i", "--input"},
      required = true,
      paramLabel = "FILE",
      description = "a JSON file, or - for standard input")
  String input;

  @Option(
      names = "--component",
      defaultValue = "scaling",
      description = {
        "scaling (Spark workers, the default) or vector: {\"window\":[{\"cpuUtilisation\":0.8,",
        "\"pendingRequests\":12}, ...one per minute, oldest first], \"currentInstances\":3,",
        "\"floor\":0, \"minutesSinceLastAction\":9, \"rules\":{minInstances, maxInstances,",
        "cooldownMinutes}} -> {\"action\", \"targetInstances\", \"why\", \"reason\"}"
      })
  String component;

  @Override
  public Integer call() {
    String json;
    try {
      json =
          "-".equals(input)
              ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
              : Files.readString(Path.of(input));
    } catch (IOException e) {
      System.err.println("cannot read " + input + ": " + e.getMessage());
      return 2;
    }
    try {
      switch (component) {
        case "scaling" -> System.out.println(WhatIf.toJson(WhatIf.answer(json)));
        case "vector" ->
            System.out.println(
                io.logwise.config.whatif.VectorWhatIf.toJson(
                    io.logwise.config.whatif.VectorWhatIf.answer(json)));
        default -> {
          System.err.println("--component must be scaling or vector (was " + component + ")");
          return 2;
        }
      }
      return 0;
    } catch (WhatIf.InvalidQuestion e) {
      System.err.println("invalid what-if input: " + e.getMessage());
      return 2;
    }
  }
}
