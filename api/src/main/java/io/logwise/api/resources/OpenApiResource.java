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
  private final List<Map.Entry<java.util.regex.Pattern, String>> allowed;

  private OpenApiResource(OpenAPI api) {
    this.allowed = allowedMethods(api);
    this.json = Json.pretty(api);
    this.yaml = Yaml.pretty(api);
    this.uiBase = "META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion() + "/";
  }

  /**
   * The methods the documented path matching {@code path} takes ("GET, HEAD, OPTIONS" and the
   * rest), "" for a path the API does not have: what a 405's {@code Allow} header says.
   */
  public String allowedMethods(String path) {
    for (Map.Entry<java.util.regex.Pattern, String> e : allowed) {
      if (e.getKey().matcher(path).matches()) {
        return e.getValue();
      }
    }
    return "";
  }

  private static List<Map.Entry<java.util.regex.Pattern, String>> allowedMethods(OpenAPI api) {
    List<Map.Entry<java.util.regex.Pattern, String>> out = new java.util.ArrayList<>();
    api.getPaths()
        .forEach(
            (path, item) -> {
              java.util.Set<String> methods = new java.util.TreeSet<>();
              item.readOperationsMap().keySet().forEach(m -> methods.add(m.name()));
              if (methods.contains("GET")) {
                methods.add("HEAD");
              }
              methods.add("OPTIONS");
              String regex =
                  java.util.Arrays.stream(path.split("\\{[A-Za-z]+\\}", -1))
                      .map(java.util.regex.Pattern::quote)
                      .collect(java.util.stream.Collectors.joining("[^/]+"));
              out.add(
                  Map.entry(java.util.regex.Pattern.compile(regex), String.join(", ", methods)));
            });
    // the most specific first: {id} also matches "m1:approve" of …/migrations/{id}:approve
    out.sort(
        java.util.Comparator.comparingInt(
                (Map.Entry<java.util.regex.Pattern, String> e) ->
                    e.getKey().pattern().replaceAll("\\[\\^/\\]\\+", "").length())
            .reversed());
    return out;
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
    describeParameters(api, resources);
    describeAnswers(api, resources);
    // a Java object's fields may be null unless validated as required (then they are listed so)
    api.getComponents()
        .getSchemas()
        .values()
        .forEach(
            schema -> {
              if (schema.getProperties() != null) {
                schema
                    .getProperties()
                    .forEach(
                        (name, p) -> {
                          if (schema.getRequired() == null
                              || !schema.getRequired().contains(name)) {
                            ((Schema<?>) p).setNullable(true);
                          }
                          // a Map<String, Object> holds any JSON value, not only objects
                          Schema<?> property = (Schema<?>) p;
                          if (property.getAdditionalProperties() instanceof Schema<?> values
                              && "object".equals(values.getType())
                              && values.getProperties() == null
                              && values.get$ref() == null) {
                            property.setAdditionalProperties(Boolean.TRUE);
                          }
                        });
              }
            });
    api.getPaths()
        .forEach(
            (path, item) ->
                item.readOperations()
                    .forEach(
                        op -> {
                          successAsItsCode(op);
                          op.getResponses().addApiResponse("default", errorResponse);
                          // open without a token: the filter's own list says which
                          if (io.logwise.api.auth.BearerTokenFilter.OPEN_PATHS.contains(
                              path.substring(1))) {
                            op.setSecurity(List.of());
                          }
                        }));
    return api;
  }

  /**
   * swagger-core files an operation's success under {@code default} when no response is declared;
   * {@code default} is the error shape here, so the success moves to its code: 200 with the body it
   * documents, or any 2XX for an operation that builds its own answer (201, 202).
   */
  private static void successAsItsCode(io.swagger.v3.oas.models.Operation op) {
    io.swagger.v3.oas.models.responses.ApiResponses responses = op.getResponses();
    boolean declared = responses.keySet().stream().anyMatch(c -> c.startsWith("2"));
    ApiResponse generated = responses.remove("default");
    if (declared || generated == null) {
      return;
    }
    boolean body = generated.getContent() != null && !generated.getContent().isEmpty();
    responses.addApiResponse(
        body ? "200" : "2XX",
        generated.description(body ? "success" : "success (see the summary)"));
  }

  /**
   * What swagger-core cannot see: the path's variables that no {@code @PathParam} names (the tenant
   * comes in through {@code @Context AuthorisedTenant}), with the shape each accepts; and the
   * {@code X-Tenant-Name} header the reference routes require.
   */
  private static void describeParameters(OpenAPI api, List<Class<?>> resources) {
    java.util.Set<String> fromHeader = new java.util.HashSet<>();
    for (Class<?> resource : resources) {
      for (java.lang.reflect.Method m : resource.getMethods()) {
        if (m.isAnnotationPresent(io.logwise.api.auth.TenantFromHeader.class)) {
          fromHeader.add(routePath(resource, m));
        }
      }
    }
    java.util.regex.Pattern variable = java.util.regex.Pattern.compile("\\{([A-Za-z]+)\\}");
    api.getPaths()
        .forEach(
            (path, item) ->
                item.readOperations()
                    .forEach(
                        op -> {
                          java.util.regex.Matcher v = variable.matcher(path);
                          while (v.find()) {
                            String name = v.group(1);
                            java.util.Optional<io.swagger.v3.oas.models.parameters.Parameter>
                                declared =
                                    op.getParameters() == null
                                        ? java.util.Optional.empty()
                                        : op.getParameters().stream()
                                            .filter(
                                                p ->
                                                    "path".equals(p.getIn())
                                                        && name.equals(p.getName()))
                                            .findFirst();
                            if (declared.isPresent()) {
                              declared.get().setSchema(pathSchema(path, name));
                            } else {
                              op.addParametersItem(
                                  new io.swagger.v3.oas.models.parameters.PathParameter()
                                      .name(name)
                                      .required(true)
                                      .schema(pathSchema(path, name)));
                            }
                          }
                          if (fromHeader.contains(path)) {
                            op.addParametersItem(
                                new io.swagger.v3.oas.models.parameters.HeaderParameter()
                                    .name("X-Tenant-Name")
                                    .required(true)
                                    .description("the tenant the reference route acts for")
                                    .schema(tenantSchema()));
                          }
                        }));
  }

  /** The responses of the routes marked {@link Answers}, with their bodies' schemas. */
  private static void describeAnswers(OpenAPI api, List<Class<?>> resources) {
    for (Class<?> resource : resources) {
      for (java.lang.reflect.Method m : resource.getMethods()) {
        Answers answers = m.getAnnotation(Answers.class);
        if (answers == null) {
          continue;
        }
        io.swagger.v3.oas.models.Operation op =
            api.getPaths().get(routePath(resource, m)).readOperationsMap().get(httpMethod(m));
        if (answers.handsOver()) {
          respond(api, op, "200", "finished within 20 s", answers.value());
          respond(api, op, "202", "still running: follow it at the Location", OperationView.class);
        } else {
          for (int i = 0; i < answers.codes().length; i++) {
            respond(
                api,
                op,
                String.valueOf(answers.codes()[i]),
                answers.descriptions()[i],
                answers.value());
          }
        }
      }
    }
  }

  private static io.swagger.v3.oas.models.PathItem.HttpMethod httpMethod(
      java.lang.reflect.Method m) {
    for (java.lang.annotation.Annotation a : m.getAnnotations()) {
      jakarta.ws.rs.HttpMethod verb =
          a.annotationType().getAnnotation(jakarta.ws.rs.HttpMethod.class);
      if (verb != null) {
        return io.swagger.v3.oas.models.PathItem.HttpMethod.valueOf(verb.value());
      }
    }
    throw new IllegalStateException(m + " has no HTTP method");
  }

  private static void respond(
      OpenAPI api,
      io.swagger.v3.oas.models.Operation op,
      String code,
      String description,
      Class<?> body) {
    ModelConverters.getInstance()
        .readAll(body)
        .forEach((name, schema) -> api.getComponents().getSchemas().putIfAbsent(name, schema));
    String name = ModelConverters.getInstance().read(body).keySet().iterator().next();
    op.getResponses()
        .addApiResponse(
            code,
            new ApiResponse()
                .description(description)
                .content(
                    new Content()
                        .addMediaType(
                            "application/json",
                            new MediaType()
                                .schema(new Schema<>().$ref("#/components/schemas/" + name)))));
  }

  /** The document's path of a resource method: its class's {@code @Path} and its own, joined. */
  private static String routePath(Class<?> resource, java.lang.reflect.Method m) {
    Path base = resource.getAnnotation(Path.class);
    Path own = m.getAnnotation(Path.class);
    String b = base == null ? "" : base.value();
    String p = own == null ? "" : own.value();
    b = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    p = p.startsWith("/") ? p : "/" + p;
    return (b + p).isEmpty() ? "/" : b + p;
  }

  private static Schema<?> tenantSchema() {
    return new io.swagger.v3.oas.models.media.StringSchema()
        .pattern("^" + io.logwise.config.TenantConfig.NAME_PATTERN + "$");
  }

  /**
   * The shape each path variable accepts. A service in the path is a name of letters, digits and
   * {@code . _ - : @ + =} starting with a letter or digit; other names go in the body of {@code PUT
   * /api/v1/tenants/{t}/retention}.
   */
  static Schema<?> pathSchema(String path, String name) {
    io.swagger.v3.oas.models.media.StringSchema s =
        new io.swagger.v3.oas.models.media.StringSchema();
    return switch (name) {
      case "tenant" -> tenantSchema();
      case "id" ->
          path.contains("/operations/")
              ? s.pattern("^(sync|sweep-plan)-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$")
              : s.pattern("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");
      case "name" -> s.pattern("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");
      case "service" -> s.pattern("^[A-Za-z0-9][A-Za-z0-9._:@+=-]{0,199}$");
      default -> s;
    };
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
