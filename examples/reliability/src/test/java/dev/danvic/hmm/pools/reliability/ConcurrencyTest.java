package dev.danvic.hmm.pools.reliability;

import static dev.danvic.hmm.pools.reliability.Scorecard.Section.CONCURRENCY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.core.DashboardPoolService;
import dev.danvic.hmm.pools.core.PlatformTiles;
import dev.danvic.hmm.pools.core.PoolTileSet;
import dev.danvic.hmm.pools.reliability.Sims.Plugin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Section 2: readers and writers at once. Sixteen threads read platform tiles, every pool's tiles,
 * one pool's tiles and one pool's health in a loop, while the test thread adds, replaces (switching
 * a pool between two simulators whose figures differ), disables, removes and invalidates pools and
 * moves the cache ticker across the 30 s tile window. The figures of a tile tell which simulator
 * (so which configuration) it was read from.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConcurrencyTest {
  private static final int READERS = 16;
  private static final int CHANGES = 400;
  private static final Duration TTL = Duration.ofSeconds(30);

  private static Sims first;
  private static Sims second;
  private static CaseRig rig;
  private static final VirtualTime TIME = new VirtualTime(Sims.NOW);
  /** Pool id to its configuration, in the order the service lists pools: the expected final state. */
  private static final Map<String, PoolConfig> MODEL = new LinkedHashMap<>();
  private static final ConcurrentLinkedQueue<String> PROBLEMS = new ConcurrentLinkedQueue<>();
  private static final AtomicLong READS = new AtomicLong();
  private static DashboardPoolService service;
  private static int changesMade;

  @BeforeAll
  static void run() throws Exception {
    first = new Sims(1);
    second = new Sims(2);
    rig = new CaseRig("concurrency");
    for (int i = 0; i < 6; i++) {
      MODEL.put("p" + i, config("p" + i, i % 2 == 0 ? Plugin.SOLOPOOL : Plugin.MMFP, first));
    }
    service = rig.service(List.copyOf(MODEL.values()), Duration.ofSeconds(5), b -> b.ticker(TIME.ticker).tileTtl(TTL));

    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch started = new CountDownLatch(READERS);
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < READERS; r++) {
      int seed = r;
      Thread t = new Thread(() -> read(seed, stop, started), "reliability-reader-" + r);
      t.start();
      readers.add(t);
    }
    started.await(30, TimeUnit.SECONDS);
    Random random = new Random(20261130);
    int next = 6;
    for (changesMade = 0; changesMade < CHANGES; changesMade++) {
      awaitReads(READS.get() + READERS / 2); // let the readers meet every state
      List<String> ids = new ArrayList<>(MODEL.keySet());
      String id = ids.isEmpty() ? null : ids.get(random.nextInt(ids.size()));
      switch (random.nextInt(7)) {
        case 0:
          String added = "p" + next++;
          PoolConfig c = config(added, random.nextBoolean() ? Plugin.SOLOPOOL : Plugin.MMFP, random.nextBoolean() ? first : second);
          service.putPool(c);
          MODEL.put(added, c);
          break;
        case 1:
        case 2:
          if (id != null) { // replace: the same pool, now read from the other simulator
            PoolConfig old = MODEL.get(id);
            Sims other = old.apiBaseUrl().orElseThrow().equals(first.sim(plugin(old)).baseUrl()) ? second : first;
            PoolConfig moved = config(id, plugin(old), other).toBuilder().enabled(old.enabled()).build();
            service.putPool(moved);
            MODEL.put(id, moved);
          }
          break;
        case 3:
          if (id != null && MODEL.size() > 2) {
            assertThat(service.removePool(id)).isTrue();
            MODEL.remove(id);
          }
          break;
        case 4:
          if (id != null) {
            PoolConfig toggled = MODEL.get(id).toBuilder().enabled(!MODEL.get(id).enabled()).build();
            service.putPool(toggled);
            MODEL.put(id, toggled);
          }
          break;
        case 5:
          if (random.nextBoolean() && id != null) {
            service.invalidate(id);
          } else {
            service.invalidateAll();
          }
          break;
        default:
          TIME.advance(Duration.ofSeconds(1 + random.nextInt(40)));
          break;
      }
    }
    stop.set(true);
    for (Thread t : readers) {
      t.join(60_000);
      if (t.isAlive()) {
        PROBLEMS.add(t.getName() + " still blocked 60 s after the changes stopped");
      }
    }
  }

  /** Waits (at most 10 s) until the readers have made {@code target} reads in all. */
  private static void awaitReads(long target) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    synchronized (READS) {
      while (READS.get() < target && System.nanoTime() < end && PROBLEMS.isEmpty()) {
        READS.wait(100);
      }
    }
  }

  @AfterAll
  static void stop() {
    rig.close();
    first.close();
    second.close();
  }

  @Test
  @Order(4)
  void nothingLeaksAfterClose() throws Exception {
    Scorecard.check(
        CONCURRENCY, 4, "close after the storm",
        "no call left running, no connection leaked, every thread ended",
        () -> rig.closeAndCheckLeaks());
  }

  private static Plugin plugin(PoolConfig c) {
    return c.poolType().equals("solopool") ? Plugin.SOLOPOOL : Plugin.MMFP;
  }

  private static PoolConfig config(String id, Plugin plugin, Sims sims) {
    return sims.healthyPool(plugin, id);
  }

  /** One reader: reads until told to stop, checking that every answer hangs together. */
  private static void read(int seed, AtomicBoolean stop, CountDownLatch started) {
    Random random = new Random(seed);
    started.countDown();
    while (!stop.get()) {
      try {
        switch (random.nextInt(4)) {
          case 0:
            PlatformTiles p = service.platformTiles().get(30, TimeUnit.SECONDS);
            if (p.tile1Health().totalPools() > 64) {
              PROBLEMS.add("platform tiles count " + p.tile1Health().totalPools() + " pools");
            }
            break;
          case 1:
            Map<String, PoolTileSet> all = service.poolTiles().get(30, TimeUnit.SECONDS);
            all.forEach(
                (id, set) -> {
                  if (!id.equals(set.poolId()) || set.tiles() == null) {
                    PROBLEMS.add("entry " + id + " holds the tiles of " + set.poolId());
                  }
                });
            break;
          case 2:
            service.poolTiles("p" + random.nextInt(12)).get(30, TimeUnit.SECONDS)
                .filter(set -> !set.poolId().startsWith("p"))
                .ifPresent(set -> PROBLEMS.add("tiles of an unknown pool " + set.poolId()));
            break;
          default:
            service.health("p" + random.nextInt(12)).get(30, TimeUnit.SECONDS);
            break;
        }
        READS.incrementAndGet();
        synchronized (READS) {
          READS.notifyAll();
        }
      } catch (Exception e) {
        PROBLEMS.add(Thread.currentThread().getName() + ": " + e);
        return;
      }
    }
  }

  @Test
  @Order(1)
  void noReadFailsWhilePoolsChange() throws Exception {
    Scorecard.check(
        CONCURRENCY, 1, READERS + " readers while " + CHANGES + " changes are made",
        "every read completes (within 30 s) without an exception",
        () -> {
          assertThat(PROBLEMS).as("problems seen by the readers").isEmpty();
          assertThat(READS.get()).as("reads").isGreaterThan(READERS);
          return READS.get() + " reads, none failed or blocked, during " + changesMade + " changes (adds, replacements, "
              + "disables, removals, invalidations, ticker moves)";
        });
  }

  @Test
  @Order(2)
  void theFinalStateIsTheLastChanges() throws Exception {
    Scorecard.check(
        CONCURRENCY, 2, "final pool list",
        "`pools()` is exactly the last configuration of every pool, in order",
        () -> {
          assertThat(service.pools()).containsExactlyElementsOf(MODEL.values());
          List<String> enabled = MODEL.values().stream().filter(PoolConfig::enabled).map(PoolConfig::id).toList();
          assertThat(service.poolTiles().get(30, TimeUnit.SECONDS).keySet()).containsExactlyElementsOf(enabled);
          assertThat(service.platformTiles().get(30, TimeUnit.SECONDS).tile1Health().totalPools()).isEqualTo(enabled.size());
          return MODEL.size() + " pools (" + enabled.size() + " enabled) as last set; tiles and platform count agree";
        });
  }

  @Test
  @Order(3)
  void noEntryIsStale() throws Exception {
    Scorecard.check(
        CONCURRENCY, 3, "no entry stale forever",
        "every pool's tiles come from its last configuration, at once and after two tile windows",
        () -> {
          assertFresh();
          TIME.advance(TTL.multipliedBy(2).plusSeconds(1));
          service.poolTiles().get(30, TimeUnit.SECONDS); // the first read past the window starts refreshes
          assertFresh();
          return "each of " + MODEL.size() + " pools shows the figures of the simulator it was last pointed at";
        });
  }

  private static void assertFresh() throws Exception {
    Map<String, PoolTileSet> tiles = service.poolTiles().get(30, TimeUnit.SECONDS);
    for (PoolConfig c : MODEL.values()) {
      if (!c.enabled()) {
        continue;
      }
      Sims from = c.apiBaseUrl().orElseThrow().equals(first.sim(plugin(c)).baseUrl()) ? first : second;
      Double expected = reference(from, plugin(c));
      assertThat(tiles.get(c.id()).tiles().poolHashrate()).as("hash rate of %s", c.id()).isEqualTo(expected);
    }
  }

  private static final Map<String, Double> REFERENCE = new LinkedHashMap<>();

  /** The pool hash rate a fresh read of that simulator gives. */
  private static synchronized Double reference(Sims sims, Plugin p) throws Exception {
    if (!REFERENCE.containsKey("first " + p)) {
      try (CaseRig r = new CaseRig("reference")) {
        DashboardPoolService s =
            r.service(List.of(first.healthyPool(p, "a"), second.healthyPool(p, "b")), Duration.ofSeconds(5));
        Map<String, PoolTileSet> both = s.poolTiles().get(30, TimeUnit.SECONDS);
        REFERENCE.put("first " + p, both.get("a").tiles().poolHashrate());
        REFERENCE.put("second " + p, both.get("b").tiles().poolHashrate());
      }
      assertThat(REFERENCE.get("first " + p)).as("the two simulators differ").isNotNull().isNotEqualTo(REFERENCE.get("second " + p));
    }
    return REFERENCE.get((sims == first ? "first " : "second ") + p);
  }
}
