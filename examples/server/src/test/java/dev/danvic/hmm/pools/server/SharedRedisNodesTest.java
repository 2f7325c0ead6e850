package dev.danvic.hmm.pools.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.danvic.hmm.pools.server.Nodes.Node;
import dev.danvic.hmm.pools.simulator.PoolSimulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three "processes" (three {@link IsolatedNode}s, each in a class loader of its own: no shared
 * class, static or cache) against one set of simulators and one real Redis: what several servers
 * behind a load balancer promise together.
 */
class SharedRedisNodesTest {
  /** The tile TTL: the shared entries expire after it on Redis' clock, the nodes' own on {@link #time}. */
  private static final long TTL_MS = 3000;
  private static final String TOKEN = "braiins-token-NEVER-IN-REDIS";

  private String url;
  private String prefix;
  private final List<Node> nodes = new ArrayList<>();
  private final List<PoolSimulator> sims = new ArrayList<>();
  private final ExecutorService readers = Executors.newFixedThreadPool(90);
  /** The nodes' own cache time, moved by the test: a node's tiles are due only when it says so. */
  private final AtomicLong time = new AtomicLong();

  @BeforeEach
  void redis() {
    url = RedisFixture.url();
    prefix = RedisFixture.prefix();
  }

  @AfterEach
  void stop() throws Exception {
    readers.shutdownNow();
    for (Node n : nodes) {
      n.close();
    }
    sims.forEach(PoolSimulator::close);
    if (url != null) {
      RedisFixture.with(url, r -> r.keys(prefix + "*").isEmpty() ? 0L : r.del(r.keys(prefix + "*").toArray(String[]::new)));
    }
  }

  private PoolSimulator sim(PoolSimulator.Kind kind) {
    PoolSimulator.Builder b = PoolSimulator.builder().kind(kind);
    if (kind == PoolSimulator.Kind.BRAIINS) {
      b.token(TOKEN);
    }
    PoolSimulator s = b.latency(Duration.ZERO).build().start();
    sims.add(s);
    return s;
  }

  private Node node(String redisUrl, long deadlineMs, ScheduledThreadPoolExecutor scheduler, Clock spacing) throws Exception {
    LongSupplier ticker = time::get;
    Node n = Nodes.start(redisUrl, prefix, TTL_MS, deadlineMs, scheduler, spacing, ticker);
    nodes.add(n);
    return n;
  }

  private static void watch(Node n, String id, PoolSimulator sim) {
    n.call("put", id, sim.kind().poolType(), sim.baseUrl(), sim.coin().name(), sim.username(), sim.token());
  }

  /**
   * Endpoints whose plugin asks core to keep their answers longer than the tile window (Solopool's
   * block list, public-pool's network figures): each node keeps them in its own transport.
   */
  private static final java.util.Set<String> KEPT_LONGER = java.util.Set.of("/api/blocks", "/api/network");

  /** 30 readers per node read all pools at once, a few times each. */
  private void readEverywhere() {
    List<CompletableFuture<?>> all = new ArrayList<>();
    for (Node n : nodes) {
      for (int i = 0; i < 30; i++) {
        all.add(CompletableFuture.runAsync(() -> {
          for (int k = 0; k < 3; k++) {
            n.read();
          }
        }, readers));
      }
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
  }

  @Test
  void oneUpstreamRequestPerEndpointPerWindowHoweverManyProcessesAndReaders() throws Exception {
    PoolSimulator solo = sim(PoolSimulator.Kind.SOLOPOOL);
    PoolSimulator publicPool = sim(PoolSimulator.Kind.PUBLICPOOL);
    for (int i = 0; i < 3; i++) {
      Node n = node(url, 5000, null, null);
      watch(n, "solo", solo);
      watch(n, "public", publicPool);
    }
    assertThat(new HashSet<>(nodes.stream().map(n -> n.call("loaderName")).toList())).hasSize(3);

    Map<String, String> previous = Map.of();
    for (int window = 1; window <= 3; window++) {
      if (window > 1) {
        // the next window: the shared tiles expire (Redis PX = the tile TTL) and every node's are due
        Poll.until(() -> RedisFixture.with(url, r -> r.keys(prefix + "v:tiles:*")).isEmpty(), Duration.ofSeconds(15), "the shared tiles to expire");
        time.addAndGet(TimeUnit.MILLISECONDS.toNanos(TTL_MS + 1));
      }
      readEverywhere();
      Map<String, String> before = previous;
      Poll.until(() -> nodes.stream().allMatch(n -> fresh(n, "solo", before) && fresh(n, "public", before)),
          Duration.ofSeconds(10), "every node to hold this window's tiles");
      for (PoolSimulator sim : sims) {
        Map<String, Long> counts = sim.requestCounts();
        assertThat(counts).as(sim.kind() + " requests per endpoint in window " + window).isNotEmpty();
        int w = window;
        counts.forEach((path, c) -> {
          if (KEPT_LONGER.contains(path)) {
            // kept longer than a window by the node that read it (a refresh interval): never more
            // than once per window, less often when the same node loads again
            assertThat(c).as(sim.kind() + " " + counts).isBetween(1L, (long) w);
          } else {
            assertThat(c).as(sim.kind() + " " + counts).isEqualTo(w);
          }
        });
      }
      // every node serves the very same tiles
      assertThat(nodes.stream().map(n -> n.cached("solo")).distinct()).hasSize(1);
      previous = Map.of("solo", nodes.get(0).cached("solo"), "public", nodes.get(0).cached("public"));
    }
  }

  private static boolean fresh(Node n, String pool, Map<String, String> previous) {
    String now = n.cached(pool);
    return now != null && !now.equals(previous.get(pool)) && !now.contains("\"loading\"");
  }

  @Test
  void braiinsSpacingIsHeldAcrossProcessesAndTheTokenNeverReachesRedis() throws Exception {
    PoolSimulator braiins = sim(PoolSimulator.Kind.BRAIINS);
    // one fixed "now" for every node's spacing, and one scheduler that records each wait and runs
    // it at once: the slots the three processes got, without waiting 5 s for each
    Clock spacing = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
    RecordingScheduler scheduler = new RecordingScheduler();
    try {
      for (int i = 0; i < 3; i++) {
        // three pools of one account (one token): no single flight between them, one spacing
        watch(node(url, 600_000, scheduler, spacing), "braiins-" + i, braiins);
      }
      List<CompletableFuture<?>> loads = new ArrayList<>();
      for (Node n : nodes) {
        loads.add(CompletableFuture.runAsync(n::read, readers));
      }
      CompletableFuture.allOf(loads.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      for (int i = 0; i < 3; i++) {
        String tiles = nodes.get(i).cached("braiins-" + i);
        assertThat(tiles).contains("\"health_state\":\"healthy\"");
      }
      long sent = braiins.requestCount();
      assertThat(sent).isGreaterThanOrEqualTo(6);
      // every request had its own 5 s slot: 0 (sent at once, not scheduled), 5 s, 10 s, ...
      List<Long> waits = scheduler.waits.stream().sorted().toList();
      assertThat(waits).containsExactlyElementsOf(LongStream.range(1, sent).map(k -> k * 5000).boxed().toList());
      String redis = RedisFixture.dump(url, prefix);
      assertThat(redis).contains(prefix + "s:").doesNotContain(TOKEN);
      assertThat(redis).contains("\"health_state\":\"healthy\""); // the tiles are there, the token is not
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void aLoaderKilledMidLoadIsReplacedOnceItsLeaseEnds() throws Exception {
    PoolSimulator solo = sim(PoolSimulator.Kind.SOLOPOOL);
    Node a = node(url, 1000, null, null); // lease: 1 s deadline + 2 s
    Node b = node(url, 1000, null, null);
    watch(a, "solo", solo);
    watch(b, "solo", solo);
    solo.setLatency(Duration.ofSeconds(20));
    CompletableFuture.runAsync(a::read, readers);
    Poll.until(() -> RedisFixture.with(url, r -> r.exists(prefix + "l:" + leaseKey())) == 1, Duration.ofSeconds(5), "a to take the lease");
    a.call("loseRedis"); // a dies mid-load: its lease stays, no value, no announcement
    solo.setLatency(Duration.ZERO);
    long before = solo.requestCount();
    CompletableFuture.runAsync(b::read, readers);
    Poll.until(() -> b.cached("solo") != null && b.cached("solo").contains("\"health_state\":\"healthy\""),
        Duration.ofSeconds(10), "b to load the pool once a's lease ended");
    // b loaded under a lease of its own (the stored value proves it was not a fallback load)
    List<String> stored = RedisFixture.with(url, r -> r.keys(prefix + "v:tiles:solo:*"));
    assertThat(stored).hasSize(1);
    assertThat(solo.requestCount()).isGreaterThan(before);
  }

  private String leaseKey() {
    List<String> keys = RedisFixture.with(url, r -> r.keys(prefix + "l:tiles:solo:*"));
    return keys.isEmpty() ? "none" : keys.get(0).substring((prefix + "l:").length());
  }

  @Test
  void redisRestartingMidRunCostsARefreshNeverAWrongTileOrAStuckPool() throws Exception {
    PoolSimulator solo = sim(PoolSimulator.Kind.SOLOPOOL);
    try (RedisFixture.OwnRedis own = new RedisFixture.OwnRedis()) {
      for (int i = 0; i < 3; i++) {
        watch(node(own.url(), 5000, null, null), "solo", solo);
      }
      readEverywhere();
      Poll.until(() -> nodes.stream().allMatch(n -> fresh(n, "solo", Map.of())), Duration.ofSeconds(10), "the first tiles");
      String expected = nodes.get(0).cached("solo");
      long first = solo.requestCount();
      Map<String, Long> perEndpoint = solo.requestCounts();

      own.kill();
      time.addAndGet(TimeUnit.MILLISECONDS.toNanos(TTL_MS + 1)); // the next window
      readEverywhere();
      Poll.until(() -> nodes.stream().allMatch(n -> fresh(n, "solo", Map.of("solo", expected))),
          Duration.ofSeconds(10), "every node to refresh while Redis is down");
      // each process loaded by itself once (one extra request per process), and its tiles are right
      Map<String, Long> during = solo.requestCounts();
      for (Map.Entry<String, Long> e : perEndpoint.entrySet()) {
        assertThat(during.get(e.getKey()) - e.getValue()).as(e.getKey()).isBetween(1L, 3L);
      }
      assertThat(solo.requestCount() - first).isPositive();
      for (Node n : nodes) {
        assertThat(n.cached("solo")).contains("\"pool_id\":\"solo\"").contains("\"health_state\":\"healthy\"");
      }

      own.start(); // empty, as after a crash without persistence
      // shared again once the clients have reconnected (within 2 s): a window with one load per
      // endpoint for the three processes
      boolean shared = false;
      for (int attempt = 0; attempt < 5 && !shared; attempt++) {
        Poll.until(() -> RedisFixture.with(own.url(), r -> r.keys(prefix + "v:tiles:*")).isEmpty(),
            Duration.ofSeconds(15), "the shared tiles to expire");
        Map<String, String> before = Map.of("solo", nodes.get(0).cached("solo"));
        solo.resetCounts();
        time.addAndGet(TimeUnit.MILLISECONDS.toNanos(TTL_MS + 1)); // the next window
        readEverywhere();
        Poll.until(() -> nodes.stream().allMatch(n -> fresh(n, "solo", before)), Duration.ofSeconds(10), "the window's tiles");
        Map<String, Long> counts = solo.requestCounts();
        assertThat(counts).isNotEmpty();
        shared = counts.values().stream().allMatch(c -> c == 1);
      }
      assertThat(shared).as("one load per endpoint per window again after Redis came back").isTrue();
      for (Node n : nodes) {
        assertThat(n.cached("solo")).contains("\"pool_id\":\"solo\"").contains("\"health_state\":\"healthy\"");
      }
    }
  }

  /**
   * Runs every delay of a rate-limit wait (under 5 minutes) at once and records it in ms; longer
   * ones (the operation's deadline timer) are scheduled as usual.
   */
  static final class RecordingScheduler extends ScheduledThreadPoolExecutor {
    final ConcurrentLinkedQueue<Long> waits = new ConcurrentLinkedQueue<>();

    RecordingScheduler() {
      super(2);
      setRemoveOnCancelPolicy(true);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
      long ms = unit.toMillis(delay);
      if (ms > 0 && ms < 300_000) {
        waits.add(ms);
        return super.schedule(command, 0, unit);
      }
      return super.schedule(command, delay, unit);
    }
  }

}
