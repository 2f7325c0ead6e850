package dev.danvic.hmm.pools.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.danvic.hmm.pools.BasePoolIntegration;
import dev.danvic.hmm.pools.PoolConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The service and the registry over the real HTTP transport, against a local MockWebServer. */
class DashboardPoolServiceHttpTest {
  final MockWebServer server = new MockWebServer();
  final List<AutoCloseable> toClose = new ArrayList<>();
  PoolRegistry registry;

  @BeforeEach
  void setUp() throws Exception {
    server.setDispatcher(new Routes());
    server.start(java.net.InetAddress.getByName("127.0.0.1"), 0);
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    server.close();
  }

  /** /good/... answers JSON after 200 ms, /slow/... after 500 ms, /fail/... 500, /hung/... never. */
  static final class Routes extends Dispatcher {
    @Override
    public MockResponse dispatch(RecordedRequest request) {
      String path = request.getUrl().encodedPath();
      MockResponse.Builder json =
          new MockResponse.Builder()
              .setHeader("Content-Type", "application/json")
              .body(path.endsWith("/blocks") ? "{\"blocks\": 2}" : "{\"hashrate\": 1.5e12}");
      if (path.startsWith("/good/") || path.equals("/stats")) {
        return json.headersDelay(200, TimeUnit.MILLISECONDS).build();
      }
      if (path.startsWith("/slow")) {
        return json.headersDelay(500, TimeUnit.MILLISECONDS).build();
      }
      if (path.startsWith("/fail/")) {
        return new MockResponse.Builder().code(500).body("boom").build();
      }
      return new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build();
    }
  }

  PoolRegistry registry(PoolTransport transport) {
    PoolRegistry.Builder b = PoolRegistry.builder().register(new HttpFakePlugin());
    if (transport != null) {
      b.transport(transport);
    }
    PoolRegistry r = b.build();
    toClose.add(r);
    return r;
  }

  DashboardPoolService service(PoolRegistry r, List<PoolConfig> pools, Duration deadline) {
    // reads wait for every pool (a budget past the deadline): these tests are about the deadline
    DashboardPoolService s =
        DashboardPoolService.builder(r).pools(pools).deadline(deadline).readBudget(deadline.plusSeconds(5)).build();
    toClose.add(s);
    return s;
  }

  PoolConfig pool(String id, String route) {
    return PoolConfig.builder()
        .id(id)
        .name(id)
        .poolType("httpfake")
        .url("127.0.0.1")
        .port(3333)
        .config(PoolConfig.API_BASE_URL, server.url("/" + route).toString())
        .build();
  }

  @Test
  void hundredConcurrentCallersOnAColdCacheSendOneRequestPerEndpoint() throws Exception {
    DashboardPoolService svc = service(registry(null), List.of(pool("p1", "good")), Duration.ofSeconds(10));
    for (CompletableFuture<?> read :
        Callers.atOnce(100, i -> i % 2 == 0 ? svc.platformTiles() : svc.poolTiles("p1"))) {
      read.get(10, TimeUnit.SECONDS);
    }
    Optional<PoolTileSet> tiles = svc.poolTiles("p1").get(10, TimeUnit.SECONDS);
    assertThat(tiles.orElseThrow().tiles().poolHashrate()).isEqualTo(1.5e12);
    assertThat(tiles.orElseThrow().tiles().blocksFound24h()).isEqualTo(2);

    assertThat(server.getRequestCount()).isEqualTo(2);
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      paths.add(server.takeRequest(1, TimeUnit.SECONDS).getUrl().encodedPath());
    }
    assertThat(paths).containsExactlyInAnyOrder("/good/stats", "/good/blocks");
  }

  @Test
  void twentyPoolsAnsweringAfterHalfASecondCompleteTogether() throws Exception {
    // Real pools sit on different hosts; here all share 127.0.0.1, so lift OkHttp's default limit
    // of 5 concurrent requests per host that would otherwise queue them.
    OkHttpClient client = new OkHttpClient.Builder().build();
    client.dispatcher().setMaxRequestsPerHost(64);
    HttpPoolTransport transport = HttpPoolTransport.builder().okHttpClient(client).build();
    toClose.add(transport);
    toClose.add(() -> client.dispatcher().executorService().shutdown());
    List<PoolConfig> pools = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      pools.add(pool("p" + i, "slow" + i));
    }
    DashboardPoolService svc = service(registry(transport), pools, Duration.ofSeconds(10));

    long start = System.nanoTime();
    Map<String, PoolTileSet> tiles = svc.poolTiles().get(15, TimeUnit.SECONDS);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(tiles).hasSize(20);
    assertThat(tiles.values()).allSatisfy(t -> assertThat(t.tiles().poolHashrate()).isEqualTo(1.5e12));
    assertThat(server.getRequestCount()).isEqualTo(40);
    assertThat(took).as("20 pools x 500 ms one after another would take 10 s").isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aPoolAnswering500AndOneNeverAnsweringLeaveTheOthersRightAndTheAggregateOnTime() throws Exception {
    Duration deadline = Duration.ofSeconds(5); // room for a cold JVM on a busy machine
    DashboardPoolService svc =
        service(
            registry(null),
            List.of(pool("good", "good"), pool("fail", "fail"), pool("hung", "hung")),
            deadline);

    long start = System.nanoTime();
    PlatformTiles platform = svc.platformTiles().get(15, TimeUnit.SECONDS);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    Map<String, PoolTileSet> tiles = svc.poolTiles().get(1, TimeUnit.SECONDS); // cached by now

    assertThat(tiles.get("good").tiles().healthStatus()).isTrue();
    assertThat(tiles.get("good").tiles().poolHashrate()).isEqualTo(1.5e12);
    assertThat(tiles.get("fail").tiles().healthStatus()).isFalse();
    assertThat(tiles.get("fail").tiles().healthMessage()).startsWith("HTTP fake: HTTP 500");
    assertThat(tiles.get("hung").tiles().healthStatus()).isFalse();
    assertThat(tiles.get("hung").tiles().healthMessage()).startsWith("HTTP fake: timed out after");
    assertThat(platform.tile1Health().totalPools()).isEqualTo(3);
    assertThat(platform.tile1Health().healthyPools()).isEqualTo(1);
    assertThat(platform.tile2Network().totalPoolHashrate()).isEqualTo(1.5e12);
    assertThat(took).as("on time: the deadline plus scheduling slack").isLessThan(deadline.plusSeconds(3));
  }

  @Test
  void detectionProbesTheNetworkThroughTheDefaultTransport() throws Exception {
    PoolRegistry r = registry(null);
    Optional<BasePoolIntegration> found =
        r.detectPool("stratum+tcp://127.0.0.1:" + server.getPort(), server.getPort()).get(10, TimeUnit.SECONDS);
    assertThat(found).get().extracting(BasePoolIntegration::poolType).isEqualTo("httpfake");
    assertThat(server.takeRequest(1, TimeUnit.SECONDS).getUrl().encodedPath()).isEqualTo("/stats");
  }
}
