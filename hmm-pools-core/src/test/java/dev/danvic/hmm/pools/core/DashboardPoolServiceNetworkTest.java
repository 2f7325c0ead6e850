package dev.danvic.hmm.pools.core;

import static dev.danvic.hmm.pools.core.DashboardPoolServiceTest.await;
import static dev.danvic.hmm.pools.core.DashboardPoolServiceTest.pool;
import static org.assertj.core.api.Assertions.assertThat;

import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.PoolApiException;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.PoolContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The service fills missing network figures from each coin's source, caching and failing per source. */
class DashboardPoolServiceNetworkTest {
  static final Instant NOW = Instant.parse("2026-02-05T12:00:00Z");
  final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  final FakeTransport transport = new FakeTransport(clock);
  final FakeTicker ticker = new FakeTicker();
  final FakePlugin solo = new FakePlugin("solopool");
  final FakePlugin braiins = new FakePlugin("braiins", List.of("BTC"), true);
  final List<AutoCloseable> toClose = new ArrayList<>();
  PoolRegistry registry;

  @BeforeEach
  void setUp() {
    registry = PoolRegistry.builder().register(solo).register(braiins).transport(transport).clock(clock).build();
    solo.tiles((p, c) -> done(DashboardTileData.builder(c.now()).currency("BTC").networkDifficulty(1e14).poolHashrate(5e15).build()));
    braiins.tiles((p, c) -> done(DashboardTileData.builder(c.now()).currency("BTC").poolHashrate(1e12).userHashrate(1e12).build()));
  }

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
    registry.close();
  }

  static <T> CompletableFuture<T> done(T v) {
    return CompletableFuture.completedFuture(v);
  }


  DashboardPoolService service(DashboardPoolService.Builder b) {
    DashboardPoolService s = b.ticker(ticker).build();
    toClose.add(s);
    return s;
  }

  DashboardPoolService.Builder builder(PoolConfig... pools) {
    // the read budget never runs out here: these tests are about network figures, not the budget
    return DashboardPoolService.builder(registry).pools(List.of(pools)).budgetTimer(budget -> new java.util.concurrent.CompletableFuture<>());
  }


  @Test
  void aPoolWithoutDifficultyGetsTheSiblingPoolsAndEverythingThatFollows() throws Exception {
    DashboardPoolService svc = service(builder(pool("braiins-1", "braiins"), pool("solo-1", "solopool")));

    Map<String, PoolTileSet> tiles = await(svc.poolTiles());

    PoolTileSet b = tiles.get("braiins-1");
    assertThat(b.tiles().networkDifficulty()).isEqualTo(1e14);
    assertThat(b.tiles().poolPercentage()).isNotNull();
    assertThat(b.tiles().estimatedTimeToBlock()).isEqualTo("13610 years");
    assertThat(b.tiles().userBlockOdds24h()).isPositive();
    assertThat(b.network().source()).isEqualTo("sibling");
    assertThat(b.network().detail()).isEqualTo("sibling pool 'solo-1'");
    // the sibling itself is untouched and says its figures are its own
    assertThat(tiles.get("solo-1").network()).isEqualTo(NetworkOrigin.pool());
    assertThat(tiles.get("solo-1").tiles().poolPercentage()).isNull();
    // the aggregate sees the filled figure too
    PlatformTiles platform = await(svc.platformTiles());
    assertThat(platform.byCoin().get("BTC").networkDifficulty()).isNotNull();
    // one pool read alone is filled from what the service has seen
    assertThat(await(svc.poolTiles("braiins-1")).orElseThrow().tiles().networkDifficulty()).isEqualTo(1e14);
    assertThat(transport.opened).noneMatch(o -> o.scope().startsWith("network:"));
  }

  @Test
  void withoutASiblingTheFiguresStayNullAndTheStatusSaysWhy() throws Exception {
    DashboardPoolService svc = service(builder(pool("braiins-1", "braiins")));

    PoolTileSet b = await(svc.poolTiles()).get("braiins-1");

    assertThat(b.tiles().networkDifficulty()).isNull();
    assertThat(b.tiles().estimatedTimeToBlockSeconds()).isNull();
    assertThat(b.network()).isNull();
    assertThat(svc.networkStatus())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.coin()).isEqualTo("BTC");
              assertThat(s.source()).isEqualTo("sibling");
              assertThat(s.difficulty()).isNull();
              assertThat(s.error()).isEqualTo("no other watched BTC pool has reported a network difficulty recently");
            });
  }

  @Test
  void aRemovedPoolIsNoLongerASibling() throws Exception {
    DashboardPoolService svc = service(builder(pool("braiins-1", "braiins"), pool("solo-1", "solopool")));
    assertThat(await(svc.poolTiles()).get("braiins-1").tiles().networkDifficulty()).isEqualTo(1e14);

    svc.removePool("solo-1");
    svc.invalidate("braiins-1");

    PoolTileSet b = await(svc.poolTiles()).get("braiins-1");
    assertThat(b.tiles().networkDifficulty()).isNull();
    assertThat(b.network()).isNull();
    assertThat(svc.networkStatus().get(0).error()).startsWith("no other watched BTC pool");
  }

  @Test
  void aFilledFigureIsNeverPassedOnAsASiblingsOwn() throws Exception {
    DashboardPoolService svc = service(builder(pool("braiins-1", "braiins"), pool("braiins-2", "braiins")));
    assertThat(await(svc.poolTiles()).values()).allSatisfy(s -> assertThat(s.tiles().networkDifficulty()).isNull());
  }

  @Test
  void aSiblingsDifficultyIsUsedForTheNetworkTtlAndShownWithItsAge() throws Exception {
    DashboardPoolService svc =
        service(builder(pool("braiins-1", "braiins"), pool("solo-1", "solopool")).tileTtl(Duration.ofMinutes(10)).networkTtl(Duration.ofMinutes(5)));
    await(svc.poolTiles());
    ticker.advance(Duration.ofSeconds(90));

    NetworkSourceStatus status = svc.networkStatus().get(0);
    assertThat(status.difficulty()).isEqualTo(1e14);
    assertThat(status.networkHashrate()).isCloseTo(7.158278826666667e20, org.assertj.core.data.Percentage.withPercentage(1e-9));
    assertThat(status.ageSeconds()).isEqualTo(90.0);
    assertThat(status.observedAt()).isEqualTo(NOW);
    assertThat(status.error()).isNull();

    // the sibling's tiles are still cached (tile TTL 10 min) but its figure is now too old to use
    ticker.advance(Duration.ofMinutes(4));
    assertThat(await(svc.poolTiles("braiins-1")).orElseThrow().tiles().networkDifficulty()).isNull();
  }

  @Test
  void aConfiguredSourceIsAskedOncePerTtlThroughTheTransport() throws Exception {
    CountingSource source = new CountingSource();
    DashboardPoolService svc =
        service(builder(pool("braiins-1", "braiins"), pool("solo-1", "solopool")).networkSource("btc", source).networkTtl(Duration.ofMinutes(5)));

    Map<String, PoolTileSet> tiles = await(svc.poolTiles());
    await(svc.poolTiles());
    await(svc.poolTiles("braiins-1"));

    assertThat(source.calls).hasValue(1);
    assertThat(transport.opened).anyMatch(o -> o.scope().equals("network:BTC") && o.deadline().equals(NOW.plusSeconds(10)));
    PoolTileSet b = tiles.get("braiins-1");
    assertThat(b.tiles().networkDifficulty()).isEqualTo(2e14);
    assertThat(b.tiles().poolPercentage()).isEqualTo(1e12 / 1e21 * 100);
    assertThat(b.network().source()).isEqualTo("custom");
    // a pool's own figure wins over the configured source
    assertThat(tiles.get("solo-1").tiles().networkDifficulty()).isEqualTo(1e14);

    ticker.advance(Duration.ofMinutes(5).plusSeconds(1));
    await(svc.poolTiles());
    assertThat(source.calls).hasValue(2);
  }

  @Test
  void aFailingSourceLeavesTheFiguresNullSaysWhyAndIsAskedAgainAfterThirtySeconds() throws Exception {
    CountingSource source = new CountingSource();
    source.failure = new PoolApiException(PoolApiException.Kind.CONNECTION, 0, "http://127.0.0.1:1/", "connection refused by http://127.0.0.1:1/");
    DashboardPoolService svc = service(builder(pool("braiins-1", "braiins")).networkSource("BTC", source));

    PoolTileSet b = await(svc.poolTiles()).get("braiins-1");

    assertThat(b.tiles().healthStatus()).isTrue();
    assertThat(b.tiles().networkDifficulty()).isNull();
    assertThat(b.tiles().poolPercentage()).isNull();
    assertThat(b.network()).isNull();
    assertThat(svc.networkStatus())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.source()).isEqualTo("custom");
              assertThat(s.error()).isEqualTo("connection refused by http://127.0.0.1:1/");
              assertThat(s.difficulty()).isNull();
            });

    ticker.advance(Duration.ofSeconds(29));
    await(svc.poolTiles());
    assertThat(source.calls).hasValue(1);
    source.failure = null;
    ticker.advance(Duration.ofSeconds(2));
    assertThat(await(svc.poolTiles()).get("braiins-1").tiles().networkDifficulty()).isEqualTo(2e14);
    assertThat(source.calls).hasValue(2);
    assertThat(svc.networkStatus().get(0).error()).isNull();
  }

  @Test
  void aSourceThatThrowsOrNeverAnswersNeverFailsATile() throws Exception {
    NetworkSource throwing =
        new CountingSource() {
          @Override
          public CompletableFuture<NetworkFigures> fetch(String coin, PoolContext http) {
            throw new IllegalArgumentException("bug in a custom source");
          }
        };
    DashboardPoolService svc = service(builder(pool("braiins-1", "braiins")).networkSource("BTC", throwing));
    assertThat(await(svc.poolTiles()).get("braiins-1").tiles().healthStatus()).isTrue();
    assertThat(svc.networkStatus().get(0).error()).isNotBlank();

    NetworkSource silent =
        new CountingSource() {
          @Override
          public CompletableFuture<NetworkFigures> fetch(String coin, PoolContext http) {
            return new CompletableFuture<>();
          }
        };
    DashboardPoolService svc2 =
        service(builder(pool("braiins-1", "braiins")).networkSource("BTC", silent).deadline(Duration.ofMillis(200)));
    PoolTileSet b = await(svc2.poolTiles()).get("braiins-1");
    assertThat(b.tiles().healthStatus()).isTrue();
    assertThat(b.tiles().networkDifficulty()).isNull();
    assertThat(svc2.networkStatus().get(0).error()).isEqualTo("timed out after 200 ms");
  }

  @Test
  void aSecretOfTheSourceNeverReachesTheStatus() throws Exception {
    CountingSource source = new CountingSource();
    source.secret = "hunter2-rpc-password";
    source.failure = new IllegalStateException("node said: bad password hunter2-rpc-password");
    DashboardPoolService svc = service(builder(pool("braiins-1", "braiins")).networkSource("BTC", source));
    await(svc.poolTiles());
    assertThat(svc.networkStatus().toString()).doesNotContain("hunter2").contains("[redacted]");
  }

  /** A source that counts its reads and answers D = 2e14 (or as set) with 1e21 H/s, or fails when told to. */
  static class CountingSource implements NetworkSource {
    final AtomicInteger calls = new AtomicInteger();
    volatile double difficulty = 2e14;
    volatile RuntimeException failure;
    volatile String secret;

    @Override
    public String kind() {
      return "custom";
    }

    @Override
    public String description() {
      return "a test source";
    }

    @Override
    public List<String> secretValues() {
      return secret == null ? List.of() : List.of(secret);
    }

    @Override
    public CompletableFuture<NetworkFigures> fetch(String coin, PoolContext http) {
      calls.incrementAndGet();
      RuntimeException f = failure;
      return f != null
          ? CompletableFuture.failedFuture(f)
          : CompletableFuture.completedFuture(new NetworkFigures(difficulty, 1e21, http.now(), "custom", "a test source"));
    }
  }
}
