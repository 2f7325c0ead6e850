package dev.danvic.hmm.pools.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.PoolConfig;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad request answers 4xx with {@code {"error": "...", "field": "..."}} saying what is
 * wrong, never echoes a key, and leaves the database and the dashboard service exactly as they were.
 */
class PoolsServerBadInputTest extends WithServer {
  static final String SECRET = "tok-NEVER-ECHO-42";
  static final String ID = ServerFixture.SOLOPOOL_ID;

  List<PoolConfig> storedBefore;
  List<PoolConfig> watchedBefore;


  @BeforeEach
  void snapshot() {
    storedBefore = f.store.list();
    watchedBefore = f.server.service().pools();
  }

  @AfterEach
  void nothingChanged() {
    assertThat(f.store.list()).as("stored pools").isEqualTo(storedBefore);
    assertThat(f.server.service().pools()).as("watched pools").isEqualTo(watchedBefore);
  }

  static String mmfp(String extra) {
    return "{\"pool_type\":\"mmfp\",\"url\":\"stratum+tcp://127.0.0.1\",\"port\":3333" + extra + "}";
  }

  static Stream<Arguments> badPosts() {
    return Stream.of(
        Arguments.of("malformed JSON", "{\"pool_type\": \"mmfp\",", 400, null, "malformed JSON"),
        Arguments.of("not an object", "[1, 2]", 400, null, "expected a JSON object"),
        Arguments.of("empty body", "", 400, null, "empty"),
        Arguments.of("trailing garbage", mmfp("") + " {}", 400, null, "malformed JSON"),
        Arguments.of("field twice", "{\"pool_type\":\"mmfp\",\"pool_type\":\"braiins\",\"url\":\"h\",\"port\":1}", 400, null, "twice"),
        Arguments.of("unknown pool_type",
            "{\"pool_type\":\"nosuch\",\"url\":\"stratum+tcp://127.0.0.1\",\"port\":3333}", 400, "pool_type", "unknown pool_type 'nosuch'"),
        Arguments.of("pool_type not a string",
            "{\"pool_type\":7,\"url\":\"stratum+tcp://127.0.0.1\",\"port\":3333}", 400, "pool_type", "must be a string"),
        Arguments.of("port 0", "{\"pool_type\":\"mmfp\",\"url\":\"h.example\",\"port\":0}", 400, "port", "between 1 and 65535"),
        Arguments.of("port 70000", "{\"pool_type\":\"mmfp\",\"url\":\"h.example\",\"port\":70000}", 400, "port", "between 1 and 65535"),
        Arguments.of("port negative", "{\"pool_type\":\"mmfp\",\"url\":\"h.example\",\"port\":-1}", 400, "port", "between 1 and 65535"),
        Arguments.of("port text", "{\"pool_type\":\"mmfp\",\"url\":\"h.example\",\"port\":\"abc\"}", 400, "port", "whole number"),
        Arguments.of("port fraction", "{\"pool_type\":\"mmfp\",\"url\":\"h.example\",\"port\":3333.5}", 400, "port", "whole number"),
        Arguments.of("port huge", "{\"pool_type\":\"mmfp\",\"url\":\"h.example\",\"port\":99999999999999999999}", 400, "port", "whole number"),
        Arguments.of("no url", "{\"pool_type\":\"mmfp\",\"port\":3333}", 400, "url", "required"),
        Arguments.of("no port", "{\"pool_type\":\"mmfp\",\"url\":\"h.example\"}", 400, "port", "required"),
        Arguments.of("no pool_type", "{\"url\":\"h.example\",\"port\":3333}", 400, "pool_type", "required"),
        Arguments.of("bad url", "{\"pool_type\":\"mmfp\",\"url\":\"gopher://h.example\",\"port\":3333}", 400, "url", "not supported"),
        Arguments.of("missing API key",
            "{\"pool_type\":\"braiins\",\"url\":\"stratum+tcp://127.0.0.1\",\"port\":3333,\"username\":\"me\"}", 400, "api_key", "API key"),
        Arguments.of("the redaction marker as a key",
            "{\"pool_type\":\"braiins\",\"url\":\"stratum+tcp://127.0.0.1\",\"port\":3333,\"api_key\":\"[redacted]\"}", 400, "api_key", "marker"),
        Arguments.of("misspelt field", mmfp(",\"usename\":\"me\""), 400, "usename", "unknown field"),
        Arguments.of("config not an object", mmfp(",\"config\":[1]"), 400, "config", "JSON object"),
        Arguments.of("nested config value", mmfp(",\"config\":{\"coin\":{\"a\":1}}"), 400, "coin", "strings, numbers or booleans"),
        Arguments.of("bad api_base_url", mmfp(",\"config\":{\"api_base_url\":\"ftp://127.0.0.1\"}"), 400, "api_base_url", "http://"),
        Arguments.of("bad api_port", mmfp(",\"config\":{\"api_port\":\"0\"}"), 400, "api_port", "between 1 and 65535"),
        Arguments.of("enabled not a boolean", mmfp(",\"enabled\":\"yes\""), 400, "enabled", "true or false"),
        Arguments.of("bad id", mmfp(",\"id\":\"../etc\""), 400, "id", "letters, digits"),
        Arguments.of("taken id", mmfp(",\"id\":\"" + ID + "\""), 409, "id", "already exists"),
        Arguments.of("key with a bad port (key never echoed)",
            "{\"pool_type\":\"braiins\",\"url\":\"stratum+tcp://127.0.0.1\",\"port\":0,\"api_key\":\"" + SECRET + "\"}", 400, "port", "between"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badPosts")
  void aBadPoolIsRefusedNamingTheField(String what, String body, int status, String field, String message) {
    HttpResponse<String> r = f.post("/pools", body);
    assertError(r, status, field, message);
  }

  static Stream<Arguments> badPuts() {
    return Stream.of(
        Arguments.of("port out of range", "{\"port\":65536}", 400, "port", "between 1 and 65535"),
        Arguments.of("another type that needs a key", "{\"pool_type\":\"braiins\"}", 400, "api_key", "API key"),
        Arguments.of("unknown pool_type", "{\"pool_type\":\"nosuch\"}", 400, "pool_type", "unknown pool_type"),
        Arguments.of("malformed JSON", "{\"name\": ", 400, null, "malformed JSON"),
        Arguments.of("another id", "{\"id\":\"other\"}", 400, "id", "cannot change"),
        Arguments.of("blank url", "{\"url\":\"  \"}", 400, "url", "blank"),
        Arguments.of("null port", "{\"port\":null}", 400, "port", "whole number"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badPuts")
  void aBadChangeIsRefusedAndThePoolKeepsItsValues(String what, String body, int status, String field, String message) {
    assertError(f.put("/pools/" + ID, body), status, field, message);
  }

  @Test
  void anUnknownIdIs404ForEveryVerb() {
    assertError(f.get("/pools/no-such-pool"), 404, "id", "no-such-pool");
    assertError(f.put("/pools/no-such-pool", "{\"name\":\"x\"}"), 404, "id", "no-such-pool");
    assertError(f.delete("/pools/no-such-pool"), 404, "id", "no-such-pool");
    assertError(f.get("/api/dashboard/pools?pool_id=no-such-pool"), 404, "pool_id", "no-such-pool");
  }

  @Test
  void anOversizedBodyIs413WithOrWithoutALength() {
    String big = mmfp(",\"name\":\"" + "x".repeat(70 * 1024) + "\"");
    assertError(f.post("/pools", big), 413, null, "larger than 65536 bytes");
    // the same body sent in chunks, without Content-Length
    HttpResponse<String> chunked =
        f.send(
            HttpRequest.newBuilder(f.uri("/pools"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                    () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8)))));
    assertError(chunked, 413, null, "larger than 65536 bytes");
  }

  @Test
  void aBodyThatIsNotJsonIs415() {
    HttpResponse<String> r =
        f.send(
            HttpRequest.newBuilder(f.uri("/pools"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(mmfp(""))));
    assertError(r, 415, null, "application/json");
    HttpResponse<String> none =
        f.send(HttpRequest.newBuilder(f.uri("/pools")).POST(HttpRequest.BodyPublishers.ofString(mmfp(""))));
    assertError(none, 415, null, "application/json");
  }

  @Test
  void badDiscoveryRequestsNameTheField() {
    assertError(f.post("/pools/discover", "{\"port\":3333}"), 400, "url", "required");
    assertError(f.post("/pools/discover", "{\"url\":\"h.example\"}"), 400, "port", "required");
    assertError(f.post("/pools/discover", "{\"url\":\"h.example\",\"port\":0}"), 400, "port", "between 1 and 65535");
    assertError(f.post("/pools/discover", "{\"url\":\"h.example\",\"port\":\"x\"}"), 400, "port", "not a port number");
    assertError(f.post("/pools/discover", "{\"url\":\"h.example\",\"port\":{}}"), 400, "port", "must be a port number");
    assertError(f.post("/pools/discover", "{\"url\":\"h.example\",\"ports\":\"1-1000\"}"), 400, "ports", "at most 32");
    assertError(f.post("/pools/discover", "{\"url\":\"h.example\",\"ports\":\"5000-4000\"}"), 400, "ports", "ends before it starts");
    assertError(f.post("/pools/discover", "{\"url\":\"gopher://h.example\",\"port\":1}"), 400, "url", "not supported");
    assertError(f.post("/pools/discover", "{\"url\":\"h.example\",\"port\":1,\"x\":1}"), 400, null, "unknown field");
    assertError(f.post("/pools/discover", "[1"), 400, null, "malformed JSON");
  }

  @Test
  void discoveryByGetIsRefusedBecauseItConnectsOut() {
    assertError(f.get("/pools/discover?url=127.0.0.1&port=9"), 405, null, "POST");
  }

  @Test
  void aCharsetOtherThanUtf8IsA415() {
    for (String charset : List.of("x-no-such-charset", "utf-16", "\"latin1\"", "iso-8859-1")) {
      HttpResponse<String> r =
          f.send(HttpRequest.newBuilder(f.uri("/pools"))
              .header("Content-Type", "application/json; charset=" + charset)
              .POST(HttpRequest.BodyPublishers.ofString(mmfp(""))));
      assertError(r, 415, null, "UTF-8");
    }
    HttpResponse<String> ok =
        f.send(HttpRequest.newBuilder(f.uri("/pools"))
            .header("Content-Type", "application/json; charset=\"UTF-8\"")
            .POST(HttpRequest.BodyPublishers.ofString(mmfp(""))));
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
    assertThat(f.delete("/pools/" + ServerFixture.json(ok).get("id").asText()).statusCode()).isEqualTo(204);
  }

  @Test
  void anUnknownEndpointIsAJson404() {
    assertError(f.get("/no/such/thing"), 404, null, "no such endpoint");
  }

  private static void assertError(HttpResponse<String> r, int status, String field, String message) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    JsonNode e = ServerFixture.json(r);
    assertThat(ServerFixture.JSON.convertValue(e, java.util.Map.class)).containsOnlyKeys("error", "field");
    assertThat(e.get("error").asText()).contains(message);
    if (field == null) {
      assertThat(e.get("field").isNull()).as("field of " + r.body()).isTrue();
    } else {
      assertThat(e.get("field").asText()).isEqualTo(field);
    }
    assertThat(r.body()).doesNotContain(SECRET);
  }
}
