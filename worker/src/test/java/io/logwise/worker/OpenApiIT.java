package io.logwise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The OpenAPI document against the running server: every route the server registers is in it (and
 * nothing else), every documented route answers something other than "no such route", the route
 * table in docs/api.md lists exactly the documented routes, and Swagger UI loads.
 */
class OpenApiIT {

  private static final String ADMIN = "openapi-admin-0123456789abcdef";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @RegisterExtension
  static final LogwiseStack stack = LogwiseStack.oneTenantWithApi("openapi", ADMIN);

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(stack.base() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode document() throws Exception {
    HttpResponse<String> r = get("/openapi.json");
    assertThat(r.statusCode()).as("open without a token").isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** {@code GET /api/v1/tenants/{}/services}: path parameters blanked, as routes compare. */
  private static String route(String method, String path) {
    String p = ("/" + path).replaceAll("/+", "/");
    if (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return method.toUpperCase(Locale.ROOT) + " " + p.replaceAll("\\{[^}]*}", "{}");
  }

  private static Set<String> documented(JsonNode doc) {
    Set<String> routes = new TreeSet<>();
    for (Iterator<String> paths = doc.get("paths").fieldNames(); paths.hasNext(); ) {
      String path = paths.next();
      doc.get("paths").get(path).fieldNames().forEachRemaining(m -> routes.add(route(m, path)));
    }
    return routes;
  }

  private static void walk(Resource r, String prefix, Set<String> into) {
    String here = prefix + "/" + (r.getPath() == null ? "" : r.getPath());
    for (ResourceMethod m : r.getResourceMethods()) {
      into.add(route(m.getHttpMethod(), here));
    }
    r.getChildResources().forEach(c -> walk(c, here, into));
  }

  @Test
  void everyRegisteredRouteIsDocumentedAndNothingElse() throws Exception {
    Set<String> registered = new TreeSet<>();
    for (Class<?> c : stack.apiApp().registeredResources()) {
      if (c.getSimpleName().equals("OpenApiResource")) {
        continue; // the description itself
      }
      walk(Resource.from(c), "", registered);
    }
    assertThat(registered).hasSizeGreaterThan(30);
    assertThat(documented(document())).isEqualTo(registered);
  }

  @Test
  void everyDocumentedRouteIsServed() throws Exception {
    HttpResponse<String> none =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(stack.base() + "/api/v1/no-such-route"))
                .header("Authorization", "Bearer " + ADMIN)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(none.statusCode()).isEqualTo(404);
    String noRoute = JSON.readTree(none.body()).at("/error/message").asText();
    JsonNode doc = document();
    for (Iterator<String> paths = doc.get("paths").fieldNames(); paths.hasNext(); ) {
      String path = paths.next();
      String concrete = path.replace("{tenant}", "acme").replaceAll("\\{[^}]*}", "x");
      for (Iterator<String> ms = doc.get("paths").get(path).fieldNames(); ms.hasNext(); ) {
        String method = ms.next().toUpperCase(Locale.ROOT);
        HttpRequest.Builder b =
            HttpRequest.newBuilder(URI.create(stack.base() + concrete))
                .header("Authorization", "Bearer " + ADMIN)
                .header("X-Tenant-Name", "acme")
                .timeout(java.time.Duration.ofSeconds(30));
        HttpResponse<String> r =
            HTTP.send(
                method.equals("GET") || method.equals("DELETE")
                    ? b.method(method, HttpRequest.BodyPublishers.noBody()).build()
                    : b.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        boolean routed =
            r.statusCode() != 404
                || !r.body().contains("\"message\":" + JSON.writeValueAsString(noRoute));
        assertThat(routed)
            .as("%s %s answered %s: %s", method, path, r.statusCode(), r.body())
            .isTrue();
      }
    }
  }

  @Test
  void theRouteTableInTheDocsListsExactlyTheDocumentedRoutes() throws Exception {
    Set<String> inDocs = new TreeSet<>();
    Pattern route = Pattern.compile("`(GET|POST|PUT|DELETE) (/[^`?\\s]*)[^`]*`");
    for (String line : Files.readAllLines(Path.of("..", "docs", "api.md"))) {
      if (!line.startsWith("| ")) {
        continue;
      }
      String[] cells = line.split("(?<!\\\\)\\|");
      // the first two columns: the route and the reference route
      for (int i = 1; i < Math.min(cells.length, 3); i++) {
        Matcher m = route.matcher(cells[i]);
        while (m.find()) {
          inDocs.add(route(m.group(1), m.group(2)));
        }
      }
    }
    Set<String> documented = documented(document());
    assertThat(inDocs).as("docs/api.md lists exactly the documented routes").isEqualTo(documented);
  }

  @Test
  void yamlSecurityAndSwaggerUi() throws Exception {
    HttpResponse<String> yaml = get("/openapi.yaml");
    assertThat(yaml.statusCode()).isEqualTo(200);
    assertThat(yaml.body()).startsWith("openapi: 3");
    JsonNode doc = document();
    assertThat(doc.at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
    assertThat(doc.at("/components/schemas/ErrorBody").isObject()).isTrue();
    assertThat(doc.at("/components/schemas/ErrorBody/description").asText()).contains("error");
    assertThat(doc.at("/components/schemas/PlannedEventBody/description").asText())
        .contains("ISO-8601");
    for (Iterator<String> paths = doc.get("paths").fieldNames(); paths.hasNext(); ) {
      String path = paths.next();
      doc.get("paths")
          .get(path)
          .forEach(
              op -> {
                assertThat(op.path("summary").asText()).as(path + " has a summary").isNotBlank();
                assertThat(op.path("tags")).as(path + " has a tag").isNotEmpty();
              });
    }
    assertThat(doc.at("/paths/~1healthcheck/get/security").isArray()).as("open").isTrue();
    assertThat(
            doc.at("/paths/~1api~1v1~1tenants~1{tenant}~1batches/post/responses/default/content")
                .toString())
        .contains("#/components/schemas/ErrorBody");
    HttpResponse<String> ui = get("/docs");
    assertThat(ui.statusCode()).isEqualTo(200);
    assertThat(ui.body()).contains("SwaggerUIBundle", "/openapi.json");
    HttpResponse<String> bundle = get("/docs/swagger-ui-bundle.js");
    assertThat(bundle.statusCode()).isEqualTo(200);
    assertThat(bundle.body().length()).isGreaterThan(100_000);
    assertThat(get("/docs/../../etc/passwd").statusCode()).isIn(400, 404);
    assertThat(get("/docs/pom.properties").statusCode())
        .as("only Swagger UI's files")
        .isEqualTo(404);
  }
}
