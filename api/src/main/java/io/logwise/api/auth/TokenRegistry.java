package io.logwise.api.auth;

import io.logwise.config.AuthSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * Configured bearer tokens, kept only as SHA-256 digests. Lookup compares the presented token's
 * digest with every entry using {@link MessageDigest#isEqual} and never stops early, so the time
 * taken does not tell how close a guess was.
 */
public final class TokenRegistry {

  private record Entry(byte[] digest, Caller caller) {}

  private final List<Entry> entries;

  public TokenRegistry(List<AuthSettings.ApiToken> tokens) {
    this.entries =
        tokens.stream()
            .map(
                t ->
                    new Entry(
                        sha256(t.getToken()),
                        new Caller(t.getName(), new HashSet<>(t.getScopes()))))
            .toList();
  }

  public Optional<Caller> authenticate(String presented) {
    byte[] digest = sha256(presented);
    Caller found = null;
    for (Entry e : entries) {
      if (MessageDigest.isEqual(e.digest(), digest) && found == null) {
        found = e.caller();
      }
    }
    return Optional.ofNullable(found);
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }
}
