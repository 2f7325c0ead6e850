package dev.danvic.hmm.pools.core;

import static dev.danvic.hmm.pools.core.TransportTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.danvic.hmm.pools.PoolContext;
import dev.danvic.hmm.pools.PoolRequest;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pools on many hosts (each on its own loopback address, as real pools sit on different hosts):
 * the transport keeps each host's idle connections for the next refresh, counts and closes them
 * all, wherever it keeps them.
 */
class HttpPoolTransportManyHostsTest {
  private static final int HOSTS = 24;
  private static final int REQUESTS_PER_POOL = 3;
  private static final int AT_ONCE = HOSTS * REQUESTS_PER_POOL;

  private final List<MockWebServer> servers = new ArrayList<>();
  /** Server index and connection index of every connection that carried a request. */
  private final Set<String> connections = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void start() throws Exception {
    // every answer waits until the whole refresh has arrived: one connection per request
    CyclicBarrier refresh = new CyclicBarrier(AT_ONCE);
    for (int i = 0; i < HOSTS; i++) {
      MockWebServer server = new MockWebServer();
      int index = i;
      server.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
              connections.add(index + "/" + request.getConnectionIndex());
              try {
                refresh.await(20, TimeUnit.SECONDS);
              } catch (BrokenBarrierException | TimeoutException e) {
                return json(500, "{\"error\":\"the refresh did not arrive at once\"}");
              }
              return json(200, "{\"ok\":true}");
            }
          });
      server.start(InetAddress.getByName("127.0.0." + (i + 2)), 0);
      servers.add(server);
    }
  }

  @AfterEach
  void stop() {
    servers.forEach(MockWebServer::close);
  }

  private void refresh(HttpPoolTransport transport) throws Exception {
    List<CompletableFuture<?>> calls = new ArrayList<>();
    for (int i = 0; i < HOSTS; i++) {
      PoolContext ctx = transport.context("pool-" + i, transport.clock().instant().plusSeconds(30));
      for (String path : List.of("/api/stats", "/api/blocks", "/api/accounts/u")) {
        calls.add(ctx.getJson(PoolRequest.get(servers.get(i).url(path).toString())));
      }
    }
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
  }

  @Test
  void everyHostsConnectionsAreKeptForTheNextRefreshAndClosedOnDemand() throws Exception {
    try (HttpPoolTransport transport = HttpPoolTransport.create()) {
      for (int r = 0; r < 3; r++) {
        refresh(transport);
      }
      // the first refresh opens one connection per request; the next two open none
      assertThat(connections).hasSize(AT_ONCE);
      assertThat(transport.openConnections()).isEqualTo(AT_ONCE);

      transport.closeIdleConnections();
      assertThat(transport.openConnections()).isZero();
      refresh(transport);
      assertThat(connections).hasSize(2 * AT_ONCE);
    }
  }

  @Test
  void closingTheTransportClosesEveryHostsConnections() throws Exception {
    HttpPoolTransport transport = HttpPoolTransport.create();
    refresh(transport);
    assertThat(transport.openConnections()).isEqualTo(AT_ONCE);
    transport.close();
    assertThat(transport.openConnections()).isZero();
  }
}
