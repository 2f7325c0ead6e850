package dev.danvic.hmm.pools.core;

import static dev.danvic.hmm.pools.core.TransportTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.PoolContext;
import dev.danvic.hmm.pools.PoolRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How many requests run at once: a fan-out over many pools is not held back to OkHttp's default
 * of 64, and the limits a user sets are the ones applied.
 */
class HttpPoolTransportConcurrencyTest {
  private MockWebServer server;
  /** Holds every answer back until released, so that requests stay in flight. */
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void start() throws Exception {
    server = TransportTestSupport.startServer();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            release.await(20, TimeUnit.SECONDS);
            return json(200, "{\"ok\":true}");
          }
        });
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.close();
  }

  private List<CompletableFuture<JsonNode>> send(HttpPoolTransport transport, int count) {
    List<CompletableFuture<JsonNode>> calls = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      PoolContext ctx = transport.context("pool-" + i, transport.clock().instant().plusSeconds(30));
      calls.add(ctx.getJson(PoolRequest.get(server.url("/api/stats?n=" + i).toString())));
    }
    return calls;
  }

  private static void assertAllSucceed(List<CompletableFuture<JsonNode>> calls) throws Exception {
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    for (CompletableFuture<JsonNode> c : calls) {
      assertThat(c.join().get("ok").asBoolean()).isTrue();
    }
  }

  @Test
  void byDefaultHundredsOfRequestsRunAtOnceNotSixtyFour() throws Exception {
    // one host here, so lift the per-host limit; the total is left at its default
    try (HttpPoolTransport transport = HttpPoolTransport.builder().maxConcurrentRequestsPerHost(1000).build()) {
      List<CompletableFuture<JsonNode>> calls = send(transport, 300); // a refresh of 100 Solopool pools

      // each call reaches the dispatcher before getJson returns: none waits for a slot
      assertThat(transport.queuedRequests()).isZero();
      assertThat(transport.runningRequests()).isEqualTo(300);
      release.countDown();
      assertAllSucceed(calls);
    }
  }

  @Test
  void byDefaultRequestsToOneHostBeyondFiveWaitAndThenRun() throws Exception {
    try (HttpPoolTransport transport = HttpPoolTransport.create()) {
      List<CompletableFuture<JsonNode>> calls = send(transport, 8);

      assertThat(transport.runningRequests()).isEqualTo(5);
      assertThat(transport.queuedRequests()).isEqualTo(3);
      release.countDown();
      assertAllSucceed(calls);
      assertThat(server.getRequestCount()).isEqualTo(8);
    }
  }

  @Test
  void theTotalLimitIsTheOneSet() throws Exception {
    try (HttpPoolTransport transport =
        HttpPoolTransport.builder().maxConcurrentRequests(4).maxConcurrentRequestsPerHost(100).build()) {
      List<CompletableFuture<JsonNode>> calls = send(transport, 10);

      assertThat(transport.runningRequests()).isEqualTo(4);
      assertThat(transport.queuedRequests()).isEqualTo(6);
      release.countDown();
      assertAllSucceed(calls);
    }
  }

  @Test
  void limitsOutOfRangeAreRefusedByName() {
    assertThatThrownBy(() -> HttpPoolTransport.builder().maxConcurrentRequests(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxConcurrentRequests")
        .hasMessageContaining("got 0");
    assertThatThrownBy(() -> HttpPoolTransport.builder().maxConcurrentRequestsPerHost(100_001))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxConcurrentRequestsPerHost");
  }

  @Test
  void limitsCannotBeSetForTheApplicationsOwnClient() {
    OkHttpClient client = new OkHttpClient();
    try {
      HttpPoolTransport.Builder b = HttpPoolTransport.builder().okHttpClient(client).maxConcurrentRequests(500);
      assertThatThrownBy(b::build)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("okHttpClient")
          .hasMessageContaining("setMaxRequests");
    } finally {
      client.dispatcher().executorService().shutdown();
    }
  }
}
