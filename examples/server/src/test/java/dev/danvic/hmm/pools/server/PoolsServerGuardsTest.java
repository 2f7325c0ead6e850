package dev.danvic.hmm.pools.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.PoolConfig;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * What the server refuses to other web pages and to requests that would send a pool's secret to a
 * new address; the pool cap.
 */
class PoolsServerGuardsTest extends WithServer {
  static final String EVIL = "http://evil.example";

  HttpResponse<String> withOrigin(String method, String path, String body, String origin) {
    HttpRequest.Builder b = HttpRequest.newBuilder(f.uri(path)).header("Origin", origin);
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return f.send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
  }

  String create(String body) {
    HttpResponse<String> r = f.post("/pools", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return ServerFixture.json(r).get("id").asText();
  }

  @Test
  void writesFromAnotherOriginAreRefusedAndChangeNothing() {
    String id = create(f.mmfpBody("origin test"));
    try {
      int before = f.store.list().size();
      for (HttpResponse<String> r : List.of(
          withOrigin("POST", "/pools", f.mmfpBody("evil"), EVIL),
          withOrigin("PUT", "/pools/" + id, "{\"name\":\"evil\"}", EVIL),
          withOrigin("DELETE", "/pools/" + id, null, EVIL),
          withOrigin("POST", "/pools/discover", "{\"url\":\"127.0.0.1\",\"port\":9}", EVIL),
          withOrigin("PUT", "/pools/" + id, "{\"name\":\"evil\"}", "null"),
          withOrigin("PUT", "/pools/" + id, "{\"name\":\"evil\"}", f.base().replace("127.0.0.1", "localhost")))) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(ServerFixture.json(r).get("error").asText()).contains("another origin");
      }
      assertThat(f.store.list()).hasSize(before);
      assertThat(f.store.find(id).orElseThrow().name()).isEqualTo("origin test");
      assertThat(withOrigin("PUT", "/pools/" + id, "{\"name\":\"mine\"}", f.base()).statusCode()).isEqualTo(200);
      assertThat(withOrigin("GET", "/pools/" + id, null, EVIL).statusCode()).as("reads are not refused (CORS keeps them from the page)")
          .isEqualTo(200);
    } finally {
      f.delete("/pools/" + id);
    }
  }

  @Test
  void aWebSocketFromAnotherOriginIsRefused() {
    URI ws = URI.create(f.base().replace("http://", "ws://") + "/api/dashboard/updates");
    assertThat(opens(ws, EVIL)).isFalse();
    assertThat(opens(ws, f.base())).isTrue();
  }

  boolean opens(URI uri, String origin) {
    try {
      WebSocket s = f.http.newWebSocketBuilder().header("Origin", origin).connectTimeout(Duration.ofSeconds(10))
          .buildAsync(uri, new WebSocket.Listener() { }).join();
      s.abort();
      return true;
    } catch (CompletionException e) {
      return false;
    }
  }

  @Test
  void anAllowedOriginAndTheCapAreSettings() {
    try (PoolsServer other = PoolsServer.builder().store(f.store).registry(f.registry).port(0)
        .allowedOrigins(List.of("https://dash.example.com/")).maxPools(f.store.list().size() + 1).build().start()) {
      URI uri = URI.create(other.baseUrl() + "/pools");
      HttpResponse<String> allowed = f.send(HttpRequest.newBuilder(uri).header("Origin", "https://dash.example.com")
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(f.mmfpBody("allowed"))));
      assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(201);
      String id = ServerFixture.json(allowed).get("id").asText();
      try {
        HttpResponse<String> full = f.send(HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(f.mmfpBody("one too many"))));
        assertThat(full.statusCode()).as(full.body()).isEqualTo(409);
        assertThat(ServerFixture.json(full).get("error").asText()).contains("--max-pools");
      } finally {
        f.delete("/pools/" + id);
      }
    }
  }

  @Test
  void aBodyThatStopsHalfwayEndsIn408AtItsDeadlineAndStoresNothing() throws Exception {
    int before = f.store.list().size();
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", f.server.port())) {
      s.setSoTimeout(30_000);
      s.getOutputStream().write(("POST /pools HTTP/1.1\r\nHost: 127.0.0.1:" + f.server.port()
          + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"pool_type\"")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      // the rest never comes: the answer arrives at the deadline (2 s + 100 bytes at 1 KiB/s)
      String answer = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
      assertThat(answer).startsWith("HTTP/1.1 408");
    }
    assertThat(f.store.list()).hasSize(before);
    assertThat(f.get("/health").statusCode()).isEqualTo(200);
  }

  @Test
  void movingAPoolDropsItsStoredKeyUnlessSentAgain() {
    String id = create(f.braiinsBody("moving"));
    try {
      HttpResponse<String> moved = f.put("/pools/" + id, "{\"config\":{\"api_base_url\":\"http://127.0.0.1:9\"}}");
      assertThat(moved.statusCode()).as(moved.body()).isEqualTo(400);
      JsonNode e = ServerFixture.json(moved);
      assertThat(e.get("field").asText()).isEqualTo("api_key");
      assertThat(e.get("error").asText()).contains("send it again");
      assertThat(f.put("/pools/" + id, "{\"port\":3334,\"api_key\":\"[redacted]\"}").statusCode()).isEqualTo(400);
      assertThat(f.put("/pools/" + id, "{\"pool_type\":\"mmfp\",\"config\":{\"coin\":\"DGB\"}}").statusCode()).isEqualTo(200);
      assertThat(f.store.find(id).orElseThrow().config()).doesNotContainKey(PoolConfig.API_KEY);
      assertThat(f.put("/pools/" + id, "{\"pool_type\":\"braiins\",\"api_key\":\"new-key\",\"config\":{}}").statusCode()).isEqualTo(200);
      assertThat(f.store.find(id).orElseThrow().config()).containsEntry(PoolConfig.API_KEY, "new-key");
      assertThat(f.put("/pools/" + id, "{\"name\":\"renamed\",\"enabled\":false}").statusCode()).isEqualTo(200);
      assertThat(f.store.find(id).orElseThrow().config()).as("a change that does not move the pool keeps the key")
          .containsEntry(PoolConfig.API_KEY, "new-key");
    } finally {
      f.delete("/pools/" + id);
    }
  }
}
