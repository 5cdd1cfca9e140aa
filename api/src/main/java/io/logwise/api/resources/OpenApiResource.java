package io.logwise.api.resources;

import io.logwise.api.errors.ApiException;
import io.logwise.api.errors.ErrorBody;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.core.util.Yaml;
import io.swagger.v3.jaxrs2.Reader;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.integration.SwaggerConfiguration;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The API described: {@code GET /openapi.json} and {@code /openapi.yaml}, an OpenAPI 3 document
 * generated once at start from the registered JAX-RS resources (swagger-core), with the one error
 * shape as the shared schema {@code Error} (every operation's {@code default} response) and bearer
 * tokens as the security scheme; and Swagger UI at {@code /docs} (the {@code swagger-ui} webjar).
 * Open without a token, like {@code /healthcheck}.
 */
@Path("/")
@Hidden
public class OpenApiResource {

  /** Swagger UI's files that /docs serves, by name, with their media types. */
  private static final Map<String, String> UI_FILES =
      Map.of(
          "swagger-ui.css", "text/css",
          "swagger-ui-bundle.js", "application/javascript",
          "swagger-ui-standalone-preset.js", "application/javascript",
          "favicon-32x32.png", "image/png",
          "index.css", "text/css");

  private final String json;
  private final String yaml;
  private final String uiBase;

  private OpenApiResource(OpenAPI api) {
    this.json = Json.pretty(api);
    this.yaml = Yaml.pretty(api);
    this.uiBase = "META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion() + "/";
  }

  /** The resource describing {@code resources}. */
  public static OpenApiResource of(List<Class<?>> resources) {
    return new OpenApiResource(document(resources));
  }

  /** The document for {@code resources}. */
  public static OpenAPI document(List<Class<?>> resources) {
    OpenAPI base =
        new OpenAPI()
            .info(
                new Info()
                    .title("Logwise control plane")
                    .version("v1")
                    .description(
                        "Per-tenant Spark supervision, scaling, retention, Kafka and Vector"
                            + " through Temporal workflows. Errors are always"
                            + " {\"error\":{\"code\",\"message\"}}."))
            .components(
                new Components()
                    .addSecuritySchemes(
                        "bearer",
                        new SecurityScheme()
                            .type(SecurityScheme.Type.HTTP)
                            .scheme("bearer")
                            .description(
                                "a token from auth.tokens (admin, tenant:<t>, listener:<t>)")))
            .addSecurityItem(new SecurityRequirement().addList("bearer"));
    OpenAPI api =
        new Reader(new SwaggerConfiguration().openAPI(base)).read(new LinkedHashSet<>(resources));
    Map<String, Schema> error = ModelConverters.getInstance().readAll(ErrorBody.class);
    error.forEach(api.getComponents()::addSchemas);
    Schema<?> ref = new Schema<>().$ref("#/components/schemas/ErrorBody");
    ApiResponse errorResponse =
        new ApiResponse()
            .description("an error: 400, 401, 403, 404, 409 or 503, always this shape")
            .content(new Content().addMediaType("application/json", new MediaType().schema(ref)));
    api.getPaths()
        .forEach(
            (path, item) ->
                item.readOperations()
                    .forEach(
                        op -> {
                          op.getResponses().addApiResponse("default", errorResponse);
                          // open without a token: the filter's own list says which
                          if (io.logwise.api.auth.BearerTokenFilter.OPEN_PATHS.contains(
                              path.substring(1))) {
                            op.setSecurity(List.of());
                          }
                        }));
    return api;
  }

  @GET
  @Path("openapi.json")
  @Produces("application/json")
  public String json() {
    return json;
  }

  @GET
  @Path("openapi.yaml")
  @Produces("application/yaml")
  public String yaml() {
    return yaml;
  }

  @GET
  @Path("docs")
  @Produces("text/html")
  public String ui() {
    return """
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <title>Logwise API</title>
          <link rel="stylesheet" href="/docs/swagger-ui.css">
          <link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
        </head>
        <body>
          <div id="swagger-ui"></div>
          <script src="/docs/swagger-ui-bundle.js"></script>
          <script>
            window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#swagger-ui"});
          </script>
        </body>
        </html>
        """;
  }

  @GET
  @Path("docs/{file}")
  public Response uiFile(@PathParam("file") String file) {
    String type = UI_FILES.get(file);
    if (type == null) {
      throw ApiException.notFound("NOT_FOUND", "no such file: /docs/" + file);
    }
    try (InputStream in =
        OpenApiResource.class.getClassLoader().getResourceAsStream(uiBase + file)) {
      if (in == null) {
        throw ApiException.notFound("NOT_FOUND", "no such file: /docs/" + file);
      }
      return Response.ok(in.readAllBytes(), type).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String swaggerUiVersion() {
    try (InputStream in =
        OpenApiResource.class
            .getClassLoader()
            .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
      if (in == null) {
        throw new IllegalStateException("the swagger-ui webjar is missing from the classpath");
      }
      Properties p = new Properties();
      p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
