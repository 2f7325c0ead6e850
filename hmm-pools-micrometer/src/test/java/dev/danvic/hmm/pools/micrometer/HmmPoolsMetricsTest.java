package dev.danvic.hmm.pools.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpServer;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.core.DashboardPoolService;
import dev.danvic.hmm.pools.core.HttpPoolTransport;
import dev.danvic.hmm.pools.core.PoolRegistry;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.ref.WeakReference;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HmmPoolsMetricsTest {
  private HttpServer pool;
  /** Answers to come for /stats, one status per request; 200 once they run out. */
  private final List<Integer> statuses = new ArrayList<>();
  private final AtomicInteger served = new AtomicInteger();
  private HmmPoolsMetrics metrics;
  private HttpPoolTransport transport;
  private PoolRegistry registry;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @BeforeEach
  void start() throws IOException {
    pool = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    pool.createContext("/", exchange -> {
      int status;
      synchronized (statuses) {
        status = statuses.isEmpty() ? 200 : statuses.remove(0);
      }
      served.incrementAndGet();
      byte[] body = "{\"hashrate\": 1.5e15, \"user_hashrate\": 2.5e12, \"workers\": 3}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    pool.start();
    metrics = new HmmPoolsMetrics();
    transport = HttpPoolTransport.builder().eventListener(metrics).initialBackoff(Duration.ofMillis(1)).build();
    registry = PoolRegistry.builder().register(new StatsPlugin()).transport(transport).build();
  }

  @AfterEach
  void stop() {
    registry.close();
    transport.close();
    pool.stop(0);
  }

  private PoolConfig config(String id, String coin) {
    return PoolConfig.builder()
        .id(id)
        .poolType("statsfake")
        .url("127.0.0.1")
        .port(pool.getAddress().getPort())
        .config(PoolConfig.API_BASE_URL, "http://127.0.0.1:" + pool.getAddress().getPort() + "/" + id)
        .config(PoolConfig.COIN, coin)
        .build();
  }

  private DashboardPoolService service(PoolConfig... pools) {
    // reads wait for the first load however busy the machine: these tests read loaded tiles, and
    // a first load slower than the default 1 s read budget would answer `loading` (no figures)
    return DashboardPoolService.builder(registry).eventListener(metrics).pools(List.of(pools)).readBudget(Duration.ofMinutes(1)).build();
  }

  private double gauge(String name, String poolId) {
    return meters.get(name).tag("pool_id", poolId).gauge().value();
  }

  @Test
  void everyPoolFigureIsAGaugeTaggedWithThePoolAndReadFromTheCachedTiles() {
    try (DashboardPoolService service = service(config("a", "BTC"))) {
      metrics.watch(service);
      metrics.bindTo(meters);
      assertThat(gauge("hmm.pools.pool.hashrate", "a")).as("not read yet").isNaN();
      assertThat(served).hasValue(0); // reading a gauge never calls the pool

      service.poolTiles().join();

      Meter.Id id = meters.get("hmm.pools.pool.hashrate").gauge().getId();
      assertThat(id.getTag("pool_id")).isEqualTo("a");
      assertThat(id.getTag("pool_type")).isEqualTo("statsfake");
      assertThat(id.getTag("coin")).isEqualTo("BTC");
      assertThat(id.getBaseUnit()).isEqualTo("hashes.per.second");
      assertThat(gauge("hmm.pools.pool.hashrate", "a")).isEqualTo(1.5e15);
      assertThat(gauge("hmm.pools.user.hashrate", "a")).isEqualTo(2.5e12);
      assertThat(gauge("hmm.pools.active.workers", "a")).isEqualTo(3);
      assertThat(meters.get("hmm.pools.shares").tags("pool_id", "a", "state", "valid").gauge().value()).isEqualTo(90);
      assertThat(meters.get("hmm.pools.shares").tags("pool_id", "a", "state", "invalid").gauge().value()).isEqualTo(6);
      assertThat(meters.get("hmm.pools.shares").tags("pool_id", "a", "state", "stale").gauge().value()).isEqualTo(4);
      assertThat(gauge("hmm.pools.reject.rate", "a")).isEqualTo(10);
      assertThat(gauge("hmm.pools.latency", "a")).as("seconds").isEqualTo(0.25);
      assertThat(gauge("hmm.pools.health", "a")).isEqualTo(HmmPoolsMetrics.HEALTHY);
      assertThat(gauge("hmm.pools.time.to.block", "a")).isEqualTo(3600);
      assertThat(gauge("hmm.pools.user.time.to.block", "a")).isEqualTo(86_400);
      // one expected block a day: 1 - e^-1 within 24 h
      assertThat(gauge("hmm.pools.user.block.odds.24h", "a")).isCloseTo(1 - Math.exp(-1), within(1e-9));
      assertThat(served).hasValue(1);
    }
  }

  @Test
  void anUnhealthyPoolReadsZero() {
    statuses.addAll(List.of(404, 404, 404));
    try (DashboardPoolService service = service(config("a", "BTC"))) {
      metrics.watch(service).bindTo(meters);
      service.poolTiles().join();
      assertThat(gauge("hmm.pools.health", "a")).isEqualTo(HmmPoolsMetrics.UNHEALTHY);
      assertThat(gauge("hmm.pools.pool.hashrate", "a")).isNaN();
    }
  }

  @Test
  void poolsAddedLaterGetMetersAndRemovedOnesLoseThem() {
    try (DashboardPoolService service = service(config("a", "BTC"))) {
      metrics.bindTo(meters);
      metrics.watch(service);
      service.putPool(config("b", "BCH"));
      service.poolTiles().join();
      assertThat(gauge("hmm.pools.pool.hashrate", "b")).isEqualTo(1.5e15);
      assertThat(meters.get("hmm.pools.pool.hashrate").tag("pool_id", "b").gauge().getId().getTag("coin")).isEqualTo("BCH");

      service.putPool(config("b", "BTC")); // changed: new tags, no stale series
      assertThat(meters.find("hmm.pools.pool.hashrate").tags("pool_id", "b").gauges())
          .singleElement()
          .satisfies(g -> assertThat(g.getId().getTag("coin")).isEqualTo("BTC"));

      service.removePool("a");
      assertThat(meters.find("hmm.pools.pool.hashrate").tag("pool_id", "a").gauges()).isEmpty();
      assertThat(meters.getMeters().stream().filter(m -> "a".equals(m.getId().getTag("pool_id")))).isEmpty();
      assertThat(meters.find("hmm.pools.pool.hashrate").tag("pool_id", "b").gauges()).hasSize(1);
    }
  }

  @Test
  void sdkMetersCountRequestsByOutcomeRetriesCacheReadsAndLoads() {
    statuses.add(503); // the first attempt fails, the retry succeeds
    try (DashboardPoolService service = service(config("a", "BTC"))) {
      metrics.watch(service).bindTo(meters);
      // the cache records a load after the read that waited for it may have returned; the load is
      // announced after that, on the service's executor
      java.util.concurrent.CompletableFuture<Void> announced = new java.util.concurrent.CompletableFuture<>();
      service.addListener(
          e -> {
            if (e.kind() == dev.danvic.hmm.pools.core.PoolChangeEvent.Kind.TILES_REFRESHED) {
              announced.complete(null);
            }
          });
      service.poolTiles().join();
      announced.orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
      service.poolTiles().join(); // within the TTL: from the cache

      assertThat(meters.get("hmm.pools.requests").tag("outcome", "5xx").functionCounter().count()).isEqualTo(1);
      assertThat(meters.get("hmm.pools.requests").tag("outcome", "2xx").functionCounter().count()).isEqualTo(1);
      assertThat(meters.get("hmm.pools.request.retries").functionCounter().count()).isEqualTo(1);
      assertThat(meters.get("hmm.pools.cache.gets").tag("result", "miss").functionCounter().count()).isEqualTo(1);
      assertThat(meters.get("hmm.pools.cache.gets").tag("result", "hit").functionCounter().count()).isEqualTo(1);
      assertThat(meters.get("hmm.pools.cache.loads").tag("result", "success").timer().count()).isEqualTo(1);
      assertThat(meters.get("hmm.pools.cache.loads").tag("result", "failure").timer().count()).isZero();
    }
  }

  @Test
  void aRegistryBoundLaterSeesTheCountsSoFarAndEveryPool() {
    try (DashboardPoolService service = service(config("a", "BTC"))) {
      metrics.watch(service);
      service.poolTiles().join();
      metrics.bindTo(meters);
      assertThat(meters.get("hmm.pools.requests").tag("outcome", "2xx").functionCounter().count()).isEqualTo(1);
      assertThat(gauge("hmm.pools.pool.hashrate", "a")).isEqualTo(1.5e15);
    }
  }

  @Test
  void metersKeepNeitherTheServiceNorItsPoolsAlive() throws InterruptedException {
    metrics.bindTo(meters);
    WeakReference<DashboardPoolService> ref = watchedAndClosedService();
    for (int i = 0; i < 100 && ref.get() != null; i++) {
      System.gc();
      Thread.sleep(10); // lets the collector run; the outcome, not the time, is asserted
    }
    assertThat(ref.get()).as("the service, dropped by the application, was collected").isNull();
    assertThat(gauge("hmm.pools.pool.hashrate", "a")).isNaN();
  }

  private WeakReference<DashboardPoolService> watchedAndClosedService() {
    DashboardPoolService service = service(config("a", "BTC"));
    metrics.watch(service);
    service.poolTiles().join();
    assertThat(gauge("hmm.pools.pool.hashrate", "a")).isEqualTo(1.5e15);
    service.close();
    return new WeakReference<>(service);
  }
}
