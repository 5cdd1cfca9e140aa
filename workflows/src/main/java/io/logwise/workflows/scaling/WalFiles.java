package io.logwise.workflows.scaling;

import java.util.List;

/** The highest-numbered names under {@code <logs>/_spark_metadata/} (at most 10), newest first. */
public record WalFiles(List<String> names) {
  public WalFiles {
    names = names == null ? List.of() : List.copyOf(names);
  }
}
