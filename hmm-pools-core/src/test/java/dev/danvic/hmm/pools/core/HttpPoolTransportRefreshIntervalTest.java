package dev.danvic.hmm.pools.core;

import static dev.danvic.hmm.pools.core.TransportTestSupport.T0;
import static dev.danvic.hmm.pools.core.TransportTestSupport.json;
import static dev.danvic.hmm.pools.core.TransportTestSupport.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.PoolApiException;
import dev.danvic.hmm.pools.PoolContext;
import dev.danvic.hmm.pools.PoolRequest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Per-endpoint refresh intervals ({@link PoolRequest#withRefreshInterval}) are honoured once, by
 * the transport: an answer is reused while younger than its interval, fetched again after it,
 * kept per pool and per endpoint, and {@link PoolContext#getJsonDeferred} never waits for the
 * network. Time is a manual clock and ticker; the server counts requests per path.
 */
class HttpPoolTransportRefreshIntervalTest {
  private static final Duration FIVE_MIN = Duration.ofMinutes(5);

  private MockWebServer server;
  private ManualTime time;
  private OkHttpClient appClient;
  private HttpPoolTransport transport;
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  /** What the server answers on {@code /stats} next: a counter value, or an HTTP status. */
  private final AtomicReference<String> statsAnswer = new AtomicReference<>("{\"v\": 1}");

  @BeforeEach
  void start() throws Exception {
    server = TransportTestSupport.startServer();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest r) {
            String path = r.getUrl().encodedPath();
            hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            if (path.equals("/stats")) {
              String a = statsAnswer.get();
              return a.startsWith("{") ? json(200, a) : status(Integer.parseInt(a));
            }
            return json(200, "{\"path\": \"" + path + "\"}");
          }
        });
    time = new ManualTime(T0);
    appClient = new OkHttpClient();
    transport =
        HttpPoolTransport.builder()
            .okHttpClient(appClient)
            .clock(time.clock())
            .ticker(time.ticker())
            .scheduler(time.scheduler())
            .maxAttempts(1)
            .build();
  }

  @AfterEach
  void stop() {
    TransportTestSupport.closeAll(transport, appClient, server);
  }

  private PoolRequest stats() {
    return PoolRequest.get(server.url("/stats").toString()).withRefreshInterval(FIVE_MIN);
  }

  private PoolContext ctx(String pool) {
    return transport.context(pool, time.clock().instant().plusSeconds(10));
  }

  private int hitsOf(String path) {
    AtomicInteger n = hits.get(path);
    return n == null ? 0 : n.get();
  }

  private static JsonNode await(CompletableFuture<JsonNode> f) throws Exception {
    return f.get(20, TimeUnit.SECONDS);
  }

  @Test
  void anAnswerIsReusedWithinItsIntervalAndFetchedAgainAfterIt() throws Exception {
    assertThat(await(ctx("pool-a").getJson(stats())).get("v").asInt()).isEqualTo(1);
    statsAnswer.set("{\"v\": 2}");

    time.advance(FIVE_MIN.minusSeconds(1));
    assertThat(await(ctx("pool-a").getJson(stats())).get("v").asInt()).isEqualTo(1);
    assertThat(hitsOf("/stats")).isEqualTo(1);

    time.advance(Duration.ofSeconds(1));
    assertThat(await(ctx("pool-a").getJson(stats())).get("v").asInt()).isEqualTo(2);
    assertThat(hitsOf("/stats")).isEqualTo(2);
  }

  @Test
  void aKeptAnswerReadsBackExactlyAndEachReaderGetsATreeOfItsOwn() throws Exception {
    String exact = "{\"amount\": 0.00012345, \"big\": 123456789012345678901234567890, \"rate\": NaN,"
        + " \"name\": \"rig \\u00e9\", \"list\": [1, 2.50, -3e-7], \"none\": null}";
    statsAnswer.set(exact);
    JsonNode fetched = await(ctx("pool-a").getJson(stats()));
    JsonNode kept = await(ctx("pool-a").getJson(stats()));
    assertThat(hitsOf("/stats")).as("the second read is the kept answer").isEqualTo(1);
    assertThat(kept).isEqualTo(fetched);
    assertThat(kept.get("amount").decimalValue()).isEqualByComparingTo("0.00012345");
    assertThat(kept.get("big").bigIntegerValue()).isEqualTo(new java.math.BigInteger("123456789012345678901234567890"));
    assertThat(kept.get("rate").isNumber()).isTrue();
    assertThat(kept.get("rate").doubleValue()).isNaN();
    assertThat(kept.get("name").asText()).isEqualTo("rig \u00e9");

    ((com.fasterxml.jackson.databind.node.ObjectNode) kept).put("amount", 99); // a reader changes its tree
    assertThat(await(ctx("pool-a").getJson(stats())).get("amount").decimalValue())
        .as("the next reader's tree is its own").isEqualByComparingTo("0.00012345");
  }

  @Test
  void requestsWithoutAnIntervalAreSentEveryTime() throws Exception {
    PoolRequest profile = PoolRequest.get(server.url("/profile").toString());
    for (int i = 0; i < 3; i++) {
      await(ctx("pool-a").getJson(profile));
    }
    assertThat(hitsOf("/profile")).isEqualTo(3);
  }

  @Test
  void answersAreKeptPerPoolAndPerCredentials() throws Exception {
    await(ctx("pool-a").getJson(stats()));
    await(ctx("pool-b").getJson(stats()));
    await(ctx("pool-a").getJson(stats().withSecretHeader("Pool-Auth-Token", "other-token")));
    assertThat(hitsOf("/stats")).isEqualTo(3);
    await(ctx("pool-a").getJson(stats()));
    await(ctx("pool-b").getJson(stats()));
    assertThat(hitsOf("/stats")).isEqualTo(3);
  }

  @Test
  void deferredNeverWaitsItIsNullUntilTheBackgroundFetchHasAnswered() throws Exception {
    // nothing kept yet: answered at once with null, the fetch started behind it
    assertThat(ctx("pool-a").getJsonDeferred(stats()).getNow(null)).isNull();
    // a pool that needs the answer now joins the background fetch (or finds its answer kept):
    // one request in all
    assertThat(await(ctx("pool-a").getJson(stats())).get("v").asInt()).isEqualTo(1);
    assertThat(ctx("pool-a").getJsonDeferred(stats()).getNow(null).get("v").asInt()).isEqualTo(1);
    assertThat(hitsOf("/stats")).isEqualTo(1);
  }

  @Test
  void aStaleAnswerIsServedWhileItIsFetchedAgainAndDroppedAfterTwiceItsInterval() throws Exception {
    await(ctx("pool-a").getJson(stats()));
    statsAnswer.set("{\"v\": 2}");

    time.advance(FIVE_MIN.plusSeconds(1)); // no longer fresh: served while a new answer is fetched
    assertThat(ctx("pool-a").getJsonDeferred(stats()).getNow(null).get("v").asInt()).isEqualTo(1);
    assertThat(await(ctx("pool-a").getJson(stats())).get("v").asInt()).isEqualTo(2); // joins it
    assertThat(ctx("pool-a").getJsonDeferred(stats()).getNow(null).get("v").asInt()).isEqualTo(2);
    assertThat(hitsOf("/stats")).isEqualTo(2);

    // the endpoint fails from now on: its last answer is served up to twice its interval, then not
    statsAnswer.set("500");
    time.advance(FIVE_MIN.plusSeconds(1));
    assertThat(ctx("pool-a").getJsonDeferred(stats()).getNow(null).get("v").asInt()).isEqualTo(2);
    // whoever needs it now gets the failure (joined, or a fetch of its own) ...
    assertThat(catchFailure(ctx("pool-a").getJson(stats()))).isInstanceOf(PoolApiException.class);
    // ... and the failure left the kept answer as it was
    assertThat(ctx("pool-a").getJsonDeferred(stats()).getNow(null).get("v").asInt()).isEqualTo(2);
    time.advance(FIVE_MIN);
    assertThat(ctx("pool-a").getJsonDeferred(stats()).getNow(null)).isNull();
  }

  @Test
  void oneEndpointsFailureLeavesTheOthersAnswersAlone() throws Exception {
    PoolRequest rewards =
        PoolRequest.get(server.url("/rewards").toString()).withRefreshInterval(Duration.ofHours(1));
    await(ctx("pool-a").getJson(rewards));
    statsAnswer.set("503");

    assertThat(catchFailure(ctx("pool-a").getJson(stats()))).isInstanceOf(PoolApiException.class);

    assertThat(await(ctx("pool-a").getJson(rewards)).get("path").asText()).isEqualTo("/rewards");
    assertThat(hitsOf("/rewards")).isEqualTo(1);
    // and the failure was not kept: the next read asks again
    statsAnswer.set("{\"v\": 3}");
    assertThat(await(ctx("pool-a").getJson(stats())).get("v").asInt()).isEqualTo(3);
    assertThat(hitsOf("/stats")).isEqualTo(2);
  }

  private static Throwable catchFailure(CompletableFuture<JsonNode> f) throws Exception {
    try {
      f.get(20, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure");
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }
}
