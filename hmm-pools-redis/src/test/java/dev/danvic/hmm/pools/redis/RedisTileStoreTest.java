package dev.danvic.hmm.pools.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.danvic.hmm.pools.core.TileStore;
import io.lettuce.core.SetArgs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store's promises on a real Redis, with three stores standing for three processes. */
class RedisTileStoreTest {
  private String url;
  private String prefix;
  private final List<RedisTileStore> stores = new ArrayList<>();

  @BeforeEach
  void redis() {
    url = TestRedis.url();
    prefix = TestRedis.prefix();
  }

  @AfterEach
  void close() {
    stores.forEach(RedisTileStore::close);
    if (url == null) {
      return; // skipped: no Redis to clean
    }
    TestRedis.with(url, r -> r.keys(prefix + "*").isEmpty() ? 0L : r.del(r.keys(prefix + "*").toArray(String[]::new)));
  }

  private RedisTileStore store() {
    RedisTileStore s = RedisTileStore.builder(url).prefix(prefix).build();
    stores.add(s);
    return s;
  }

  @Test
  void manyConcurrentLoadsInThreeProcessesRunTheLoaderOnceAndAllGetItsValue() {
    List<RedisTileStore> three = List.of(store(), store(), store());
    AtomicInteger loads = new AtomicInteger();
    CompletableFuture<TileStore.Loaded> slow = new CompletableFuture<>();
    List<CompletableFuture<String>> reads = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      reads.add(
          three.get(i % 3)
              .load(
                  "tiles:p1:abc",
                  Duration.ofSeconds(10),
                  () -> {
                    loads.incrementAndGet();
                    return slow;
                  }));
    }
    slow.complete(new TileStore.Loaded("{\"v\":1}", Duration.ofSeconds(30)));
    for (CompletableFuture<String> r : reads) {
      assertThat(r.join()).isEqualTo("{\"v\":1}");
    }
    assertThat(loads).hasValue(1);
    // later reads of any process take the stored value
    assertThat(three.get(2).load("tiles:p1:abc", Duration.ofSeconds(10), () -> fail()).join()).isEqualTo("{\"v\":1}");
    assertThat(loads).hasValue(1);
    long ttl = TestRedis.with(url, r -> r.pttl(prefix + "v:tiles:p1:abc"));
    assertThat(ttl).isBetween(1L, 30_000L);
  }

  @Test
  void aValueExpiresAfterItsTtlAndTheNextLoadAsksAgain() {
    RedisTileStore a = store();
    RedisTileStore b = store();
    a.load("k", Duration.ofSeconds(5), () -> done("first", Duration.ofMillis(200))).join();
    Poll.until(() -> TestRedis.with(url, r -> r.exists(prefix + "v:k")) == 0, "the value to expire");
    assertThat(b.load("k", Duration.ofSeconds(5), () -> done("second", Duration.ofSeconds(30))).join())
        .isEqualTo("second");
  }

  @Test
  void aLoaderThatDiedMidLoadIsReplacedWhenItsLeaseEnds() {
    // a process took the lease and died: its lease is there, no value ever comes
    TestRedis.with(url, r -> r.set(prefix + "l:k", "dead-process", SetArgs.Builder.px(600)));
    RedisTileStore b = store();
    AtomicInteger loads = new AtomicInteger();
    String v =
        b.load(
                "k",
                Duration.ofSeconds(5),
                () -> {
                  loads.incrementAndGet();
                  return done("from b", Duration.ofSeconds(30));
                })
            .join();
    assertThat(v).isEqualTo("from b");
    assertThat(loads).hasValue(1);
    // and the new loader released its own lease
    assertThat((long) TestRedis.with(url, r -> r.exists(prefix + "l:k"))).isZero();
  }

  @Test
  void aFailedLoadReleasesTheLeaseAndFailsOnlyItsOwnCaller() {
    RedisTileStore a = store();
    RedisTileStore b = store();
    CompletableFuture<String> failed =
        a.load("k", Duration.ofSeconds(30), () -> CompletableFuture.failedFuture(new IllegalStateException("pool down")));
    assertThatThrownBy(failed::join).hasRootCauseMessage("pool down");
    assertThat((long) TestRedis.with(url, r -> r.exists(prefix + "l:k"))).isZero();
    assertThat(b.load("k", Duration.ofSeconds(30), () -> done("b", Duration.ofSeconds(30))).join()).isEqualTo("b");
  }

  @Test
  void spacingIsSharedByEveryProcessAndARefusedSlotIsNotConsumed() {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
    List<RedisTileStore> three = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      RedisTileStore s = RedisTileStore.builder(url).prefix(prefix).spacingClock(clock).build();
      stores.add(s);
      three.add(s);
    }
    Duration five = Duration.ofSeconds(5);
    List<CompletableFuture<Optional<Duration>>> slots = new ArrayList<>();
    for (RedisTileStore s : three) {
      slots.add(s.reserve("digest-of-token", five, Duration.ofSeconds(60)));
    }
    List<Long> waits = slots.stream().map(f -> f.join().orElseThrow().toMillis()).sorted().toList();
    assertThat(waits).containsExactly(0L, 5000L, 10000L);
    // the next slot (15 s away) is past a 10 s deadline: refused, and still free for the next caller
    assertThat(three.get(0).reserve("digest-of-token", five, Duration.ofSeconds(10)).join()).isEmpty();
    assertThat(three.get(1).reserve("digest-of-token", five, Duration.ofSeconds(60)).join())
        .contains(Duration.ofSeconds(15));
    // another key has its own slots
    assertThat(three.get(2).reserve("other", five, Duration.ofSeconds(60)).join()).contains(Duration.ZERO);
    // once the time has passed, the key is free at once
    clock.advance(Duration.ofSeconds(25));
    assertThat(three.get(2).reserve("digest-of-token", five, Duration.ofSeconds(60)).join()).contains(Duration.ZERO);
  }

  @Test
  void spacingOnRedisClockWhenNoneIsGiven() {
    RedisTileStore a = store();
    RedisTileStore b = store();
    long t0 = System.nanoTime();
    long first = a.reserve("k", Duration.ofSeconds(5), Duration.ofSeconds(60)).join().orElseThrow().toMillis();
    long second = b.reserve("k", Duration.ofSeconds(5), Duration.ofSeconds(60)).join().orElseThrow().toMillis();
    long between = (System.nanoTime() - t0) / 1_000_000 + 1;
    assertThat(first).isZero();
    assertThat(second).isBetween(5000L - between, 5000L); // 5 s less the time between the two calls
  }

  @Test
  void aStoreThatCannotReachRedisFailsFastWithoutThePassword() {
    assertThatThrownBy(() -> RedisTileStore.builder("redis://:s3cret-pass@127.0.0.1:1").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("127.0.0.1:1")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret-pass"));
    assertThatThrownBy(() -> RedisTileStore.builder("http://127.0.0.1:6379"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("redis://");
  }

  private static CompletableFuture<TileStore.Loaded> done(String v, Duration ttl) {
    return CompletableFuture.completedFuture(new TileStore.Loaded(v, ttl));
  }

  private static CompletableFuture<TileStore.Loaded> fail() {
    throw new CompletionException(new AssertionError("no load expected"));
  }

  /** A clock tests move by hand. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
