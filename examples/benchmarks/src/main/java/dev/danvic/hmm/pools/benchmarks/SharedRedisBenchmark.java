package dev.danvic.hmm.pools.benchmarks;

import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.core.DashboardPoolService;
import dev.danvic.hmm.pools.core.HttpPoolTransport;
import dev.danvic.hmm.pools.core.PoolRegistry;
import dev.danvic.hmm.pools.redis.RedisTileStore;
import dev.danvic.hmm.pools.simulator.PoolSimulator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Several processes sharing one Redis (issue 16): P server processes (separate JVMs), each with R
 * readers reading every pool's tiles once a second for a minute of real time, against N simulated
 * pools; how many requests reach each pool endpoint in that minute, with {@code --redis} (one
 * {@link RedisTileStore}) and without (each process its own cache). Not part of {@link Benchmarks}:
 * it needs a Redis and takes two real minutes.
 *
 * <pre>
 * java -cp examples/benchmarks/target/hmm-pools-benchmarks.jar \
 *   dev.danvic.hmm.pools.benchmarks.SharedRedisBenchmark redis://127.0.0.1:6379 [processes] [readers] [pools]
 * </pre>
 */
public final class SharedRedisBenchmark {
  private static final Duration TTL = Duration.ofSeconds(30);
  private static final int SECONDS = 59;

  private SharedRedisBenchmark() {}

  /**
   * @param args the Redis URL, then processes (3), readers per process (1000), pools (10); or
   *     {@code node ...} in a child process
   * @throws Exception when a process fails
   */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("node")) {
      node(args);
      return;
    }
    if (args.length < 1 || !args[0].startsWith("redis://")) {
      System.err.println("usage: SharedRedisBenchmark redis://127.0.0.1:6379 [processes] [readers] [pools]");
      System.exit(2);
    }
    String redis = args[0];
    int processes = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int readers = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    int pools = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    try (SimulatedPools sims = SimulatedPools.start(pools, Duration.ofMillis(200))) {
      for (boolean shared : new boolean[] {true, false}) {
        sims.resetCounts();
        long t0 = System.nanoTime();
        List<Process> children = new ArrayList<>();
        String prefix = "hmm-bench-" + UUID.randomUUID() + ":"; // one for every process of the run
        List<String> outputs = new ArrayList<>();
        for (int p = 0; p < processes; p++) {
          children.add(child(redis, prefix, shared, readers, sims.configs(pools)));
        }
        for (Process c : children) {
          StringBuilder out = new StringBuilder();
          try (BufferedReader r = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8))) {
            r.lines().forEach(l -> out.append(l).append('\n'));
          }
          if (c.waitFor() != 0) {
            throw new IllegalStateException("a node failed:\n" + out);
          }
          outputs.add(out.toString().trim());
        }
        long min = Long.MAX_VALUE;
        long max = 0;
        long total = 0;
        int endpoints = 0;
        for (PoolSimulator sim : sims.simulators()) {
          for (Map.Entry<String, Long> e : sim.requestCounts().entrySet()) {
            min = Math.min(min, e.getValue());
            max = Math.max(max, e.getValue());
            total += e.getValue();
            endpoints++;
          }
        }
        System.out.printf(
            "| 7 %s, requests per pool endpoint per minute | %d processes × %d readers, %d pools | %s per endpoint"
                + " (%d requests to %d endpoints in %d s; TTL %d s; %s) | %s |%n",
            shared ? "shared Redis (--redis)" : "no Redis (each process its own cache)",
            processes, readers, pools, min == max ? String.valueOf(max) : min + " to " + max, total, endpoints,
            (System.nanoTime() - t0) / 1_000_000_000L, TTL.toSeconds(), String.join("; ", outputs),
            shared ? "1 per window (60 s / TTL 30 s = 2)" : "-");
      }
    }
  }

  private static Process child(String redis, String prefix, boolean shared, int readers, List<PoolConfig> pools)
      throws Exception {
    List<String> cmd = new ArrayList<>(List.of(
        Path.java(), "-Xmx512m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
        SharedRedisBenchmark.class.getName(), "node", shared ? redis : "-", prefix, String.valueOf(readers)));
    for (PoolConfig p : pools) {
      cmd.add(p.id() + "|" + p.config().get(PoolConfig.COIN) + "|" + p.apiBaseUrl().orElseThrow() + "|" + p.username());
    }
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }

  /** A child: one service (with the Redis store unless "-"), R readers, one read a second each. */
  private static void node(String[] args) throws Exception {
    String redis = args[1];
    int readers = Integer.parseInt(args[3]);
    RedisTileStore store = redis.equals("-") ? null : RedisTileStore.builder(redis).prefix(args[2]).build();
    HttpPoolTransport.Builder tb = HttpPoolTransport.builder();
    if (store != null) {
      tb.sharedSpacing(store);
    }
    List<PoolConfig> pools = new ArrayList<>();
    for (int i = 4; i < args.length; i++) {
      String[] f = args[i].split("\\|");
      pools.add(PoolConfig.builder().id(f[0]).poolType("solopool").name(f[0]).url("stratum+tcp://127.0.0.1").port(3333)
          .username(f[3]).config(Map.of(PoolConfig.API_BASE_URL, f[2], PoolConfig.COIN, f[1])).build());
    }
    AtomicLong reads = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    try (HttpPoolTransport transport = tb.build();
        PoolRegistry registry = PoolRegistry.builder().discover().transport(transport).build()) {
      DashboardPoolService.Builder sb = DashboardPoolService.builder(registry).pools(pools).tileTtl(TTL);
      if (store != null) {
        sb.tileStore(store);
      }
      try (DashboardPoolService service = sb.build()) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        CountDownLatch done = new CountDownLatch(readers);
        for (int r = 0; r < readers; r++) {
          long offset = r * 1000L / readers; // readers spread over each second
          Thread t = new Thread(() -> {
            try {
              Thread.sleep(offset);
              while (System.nanoTime() < end) {
                try {
                  service.poolTiles().join();
                  reads.incrementAndGet();
                } catch (RuntimeException e) {
                  errors.incrementAndGet();
                }
                Thread.sleep(1000);
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } finally {
              done.countDown();
            }
          });
          t.setDaemon(true);
          t.start();
        }
        done.await();
      }
    } finally {
      if (store != null) {
        store.close();
      }
    }
    System.out.println(reads.get() + " reads" + (errors.get() > 0 ? ", " + errors.get() + " failed" : ""));
  }

  /** The java binary this JVM runs. */
  private static final class Path {
    static String java() {
      return java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
  }
}
