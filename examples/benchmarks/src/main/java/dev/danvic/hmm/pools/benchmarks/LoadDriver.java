package dev.danvic.hmm.pools.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A closed-loop HTTP load: {@code concurrency} threads each send a GET, wait for the answer, and
 * send the next, until the time is up. Bounded in time; only ever aimed at the loopback server the
 * harness started.
 */
final class LoadDriver {
  private final HttpClient client;
  private final int concurrency;

  /**
   * @param client the client, HTTP/1.1
   * @param concurrency how many requests are in flight at once
   */
  LoadDriver(HttpClient client, int concurrency) {
    this.client = client;
    this.concurrency = concurrency;
  }

  /**
   * What one load run saw.
   *
   * @param latenciesNanos every answered request's latency, nanoseconds
   * @param errors requests that failed or did not answer 200
   * @param elapsedNanos how long the run took
   */
  record Result(long[] latenciesNanos, long errors, long elapsedNanos) {
    /** @return answered requests per second */
    double throughput() {
      return latenciesNanos.length / (elapsedNanos / 1e9);
    }

    /**
     * @param other a run of the same endpoint
     * @return both runs' requests as one
     */
    Result plus(Result other) {
      long[] all = Arrays.copyOf(latenciesNanos, latenciesNanos.length + other.latenciesNanos.length);
      System.arraycopy(other.latenciesNanos, 0, all, latenciesNanos.length, other.latenciesNanos.length);
      return new Result(all, errors + other.errors, elapsedNanos + other.elapsedNanos);
    }
  }

  /**
   * @param uri what to GET
   * @param duration how long to keep sending
   * @return what was seen
   * @throws InterruptedException when interrupted
   */
  Result run(URI uri, Duration duration) throws InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build();
    ExecutorService threads = Executors.newFixedThreadPool(concurrency);
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    try {
      List<Future<long[]>> work = new ArrayList<>();
      long[] errors = new long[concurrency];
      for (int i = 0; i < concurrency; i++) {
        int slot = i;
        work.add(threads.submit(() -> {
          long[] lat = new long[1024];
          int n = 0;
          while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            try {
              HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
              if (r.statusCode() != 200) {
                errors[slot]++;
                continue;
              }
            } catch (IOException e) {
              errors[slot]++;
              continue;
            }
            if (n == lat.length) {
              lat = Arrays.copyOf(lat, n * 2);
            }
            lat[n++] = System.nanoTime() - t0;
          }
          return Arrays.copyOf(lat, n);
        }));
      }
      long[] all = new long[0];
      for (Future<long[]> f : work) {
        long[] part = f.get();
        int at = all.length;
        all = Arrays.copyOf(all, at + part.length);
        System.arraycopy(part, 0, all, at, part.length);
      }
      long elapsed = System.nanoTime() - start;
      return new Result(all, Arrays.stream(errors).sum(), elapsed);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a load thread failed: " + e.getCause(), e.getCause());
    } finally {
      threads.shutdownNow();
    }
  }
}
