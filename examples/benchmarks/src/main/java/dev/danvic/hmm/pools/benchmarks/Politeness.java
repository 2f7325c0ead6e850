package dev.danvic.hmm.pools.benchmarks;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.danvic.hmm.pools.simulator.PoolSimulator;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measure 6: while R readers poll the reference server's platform tiles once a second, how many
 * requests reach each simulated pool in a minute. The server's cache runs on a ticker the harness
 * moves: each round moves it one second and then sends every reader's request, so one simulated
 * minute takes as long as 60 rounds of requests take, not a minute. The pools answer in real time
 * (their latency is well under a second, as the rounds assume). With a tile TTL of T, the fewest
 * requests the cache allows are 60 / T per endpoint per minute.
 */
final class Politeness {
  private Politeness() {}

  /**
   * @param pools running simulators, at least {@code poolCount}
   * @param poolCount how many pools the server watches
   * @param readers R
   * @param concurrency client threads that send the readers' requests
   * @param tileTtl the server's tile TTL (its default is 30 s)
   * @return one row
   * @throws InterruptedException when interrupted
   */
  static Row run(SimulatedPools pools, int poolCount, int readers, int concurrency, Duration tileTtl)
      throws InterruptedException {
    List<PoolSimulator> sims = pools.simulators(poolCount);
    sims.forEach(PoolSimulator::resetCounts);
    ManualTicker ticker = new ManualTicker();
    HttpClient client =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    ExecutorService threads = Executors.newFixedThreadPool(concurrency);
    String size = poolCount + " pools, " + readers + " readers";
    String aimText = "≤ " + (60 / tileTtl.toSeconds()) + " per endpoint (60 s / TTL " + tileTtl.toSeconds() + " s)";
    try (ServerUnderTest server =
        ServerUnderTest.start(pools.configs(poolCount), b -> b.tileTtl(tileTtl).ticker(ticker))) {
      HttpRequest request = HttpRequest.newBuilder(server.uri(WarmServing.TILES)).timeout(Duration.ofSeconds(30)).GET().build();
      AtomicLong errors = new AtomicLong();
      long t0 = System.nanoTime();
      for (int second = 0; second < 60; second++) {
        if (second > 0) {
          ticker.advance(Duration.ofSeconds(1));
        }
        List<Callable<Void>> round = new ArrayList<>(readers);
        for (int r = 0; r < readers; r++) {
          round.add(() -> {
            try {
              if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
                errors.incrementAndGet();
              }
            } catch (IOException e) {
              errors.incrementAndGet();
            }
            return null;
          });
        }
        for (Future<Void> f : threads.invokeAll(round)) {
          try {
            f.get();
          } catch (ExecutionException e) {
            errors.incrementAndGet();
          }
        }
      }
      long wall = System.nanoTime() - t0;
      Thread.sleep(500); // a refresh started in the last round lands
      long max = 0;
      long min = Long.MAX_VALUE;
      long total = 0;
      int endpoints = 0;
      for (PoolSimulator sim : sims) {
        for (Map.Entry<String, Long> e : sim.requestCounts().entrySet()) {
          max = Math.max(max, e.getValue());
          min = Math.min(min, e.getValue());
          total += e.getValue();
          endpoints++;
        }
      }
      long allowed = 60 / tileTtl.toSeconds();
      String figure =
          (min == max ? String.valueOf(max) : min + " to " + max) + " per endpoint per simulated minute ("
              + total + " requests to " + endpoints + " endpoints; " + (60L * readers) + " reads served in "
              + Units.fixed(wall / 1e9, 1) + " s wall" + (errors.get() > 0 ? ", " + errors.get() + " failed" : "") + ")";
      return new Row("6 politeness, requests per pool endpoint", size, figure, aimText,
          Row.Verdict.of(max <= allowed && min >= 1 && errors.get() == 0));
    } finally {
      threads.shutdownNow();
    }
  }

  /** A Caffeine ticker that moves only when told. */
  static final class ManualTicker implements Ticker {
    private final AtomicLong nanos = new AtomicLong(System.nanoTime());

    @Override
    public long read() {
      return nanos.get();
    }

    /** @param d how far to move */
    void advance(Duration d) {
      nanos.addAndGet(d.toNanos());
    }
  }
}
