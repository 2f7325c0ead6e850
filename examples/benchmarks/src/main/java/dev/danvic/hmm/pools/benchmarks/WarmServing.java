package dev.danvic.hmm.pools.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Measure 3: the reference server's platform-tiles endpoint against a trivial endpoint of the same
 * server ({@code GET /pools/types}: the plugin list, no database, no pool), under the same closed
 * loop of concurrent clients, with the tiles cache warm (TTL longer than the run, so no refresh
 * happens). The two endpoints take turns (A B B A) so that neither gets the better half of the run.
 */
final class WarmServing {
  static final String TILES = "/api/dashboard/pools/platform-tiles";
  static final String TRIVIAL = "/pools/types";

  private WarmServing() {}

  /**
   * @param pools running simulators, at least {@code poolCount}
   * @param poolCount how many pools the server watches
   * @param concurrency clients in the closed loop
   * @param warmUp load per endpoint before measuring
   * @param slice one of the two measured turns per endpoint
   * @param aimRatio the least throughput ratio the aim allows
   * @return the throughput row and the latency row
   * @throws InterruptedException when interrupted
   */
  static List<Row> run(
      SimulatedPools pools, int poolCount, int concurrency, Duration warmUp, Duration slice, double aimRatio)
      throws InterruptedException {
    HttpClient client =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    try (ServerUnderTest server = ServerUnderTest.start(pools.configs(poolCount), b -> b.tileTtl(Duration.ofMinutes(30)))) {
      URI tiles = server.uri(TILES);
      URI trivial = server.uri(TRIVIAL);
      HttpResponse<String> first;
      // the read budget answers the first reads with the pools still loading: wait until all are in
      long giveUp = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      do {
        try {
          first = client.send(HttpRequest.newBuilder(tiles).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
          return List.of(Row.failed("3 warm serving", poolCount + " pools", "ratio ≥ " + aimRatio, e.toString()));
        }
      } while (first.statusCode() == 200
          && !first.body().contains("\"healthy_pools\":" + poolCount)
          && System.nanoTime() < giveUp
          && sleep(Duration.ofMillis(200)));
      if (first.statusCode() != 200 || !first.body().contains("\"healthy_pools\":" + poolCount)) {
        return List.of(Row.failed("3 warm serving", poolCount + " pools", "ratio ≥ " + aimRatio,
            "the first platform tiles were not complete: " + first.statusCode()));
      }
      LoadDriver load = new LoadDriver(client, concurrency);
      load.run(trivial, warmUp);
      load.run(tiles, warmUp);
      LoadDriver.Result a = load.run(trivial, slice);
      LoadDriver.Result b = load.run(tiles, slice);
      b = b.plus(load.run(tiles, slice));
      a = a.plus(load.run(trivial, slice));
      double ratio = b.throughput() / a.throughput();
      String size = poolCount + " pools, " + concurrency + " clients";
      String ratioFigure =
          Units.fixed(ratio, 2) + " (platform tiles " + Units.fixed(b.throughput(), 0) + " req/s, " + TRIVIAL + " "
              + Units.fixed(a.throughput(), 0) + " req/s" + errors(a, b) + ")";
      String latencyFigure =
          "platform tiles p50 " + Units.millis(Percentiles.percentile(b.latenciesNanos(), 50)) + ", p99 "
              + Units.millis(Percentiles.percentile(b.latenciesNanos(), 99)) + "; " + TRIVIAL + " p50 "
              + Units.millis(Percentiles.percentile(a.latenciesNanos(), 50)) + ", p99 "
              + Units.millis(Percentiles.percentile(a.latenciesNanos(), 99));
      return List.of(
          new Row("3 warm serving, throughput ratio", size, ratioFigure, "≥ " + Units.fixed(aimRatio, 1),
              Row.Verdict.of(ratio >= aimRatio && a.errors() + b.errors() == 0)),
          new Row("3 warm serving, latency", size, latencyFigure, "-", Row.Verdict.INFO));
    }
  }

  private static boolean sleep(Duration d) throws InterruptedException {
    Thread.sleep(d.toMillis());
    return true;
  }

  private static String errors(LoadDriver.Result a, LoadDriver.Result b) {
    long n = a.errors() + b.errors();
    return n == 0 ? "" : "; " + n + " errors";
  }
}
