package dev.danvic.hmm.pools.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.danvic.hmm.pools.simulator.PoolSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /openapi.json}: an OpenAPI 3.1 document naming every route the server answers (and no
 * other), whose schemas the server's real answers (the demo's pools, created and changed pools,
 * errors) validate against.
 */
class OpenApiTest {
  /** Filters and guards that run around routes, not routes themselves. */
  private static final Set<String> FILTERS =
      Set.of("BEFORE", "AFTER", "BEFORE_MATCHED", "AFTER_MATCHED", "WEBSOCKET_BEFORE_UPGRADE", "WEBSOCKET_AFTER_UPGRADE");
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final SchemaRegistry schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  Main.Running running;
  JsonNode doc;
  int validated;

  @Test
  void theDocumentCoversEveryRouteAndRealAnswersValidate(@TempDir Path dir) throws Exception {
    Main.Options options = Main.Options.parse(new String[] {"--demo", "--port", "0", "--db", ServerFixture.jdbcUrl(dir)}, Map.of());
    try (Main.Running r = Main.start(options)) {
      running = r;
      HttpResponse<String> served = send("GET", "/openapi.json", null);
      assertThat(served.statusCode()).isEqualTo(200);
      doc = ServerFixture.JSON.readTree(served.body());
      assertThat(doc.get("openapi").asText()).startsWith("3.1.");

      // every route the server answers is documented, and every documented operation is a route
      List<String> routes = new ArrayList<>();
      for (String route : running.server.routes()) {
        String method = route.substring(0, route.indexOf(' '));
        if (!FILTERS.contains(method)) {
          routes.add(method.toLowerCase(Locale.ROOT) + " " + route.substring(route.indexOf(' ') + 1));
        }
      }
      List<String> documented = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> p = doc.get("paths").fields(); p.hasNext(); ) {
        Map.Entry<String, JsonNode> path = p.next();
        path.getValue().fieldNames().forEachRemaining(m -> {
          if (!m.equals("parameters")) {
            documented.add(m + " " + path.getKey());
          }
        });
      }
      assertThat(routes).isNotEmpty();
      assertThat(documented).as("documented operations").containsExactlyInAnyOrderElementsOf(routes);

      // the schemas are strict enough to refuse what the server must never answer
      JsonNode errorRef = ServerFixture.JSON.readTree("{\"$ref\": \"#/components/schemas/Error\"}");
      assertThat(validate(errorRef, "{\"error\": 5, \"field\": null}")).isNotEmpty();
      JsonNode poolRef = ServerFixture.JSON.readTree("{\"$ref\": \"#/components/schemas/Pool\"}");
      assertThat(validate(poolRef, "{\"id\": \"a\"}")).as("required fields").isNotEmpty();

      // real answers against the schemas
      String solopool = Main.demoId(PoolSimulator.Kind.SOLOPOOL);
      check("GET", "/api/dashboard/pools/platform-tiles", "/api/dashboard/pools/platform-tiles", null, 200);
      JsonNode tiles = check("GET", "/api/dashboard/pools", "/api/dashboard/pools", null, 200);
      assertThat(tiles.size()).isEqualTo(Main.demoKinds(false).size() + 1); // and the community plugin's pool
      check("GET", "/api/dashboard/pools?pool_id=" + solopool, "/api/dashboard/pools", null, 200);
      check("GET", "/api/dashboard/pools?pool_id=nope", "/api/dashboard/pools", null, 404);
      check("GET", "/pools", "/pools", null, 200);
      check("GET", "/pools/" + solopool, "/pools/{id}", null, 200);
      check("GET", "/pools/nope", "/pools/{id}", null, 404);
      check("GET", "/pools/types", "/pools/types", null, 200);
      JsonNode created = check("POST", "/pools", "/pools",
          "{\"pool_type\":\"braiins\",\"name\":\"Mine\",\"url\":\"stratum+tcp://127.0.0.1\",\"port\":3333,"
              + "\"api_key\":\"secret-token-42\",\"config\":{\"api_base_url\":\"http://127.0.0.1:9\"}}", 201);
      String id = created.get("id").asText();
      check("POST", "/pools", "/pools", "{\"url\":\"x\",\"port\":1}", 400);
      check("PUT", "/pools/" + id, "/pools/{id}", "{\"name\":\"Renamed\"}", 200);
      check("PUT", "/pools/nope", "/pools/{id}", "{\"name\":\"x\"}", 404);
      check("DELETE", "/pools/" + id, "/pools/{id}", null, 204);
      check("POST", "/pools/discover", "/pools/discover", "{\"url\":\"127.0.0.1\",\"port\":1}", 200);
      check("POST", "/pools/discover", "/pools/discover", "{\"port\":1}", 400);
      check("GET", "/pools/discover", "/pools/discover", null, 405);
      check("GET", "/health", "/health", null, 200);
      check("GET", "/metrics", "/metrics", null, 200);
      check("GET", "/", "/", null, 200);
      assertThat(validated).as("JSON answers validated against a schema").isGreaterThanOrEqualTo(15);
    }
  }

  /**
   * Sends the request, checks that the document lists its status and content type for the path
   * template and, for JSON, validates the body against the response's schema.
   */
  private JsonNode check(String method, String path, String template, String body, int status) throws Exception {
    HttpResponse<String> r = send(method, path, body);
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(status);
    JsonNode response = doc.path("paths").path(template).path(method.toLowerCase(Locale.ROOT)).path("responses").path(String.valueOf(status));
    assertThat(response.isObject()).as(method + " " + template + " documents " + status).isTrue();
    String type = r.headers().firstValue("Content-Type").map(t -> t.split(";")[0].trim()).orElse(null);
    if (!response.has("content")) {
      assertThat(r.body()).as(method + " " + path + " has no body").isEmpty();
      return null;
    }
    assertThat(response.get("content").has(type)).as(method + " " + template + " " + status + " documents " + type).isTrue();
    if (!"application/json".equals(type)) {
      return null;
    }
    List<Error> errors = validate(response.get("content").get(type).get("schema"), r.body());
    assertThat(errors).as(method + " " + path + " against its schema; body " + r.body()).isEmpty();
    validated++;
    return ServerFixture.JSON.readTree(r.body());
  }

  private List<Error> validate(JsonNode schemaOfDocument, String body) {
    ObjectNode schema = ((ObjectNode) schemaOfDocument).deepCopy();
    schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    schema.set("components", doc.get("components")); // so that #/components/... resolves
    Schema compiled = schemas.getSchema(schema.toString());
    return compiled.validate(body, InputFormat.JSON);
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(running.server.baseUrl() + path)).timeout(Duration.ofSeconds(30));
    if (body != null) {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
