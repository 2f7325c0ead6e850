package dev.danvic.hmm.pools.reliability;

import static dev.danvic.hmm.pools.reliability.Scorecard.Section.LIFECYCLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.PoolContext;
import dev.danvic.hmm.pools.PoolRequest;
import dev.danvic.hmm.pools.core.DashboardPoolService;
import dev.danvic.hmm.pools.core.HttpPoolTransport;
import dev.danvic.hmm.pools.core.PoolRegistry;
import dev.danvic.hmm.pools.core.PoolTileSet;
import dev.danvic.hmm.pools.reliability.Sims.Plugin;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Section 3: the library built with every default (its own OkHttp client, dispatcher threads,
 * scheduler and service executor), used, and closed, with a read still in flight against a server
 * that never answers. Threads are counted by name, connections through
 * {@link HttpPoolTransport#openConnections()}. Also bounded resources: the SDK's threads for 10 000
 * pools stay under the documented bound, and removing a pool or passing its deadline stops its
 * calls, not only the wait for them.
 */
class LifecycleTest {
  private static Sims sims;
  private static FaultServer silent;

  @BeforeAll
  static void start() {
    sims = new Sims();
    silent = FaultServer.start(Fault.SILENT, path -> new byte[0], null);
  }

  @AfterAll
  static void stop() {
    silent.close();
    sims.close();
  }

  /** The library as an application builds it: no thread, client or executor of its own lent. */
  private static final class Library implements AutoCloseable {
    final HttpPoolTransport transport = HttpPoolTransport.create();
    final PoolRegistry registry =
        Sims.allPlugins()
            .transport(transport)
            .build();
    final DashboardPoolService service;

    Library(List<PoolConfig> pools) {
      service = DashboardPoolService.builder(registry).pools(pools).deadline(Duration.ofSeconds(3)).build();
    }

    @Override
    public void close() {
      service.close();
      registry.close();
      transport.close();
    }
  }

  private static List<PoolConfig> pools() {
    return List.of(sims.healthyPool(Plugin.SOLOPOOL, "solo"), sims.healthyPool(Plugin.MMFP, "mmfp"));
  }

  @Test
  void closeEndsEveryThreadAndConnection() throws Exception {
    Scorecard.check(
        LIFECYCLE, 1, "close() with a read in flight",
        "every `hmm-pools-*` thread the library started has ended (bounded wait 10 s); 0 connections open;"
            + " the read in flight completes",
        () -> {
          Set<Thread> before = Threads.all();
          Library lib = new Library(pools());
          Map<String, PoolTileSet> tiles = lib.service.poolTiles().get(30, TimeUnit.SECONDS);
          assertThat(tiles.values()).allMatch(s -> s.tiles().healthStatus());
          int openBefore = lib.transport.openConnections();
          assertThat(openBefore).as("kept-alive connections before close").isPositive();
          // a read that cannot finish: the pool never answers
          lib.service.putPool(sims.pool(Plugin.SOLOPOOL, "silent", silent.baseUrl(), null));
          CompletableFuture<Map<String, PoolTileSet>> inFlight = lib.service.poolTiles();
          assertThat(CaseRig.await(() -> silent.requests() > 0)).as("the request reached the silent server").isTrue();
          List<Thread> started = Threads.startedSince(before);

          long t0 = System.nanoTime();
          lib.close();
          long closeMs = (System.nanoTime() - t0) / 1_000_000;

          DashboardTileData stuck = inFlight.get(30, TimeUnit.SECONDS).get("silent").tiles();
          assertThat(stuck.healthStatus()).isFalse();
          Tiles.assertReadable(stuck.healthMessage());
          List<Thread> alive = Threads.awaitEnded(started, Duration.ofSeconds(10));
          assertThat(alive).as("library threads alive after close: %s", CaseRig.names(alive)).isEmpty();
          assertThat(lib.transport.openConnections()).isZero();
          return started.size() + " library threads started (" + threadKinds(started) + "), all ended; "
              + openBefore + " connections before close, 0 after; close() took " + closeMs + " ms; the read in flight"
              + " ended as \"" + stuck.healthMessage() + "\"";
        });
  }

  private static String threadKinds(List<Thread> threads) {
    return threads.stream()
        .map(t -> t.getName().replaceAll("-\\d+", "-N"))
        .distinct()
        .sorted()
        .reduce((a, b) -> a + ", " + b)
        .orElse("none");
  }

  @Test
  void okHttpThreadsDoNotPileUp() throws Exception {
    Scorecard.check(
        LIFECYCLE, 2, "20 open / read / close cycles",
        "no `hmm-pools-*` (or renamed OkHttp dispatcher) thread survives a cycle; OkHttp's shared TaskRunner threads do not grow with the cycles",
        () -> {
          Set<Thread> before = Threads.all();
          int okhttpBefore = Threads.named(Threads.TASK_RUNNER).size();
          int most = 0;
          for (int i = 0; i < 20; i++) {
            try (Library lib = new Library(pools())) {
              lib.service.platformTiles().get(30, TimeUnit.SECONDS);
            }
            List<Thread> alive = Threads.awaitEnded(Threads.startedSince(before), Duration.ofSeconds(10));
            assertThat(alive).as("cycle %s left %s", i, CaseRig.names(alive)).isEmpty();
            most = Math.max(most, Threads.named(Threads.TASK_RUNNER).size());
          }
          int okhttpAfter = Threads.named(Threads.TASK_RUNNER).size();
          // OkHttp's TaskRunner keeps a few idle threads for a minute; a leak would grow with every cycle
          assertThat(okhttpAfter).as("OkHttp threads after 20 cycles").isLessThanOrEqualTo(okhttpBefore + 4);
          return "0 library threads left after each cycle; OkHttp TaskRunner threads: " + okhttpBefore + " before, at most " + most
              + " during, " + okhttpAfter + " after";
        });
  }

  @Test
  void serviceCallsAfterCloseFailClearly() throws Exception {
    Scorecard.check(
        LIFECYCLE, 3, "DashboardPoolService after close()",
        "every call throws IllegalStateException \"DashboardPoolService is closed\"; close() again is harmless",
        () -> {
          Library lib = new Library(pools());
          lib.close();
          DashboardPoolService s = lib.service;
          for (Runnable call :
              List.<Runnable>of(
                  s::platformTiles,
                  s::poolTiles,
                  () -> s.poolTiles("solo"),
                  () -> s.health("solo"),
                  s::pools,
                  () -> s.putPool(pools().get(0)),
                  () -> s.removePool("solo"),
                  () -> s.invalidate("solo"),
                  s::invalidateAll,
                  () -> s.addListener(e -> {}))) {
            assertThatThrownBy(call::run).isInstanceOf(IllegalStateException.class).hasMessage("DashboardPoolService is closed");
          }
          s.close();
          return "10 calls, each: IllegalStateException \"DashboardPoolService is closed\"";
        });
  }

  @Test
  void registryCallsAfterCloseFailClearly() throws Exception {
    Scorecard.check(
        LIFECYCLE, 4, "PoolRegistry after close()",
        "detection, health and tiles throw IllegalStateException \"PoolRegistry is closed\"",
        () -> {
          Library lib = new Library(pools());
          lib.close();
          PoolRegistry r = lib.registry;
          PoolConfig pool = pools().get(0);
          for (Runnable call :
              List.<Runnable>of(
                  () -> r.detectPool("127.0.0.1", 3333), () -> r.checkPoolHealth(pool), () -> r.poolDashboardData(pool))) {
            assertThatThrownBy(call::run).isInstanceOf(IllegalStateException.class).hasMessage("PoolRegistry is closed");
          }
          r.close();
          return "3 calls, each: IllegalStateException \"PoolRegistry is closed\"; plugin lookups still answer ("
              + r.plugins().size() + " plugins)";
        });
  }

  @Test
  void transportCallsAfterCloseFailClearly() throws Exception {
    Scorecard.check(
        LIFECYCLE, 5, "HttpPoolTransport after close()",
        "context() throws, and a context taken before close fails its requests, with \"HttpPoolTransport is closed\"",
        () -> {
          HttpPoolTransport t = HttpPoolTransport.create();
          PoolContext early = t.context("pool", t.clock().instant().plusSeconds(5));
          t.close();
          assertThatThrownBy(() -> t.context("pool")).isInstanceOf(IllegalStateException.class).hasMessage("HttpPoolTransport is closed");
          PoolRequest get = PoolRequest.get(sims.sim(Plugin.SOLOPOOL).baseUrl() + "/api/stats");
          for (CompletableFuture<?> f : List.of(early.getJson(get), early.send(get))) {
            Throwable e = catchThrowable(() -> f.get(10, TimeUnit.SECONDS));
            assertThat(e).isInstanceOf(ExecutionException.class);
            assertThat(e.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("HttpPoolTransport is closed");
          }
          t.close();
          return "context(): IllegalStateException \"HttpPoolTransport is closed\"; getJson and send of an earlier"
              + " context fail with the same; close() again is harmless";
        });
  }

  private static final int POOLS = 10_000;
  /** The transport's requests at once in the 10 000-pool case; the documented bound follows from it. */
  private static final int MAX_REQUESTS = 256;

  @Test
  void tenThousandPoolsStayUnderTheDocumentedThreadBound() throws Exception {
    int bound = MAX_REQUESTS + 1 + DashboardPoolService.DEFAULT_EXECUTOR_THREADS;
    Scorecard.check(
        LIFECYCLE, 10, "10 000 pools loaded at once (Solopool simulator on loopback)",
        "peak live SDK threads (`hmm-pools-*` and the transport's renamed OkHttp dispatcher threads) at most the"
            + " documented bound: maxConcurrentRequests (" + MAX_REQUESTS + " here) + 1 scheduler + "
            + DashboardPoolService.DEFAULT_EXECUTOR_THREADS + " service threads = " + bound + "; every pool read",
        () -> {
          List<PoolConfig> pools = new ArrayList<>(POOLS);
          String api = sims.sim(Plugin.SOLOPOOL).baseUrl();
          for (int i = 0; i < POOLS; i++) {
            // no wallet: the pool-wide figures, the load the SDK itself adds per pool
            pools.add(PoolConfig.builder().id("p" + i).poolType("solopool").url("stratum+tcp://127.0.0.1").port(3333)
                .config(PoolConfig.API_BASE_URL, api).config(PoolConfig.COIN, "BTC").build());
          }
          Set<Thread> before = Threads.all();
          ManagementFactory.getThreadMXBean().resetPeakThreadCount();
          Sampler sampler = new Sampler(before);
          sampler.start();
          long t0 = System.nanoTime();
          Map<String, PoolTileSet> tiles;
          try (HttpPoolTransport transport =
                  HttpPoolTransport.builder().maxConcurrentRequests(MAX_REQUESTS)
                      .maxConcurrentRequestsPerHost(MAX_REQUESTS) // 10 000 pools, one simulator host
                      .build();
              PoolRegistry registry = Sims.allPlugins().transport(transport).build();
              DashboardPoolService service =
                  DashboardPoolService.builder(registry).pools(pools).deadline(Duration.ofSeconds(120)).build()) {
            tiles = service.poolTiles().get(300, TimeUnit.SECONDS);
          } finally {
            sampler.stop();
          }
          long took = (System.nanoTime() - t0) / 1_000_000;
          long healthy = tiles.values().stream().filter(s -> s.tiles().healthStatus()).count();
          assertThat(tiles).hasSize(POOLS);
          assertThat(sampler.peak.get()).as("peak live SDK threads").isLessThanOrEqualTo(bound);
          assertThat(healthy).as("pools read healthy").isEqualTo(POOLS);
          List<Thread> alive = Threads.awaitEnded(Threads.startedSince(before), Duration.ofSeconds(10));
          assertThat(alive).as("SDK threads left after close").isEmpty();
          return "peak " + sampler.peak.get() + " live SDK threads (bound " + bound + "; " + sampler.peakService.get()
              + " of them service threads); " + healthy + " of " + POOLS + " pools healthy in " + took
              + " ms; JVM peak " + ManagementFactory.getThreadMXBean().getPeakThreadCount()
              + " threads in all (simulator and test included); all SDK threads ended after close";
        });
  }

  @Test
  void removingAPoolStopsItsRequestsNotOnlyTheWait() throws Exception {
    Scorecard.check(
        LIFECYCLE, 11, "a pool removed while its plugin waits on a silent server (deadline 60 s)",
        "its HTTP calls are cancelled at once (no call running 5 s later, far inside the 60 s deadline and"
            + " read timeout); the server sees the connections closed; the read ends with a message saying so",
        () -> {
          try (CaseRig rig = new CaseRig("removed-mid-read", b -> b.readTimeout(Duration.ofSeconds(60)))) {
            DashboardPoolService service =
                rig.service(List.of(sims.pool(Plugin.SOLOPOOL, "silent", silent.baseUrl(), null)), Duration.ofSeconds(60));
            int before = silent.requests();
            CompletableFuture<Map<String, PoolTileSet>> read = service.poolTiles();
            assertThat(CaseRig.await(() -> silent.requests() > before && rig.client.dispatcher().runningCallsCount() > 0))
                .as("the plugin's requests reached the silent server").isTrue();
            int running = rig.client.dispatcher().runningCallsCount();
            long t0 = System.nanoTime();
            service.removePool("silent");
            boolean ended = awaitFor(Duration.ofSeconds(5), () -> rig.client.dispatcher().runningCallsCount() == 0);
            long endedMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(ended).as("HTTP calls still running 5 s after the pool was removed: %s",
                rig.client.dispatcher().runningCallsCount()).isTrue();
            String message = read.get(10, TimeUnit.SECONDS).get("silent").tiles().healthMessage();
            assertThat(message).contains("removed");
            String leaks = rig.closeAndCheckLeaks();
            return running + " calls running at removal, 0 after " + endedMs + " ms; the read ended as \"" + message
                + "\"; " + leaks;
          }
        });
  }

  @Test
  void theDeadlineStopsThePluginsCalls() throws Exception {
    Scorecard.check(
        LIFECYCLE, 12, "a silent pool's deadline (2 s) passes, read timeout 60 s",
        "the tile says it timed out and no HTTP call of the pool is still running afterwards",
        () -> {
          try (CaseRig rig = new CaseRig("deadline-stops-work", b -> b.readTimeout(Duration.ofSeconds(60)))) {
            DashboardPoolService service =
                rig.service(List.of(sims.pool(Plugin.SOLOPOOL, "silent", silent.baseUrl(), null)), Duration.ofSeconds(2));
            String message = service.poolTiles().get(30, TimeUnit.SECONDS).get("silent").tiles().healthMessage();
            assertThat(message).contains("timed out");
            long t0 = System.nanoTime();
            boolean ended = awaitFor(Duration.ofSeconds(5), () -> rig.client.dispatcher().runningCallsCount() == 0);
            assertThat(ended).as("HTTP calls still running after the deadline").isTrue();
            long endedMs = (System.nanoTime() - t0) / 1_000_000;
            return "\"" + message + "\"; calls running " + endedMs + " ms after the tile came back: 0; "
                + rig.closeAndCheckLeaks();
          }
        });
  }

  private static boolean awaitFor(Duration bound, java.util.function.BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        return false;
      }
      Thread.sleep(5);
    }
    return true;
  }

  /** Counts, every 2 ms, the live SDK threads started after {@code before}; keeps the peak. */
  private static final class Sampler implements Runnable {
    final AtomicInteger peak = new AtomicInteger();
    final AtomicInteger peakService = new AtomicInteger();
    private final Set<Thread> before;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread = new Thread(this, "reliability-thread-sampler");

    Sampler(Set<Thread> before) {
      this.before = before;
      thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join();
      sample(); // the last moment, too
    }

    @Override
    public void run() {
      while (running.get()) {
        sample();
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    private void sample() {
      ThreadGroup root = Thread.currentThread().getThreadGroup();
      while (root.getParent() != null) {
        root = root.getParent();
      }
      Thread[] all = new Thread[root.activeCount() + 256];
      int n = root.enumerate(all, true);
      int sdk = 0;
      int service = 0;
      for (int i = 0; i < n; i++) {
        Thread t = all[i];
        String name = t.getName();
        if (t.isAlive() && !before.contains(t) && (name.startsWith(Threads.LIBRARY_PREFIX) || name.startsWith("OkHttp http"))) {
          sdk++;
          if (name.startsWith("hmm-pools-dashboard-")) {
            service++;
          }
        }
      }
      int s = sdk;
      int v = service;
      peak.accumulateAndGet(s, Math::max);
      peakService.accumulateAndGet(v, Math::max);
    }
  }
}
