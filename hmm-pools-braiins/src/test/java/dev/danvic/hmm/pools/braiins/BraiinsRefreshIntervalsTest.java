package dev.danvic.hmm.pools.braiins;

import static dev.danvic.hmm.pools.braiins.BraiinsFixtures.NOW;
import static dev.danvic.hmm.pools.braiins.BraiinsFixtures.TOKEN;
import static dev.danvic.hmm.pools.braiins.BraiinsIntegration.PROFILE_PATH;
import static dev.danvic.hmm.pools.braiins.BraiinsIntegration.REWARDS_PATH;
import static dev.danvic.hmm.pools.braiins.BraiinsIntegration.STATS_PATH;
import static dev.danvic.hmm.pools.braiins.BraiinsIntegration.WORKERS_PATH;
import static org.assertj.core.api.Assertions.assertThat;

import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.PoolContext;
import dev.danvic.hmm.pools.core.HttpPoolTransport;
import dev.danvic.hmm.pools.core.PoolRegistry;
import dev.danvic.hmm.pools.testkit.Fixtures;
import dev.danvic.hmm.pools.testkit.ManualTime;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Braiins plugin on core's real transport, under its 5 s request spacing, on a manual clock,
 * ticker and scheduler: the first tiles after two requests (5 s on the ticker), a steady-state
 * refresh of two requests, and the slow endpoints fetched once, behind the tiles, and again only
 * when their interval has passed. Each HTTP call is recorded with the manual clock's time as it
 * starts; the server (loopback) confirms it saw as many.
 */
class BraiinsRefreshIntervalsTest {
  private static final Duration FIVE_S = Duration.ofSeconds(5);
  private static final Map<String, String> BODIES =
      Map.of(
          PROFILE_PATH, "braiins/profile-current.json",
          WORKERS_PATH, "braiins/workers-current.json",
          STATS_PATH, "braiins/stats.json",
          REWARDS_PATH, "braiins/rewards.json");

  private record Hit(String path, Instant at) {}

  private final ManualTime time = ManualTime.startingAt(NOW);
  private final List<Hit> hits = new CopyOnWriteArrayList<>();
  private MockWebServer server;
  private OkHttpClient appClient;
  private HttpPoolTransport transport;
  private PoolRegistry registry;
  private PoolConfig pool;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest r) {
            String path = r.getUrl().encodedPath();
            String body = BODIES.get(path);
            return body == null
                ? new MockResponse.Builder().code(404).build()
                : new MockResponse.Builder()
                    .code(200)
                    .setHeader("Content-Type", "application/json")
                    .body(Fixtures.read(body))
                    .build();
          }
        });
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    // each call is stamped as it starts, on the thread that moves the manual time
    appClient =
        new OkHttpClient.Builder()
            .eventListener(
                new EventListener() {
                  @Override
                  public void callStart(Call call) {
                    hits.add(new Hit(call.request().url().encodedPath(), time.clock().instant()));
                  }
                })
            .build();
    transport =
        HttpPoolTransport.builder()
            .okHttpClient(appClient)
            .clock(time.clock())
            .ticker(time.ticker())
            .scheduler(time.scheduler())
            .build();
    registry =
        PoolRegistry.builder().register(new BraiinsIntegration()).transport(transport).clock(time.clock()).build();
    pool =
        BraiinsFixtures.pool(TOKEN).toBuilder()
            .config(PoolConfig.API_BASE_URL, server.url("/").toString().replaceAll("/$", ""))
            .build();
  }

  @AfterEach
  void stop() {
    registry.close();
    transport.close();
    appClient.dispatcher().executorService().shutdown();
    appClient.connectionPool().evictAll();
    server.close();
    assertThat(server.getRequestCount()).as("requests the server saw").isEqualTo(hits.size());
  }

  @Test
  void theFirstTilesNeedTwoRequestsAndTheSlowEndpointsFollowBehindThem() throws Exception {
    CompletableFuture<DashboardTileData> first = registry.poolDashboardData(pool);
    // the profile went at 0 s; the statistics wait for 5 s, the workers for 10 s, the rewards 15 s
    assertThat(time.awaitPending(Duration.ofSeconds(15), Duration.ofSeconds(20))).isTrue();
    assertThat(time.pendingDelays()).contains(FIVE_S, Duration.ofSeconds(10), Duration.ofSeconds(15));
    assertThat(first).isNotDone();

    time.advance(FIVE_S);
    DashboardTileData tiles = first.get(20, TimeUnit.SECONDS);
    Duration firstTileAfter = Duration.between(NOW, time.clock().instant());
    assertThat(firstTileAfter).isEqualTo(FIVE_S);
    assertThat(paths()).containsExactly(PROFILE_PATH, STATS_PATH);
    assertThat(tiles.healthStatus()).isTrue();
    assertThat(tiles.activeWorkers()).isEqualTo(4);
    assertThat(tiles.poolHashrate()).isPositive();
    assertThat(tiles.blocksFound24h()).isNotNull();
    assertThat(tiles.healthMessage()).endsWith("not loaded: workers (loading), rewards (loading)");

    // workers and rewards are fetched behind the tiles, in their slots
    time.advance(FIVE_S);
    time.advance(FIVE_S);
    awaitKept(pool);
    assertThat(hits)
        .containsExactly(
            new Hit(PROFILE_PATH, NOW),
            new Hit(STATS_PATH, NOW.plusSeconds(5)),
            new Hit(WORKERS_PATH, NOW.plusSeconds(10)),
            new Hit(REWARDS_PATH, NOW.plusSeconds(15)));

    // the next tile window (30 s): the tiles wait for the profile only, carry every figure, and
    // the workers list is fetched behind them
    time.advance(Duration.ofSeconds(15));
    DashboardTileData second = registry.poolDashboardData(pool).get(20, TimeUnit.SECONDS);
    assertThat(Duration.between(NOW, time.clock().instant())).isEqualTo(Duration.ofSeconds(30));
    assertThat(second.poolHashrate()).isPositive();
    assertThat(second.healthMessage()).doesNotContain("not loaded");
    time.advance(FIVE_S);
    awaitKept(pool);
    assertThat(hits.subList(4, hits.size()))
        .containsExactly(new Hit(PROFILE_PATH, NOW.plusSeconds(30)), new Hit(WORKERS_PATH, NOW.plusSeconds(35)));

    // every tile window for the next minutes: two requests each, one waited for
    for (int i = 0; i < 8; i++) {
      time.advance(Duration.ofSeconds(25));
      assertThat(registry.poolDashboardData(pool).get(20, TimeUnit.SECONDS).poolHashrate()).isPositive();
      time.advance(FIVE_S);
      awaitKept(pool);
    }
    assertThat(time.clock().instant()).isEqualTo(NOW.plusSeconds(275));
    assertThat(count(PROFILE_PATH)).isEqualTo(10);
    assertThat(count(WORKERS_PATH)).isEqualTo(10);
    assertThat(count(STATS_PATH)).isEqualTo(1);
    assertThat(count(REWARDS_PATH)).isEqualTo(1);

    // past the statistics' 5 min (fetched at 5 s; now 330 s): waited for once more
    time.advance(Duration.ofSeconds(55));
    CompletableFuture<DashboardTileData> due = registry.poolDashboardData(pool);
    assertThat(time.awaitPending(FIVE_S, Duration.ofSeconds(20))).isTrue();
    time.advance(FIVE_S);
    assertThat(due.get(20, TimeUnit.SECONDS).poolHashrate()).isPositive();
    time.advance(FIVE_S);
    awaitKept(pool);
    assertThat(count(STATS_PATH)).isEqualTo(2);
    assertThat(count(REWARDS_PATH)).isEqualTo(1);
    assertThat(hits.get(hits.size() - 2)).isEqualTo(new Hit(STATS_PATH, NOW.plusSeconds(335)));
  }

  /**
   * Waits for the background fetches of the workers and rewards to be kept: asking for the same
   * requests joins a fetch still running, or is answered from what core keeps, without a request
   * (the hit lists the test asserts afterwards would show one).
   */
  private void awaitKept(PoolConfig p) throws Exception {
    BraiinsEndpoints api = BraiinsEndpoints.of(p);
    PoolContext ctx = transport.context(p.id(), time.clock().instant().plusSeconds(30));
    ctx.getJson(api.request(WORKERS_PATH).withRefreshInterval(BraiinsIntegration.WORKERS_REFRESH)).get(20, TimeUnit.SECONDS);
    ctx.getJson(api.request(REWARDS_PATH).withRefreshInterval(BraiinsIntegration.REWARDS_REFRESH)).get(20, TimeUnit.SECONDS);
  }

  private List<String> paths() {
    return hits.stream().map(Hit::path).toList();
  }

  private long count(String path) {
    return hits.stream().filter(h -> h.path().equals(path)).count();
  }
}
