package io.logwise.api.whatif;

import io.logwise.api.auth.TenantAccess;
import io.logwise.api.errors.ApiException;
import io.logwise.config.whatif.WhatIf;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/** {@code POST /api/v1/what-if}: ask the scaling policy a question; admin and tenant tokens may. */
@io.swagger.v3.oas.annotations.tags.Tag(name = "scaling")
@Path("/api/v1/what-if")
public class WhatIfResource {

  @io.swagger.v3.oas.annotations.Operation(
      summary = "A scaling decision for a given history, no tenant needed")
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public WhatIf.Answer ask(
      @Context ContainerRequestContext request,
      @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content =
                  @io.swagger.v3.oas.annotations.media.Content(
                      mediaType = "application/json",
                      schema = @io.swagger.v3.oas.annotations.media.Schema(type = "object")))
          String body) {
    if (!TenantAccess.caller(request).mayAskWhatIf()) {
      throw new ApiException(
          403,
          "FORBIDDEN",
          "listener tokens may only post batch reports; what-if needs an admin or tenant token");
    }
    try {
      return WhatIf.answer(body == null ? "" : body);
    } catch (WhatIf.InvalidQuestion e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }
}
