package dev.danvic.hmm.pools.reliability;

import static dev.danvic.hmm.pools.reliability.Scorecard.Section.POLITENESS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.braiins.BraiinsIntegration;
import dev.danvic.hmm.pools.core.DashboardPoolService;
import dev.danvic.hmm.pools.core.HttpPoolTransport;
import dev.danvic.hmm.pools.core.PoolRegistry;
import dev.danvic.hmm.pools.reliability.Sims.Plugin;
import dev.danvic.hmm.pools.simulator.PoolSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * Section 6: however many readers, a pool's endpoints see one request per cache window (plus the
 * transport's retries), and Braiins never more than one request per 5 s per token. Windows pass
 * through a manual cache ticker; Braiins' spacing is measured with the transport's own (virtual)
 * clock, so no test waits 5 s.
 */
class PolitenessTest {
  private static final Duration TTL = Duration.ofSeconds(30);
  private static final int WINDOWS = 5;

  @Test
  void solopoolSeesOneRequestPerWindow() throws Exception {
    windows(6, Plugin.SOLOPOOL, 64, 0.0, 1);
  }

  @Test
  void mmfpSeesOneRequestPerWindow() throws Exception {
    windows(7, Plugin.MMFP, 64, 0.0, 1);
  }

  @Test
  void oneReaderOrManyMakeNoDifference() throws Exception {
    windows(5, Plugin.SOLOPOOL, 1, 0.0, 1);
  }

  @Test
  void aFlakyPoolSeesAtMostTheRetries() throws Exception {
    windows(8, Plugin.SOLOPOOL, 64, 0.3, 3);
  }

  /**
   * {@code readers} threads read the pool's tiles 20 times each in every one of {@link #WINDOWS}
   * tile windows; then the simulator's count of each path must be at most {@code perWindow} per
   * window.
   */
  private void windows(int order, Plugin plugin, int readers, double failureRate, int perWindow) throws Exception {
    String name = plugin.label + ", " + readers + (readers == 1 ? " reader" : " readers") + ", " + WINDOWS + " windows of 30 s"
        + (failureRate > 0 ? ", " + Math.round(failureRate * 100) + " % of answers 503" : "");
    String expected = "each endpoint at most " + WINDOWS * perWindow + " requests ("
        + (perWindow == 1 ? "one per window" : "one per window, times the 3 attempts of a retried request") + ")";
    Scorecard.check(POLITENESS, order, name, expected, () -> {
      VirtualTime time = new VirtualTime(Sims.NOW);
      try (Sims sims = new Sims(); CaseRig rig = new CaseRig("politeness-" + plugin)) {
        PoolSimulator sim = sims.sim(plugin);
        sim.setFailureRate(failureRate);
        PoolConfig pool = sims.healthyPool(plugin, "pool");
        DashboardPoolService svc = rig.service(List.of(pool), Duration.ofSeconds(5), b -> b.ticker(time.ticker).tileTtl(TTL));
        sim.resetCounts();
        ExecutorService threads = Executors.newFixedThreadPool(Math.min(readers, 16), CaseRig.named("reliability-reader"));
        try {
          for (int w = 0; w < WINDOWS; w++) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> all = new ArrayList<>();
            for (int r = 0; r < readers; r++) {
              int seed = r;
              all.add(threads.submit(() -> {
                go.await();
                Random random = new Random(seed);
                for (int i = 0; i < 20; i++) {
                  switch (random.nextInt(3)) {
                    case 0 -> svc.platformTiles().get(30, TimeUnit.SECONDS);
                    case 1 -> svc.poolTiles().get(30, TimeUnit.SECONDS);
                    default -> svc.poolTiles("pool").get(30, TimeUnit.SECONDS);
                  }
                }
                return null;
              }));
            }
            go.countDown();
            for (Future<?> f : all) {
              f.get(60, TimeUnit.SECONDS);
            }
            awaitQuiet(rig);
            time.advance(TTL.plusSeconds(1));
          }
        } finally {
          threads.shutdownNow();
        }
        Map<String, Long> counts = sim.requestCounts();
        assertThat(counts).isNotEmpty();
        counts.forEach((path, n) -> assertThat(n).as("requests to %s", path).isLessThanOrEqualTo((long) WINDOWS * perWindow));
        rig.closeAndCheckLeaks();
        return readers * 20 * WINDOWS + " reads; requests per path: " + counts;
      }
    });
  }

  /** Waits until no call of the rig is running (a background refresh finishing). */
  private static void awaitQuiet(CaseRig rig) throws InterruptedException {
    CaseRig.await(() -> rig.client.dispatcher().runningCallsCount() == 0 && rig.work.getActiveCount() == 0);
  }

  @Test
  void braiinsNeverMoreThanOneRequestPer5sPerToken() throws Exception {
    Scorecard.check(
        POLITENESS, 9, "Braiins, 2 tokens x 2 pools each, 24 readers, 4 windows of 30 s (virtual time)",
        "requests with one token start at least 5 s apart by the transport's ticker, retries and every pool of"
            + " the token included",
        () -> braiins());
  }

  private String braiins() throws Exception {
    VirtualTime time = new VirtualTime(Instant.parse("2026-06-01T12:00:00Z"));
    Map<String, List<Instant>> startsByToken = Collections.synchronizedMap(new TreeMap<>());
    PoolSimulator simA = PoolSimulator.builder().kind(PoolSimulator.Kind.BRAIINS).token("token-A-" + Secrets.TOKEN).clock(Sims.CLOCK).build().start();
    PoolSimulator simB = PoolSimulator.builder().kind(PoolSimulator.Kind.BRAIINS).token("token-B-" + Secrets.TOKEN).clock(Sims.CLOCK).seed(2).build().start();
    ThreadPoolExecutor http = new ThreadPoolExecutor(0, 64, 60, TimeUnit.SECONDS, new java.util.concurrent.SynchronousQueue<>(), CaseRig.named("reliability-braiins-http"));
    CountingExecutor work = new CountingExecutor(CaseRig.named("reliability-braiins-service"));
    OkHttpClient client =
        new OkHttpClient.Builder()
            .dns(Loopback.DNS)
            .dispatcher(new Dispatcher(http))
            .connectionPool(new ConnectionPool())
            .eventListener(
                new EventListener() {
                  @Override
                  public void callStart(Call call) {
                    // enqueue() calls this on the thread that sends, at the virtual time of the send
                    String token = call.request().header(BraiinsIntegration.TOKEN_HEADER);
                    startsByToken.computeIfAbsent(String.valueOf(token), k -> Collections.synchronizedList(new ArrayList<>())).add(time.now());
                  }
                })
            .build();
    HttpPoolTransport transport = HttpPoolTransport.builder().okHttpClient(client).clock(time.clock).ticker(time.ticker).scheduler(time.scheduler).build();
    PoolRegistry registry = PoolRegistry.builder().register(new BraiinsIntegration()).transport(transport).clock(time.clock).build();
    List<PoolConfig> pools = new ArrayList<>();
    for (PoolSimulator sim : List.of(simA, simB)) {
      for (int i = 0; i < 2; i++) {
        pools.add(PoolConfig.builder().id(sim.token().substring(0, 7) + "-" + i).poolType("braiins").url("stratum+tcp://127.0.0.1").port(3333)
            .username(sim.username()).apiKey(sim.token()).config(PoolConfig.API_BASE_URL, sim.baseUrl()).build());
      }
    }
    DashboardPoolService svc =
        DashboardPoolService.builder(registry).pools(pools).ticker(time.ticker).clock(time.clock).tileTtl(TTL).executor(work).build();
    Map<String, Map<String, Long>> counts = new TreeMap<>();
    ReentrantReadWriteLock gate = new ReentrantReadWriteLock(true); // fair: the clock must get its turn among 24 readers
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> readers = new ArrayList<>();
    AtomicInteger reads = new AtomicInteger();
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    for (int r = 0; r < 24; r++) {
      int seed = r;
      Thread t = new Thread(() -> {
        Random random = new Random(seed);
        while (!stop.get()) {
          java.util.concurrent.CompletableFuture<?> f;
          gate.readLock().lock(); // a read starts only between two steps of time
          try {
            f = random.nextBoolean() ? svc.poolTiles() : svc.platformTiles();
          } finally {
            gate.readLock().unlock();
          }
          try {
            f.get(60, TimeUnit.SECONDS);
            reads.incrementAndGet();
          } catch (Exception e) {
            failures.add(e);
            return;
          }
        }
      }, "reliability-braiins-reader-" + r);
      t.start();
      readers.add(t);
    }
    try {
      Duration step = Duration.ofMillis(250);
      long steps = TTL.multipliedBy(4).dividedBy(step);
      for (long s = 0; s < steps; s++) {
        gate.writeLock().lock();
        try {
          // time moves only when nothing is between choosing a slot and sending
          boolean quiet = CaseRig.await(() -> work.pending() == 0 && client.dispatcher().runningCallsCount() == 0);
          assertThat(quiet).as("the library settles between steps").isTrue();
          time.advance(step);
        } finally {
          gate.writeLock().unlock();
        }
      }
    } finally {
      stop.set(true);
      gate.writeLock().lock();
      try {
        time.advance(Duration.ofSeconds(60)); // lets every waiting read finish
      } finally {
        gate.writeLock().unlock();
      }
      for (Thread t : readers) {
        t.join(30_000);
      }
      counts.put("A", simA.requestCounts());
      counts.put("B", simB.requestCounts());
      svc.close();
      registry.close();
      transport.close();
      work.shutdown();
      http.shutdown();
      client.connectionPool().evictAll();
      simA.close();
      simB.close();
    }
    assertThat(failures).isEmpty();
    StringBuilder seen = new StringBuilder();
    int tokens = 0;
    for (Map.Entry<String, List<Instant>> e : startsByToken.entrySet()) {
      List<Instant> starts = new ArrayList<>(e.getValue());
      Collections.sort(starts);
      Duration least = null;
      for (int i = 1; i < starts.size(); i++) {
        Duration gap = Duration.between(starts.get(i - 1), starts.get(i));
        assertThat(gap).as("gap between requests %s and %s of one token", i, i + 1).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
        least = least == null || gap.compareTo(least) < 0 ? gap : least;
      }
      assertThat(starts.size()).as("requests of one token").isGreaterThan(4);
      seen.append(tokens++ == 0 ? "" : "; ").append("token ").append((char) ('A' + tokens - 1)).append(": ")
          .append(starts.size()).append(" requests, least gap ").append(least == null ? "-" : least.toMillis() / 1000.0 + " s");
    }
    assertThat(tokens).isEqualTo(2);
    return reads.get() + " reads over 120 s of virtual time; " + seen + "; per path: " + counts;
  }

  /** A thread pool that knows how many tasks it has been given and not yet finished. */
  private static final class CountingExecutor implements java.util.concurrent.Executor {
    private final ExecutorService pool;
    private final AtomicInteger pending = new AtomicInteger();

    CountingExecutor(java.util.concurrent.ThreadFactory threads) {
      this.pool = Executors.newCachedThreadPool(threads);
    }

    @Override
    public void execute(Runnable task) {
      pending.incrementAndGet();
      try {
        pool.execute(() -> {
          try {
            task.run();
          } finally {
            pending.decrementAndGet();
          }
        });
      } catch (RuntimeException e) {
        pending.decrementAndGet();
        throw e;
      }
    }

    int pending() {
      return pending.get();
    }

    void shutdown() {
      pool.shutdown();
    }
  }
}
