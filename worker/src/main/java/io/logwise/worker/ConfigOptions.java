package io.logwise.worker;

import io.logwise.config.ConfigLoader;
import io.logwise.config.LogwiseConfiguration;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command that reads the configuration file shares. */
final class ConfigOptions {

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description =
          "configuration file (default: ${DEFAULT-VALUE}); see config/logwise.example.yml",
      defaultValue = "config/logwise.yml")
  Path configFile;

  @Option(
      names = "--temporal-address",
      paramLabel = "HOST:PORT",
      description = "Temporal frontend; overrides temporal.target in the file")
  String temporalAddress;

  /** Loads and validates; on a bad file prints every problem and returns null. */
  LogwiseConfiguration load() {
    try {
      LogwiseConfiguration config = ConfigLoader.load(configFile);
      if (temporalAddress != null) {
        config.getTemporal().setTarget(temporalAddress);
      }
      return config;
    } catch (ConfigLoader.InvalidConfigException e) {
      System.err.println(e.getMessage());
      return null;
    }
  }
}
