package io.logwise.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;

/**
 * Bearer tokens and their scopes: {@code admin}, {@code tenant:<name>}, {@code listener:<name>}.
 */
public class AuthSettings {

  /** Scopes a token may carry. */
  public static final String SCOPE_PATTERN =
      "admin|(tenant|listener):[a-z0-9]([a-z0-9-]*[a-z0-9])?";

  @JsonProperty private boolean enabled = true;
  @Valid @NotNull @JsonProperty private List<ApiToken> tokens = new ArrayList<>();

  @ValidationMethod(message = "tokens must list at least one token while auth is enabled")
  public boolean isUsableWhenEnabled() {
    return !enabled || !tokens.isEmpty();
  }

  public boolean isEnabled() {
    return enabled;
  }

  public List<ApiToken> getTokens() {
    return tokens;
  }

  /** One bearer token; its value is never printed. */
  public static class ApiToken {
    @NotNull
    @Size(min = 1, max = 64)
    @JsonProperty
    private String name;

    @NotNull
    @Size(min = 16, message = "must be at least 16 characters")
    @JsonProperty
    private String token;

    @NotEmpty @JsonProperty
    private List<
            @NotNull
            @Pattern(
                regexp = SCOPE_PATTERN,
                message = "must be admin, tenant:<name> or listener:<name>")
            String>
        scopes = new ArrayList<>();

    public ApiToken() {}

    public ApiToken(String name, String token, List<String> scopes) {
      this.name = name;
      this.token = token;
      this.scopes = new ArrayList<>(scopes);
    }

    public String getName() {
      return name;
    }

    public String getToken() {
      return token;
    }

    public List<String> getScopes() {
      return scopes;
    }

    @Override
    public String toString() {
      return "ApiToken{name=" + name + ", scopes=" + scopes + ", token=(redacted)}";
    }
  }
}
