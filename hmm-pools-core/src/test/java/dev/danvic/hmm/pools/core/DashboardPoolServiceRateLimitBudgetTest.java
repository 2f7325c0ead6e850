package dev.danvic.hmm.pools.core;

import static dev.danvic.hmm.pools.core.TransportTestSupport.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.PoolContext;
import dev.danvic.hmm.pools.PoolRequest;
import dev.danvic.hmm.pools.core.PoolChangeEvent.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard never waits on its slowest pool: a read waits, within its budget, only for the
 * pools that can still answer within it. A pool whose next request the transport holds back for
 * its rate-limit slot until after the budget is given as loading at once. Real HTTP on loopback,
 * time on a {@link ManualTime} shared by the transport and the service; the budget timer never
 * ends on its own, so a read that answers did so without waiting out its budget.
 */
class DashboardPoolServiceRateLimitBudgetTest {
  static final String TOKEN = "tok-SECRET-5c1d";

  MockWebServer server;
  ManualTime time;
  HttpPoolTransport transport;
  PoolRegistry registry;
  DashboardPoolService service;
  final List<CompletableFuture<Void>> budgets = new ArrayList<>();
  /** The paths the server was asked for. */
  final List<String> paths = new java.util.concurrent.CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    server = TransportTestSupport.startServer();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String path = request.getUrl().encodedPath();
            paths.add(path);
            return TransportTestSupport.json(200, path.endsWith("/blocks") ? "{\"blocks\": 2}" : "{\"hashrate\": 1.5e12}");
          }
        });
    time = new ManualTime(T0);
    transport =
        HttpPoolTransport.builder().clock(time.clock()).ticker(time.ticker()).scheduler(time.scheduler()).build();
  }

  @AfterEach
  void tearDown() {
    if (service != null) {
      service.close();
    }
    if (registry != null) {
      registry.close();
    }
    transport.close();
    server.close();
  }

  /** A fast pool "p1" and a pool "p2" whose second request is spaced {@code interval} after its first. */
  void start(Duration interval) {
    registry =
        PoolRegistry.builder()
            .register(new HttpFakePlugin())
            .register(new SpacedPlugin(interval))
            .transport(transport)
            .clock(time.clock())
            .build();
    String base = server.url("/api").toString();
    service =
        DashboardPoolService.builder(registry)
            .pools(
                List.of(
                    PoolConfig.builder().id("p1").name("p1").poolType("httpfake").url("127.0.0.1").port(3333)
                        .config(Map.of(PoolConfig.API_BASE_URL, base)).build(),
                    PoolConfig.builder().id("p2").name("p2").poolType("spaced").url("127.0.0.1").port(3333)
                        .apiKey(TOKEN).config(Map.of(PoolConfig.API_BASE_URL, base)).build()))
            .ticker(time.ticker())
            .clock(time.clock())
            .budgetTimer(
                budget -> {
                  CompletableFuture<Void> over = new CompletableFuture<>();
                  synchronized (budgets) {
                    budgets.add(over);
                  }
                  return over; // never ends unless a test says so
                })
            .build();
  }

  static <T> T await(CompletableFuture<T> f) throws Exception {
    return f.get(30, TimeUnit.SECONDS); // a safety net on a loaded machine, never a timing assertion
  }

  @Test
  void aReadAnswersWhenTheFastPoolDoesWithThePoolHeldPastItsBudgetLoadingAndAnnouncesItLater() throws Exception {
    start(Duration.ofSeconds(5));
    EventRecorder events = new EventRecorder();
    service.addListener(events);

    Map<String, PoolTileSet> first = await(service.poolTiles());

    assertThat(budgets).as("the budget was asked for but never ended").hasSize(1).noneMatch(CompletableFuture::isDone);
    assertThat(first.get("p1").healthState()).isEqualTo("healthy");
    PoolTileSet held = first.get("p2");
    assertThat(held.loading()).isTrue();
    assertThat(held.tiles().healthMessage())
        .startsWith("loading: waiting for the first answer of Spaced fake")
        .contains("rate-limit slot, in about 5 s")
        .doesNotContain(TOKEN);
    // the read may answer as the transport tells of the hold, just before it schedules the request
    assertThat(time.awaitPending(Duration.ofSeconds(5), Duration.ofSeconds(30)))
        .as("the spaced request waits 5 s for its slot")
        .isTrue();
    assertThat(HmmPoolsJson.mapper().writeValueAsString(first)).doesNotContain(TOKEN);
    PlatformTiles platform = await(service.platformTiles());
    assertThat(platform.tile1Health().loadingPools()).isEqualTo(1);
    assertThat(platform.tile1Health().healthyPools()).isEqualTo(1);
    assertThat(HmmPoolsJson.mapper().writeValueAsString(platform)).doesNotContain(TOKEN);

    time.advance(Duration.ofSeconds(5)); // the slot comes: the second request is sent
    PoolChangeEvent arrived = events.await(Kind.TILES_REFRESHED);
    while (!arrived.poolId().equals("p2")) {
      arrived = events.await(Kind.TILES_REFRESHED);
    }
    CompletableFuture<PlatformTiles> after = service.platformTiles();
    assertThat(after).as("every pool has answered: no wait").isDone();
    assertThat(after.join().tile1Health().healthyPools()).isEqualTo(2);
    assertThat(after.join().tile1Health().loadingPools()).isZero();
  }

  @Test
  void aPoolWhoseSpacedRequestFallsWithinTheBudgetIsStillWaitedFor() throws Exception {
    start(Duration.ofMillis(500));
    CompletableFuture<Map<String, PoolTileSet>> read = service.poolTiles();
    assertThat(time.awaitPending(Duration.ofMillis(500), Duration.ofSeconds(30)))
        .as("the second request waits 500 ms for its slot")
        .isTrue();
    assertThat(read).as("a slot within the budget: the pool can still answer").isNotDone();

    time.advance(Duration.ofMillis(500));
    Map<String, PoolTileSet> tiles = await(read);
    assertThat(tiles.get("p2").loading()).isFalse();
    assertThat(tiles.get("p2").healthState()).isEqualTo("healthy");
    assertThat(tiles.get("p1").healthState()).isEqualTo("healthy");
    assertThat(budgets).as("answered by the pools, not by the budget").noneMatch(CompletableFuture::isDone);
  }

  @Test
  void eachReadJudgesByItsOwnBudgetAndThePoolPathToo() throws Exception {
    start(Duration.ofMillis(1500)); // the second request starts 1.5 s after the first
    PoolTileSet early = await(service.poolTiles("p2")).orElseThrow();
    assertThat(early.loading()).as("a read ending at 1 s cannot get a request starting at 1.5 s").isTrue();
    assertThat(early.tiles().healthMessage()).contains("rate-limit slot, in about 2 s");
    assertThat(time.awaitPending(Duration.ofMillis(1500), Duration.ofSeconds(30))).isTrue();

    time.advance(Duration.ofMillis(800)); // a read now ends at 1.8 s, after the slot
    CompletableFuture<Optional<PoolTileSet>> later = service.poolTiles("p2");
    CompletableFuture<PlatformTiles> laterPlatform = service.platformTiles();
    assertThat(later).as("this read's budget reaches the slot: it waits").isNotDone();
    assertThat(laterPlatform).isNotDone();

    time.advance(Duration.ofMillis(700));
    assertThat(await(later).orElseThrow().healthState()).isEqualTo("healthy");
    assertThat(await(laterPlatform).tile1Health().healthyPools()).isEqualTo(2);
    assertThat(budgets).noneMatch(CompletableFuture::isDone);
  }

  @Test
  void aSlotReservedInASharedStoreIsAHoldToo() throws Exception {
    MemoryTileStore store = new MemoryTileStore(time.ticker());
    transport.close();
    transport =
        HttpPoolTransport.builder()
            .clock(time.clock())
            .ticker(time.ticker())
            .scheduler(time.scheduler())
            .sharedSpacing(store)
            .build();
    start(Duration.ofSeconds(5));
    // another process sharing the store has just sent this token's request: ours waits 5 s
    String digest = dev.danvic.hmm.pools.core.internal.KeyedRateLimiter.digest("spaced:" + TOKEN);
    assertThat(await(store.reserve(digest, Duration.ofSeconds(5), Duration.ofMinutes(1)))).hasValue(Duration.ZERO);

    Map<String, PoolTileSet> first = await(service.poolTiles());
    assertThat(first.get("p1").healthState()).isEqualTo("healthy");
    assertThat(first.get("p2").loading()).isTrue();
    assertThat(first.get("p2").tiles().healthMessage()).contains("rate-limit slot, in about 5 s").doesNotContain(TOKEN);
    assertThat(budgets).noneMatch(CompletableFuture::isDone);
    assertThat(store.seen).as("the store sees digests, never the token").noneMatch(k -> k.contains(TOKEN));
  }

  @Test
  void closingTheServiceEndsAReadWaitingForAHeldPoolAndItsHeldRequest() throws Exception {
    start(Duration.ofMillis(500));
    CompletableFuture<Map<String, PoolTileSet>> read = service.poolTiles();
    assertThat(time.awaitPending(Duration.ofMillis(500), Duration.ofSeconds(30))).isTrue();

    service.close();
    assertThat(await(read).get("p2").tiles().healthStatus()).as("answered at once on close").isFalse();
    time.advance(Duration.ofSeconds(1));
    assertThat(paths).as("the held request of the cancelled load is never sent").contains("/api/a").doesNotContain("/api/b");
  }

  /**
   * Tiles from two requests under one rate limit (like Braiins): {@code /a} at once, then {@code
   * /b}, which the transport spaces {@code interval} after it.
   */
  static final class SpacedPlugin extends HttpFakePlugin {
    private final Duration interval;

    SpacedPlugin(Duration interval) {
      this.interval = interval;
    }

    @Override
    public String poolType() {
      return "spaced";
    }

    @Override
    public String displayName() {
      return "Spaced fake";
    }

    @Override
    public boolean requiresApiKey() {
      return true;
    }

    @Override
    public CompletableFuture<DashboardTileData> dashboardData(PoolConfig pool, PoolContext context) {
      return request(pool, "/a", context)
          .thenCompose(a -> request(pool, "/b", context))
          .thenApply(b -> DashboardTileData.builder(context.now()).poolHashrate(b.path("hashrate").asDouble()).build());
    }

    private CompletableFuture<JsonNode> request(PoolConfig pool, String path, PoolContext context) {
      String token = pool.apiKey().orElseThrow();
      return context.getJson(
          PoolRequest.get(base(pool) + path)
              .withSecretHeader("Authorization", "Bearer " + token)
              .withRateLimit("spaced:" + token, interval));
    }
  }
}
