package dev.danvic.hmm.pools.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.danvic.hmm.pools.PoolConfig;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The deadline and the removal of a pool stop the plugin's work, not only the caller's wait: the
 * requests in flight are cancelled and the plugin's chained work never runs again.
 */
class DashboardPoolServiceWorkStopsTest {
  private final MockWebServer server = new MockWebServer();
  private final ChainPlugin plugin = new ChainPlugin();
  private HttpPoolTransport transport;
  private PoolRegistry registry;
  private DashboardPoolService service;

  @BeforeEach
  void start() throws Exception {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return new MockResponse.Builder()
                .setHeader("Content-Type", "application/json")
                .body("{\"n\": 1}")
                .headersDelay(20, TimeUnit.MILLISECONDS)
                .build();
          }
        });
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    transport = HttpPoolTransport.builder().build();
    registry = PoolRegistry.builder().register(plugin.plugin()).transport(transport).build();
  }

  @AfterEach
  void stop() {
    if (service != null) {
      service.close();
    }
    registry.close();
    transport.close();
    server.close();
  }

  private PoolConfig pool() {
    return PoolConfig.builder()
        .id("p1")
        .poolType("chain")
        .url("127.0.0.1")
        .port(3333)
        .config(PoolConfig.API_BASE_URL, server.url("/chain").toString())
        .build();
  }

  private void awaitRequests(int n) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (server.getRequestCount() < n && System.nanoTime() < end) {
      Thread.sleep(5);
    }
    assertThat(server.getRequestCount()).isGreaterThanOrEqualTo(n);
  }

  @Test
  void removingAPoolStopsItsPluginsRequestsAndChainedWork() throws Exception {
    service = DashboardPoolService.builder(registry).pools(List.of(pool())).deadline(Duration.ofSeconds(60)).build();
    CompletableFuture<?> read = service.poolTiles("p1");
    awaitRequests(3);

    service.removePool("p1");
    int requestsAtRemoval = server.getRequestCount();
    int stepsAtRemoval = plugin.steps.get();
    // the chain must end now, not after its 1000 requests or the 60 s deadline
    plugin.chainEnded.get(10, TimeUnit.SECONDS);
    read.get(10, TimeUnit.SECONDS);

    assertThat(server.getRequestCount() - requestsAtRemoval).as("requests sent after removal").isLessThanOrEqualTo(1);
    assertThat(plugin.steps.get() - stepsAtRemoval).as("answers parsed after removal").isLessThanOrEqualTo(1);
    assertThat(plugin.steps.get()).isLessThan(ChainPlugin.STEPS - 1);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (transport.runningRequests() + transport.queuedRequests() > 0 && System.nanoTime() < end) {
      Thread.sleep(5); // a cancelled call leaves the dispatcher when its thread notices
    }
    assertThat(transport.runningRequests() + transport.queuedRequests()).as("calls still running").isZero();
  }

  @Test
  void theDeadlineStopsThePluginsWorkNotOnlyTheWait() throws Exception {
    service =
        DashboardPoolService.builder(registry).pools(List.of(pool())).deadline(Duration.ofMillis(400)).build();
    var tiles = service.poolTiles("p1").get(10, TimeUnit.SECONDS).orElseThrow();
    assertThat(tiles.tiles().healthMessage()).contains("timed out");
    int requestsAtDeadline = server.getRequestCount();
    int stepsAtDeadline = plugin.steps.get();
    plugin.chainEnded.get(10, TimeUnit.SECONDS);

    assertThat(server.getRequestCount() - requestsAtDeadline).as("requests after the deadline").isLessThanOrEqualTo(1);
    assertThat(plugin.steps.get() - stepsAtDeadline).as("answers parsed after the deadline").isLessThanOrEqualTo(1);
  }

  @Test
  void closingTheServiceStopsThePluginsWork() throws Exception {
    service = DashboardPoolService.builder(registry).pools(List.of(pool())).deadline(Duration.ofSeconds(60)).build();
    service.poolTiles("p1");
    awaitRequests(3);
    service.close();
    int requestsAtClose = server.getRequestCount();
    plugin.chainEnded.get(10, TimeUnit.SECONDS);
    assertThat(server.getRequestCount() - requestsAtClose).isLessThanOrEqualTo(1);
  }
}
