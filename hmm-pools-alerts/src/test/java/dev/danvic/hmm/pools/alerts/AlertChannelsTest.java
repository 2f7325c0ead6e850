package dev.danvic.hmm.pools.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each shipped channel in its receiver's request format, against a local server on loopback. */
class AlertChannelsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HOOK_SECRET = "hmac-secret-5b1d";
  private static final String BOT_TOKEN = "123456:AAbbCC-dd_ee";
  private static final String DISCORD_TOKEN = "discord-token-9c2e";
  private static final String NTFY_TOKEN = "tk_ntfy7788";
  private static final AlertEvent EVENT =
      new AlertEvent("down", "pool down", RuleKind.POOL_UNHEALTHY, "solo-btc", AlertEvent.Type.FIRED,
          "pool unhealthy: HTTP 503", Instant.parse("2026-11-30T12:00:00Z"));

  private final OkHttpClient client = new OkHttpClient();
  private MockWebServer server;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  @AfterEach
  void stop() {
    server.close();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  private static MockResponse status(int code) {
    return new MockResponse.Builder().code(code).build();
  }

  private String url(String path) {
    return server.url(path).toString();
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest r = server.takeRequest(10, TimeUnit.SECONDS);
    assertThat(r).as("a request reached the receiver").isNotNull();
    return r;
  }

  private static void await(CompletableFuture<Void> f) throws Exception {
    f.get(10, TimeUnit.SECONDS);
  }

  @Test
  void webhookPostsTheEventAsJsonSignedWithHmacSha256OfTheExactBody() throws Exception {
    server.enqueue(status(200));
    await(new WebhookChannel("hook", url("/hooks/in?token=abc"), HOOK_SECRET, client).send(EVENT));
    RecordedRequest r = take();
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(r.getTarget()).isEqualTo("/hooks/in?token=abc");
    assertThat(r.getHeaders().get("Content-Type")).startsWith("application/json");
    byte[] body = r.getBody().toByteArray();
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(HOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    assertThat(r.getHeaders().get(WebhookChannel.SIGNATURE_HEADER))
        .isEqualTo("sha256=" + HexFormat.of().formatHex(mac.doFinal(body)));
    JsonNode json = JSON.readTree(body);
    assertThat(json.get("rule_id").asText()).isEqualTo("down");
    assertThat(json.get("kind").asText()).isEqualTo("pool_unhealthy");
    assertThat(json.get("pool_id").asText()).isEqualTo("solo-btc");
    assertThat(json.get("type").asText()).isEqualTo("fired");
    assertThat(json.get("message").asText()).isEqualTo("pool unhealthy: HTTP 503");
    assertThat(json.get("time").asText()).isEqualTo("2026-11-30T12:00:00Z");
  }

  @Test
  void ntfyPostsTheMessageToTheTopicWithTitlePriorityAndTags() throws Exception {
    server.enqueue(status(200));
    server.enqueue(status(200));
    NtfyChannel ntfy = new NtfyChannel("phone", url("/my-rigs"), NTFY_TOKEN, client);
    await(ntfy.send(EVENT));
    RecordedRequest fired = take();
    assertThat(fired.getMethod()).isEqualTo("POST");
    assertThat(fired.getTarget()).isEqualTo("/my-rigs");
    assertThat(fired.getBody().utf8()).isEqualTo("pool unhealthy: HTTP 503");
    assertThat(fired.getHeaders().get("Title")).isEqualTo("pool down fired (solo-btc)");
    assertThat(fired.getHeaders().get("Priority")).isEqualTo("high");
    assertThat(fired.getHeaders().get("Tags")).isEqualTo("rotating_light");
    assertThat(fired.getHeaders().get("Authorization")).isEqualTo("Bearer " + NTFY_TOKEN);

    AlertEvent resolved = new AlertEvent("down", "pool down", RuleKind.POOL_UNHEALTHY, "solo-btc",
        AlertEvent.Type.RESOLVED, "pool healthy again", EVENT.time());
    await(new NtfyChannel("open", url("/my-rigs"), null, client).send(resolved));
    RecordedRequest r = take();
    assertThat(r.getHeaders().get("Priority")).isEqualTo("default");
    assertThat(r.getHeaders().get("Tags")).isEqualTo("white_check_mark");
    assertThat(r.getHeaders().get("Authorization")).isNull();
  }

  @Test
  void discordPostsContentOnlyAndAcceptsNoContent() throws Exception {
    server.enqueue(status(204)); // what Discord answers without ?wait=true
    await(new DiscordChannel("dc", url("/api/webhooks/42/" + DISCORD_TOKEN), client).send(EVENT));
    RecordedRequest r = take();
    assertThat(r.getTarget()).isEqualTo("/api/webhooks/42/" + DISCORD_TOKEN);
    JsonNode json = JSON.readTree(r.getBody().utf8());
    assertThat(json.size()).isEqualTo(1);
    assertThat(json.get("content").asText()).isEqualTo("FIRED pool down (pool solo-btc): pool unhealthy: HTTP 503");
  }

  @Test
  void telegramCallsSendMessageWithChatIdAndText() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).body("{\"ok\":true,\"result\":{}}").build());
    server.enqueue(status(200));
    await(new TelegramChannel("tg", url("/").replaceAll("/$", ""), BOT_TOKEN, "-1001234", client).send(EVENT));
    RecordedRequest r = take();
    assertThat(r.getTarget()).isEqualTo("/bot" + BOT_TOKEN + "/sendMessage");
    JsonNode json = JSON.readTree(r.getBody().utf8());
    assertThat(json.get("chat_id").isNumber()).isTrue();
    assertThat(json.get("chat_id").asLong()).isEqualTo(-1001234L);
    assertThat(json.get("text").asText()).isEqualTo(EVENT.text());

    await(new TelegramChannel("tg2", url("/").replaceAll("/$", ""), BOT_TOKEN, "@rigs", client).send(EVENT));
    assertThat(JSON.readTree(take().getBody().utf8()).get("chat_id").asText()).isEqualTo("@rigs");
  }

  @Test
  void noSecretReachesToStringOrAFailureMessage() throws Exception {
    List<AlertChannel> channels =
        List.of(
            new WebhookChannel("a", url("/in?token=" + DISCORD_TOKEN), HOOK_SECRET, client),
            new NtfyChannel("b", url("/" + DISCORD_TOKEN), NTFY_TOKEN, client),
            new DiscordChannel("c", url("/api/webhooks/42/" + DISCORD_TOKEN), client),
            new TelegramChannel("d", url("/").replaceAll("/$", ""), BOT_TOKEN, "1", client));
    for (AlertChannel c : channels) {
      server.enqueue(status(500));
      assertThat(c.toString()).doesNotContain(DISCORD_TOKEN, BOT_TOKEN, HOOK_SECRET, NTFY_TOKEN, "127.0.0.1");
      assertThatThrownBy(() -> await(c.send(EVENT)))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(DeliveryException.class)
          .hasMessage(c + ": the receiver answered HTTP 500")
          .matches(e -> ((DeliveryException) e).retryable());
    }
    server.close(); // nobody listens any more
    for (AlertChannel c : channels) {
      assertThatThrownBy(() -> await(c.send(EVENT)))
          .cause()
          .isInstanceOf(DeliveryException.class)
          .hasMessageStartingWith(c + ": connection failed")
          .message()
          .doesNotContain(DISCORD_TOKEN, BOT_TOKEN, HOOK_SECRET, NTFY_TOKEN);
    }
  }

  @Test
  void badChannelSettingsNameTheirField() {
    assertThatThrownBy(() -> new WebhookChannel("a", "ftp://x", HOOK_SECRET, client)).hasMessageStartingWith("url");
    assertThatThrownBy(() -> new WebhookChannel("a", url("/"), "short", client)).hasMessageStartingWith("secret");
    assertThatThrownBy(() -> new NtfyChannel("a", url("/"), null, client)).hasMessageStartingWith("url");
    assertThatThrownBy(() -> new TelegramChannel("a", TelegramChannel.DEFAULT_API, "nope", "1", client))
        .hasMessageStartingWith("token")
        .message()
        .doesNotContain("nope");
    assertThatThrownBy(() -> new TelegramChannel("a", TelegramChannel.DEFAULT_API, BOT_TOKEN, "x y", client))
        .hasMessageStartingWith("chat_id");
  }

  // ------------------------------------------------------------------------- dispatcher

  @Test
  void theDispatcherReturnsAtOnceAndRetriesTransientFailuresWithDoublingBackoff() throws Exception {
    ManualScheduler scheduler = new ManualScheduler();
    AlertDispatcher dispatcher = AlertDispatcher.builder().scheduler(scheduler).build();
    LinkedBlockingQueue<DeliveryOutcome> outcomes = new LinkedBlockingQueue<>();
    dispatcher.addListener(outcomes::add);
    dispatcher.putChannel(new DiscordChannel("dc", url("/api/webhooks/42/" + DISCORD_TOKEN), client));
    server.enqueue(status(503));
    server.enqueue(status(429));
    server.enqueue(status(204));

    dispatcher.dispatch(EVENT, List.of("dc"));
    assertThat(server.getRequestCount()).as("dispatch sent nothing on the caller's thread").isZero();
    for (int i = 0; i < 3; i++) {
      scheduler.runNext();
    }
    DeliveryOutcome outcome = outcomes.poll(10, TimeUnit.SECONDS);
    assertThat(outcome).isEqualTo(new DeliveryOutcome("dc", EVENT, 3, true, null));
    assertThat(scheduler.delays).containsExactly(Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(4));
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void theDispatcherGivesUpAfterItsAttemptsAndNeverRetriesAClientError() throws Exception {
    ManualScheduler scheduler = new ManualScheduler();
    AlertDispatcher dispatcher = AlertDispatcher.builder().scheduler(scheduler).maxAttempts(3)
        .backoff(Duration.ofSeconds(10), Duration.ofSeconds(15)).build();
    LinkedBlockingQueue<DeliveryOutcome> outcomes = new LinkedBlockingQueue<>();
    dispatcher.addListener(outcomes::add);
    dispatcher.putChannel(new WebhookChannel("hook", url("/in"), HOOK_SECRET, client));
    for (int i = 0; i < 3; i++) {
      server.enqueue(status(502));
    }
    dispatcher.dispatch(EVENT, List.of("hook"));
    for (int i = 0; i < 3; i++) {
      scheduler.runNext();
    }
    DeliveryOutcome failed = outcomes.poll(10, TimeUnit.SECONDS);
    assertThat(failed.delivered()).isFalse();
    assertThat(failed.attempts()).isEqualTo(3);
    assertThat(failed.error()).isEqualTo("webhook channel 'hook': the receiver answered HTTP 502");
    assertThat(scheduler.delays).containsExactly(Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(15));

    server.enqueue(status(404));
    dispatcher.dispatch(EVENT, List.of("hook", "gone"));
    scheduler.runNext();
    scheduler.runNext();
    List<DeliveryOutcome> two = List.of(outcomes.poll(10, TimeUnit.SECONDS), outcomes.poll(10, TimeUnit.SECONDS));
    assertThat(two).extracting(DeliveryOutcome::error)
        .containsExactlyInAnyOrder("webhook channel 'hook': the receiver answered HTTP 404", "no channel 'gone'");
    assertThat(scheduler.idle()).as("a 404 is not retried").isTrue();
  }
}
