package io.logwise.policy.scaling;

import java.util.Arrays;
import java.util.Optional;

/** The scaling policies a tenant's {@code scaling.policy} may name; the wire keeps the word. */
public enum PolicyName {
  CLASSIC("classic"),
  ADAPTIVE("adaptive");

  private final String word;

  PolicyName(String word) {
    this.word = word;
  }

  /** The word in configuration, JSON and decisions ({@code classic}, {@code adaptive}). */
  public String word() {
    return word;
  }

  /** The policy {@code word} names; refuses any other word, listing the known ones. */
  public static PolicyName require(String word) {
    return of(word)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown scaling policy '"
                        + word
                        + "' (known: "
                        + String.join(", ", Arrays.stream(values()).map(p -> p.word).toList())
                        + ")"));
  }

  /** The policy {@code word} names, or empty. */
  public static Optional<PolicyName> of(String word) {
    return Arrays.stream(values()).filter(p -> p.word.equals(word)).findFirst();
  }
}
