package io.logwise.api.resources;

import io.dropwizard.testing.junit5.ResourceExtension;
import io.logwise.api.auth.BearerTokenFilter;
import io.logwise.api.auth.TokenRegistry;
import io.logwise.api.errors.ErrorMappers;
import io.logwise.config.AuthSettings.ApiToken;
import java.util.List;

/**
 * In-memory HTTP with the API's own auth filter and error mappers, as the application wires them.
 */
final class TestApi {

  private TestApi() {}

  static ResourceExtension.Builder with(List<ApiToken> tokens) {
    ResourceExtension.Builder b =
        ResourceExtension.builder()
            .setRegisterDefaultExceptionMappers(false)
            .addProvider(new BearerTokenFilter(new TokenRegistry(tokens), true));
    ErrorMappers.all().forEach(b::addProvider);
    return b;
  }
}
