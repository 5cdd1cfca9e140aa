package io.logwise.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.validation.BaseValidator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.text.StringSubstitutor;

/**
 * Reads the configuration file with {@code ${VAR:-default}} substitution and validates it as a
 * whole, so a bad file fails with every problem listed at once, each with its path. A {@code
 * ${VAR}} without a default whose variable is unset is a problem too, never a literal value.
 */
public final class ConfigLoader {

  /** The file cannot be used; the message lists every problem found. */
  public static final class InvalidConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidConfigException(String message) {
      super(message);
    }
  }

  private ConfigLoader() {}

  public static LogwiseConfiguration load(Path path) throws InvalidConfigException {
    return load(path, Map.of());
  }

  /** Loads with extra variables that win over the environment (used by {@code logwise dev}). */
  public static LogwiseConfiguration load(Path path, Map<String, String> variables)
      throws InvalidConfigException {
    return load(path, variables, System.getenv());
  }

  static LogwiseConfiguration load(
      Path path, Map<String, String> variables, Map<String, String> environment)
      throws InvalidConfigException {
    String raw;
    try {
      raw = Files.readString(path);
    } catch (NoSuchFileException e) {
      throw new InvalidConfigException("configuration file " + path + " does not exist");
    } catch (IOException e) {
      throw new InvalidConfigException("cannot read " + path + ": " + e.getMessage());
    }
    Set<String> missing = new TreeSet<>();
    StringSubstitutor substitutor =
        new StringSubstitutor(
            key -> {
              String value = variables.containsKey(key) ? variables.get(key) : environment.get(key);
              if (value == null) {
                missing.add(key);
              }
              return value;
            });
    substitutor.setValueDelimiter(":-");
    substitutor.setEnableSubstitutionInVariables(false);
    String text = substitutor.replace(raw);
    // a default applied after a failed lookup is fine, and so is a variable in a comment;
    // only variables left unresolved in YAML that is read count
    String yaml = withoutComments(text);
    missing.removeIf(key -> !yaml.contains("${" + key + "}"));
    if (!missing.isEmpty()) {
      StringBuilder msg = new StringBuilder(path + " has errors:\n");
      missing.forEach(
          v -> msg.append("  * environment variable ").append(v).append(" is not set\n"));
      throw new InvalidConfigException(msg.toString());
    }
    ObjectMapper mapper =
        Jackson.newObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    try {
      return new YamlConfigurationFactory<>(
              LogwiseConfiguration.class, BaseValidator.newValidator(), mapper, "dw")
          .build(
              p -> new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
              path.toString());
    } catch (ConfigurationException e) {
      throw new InvalidConfigException(e.getMessage());
    } catch (IOException e) {
      throw new InvalidConfigException("cannot read " + path + ": " + e.getMessage());
    }
  }

  /** Drops full-line comments and {@code " #"} trailing comments (good enough for variables). */
  private static String withoutComments(String text) {
    StringBuilder out = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (line.stripLeading().startsWith("#")) {
        continue;
      }
      int comment = line.indexOf(" #");
      out.append(comment >= 0 ? line.substring(0, comment) : line).append('\n');
    }
    return out.toString();
  }
}
