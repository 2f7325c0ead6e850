package dev.danvic.hmm.pools.core;

import static dev.danvic.hmm.pools.core.TransportTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.danvic.hmm.pools.PoolContext;
import dev.danvic.hmm.pools.PoolRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Idle connections are kept from one refresh to the next: a refresh of many pools, each sending a
 * few requests at once, finds the connections of the previous refresh open instead of connecting
 * again (with real pools, a TLS handshake per request). Connections are counted on the server.
 */
class HttpPoolTransportConnectionReuseTest {
  /** Ten pools sending three requests at once each, as a Solopool refresh does. */
  private static final int POOLS = 10;
  private static final int REQUESTS_PER_POOL = 3;
  private static final int AT_ONCE = POOLS * REQUESTS_PER_POOL;
  private static final int REFRESHES = 4;

  private MockWebServer server;
  /** The server's connections that carried a request, by their index on the server. */
  private final Set<Integer> connections = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void start() throws Exception {
    server = TransportTestSupport.startServer();
    // every answer waits until the whole refresh has arrived, so each request has its own
    // connection, as a fan-out over pools on different hosts does
    CyclicBarrier refresh = new CyclicBarrier(AT_ONCE);
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            connections.add(request.getConnectionIndex());
            try {
              refresh.await(20, TimeUnit.SECONDS);
            } catch (BrokenBarrierException | TimeoutException e) {
              return json(500, "{\"error\":\"the refresh did not arrive at once\"}");
            }
            return json(200, "{\"ok\":true}");
          }
        });
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** One refresh: every pool's three requests at once, on one host (limits raised for that). */
  private void refresh(HttpPoolTransport transport) throws Exception {
    List<CompletableFuture<?>> calls = new ArrayList<>();
    for (int pool = 0; pool < POOLS; pool++) {
      PoolContext ctx = transport.context("pool-" + pool, transport.clock().instant().plusSeconds(30));
      for (String path : List.of("/api/stats", "/api/blocks", "/api/accounts/u")) {
        calls.add(ctx.getJson(PoolRequest.get(server.url(path + "?pool=" + pool).toString())));
      }
    }
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
  }

  @Test
  void refreshesReuseTheConnectionsOfThePreviousRefresh() throws Exception {
    try (HttpPoolTransport transport =
        HttpPoolTransport.builder().maxConcurrentRequestsPerHost(AT_ONCE).build()) {
      for (int i = 0; i < REFRESHES; i++) {
        refresh(transport);
      }
      assertThat(server.getRequestCount()).isEqualTo(AT_ONCE * REFRESHES);
      // the first refresh opens one connection per request; the next three open none
      assertThat(connections).hasSize(AT_ONCE);
      assertThat(transport.openConnections()).isEqualTo(AT_ONCE);
    }
  }

  @Test
  void closedIdleConnectionsAreOpenedAgainByTheNextRefresh() throws Exception {
    try (HttpPoolTransport transport =
        HttpPoolTransport.builder().maxConcurrentRequestsPerHost(AT_ONCE).build()) {
      refresh(transport);
      transport.closeIdleConnections();
      assertThat(transport.openConnections()).isZero();
      refresh(transport);
      assertThat(connections).hasSize(2 * AT_ONCE);
      assertThat(transport.openConnections()).isEqualTo(AT_ONCE);
    }
  }

  @Test
  void aSmallerIdlePoolMakesEachRefreshConnectAgain() throws Exception {
    int kept = 5;
    try (HttpPoolTransport transport =
        HttpPoolTransport.builder().maxConcurrentRequestsPerHost(AT_ONCE).maxIdleConnections(kept).build()) {
      for (int i = 0; i < REFRESHES; i++) {
        refresh(transport);
        awaitAtMost(transport, kept); // the pool closes the idle ones beyond its size
      }
      // each refresh after the first finds only 'kept' connections open
      assertThat(connections).hasSizeGreaterThanOrEqualTo(AT_ONCE + (AT_ONCE - kept) * (REFRESHES - 1));
    }
  }

  @Test
  void idleConnectionSettingsAreChecked() {
    assertThatThrownBy(() -> HttpPoolTransport.builder().maxIdleConnections(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxIdleConnections")
        .hasMessageContaining("got -1");
    assertThatThrownBy(() -> HttpPoolTransport.builder().idleConnectionTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("idleConnectionTimeout");
    okhttp3.OkHttpClient client = new okhttp3.OkHttpClient();
    try {
      HttpPoolTransport.Builder b = HttpPoolTransport.builder().okHttpClient(client).maxIdleConnections(10);
      assertThatThrownBy(b::build)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("maxIdleConnections")
          .hasMessageContaining("ConnectionPool");
    } finally {
      client.dispatcher().executorService().shutdown();
    }
  }

  private static void awaitAtMost(HttpPoolTransport transport, int open) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (transport.openConnections() > open && System.nanoTime() < end) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
    assertThat(transport.openConnections()).isLessThanOrEqualTo(open);
  }
}
