package dev.danvic.hmm.pools.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.PoolConfig;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The server as a client sees it, over real HTTP on 127.0.0.1 (like curl): the seed's endpoints
 * answer with the seed's JSON keys and the simulator's numbers, the pool API stores, changes and
 * removes pools without ever returning a key, and pages are told to re-fetch.
 */
class PoolsServerRestTest extends WithServer {


  @Test
  void platformTilesHaveTheSeedsKeys() {
    HttpResponse<String> r = f.get("/api/dashboard/pools/platform-tiles");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    JsonNode p = ServerFixture.json(r);
    assertThat(names(p)).contains("tile_1_health", "tile_2_network", "tile_3_shares", "tile_4_blocks");
    assertThat(names(p.get("tile_1_health")))
        .contains("total_pools", "healthy_pools", "unhealthy_pools", "avg_latency_ms", "status");
    assertThat(names(p.get("tile_2_network")))
        .contains("total_pool_hashrate", "total_network_difficulty", "avg_pool_percentage", "estimated_time_to_block");
    assertThat(names(p.get("tile_3_shares"))).contains("total_valid", "total_invalid", "total_stale", "avg_reject_rate");
    assertThat(names(p.get("tile_4_blocks"))).contains("total_blocks_24h", "total_earnings_24h", "currencies");
    assertThat(p.get("tile_1_health").get("total_pools").asInt()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void perPoolTilesHaveTheSeedsKeysAndTheSimulatorsNumbers() {
    HttpResponse<String> r = f.get("/api/dashboard/pools");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode all = ServerFixture.json(r);
    JsonNode pool = all.get(ServerFixture.SOLOPOOL_ID);
    assertThat(pool).as("the stored Solopool pool, keyed by its id: %s", r.body()).isNotNull();
    assertThat(names(pool))
        .contains("pool_id", "pool_type", "display_name", "supports_coins", "tile_1_health", "tile_2_network",
            "tile_3_shares", "tile_4_blocks", "last_updated", "supports_earnings", "supports_balance");
    assertThat(pool.get("pool_id").asText()).isEqualTo(ServerFixture.SOLOPOOL_ID);
    assertThat(pool.get("pool_type").asText()).isEqualTo("solopool");
    assertThat(pool.get("tile_1_health").get("health_status").asBoolean())
        .as(pool.get("tile_1_health").toString()).isTrue();
    double served = f.simulatorJson(f.solopool, "/api/stats").get("hashrate").asDouble();
    assertThat(pool.get("tile_2_network").get("pool_hashrate").asDouble()).isEqualTo(served);
  }

  @Test
  void poolIdSelectsOnePoolAndAnUnknownOneIs404() {
    HttpResponse<String> r = f.get("/api/dashboard/pools?pool_id=" + ServerFixture.SOLOPOOL_ID);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(names(ServerFixture.json(r))).containsExactly(ServerFixture.SOLOPOOL_ID);

    HttpResponse<String> missing = f.get("/api/dashboard/pools?pool_id=nope");
    assertThat(missing.statusCode()).isEqualTo(404);
    JsonNode e = ServerFixture.json(missing);
    assertThat(e.get("field").asText()).isEqualTo("pool_id");
    assertThat(e.get("error").asText()).contains("nope");
  }

  @Test
  void aPoolCanBeAddedReadChangedAndRemovedAndItsKeyIsNeverReturned() {
    HttpResponse<String> created = f.post("/pools", f.braiinsBody("Braiins test"));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(created.body()).doesNotContain(ServerFixture.BRAIINS_TOKEN);
    JsonNode pool = ServerFixture.json(created);
    String id = pool.get("id").asText();
    assertThat(created.headers().firstValue("Location")).contains("/pools/" + id);
    assertThat(pool.get("config").get("api_key").asText()).isEqualTo(PoolConfig.REDACTED);
    assertThat(names(pool))
        .containsExactly("id", "pool_type", "name", "url", "port", "username", "config", "enabled", "created_at", "updated_at");

    HttpResponse<String> list = f.get("/pools");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains(id).doesNotContain(ServerFixture.BRAIINS_TOKEN);
    assertThat(f.get("/pools/" + id).body()).doesNotContain(ServerFixture.BRAIINS_TOKEN);
    assertThat(f.server.service().pools()).extracting(PoolConfig::id).contains(id);

    // PUT without api_key keeps the stored key while the pool stays where it is; sending back the marker keeps it too
    // what a client read, sent back with a new name: the marker stands for the stored key
    HttpResponse<String> renamed =
        f.put("/pools/" + id, "{\"name\":\"Renamed\",\"config\":{\"api_key\":\"[redacted]\",\"api_base_url\":\""
            + f.braiins.baseUrl() + "\"}}");
    assertThat(renamed.statusCode()).as(renamed.body()).isEqualTo(200);
    assertThat(ServerFixture.json(renamed).get("name").asText()).isEqualTo("Renamed");
    PoolConfig stored = f.store.find(id).orElseThrow();
    assertThat(stored.apiKey()).contains(ServerFixture.BRAIINS_TOKEN);
    assertThat(stored.apiBaseUrl()).contains(f.braiins.baseUrl());
    assertThat(stored.name()).isEqualTo("Renamed");
    // a change of where requests go keeps no stored key: Braiins needs one, so it must come again
    HttpResponse<String> moved = f.put("/pools/" + id, "{\"port\":443}");
    assertThat(moved.statusCode()).as(moved.body()).isEqualTo(400);
    assertThat(ServerFixture.json(moved).get("field").asText()).isEqualTo("api_key");
    assertThat(f.store.find(id).orElseThrow().port()).isEqualTo(3333);
    assertThat(f.put("/pools/" + id, "{\"port\":443,\"api_key\":\"" + ServerFixture.BRAIINS_TOKEN + "\"}").statusCode()).isEqualTo(200);
    assertThat(f.store.find(id).orElseThrow().apiKey()).contains(ServerFixture.BRAIINS_TOKEN);
    assertThat(f.server.service().pools()).filteredOn(p -> p.id().equals(id)).singleElement()
        .satisfies(p -> assertThat(p.port()).isEqualTo(443));

    // a new key replaces the old one
    assertThat(f.put("/pools/" + id, "{\"api_key\":\"other-key\"}").statusCode()).isEqualTo(200);
    assertThat(f.store.find(id).orElseThrow().apiKey()).contains("other-key");

    HttpResponse<String> deleted = f.delete("/pools/" + id);
    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(f.get("/pools/" + id).statusCode()).isEqualTo(404);
    assertThat(f.store.find(id)).isEmpty();
    assertThat(f.server.service().pools()).extracting(PoolConfig::id).doesNotContain(id);
    assertThat(f.delete("/pools/" + id).statusCode()).isEqualTo(404);
  }

  @Test
  void anAddedPoolGetsTilesAndShowsInThePlatformCount() {
    int before = ServerFixture.json(f.get("/api/dashboard/pools/platform-tiles")).get("tile_1_health").get("total_pools").asInt();
    String id = ServerFixture.json(f.post("/pools", f.mmfpBody("MMFP tiles"))).get("id").asText();
    try {
      JsonNode tiles = ServerFixture.json(f.get("/api/dashboard/pools?pool_id=" + id)).get(id);
      assertThat(tiles.get("pool_type").asText()).isEqualTo("mmfp");
      assertThat(tiles.get("tile_1_health").get("health_status").asBoolean()).as(tiles.toString()).isTrue();
      int after = ServerFixture.json(f.get("/api/dashboard/pools/platform-tiles")).get("tile_1_health").get("total_pools").asInt();
      assertThat(after).isEqualTo(before + 1);
    } finally {
      f.delete("/pools/" + id);
    }
  }

  @Test
  void aDisabledPoolIsKeptButHasNoTiles() {
    String id = ServerFixture.json(f.post("/pools", f.mmfpBody("Paused"))).get("id").asText();
    try {
      HttpResponse<String> paused = f.put("/pools/" + id, "{\"enabled\":false}");
      assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);
      assertThat(ServerFixture.json(paused).get("enabled").asBoolean()).isFalse();
      assertThat(names(ServerFixture.json(f.get("/api/dashboard/pools")))).doesNotContain(id);
      HttpResponse<String> tiles = f.get("/api/dashboard/pools?pool_id=" + id);
      assertThat(tiles.statusCode()).isEqualTo(404);
      assertThat(ServerFixture.json(tiles).get("error").asText()).contains("disabled");
      assertThat(f.get("/pools/" + id).statusCode()).isEqualTo(200);

      assertThat(f.put("/pools/" + id, "{\"enabled\":true}").statusCode()).isEqualTo(200);
      assertThat(names(ServerFixture.json(f.get("/api/dashboard/pools")))).contains(id);
    } finally {
      f.delete("/pools/" + id);
    }
  }

  @Test
  void discoverNamesThePluginThatClaimsAnEndpoint() {
    // Solopool's own host names are known without any network traffic
    HttpResponse<String> r = f.post("/pools/discover", "{\"url\":\"btc.solopool.org\",\"port\":3334}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode d = ServerFixture.json(r);
    assertThat(d.get("url").asText()).isEqualTo("btc.solopool.org");
    assertThat(d.get("results")).hasSize(1);
    JsonNode hit = d.get("results").get(0);
    assertThat(hit.get("port").asInt()).isEqualTo(3334);
    assertThat(hit.get("detected").asBoolean()).isTrue();
    assertThat(hit.get("pool_type").asText()).isEqualTo("solopool");
    assertThat(hit.get("display_name").asText()).isNotBlank();

    JsonNode several = ServerFixture.json(f.post("/pools/discover", "{\"url\":\"btc.solopool.org\",\"ports\":\"3333-3335,8034\"}"));
    List<Integer> ports = new ArrayList<>();
    several.get("results").forEach(x -> ports.add(x.get("port").asInt()));
    assertThat(ports).containsExactly(3333, 3334, 3335, 8034);
  }

  @Test
  void discoverSaysSoWhenNoPluginClaimsAnEndpoint() {
    HttpResponse<String> r = f.post("/pools/discover", "{\"url\":\"127.0.0.1\",\"port\":9}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode hit = ServerFixture.json(r).get("results").get(0);
    assertThat(hit.get("detected").asBoolean()).isFalse();
    assertThat(hit.get("pool_type").isNull()).isTrue();
  }

  @Test
  void poolTypesListThePlugins() {
    JsonNode types = ServerFixture.json(f.get("/pools/types"));
    List<String> names = new ArrayList<>();
    types.forEach(t -> names.add(t.get("pool_type").asText()));
    assertThat(names)
        .containsExactly("braiins", "ckpool", "miningcore", "mmfp", "nomp", "ocean", "publicpool", "solopool");
    types.forEach(t -> assertThat(names(t)).contains("display_name", "supports_coins", "requires_api_key"));
  }

  @Test
  void healthReportsTheDatabaseAndThePools() {
    HttpResponse<String> r = f.get("/health");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode h = ServerFixture.json(r);
    assertThat(h.get("status").asText()).isEqualTo("ok");
    assertThat(h.get("database").asText()).isEqualTo("H2");
    assertThat(h.get("schema_version").asInt()).isEqualTo(PoolStore.latestSchemaVersion());
  }

  @Test
  void thePageAndItsScriptAreServed() {
    HttpResponse<String> page = f.get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(page.body()).contains("Pool Platform Summary", "/app.js", "pool-form");
    assertThat(f.get("/app.js").body()).contains("/api/dashboard/updates");
    assertThat(f.get("/app.css").statusCode()).isEqualTo(200);
  }

  @Test
  void pagesAreToldToRefetchWhenAPoolIsAdded() throws Exception {
    BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    WebSocket ws =
        f.http.newWebSocketBuilder()
            .buildAsync(URI.create(f.base().replace("http://", "ws://") + "/api/dashboard/updates"), collector(messages))
            .get(10, TimeUnit.SECONDS);
    try {
      assertThat(messages.poll(10, TimeUnit.SECONDS)).isEqualTo("{\"type\":\"hello\"}");
      String id = ServerFixture.json(f.post("/pools", f.mmfpBody("Pushed"))).get("id").asText();
      try {
        JsonNode added = nextEvent(messages, "added");
        assertThat(added.get("type").asText()).isEqualTo("refetch");
        assertThat(added.get("pool_id").asText()).isEqualTo(id);
        f.delete("/pools/" + id);
        assertThat(nextEvent(messages, "removed").get("pool_id").asText()).isEqualTo(id);
      } finally {
        f.delete("/pools/" + id);
      }
    } finally {
      ws.abort();
    }
  }

  @Test
  void requestsForAnotherHostNameAreRefused() throws Exception {
    // DNS rebinding: a page on evil.example resolving to 127.0.0.1 sends Host: evil.example
    try (Socket s = new Socket("127.0.0.1", f.server.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(("GET /pools HTTP/1.1\r\nHost: evil.example:" + f.server.port() + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 403").contains("\"error\"").doesNotContain(ServerFixture.SOLOPOOL_ID);
    }
    assertThat(f.get("/pools").statusCode()).isEqualTo(200); // 127.0.0.1 itself is fine
  }

  @Test
  void keysNeverReachTheLog() {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    String id;
    try {
      id = ServerFixture.json(f.post("/pools", f.braiinsBody("Logged"))).get("id").asText();
      f.put("/pools/" + id, "{\"api_key\":\"second-SECRET-key\",\"port\":99999}"); // refused
      f.put("/pools/" + id, "{\"name\":\"Logged again\"}");
      f.get("/api/dashboard/pools?pool_id=" + id);
      f.delete("/pools/" + id);
    } finally {
      System.setErr(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log).contains("added pool " + id).contains("removed pool " + id); // the capture worked
    assertThat(log).doesNotContain(ServerFixture.BRAIINS_TOKEN).doesNotContain("second-SECRET-key");
  }

  static JsonNode nextEvent(BlockingQueue<String> messages, String event) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < end) {
      String m = messages.poll(1, TimeUnit.SECONDS);
      if (m != null) {
        JsonNode j = ServerFixture.JSON.valueToTree(parse(m));
        if (event.equals(j.path("event").asText())) {
          return j;
        }
      }
    }
    throw new AssertionError("no '" + event + "' event within 15 s");
  }

  private static JsonNode parse(String m) {
    try {
      return ServerFixture.JSON.readTree(m);
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + m, e);
    }
  }

  static WebSocket.Listener collector(BlockingQueue<String> messages) {
    return new WebSocket.Listener() {
      private final StringBuilder partial = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
          messages.add(partial.toString());
          partial.setLength(0);
        }
        webSocket.request(1);
        return null;
      }
    };
  }

  static List<String> names(JsonNode node) {
    List<String> out = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }
}
