package dev.danvic.hmm.pools.server;

import static dev.danvic.hmm.pools.server.ServerFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alert routes over HTTP, with rules evaluated on a simulated pool and a webhook on loopback. */
class AlertsRoutesTest {
  private static final String DISCORD_TOKEN = "dc-token-4f9a-SECRET";
  private static final String HOOK_SECRET = "hook-secret-77aa";

  @TempDir Path dir;
  ServerFixture f;
  MockWebServer receiver;

  @BeforeEach
  void start() throws Exception {
    f = ServerFixture.start(dir);
    receiver = new MockWebServer();
    receiver.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  @AfterEach
  void stop() {
    receiver.close();
    f.close();
  }

  private String rule(String extra) {
    return "{\"id\":\"down\",\"name\":\"pool down\",\"kind\":\"pool_unhealthy\"" + extra + "}";
  }

  private void assertBad(HttpResponse<String> r, int status, String field) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(json(r).get("field").asText()).as(r.body()).isEqualTo(field);
  }

  @Test
  void rulesAreCreatedListedChangedAndDeleted() {
    HttpResponse<String> created = f.post("/alerts/rules",
        "{\"id\":\"slow\",\"name\":\"slow pool\",\"kind\":\"latency_above\",\"threshold\":800,"
            + "\"duration_minutes\":2,\"reminder_minutes\":60,\"pool_id\":\"" + ServerFixture.SOLOPOOL_ID + "\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(json(created).get("duration_minutes").asDouble()).isEqualTo(2.0);
    JsonNode list = json(f.get("/alerts/rules"));
    assertThat(list).hasSize(1);
    assertThat(list.get(0).get("kind").asText()).isEqualTo("latency_above");
    assertThat(list.get(0).get("reminder_minutes").asDouble()).isEqualTo(60.0);

    HttpResponse<String> changed = f.put("/alerts/rules/slow", "{\"name\":\"slow\",\"kind\":\"latency_above\",\"threshold\":500}");
    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    assertThat(json(f.get("/alerts/rules")).get(0).get("threshold").asDouble()).isEqualTo(500.0);
    assertThat(json(f.get("/alerts/rules")).get(0).get("pool_id").isNull()).isTrue();

    assertThat(f.delete("/alerts/rules/slow").statusCode()).isEqualTo(204);
    assertThat(json(f.get("/alerts/rules"))).isEmpty();
    assertBad(f.delete("/alerts/rules/slow"), 404, "id");
    assertBad(f.put("/alerts/rules/nope", "{\"kind\":\"block_found\"}"), 404, "id");
  }

  @Test
  void badRulesAre4xxNamingTheFieldAndChangeNothing() {
    assertBad(f.post("/alerts/rules", "{\"kind\":\"pool_exploded\"}"), 400, "kind");
    assertBad(f.post("/alerts/rules", "{\"name\":\"x\"}"), 400, "kind");
    assertBad(f.post("/alerts/rules", "{\"kind\":\"reject_rate_above\"}"), 400, "threshold");
    assertBad(f.post("/alerts/rules", "{\"kind\":\"reject_rate_above\",\"threshold\":\"5\"}"), 400, "threshold");
    assertBad(f.post("/alerts/rules", "{\"kind\":\"hashrate_drop\",\"threshold\":250}"), 400, "threshold");
    assertBad(f.post("/alerts/rules", rule(",\"duration_minutes\":-1")), 400, "duration_minutes");
    assertBad(f.post("/alerts/rules", rule(",\"reminder_minutes\":0.1")), 400, "reminder_minutes");
    assertBad(f.post("/alerts/rules", "{\"kind\":\"worker_missing\"}"), 400, "worker");
    assertBad(f.post("/alerts/rules", rule(",\"colour\":\"red\"")), 400, "colour");
    assertBad(f.post("/alerts/rules", rule(",\"pool_id\":\"no-such-pool\"")), 400, "pool_id");
    assertBad(f.post("/alerts/rules", rule(",\"channels\":[\"nowhere\"]")), 400, "channels");
    assertBad(f.post("/alerts/rules", "{\"id\":\"a b\",\"kind\":\"block_found\"}"), 400, "id");
    assertThat(f.post("/alerts/rules", "[1,2]").statusCode()).isEqualTo(400);
    assertThat(f.post("/alerts/rules", "{not json").statusCode()).isEqualTo(400);
    assertThat(json(f.get("/alerts/rules"))).isEmpty();

    assertThat(f.post("/alerts/rules", rule("")).statusCode()).isEqualTo(201);
    assertBad(f.post("/alerts/rules", rule("")), 409, "id");
    assertBad(f.get("/alerts/events?limit=0"), 400, "limit");
    assertBad(f.get("/alerts/events?offset=x"), 400, "offset");
  }

  @Test
  void aWriteFromAnotherOriginIsRefused() {
    HttpResponse<String> r = f.send(HttpRequest.newBuilder(f.uri("/alerts/rules"))
        .header("Content-Type", "application/json")
        .header("Origin", "http://evil.example")
        .POST(HttpRequest.BodyPublishers.ofString(rule(""))));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(f.send(HttpRequest.newBuilder(f.uri("/alerts/channels/x")).header("Origin", "http://evil.example").DELETE())
        .statusCode()).isEqualTo(403);
    assertThat(json(f.get("/alerts/rules"))).isEmpty();
  }

  @Test
  void channelSecretsAreWriteOnlyAndBadChannelsNameTheirField() throws Exception {
    String url = "https://discord.com/api/webhooks/42/" + DISCORD_TOKEN;
    HttpResponse<String> created = f.post("/alerts/channels", "{\"id\":\"dc\",\"type\":\"discord\",\"url\":\"" + url + "\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(created.body()).doesNotContain(DISCORD_TOKEN).contains("\"host\":\"discord.com\"");
    assertThat(f.get("/alerts/channels").body()).doesNotContain(DISCORD_TOKEN).contains("\"dc\"");

    assertBad(f.post("/alerts/channels", "{\"id\":\"tg\",\"type\":\"telegram\",\"chat_id\":\"1\"}"), 400, "token");
    HttpResponse<String> badToken =
        f.post("/alerts/channels", "{\"id\":\"tg\",\"type\":\"telegram\",\"chat_id\":\"1\",\"token\":\"leaky secret\"}");
    assertBad(badToken, 400, "token");
    assertThat(badToken.body()).doesNotContain("leaky");
    HttpResponse<String> shortSecret =
        f.post("/alerts/channels", "{\"id\":\"wh\",\"type\":\"webhook\",\"url\":\"http://127.0.0.1:9/x\",\"secret\":\"tiny\"}");
    assertBad(shortSecret, 400, "secret");
    assertThat(shortSecret.body()).doesNotContain("tiny");
    assertBad(f.post("/alerts/channels", "{\"id\":\"x\",\"type\":\"pigeon\"}"), 400, "type");
    assertBad(f.post("/alerts/channels", "{\"id\":\"x\",\"type\":\"ntfy\",\"url\":\"not a url\"}"), 400, "url");
    assertBad(f.post("/alerts/channels", "{\"id\":\"dc\",\"type\":\"discord\",\"url\":\"" + url + "\"}"), 409, "id");

    assertThat(f.post("/alerts/rules", rule(",\"channels\":[\"dc\"]")).statusCode()).isEqualTo(201);
    assertBad(f.delete("/alerts/channels/dc"), 409, "id");
    assertThat(f.delete("/alerts/rules/down").statusCode()).isEqualTo(204);
    assertThat(f.delete("/alerts/channels/dc").statusCode()).isEqualTo(204);
    assertBad(f.delete("/alerts/channels/dc"), 404, "id");
  }

  @Test
  void aPoolGoingDownFiresOnceDeliversASignedWebhookAndResolvesOnce() throws Exception {
    receiver.enqueue(new MockResponse.Builder().code(200).build());
    receiver.enqueue(new MockResponse.Builder().code(200).build());
    assertThat(f.post("/alerts/channels", "{\"id\":\"hook\",\"type\":\"webhook\",\"url\":\""
        + receiver.url("/hook") + "\",\"secret\":\"" + HOOK_SECRET + "\"}").statusCode()).isEqualTo(201);
    assertThat(f.post("/alerts/rules", rule(",\"channels\":[\"hook\"],\"pool_id\":\"" + ServerFixture.SOLOPOOL_ID + "\""))
        .statusCode()).isEqualTo(201);

    refresh();
    f.solopool.setDown(true);
    refresh();
    refresh();
    JsonNode fired = awaitEvents(e -> e.size() >= 1);
    assertThat(fired.get(0).get("type").asText()).isEqualTo("fired");
    assertThat(fired.get(0).get("pool_id").asText()).isEqualTo(ServerFixture.SOLOPOOL_ID);
    JsonNode active = json(f.get("/alerts/active"));
    assertThat(active).hasSize(1);
    assertThat(active.get(0).get("rule_name").asText()).isEqualTo("pool down");

    RecordedRequest hook = receiver.takeRequest(20, TimeUnit.SECONDS);
    assertThat(hook).isNotNull();
    assertThat(hook.getHeaders().get("X-Hmm-Signature")).startsWith("sha256=");
    assertThat(parse(hook.getBody().utf8()).get("type").asText()).isEqualTo("fired");

    f.solopool.setDown(false);
    refresh();
    refresh();
    JsonNode events = awaitEvents(e -> e.size() >= 2);
    assertThat(events).extracting(e -> e.get("type").asText()).containsExactly("resolved", "fired"); // newest first
    assertThat(json(f.get("/alerts/active"))).isEmpty();
    assertThat(parse(receiver.takeRequest(20, TimeUnit.SECONDS).getBody().utf8()).get("type").asText()).isEqualTo("resolved");

    JsonNode page = json(f.get("/alerts/events?limit=1&offset=1"));
    assertThat(page.get("total").asInt()).isEqualTo(2);
    assertThat(page.get("events")).hasSize(1);
    assertThat(page.get("events").get(0).get("type").asText()).isEqualTo("fired");
  }

  private static JsonNode parse(String s) {
    try {
      return ServerFixture.JSON.readTree(s);
    } catch (Exception e) {
      throw new AssertionError(s, e);
    }
  }

  /** Drops the pool's cached tiles and health and reads them again: the rules run on the refresh. */
  private void refresh() throws Exception {
    f.server.service().invalidate(ServerFixture.SOLOPOOL_ID);
    f.server.service().health(ServerFixture.SOLOPOOL_ID).get(30, TimeUnit.SECONDS);
    f.server.service().poolTiles(ServerFixture.SOLOPOOL_ID).get(30, TimeUnit.SECONDS);
  }

  /** Waits (bounded) for the listener threads to have recorded the events; no timing is asserted. */
  private JsonNode awaitEvents(Predicate<JsonNode> done) throws InterruptedException {
    java.util.concurrent.atomic.AtomicReference<JsonNode> events = new java.util.concurrent.atomic.AtomicReference<>();
    try {
      Poll.until(() -> {
        events.set(json(f.get("/alerts/events")).get("events"));
        return done.test(events.get());
      }, Duration.ofSeconds(20), "the events to reach the expected state");
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; last seen: " + events.get(), e);
    }
    return events.get();
  }
}
