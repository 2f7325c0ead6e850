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

/**
 * Section 3: the library built with every default (its own OkHttp client, dispatcher threads,
 * scheduler and service executor), used, and closed, with a read still in flight against a server
 * that never answers. Threads are counted by name, connections through
 * {@link HttpPoolTransport#openConnections()}.
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
}
