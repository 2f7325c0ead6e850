package dev.danvic.hmm.pools.mmfp;

import static dev.danvic.hmm.pools.mmfp.Scripts.ENGINE_MINERS;
import static dev.danvic.hmm.pools.mmfp.Scripts.ENGINE_STATS;
import static dev.danvic.hmm.pools.mmfp.Scripts.HEALTH;
import static dev.danvic.hmm.pools.mmfp.Scripts.METRICS_MINERS;
import static dev.danvic.hmm.pools.mmfp.Scripts.METRICS_POOL;
import static dev.danvic.hmm.pools.mmfp.Scripts.NOW;
import static dev.danvic.hmm.pools.mmfp.Scripts.ORIGIN;
import static dev.danvic.hmm.pools.mmfp.Scripts.SEED_BLOCKS;
import static dev.danvic.hmm.pools.mmfp.Scripts.SEED_STATS;
import static dev.danvic.hmm.pools.mmfp.Scripts.fixture;
import static dev.danvic.hmm.pools.mmfp.Scripts.pool;
import static dev.danvic.hmm.pools.mmfp.Scripts.poolBuilder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.PoolApiException;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.testkit.ScriptedPoolContext;
import java.time.Instant;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The four tiles from every shape of the MMFP API, and the chain between the shapes. */
class MmfpDashboardTest {
  private static final Offset<Double> TINY = within(1e-12);
  private final MmfpIntegration plugin = new MmfpIntegration();

  private DashboardTileData tiles(ScriptedPoolContext ctx) {
    return plugin.dashboardData(pool(), ctx).join();
  }

  @Test
  void goSlimStratumMetricsFillEveryTileTheyCan() {
    DashboardTileData t = tiles(Scripts.goSlimStratum());

    assertThat(t.healthStatus()).isTrue();
    assertThat(t.latencyMs()).isEqualTo(12.5);
    assertThat(t.healthMessage()).contains("4 workers online", "MMFP v3.2.1");
    assertThat(t.activeWorkers()).isEqualTo(4); // active entries of metrics/miners, not active_miners (3)
    assertThat(t.currency()).isEqualTo("BTC");
    // the contract's test vector: D = 1e14, H = 1e12 H/s (the "5m" window) -> T = 4.294967296e11 s
    assertThat(t.networkDifficulty()).isEqualTo(1e14);
    assertThat(t.poolHashrate()).isEqualTo(1e12);
    assertThat(t.estimatedTimeToBlockSeconds()).isCloseTo(4.294967296e11, within(1.0));
    assertThat(t.estimatedTimeToBlock()).isEqualTo("13610 years"); // computed, not the server's "13609 years"
    assertThat(t.poolPercentage()).isEqualTo(1.397e-7); // the server's, in percent
    // shares: the 15-minute window
    assertThat(t.sharesValid()).isEqualTo(9900L);
    assertThat(t.sharesInvalid()).isEqualTo(60L);
    assertThat(t.sharesStale()).isEqualTo(40L);
    assertThat(t.rejectRate()).isCloseTo(1.0, TINY);
    // blocks_found (7) is all-time; no block list, so the 24 h count is unknown
    assertThat(t.blocksFound24h()).isNull();
    assertThat(t.lastBlockTime()).isNull();
    assertThat(t.estimatedEarnings24h()).isNull();
    assertThat(t.confirmedBalance()).isNull();
    assertThat(t.lastUpdated()).isEqualTo(NOW);
  }

  @Test
  void newerAllTimeSharesAndNumbersWrittenAsStrings() {
    ScriptedPoolContext ctx =
        Scripts.context()
            .json(HEALTH, fixture("health-ok.json"))
            .json(METRICS_POOL, fixture("metrics-pool-alltime.json"))
            .status(METRICS_MINERS, 404);
    DashboardTileData t = tiles(ctx);

    assertThat(t.sharesValid()).isEqualTo(123_456_789_012L); // beyond 2^31
    assertThat(t.sharesInvalid()).isEqualTo(1000L);
    assertThat(t.sharesStale()).isEqualTo(234L);
    assertThat(t.poolHashrate()).isEqualTo(2e12); // only a "1m" window
    assertThat(t.networkDifficulty()).isEqualTo(1e14);
    assertThat(t.activeWorkers()).isEqualTo(2); // active_miners, as metrics/miners is absent
    assertThat(t.estimatedTimeToBlockSeconds()).isCloseTo(4.294967296e11 / 2, within(1.0));
    assertThat(t.blocksFound24h()).isNull(); // "12" is all-time
  }

  @Test
  void aPoolPercentageWrittenAsAFractionIsReadAsPercent() {
    ScriptedPoolContext ctx =
        Scripts.context()
            .json(METRICS_POOL, fixture("metrics-pool-alltime.json")); // pool_percentage "2.794e-9" for 2e12 H/s
    DashboardTileData t = tiles(ctx);
    // 2e12 / (1e14 * 2^32 / 600) * 100 = 2.794e-7 percent
    assertThat(t.poolPercentage()).isCloseTo(2.794e-7, within(1e-12));
  }

  @Test
  void whatTheServerDoesNotSayStaysNullNotZero() {
    ScriptedPoolContext ctx = Scripts.context().json(METRICS_POOL, fixture("metrics-pool-sparse.json"));
    DashboardTileData t = tiles(ctx);

    assertThat(t.healthStatus()).isTrue();
    assertThat(t.latencyMs()).isNull(); // health probe unanswered
    assertThat(t.poolHashrate()).isNull();
    assertThat(t.networkDifficulty()).isNull(); // a difficulty of 0 is no difficulty
    assertThat(t.poolPercentage()).isNull();
    assertThat(t.activeWorkers()).isNull();
    assertThat(t.sharesValid()).isNull();
    assertThat(t.sharesInvalid()).isNull();
    assertThat(t.sharesStale()).isNull();
    assertThat(t.rejectRate()).isNull();
    assertThat(t.blocksFound24h()).isNull();
    // nothing to compute from: the server's own text is shown, with no seconds
    assertThat(t.estimatedTimeToBlockSeconds()).isNull();
    assertThat(t.estimatedTimeToBlock()).isEqualTo("never");
    assertThat(t.healthMessage()).isEqualTo("MMFP API answering");
  }

  @Test
  void theUsersOwnWorkersGiveTheUsersFigures() {
    PoolConfig withAccount = poolBuilder().username("bc1qexampleaddress").build();
    DashboardTileData t = plugin.dashboardData(withAccount, Scripts.goSlimStratum()).join();
    // rig1 (6e11, as a string) + rig2 (4e11); not the inactive one, not someone else's, not "...addressX"
    assertThat(t.userHashrate()).isEqualTo(1e12);
    assertThat(t.userEstimatedTimeToBlockSeconds()).isCloseTo(4.294967296e11, within(1.0));
    assertThat(t.userBlockOdds24h()).isCloseTo(2.01166e-7, within(1e-11));
    // the same workers are counted: rig1 and rig2, not the inactive one, someone else's or "...addressX"
    assertThat(t.activeWorkers()).isEqualTo(2);

    DashboardTileData everyone = tiles(Scripts.goSlimStratum()); // no account configured
    assertThat(everyone.userHashrate()).isNull();
    assertThat(everyone.activeWorkers()).isEqualTo(4);
  }

  @Test
  void theEngineCountsOnlyTheAccountsSessionsWhenAnAccountIsSet() {
    PoolConfig mine = poolBuilder().username("bc1qexampleaddress").build();
    assertThat(plugin.dashboardData(mine, Scripts.engine()).join().activeWorkers()).isEqualTo(2);

    PoolConfig someoneElse = poolBuilder().username("bc1qsomeoneelse").build();
    assertThat(plugin.dashboardData(someoneElse, Scripts.engine()).join().activeWorkers()).isZero();
  }

  @Test
  void absurdWorkerRatesThatAddUpToInfinityLeaveTheUsersRateUnknown() {
    String miners =
        "{\"workers\": ["
            + "{\"worker_name\": \"bc1qexampleaddress.rig1\", \"is_active\": true, \"current_hashrate\": 1e308},"
            + "{\"worker_name\": \"bc1qexampleaddress.rig2\", \"is_active\": true, \"current_hashrate\": 1e308}]}";
    ScriptedPoolContext ctx =
        Scripts.context()
            .json(HEALTH, fixture("health-ok.json"))
            .json(METRICS_POOL, fixture("metrics-pool-windowed.json"))
            .json(METRICS_MINERS, miners);
    PoolConfig withAccount = poolBuilder().username("bc1qexampleaddress").build();

    DashboardTileData t = plugin.dashboardData(withAccount, ctx).join();

    // before: the sum was Infinity, the tile refused it and the whole pool became an error tile
    assertThat(t.healthStatus()).isTrue();
    assertThat(t.userHashrate()).isNull();
    assertThat(t.poolHashrate()).isEqualTo(1e12);
  }

  @Test
  void aServerWhoseHealthIsNotOkKeepsItsFiguresButIsUnhealthy() {
    ScriptedPoolContext ctx = Scripts.goSlimStratum().json(HEALTH, fixture("health-degraded.json"));
    DashboardTileData t = tiles(ctx);
    assertThat(t.healthStatus()).isFalse();
    assertThat(t.healthMessage()).contains("MMFP reports status 'degraded'");
    assertThat(t.poolHashrate()).isEqualTo(1e12);
  }

  @Test
  void theEngineIsReadWhenMetricsPoolIsAbsent() {
    ScriptedPoolContext ctx = Scripts.engine();
    DashboardTileData t = tiles(ctx);

    assertThat(ctx.requestedUrls())
        .containsSubsequence(METRICS_POOL, ENGINE_STATS)
        .doesNotContain(SEED_STATS, SEED_BLOCKS);
    assertThat(t.healthStatus()).isTrue();
    assertThat(t.currency()).isEqualTo("BTC");
    assertThat(t.sharesValid()).isEqualTo(5000L);
    assertThat(t.sharesInvalid()).isEqualTo(25L);
    assertThat(t.sharesStale()).isEqualTo(5L);
    assertThat(t.rejectRate()).isCloseTo(30 * 100.0 / 5030, TINY);
    assertThat(t.activeWorkers()).isEqualTo(2); // sessions listed by /api/v1/miners
    assertThat(t.lastBlockTime()).isEqualTo(Instant.parse("2026-01-20T08:30:00.123456789Z"));
    // blocks_found 5 is all-time and the engine lists no blocks
    assertThat(t.blocksFound24h()).isNull();
    // the engine knows no hash rate or network
    assertThat(t.poolHashrate()).isNull();
    assertThat(t.networkDifficulty()).isNull();
    assertThat(t.estimatedTimeToBlock()).isNull();
    assertThat(t.healthMessage()).contains("2 workers online", "no hash rate");
  }

  @Test
  void theEngineIsReadForTheConfiguredCoin() {
    ScriptedPoolContext ctx =
        Scripts.context()
            .status(ORIGIN + "/api/v1/DGB/metrics/pool", 404)
            .json(ENGINE_STATS, fixture("engine-stats.json"))
            .json(ENGINE_MINERS, fixture("engine-miners.json"));
    DashboardTileData t = plugin.dashboardData(poolBuilder().config("coin", "dgb").build(), ctx).join();

    assertThat(ctx.requestedUrls()).contains(ORIGIN + "/api/v1/DGB/metrics/pool");
    assertThat(t.currency()).isEqualTo("DGB");
    assertThat(t.sharesValid()).isEqualTo(777L);
    assertThat(t.lastBlockTime()).isNull(); // Go's zero time means never
    assertThat(t.activeWorkers()).isZero(); // the engine lists only coins with sessions
  }

  @Test
  void withoutAConfiguredCoinTheEngineShowsBtcOrSaysWhatItChose() {
    ScriptedPoolContext ctx =
        Scripts.context().status(METRICS_POOL, 404).json(ENGINE_STATS, fixture("engine-stats-dgb-bch.json"));
    DashboardTileData t = tiles(ctx);
    assertThat(t.currency()).isEqualTo("DGB");
    assertThat(t.healthMessage()).contains("showing DGB of DGB, BCH; set config coin to choose");

    assertThat(tiles(Scripts.engine()).healthMessage()).contains("showing BTC of BTC, DGB");
  }

  @Test
  void aConfiguredCoinTheServerDoesNotMineIsAnError() {
    ScriptedPoolContext ctx =
        Scripts.context()
            .status(ORIGIN + "/api/v1/BCH/metrics/pool", 404)
            .json(ENGINE_STATS, fixture("engine-stats.json"));
    DashboardTileData t = plugin.dashboardData(poolBuilder().config("coin", "BCH").build(), ctx).join();
    assertThat(t.healthStatus()).isFalse();
    assertThat(t.healthMessage()).contains("serves BTC, DGB, not BCH", "config coin");
    assertThat(t.sharesValid()).isNull();
  }

  @Test
  void theSeedsStatsAndRecentBlocksAreTheLastResort() {
    ScriptedPoolContext ctx = Scripts.seed();
    DashboardTileData t = tiles(ctx);

    assertThat(ctx.requestedUrls()).containsSubsequence(METRICS_POOL, ENGINE_STATS, SEED_STATS);
    assertThat(t.healthStatus()).isTrue();
    assertThat(t.poolHashrate()).isEqualTo(1e12);
    assertThat(t.networkDifficulty()).isEqualTo(1e14);
    assertThat(t.estimatedTimeToBlockSeconds()).isCloseTo(4.294967296e11, within(1.0));
    assertThat(t.poolPercentage()).isCloseTo(1.3969838619e-7, within(1e-16)); // H / (D * 2^32 / 600) * 100
    assertThat(t.activeWorkers()).isEqualTo(4);
    assertThat(t.sharesValid()).isEqualTo(1000L);
    assertThat(t.sharesStale()).isNull();
    // BTC blocks at 11:00 today and 12:30 yesterday (ms); not the one 25 h ago, the DGB one, or the undated one
    assertThat(t.blocksFound24h()).isEqualTo(2);
    assertThat(t.lastBlockTime()).isEqualTo(Instant.parse("2026-02-05T11:00:00Z"));
  }

  @Test
  void anEmptyBlockListMeansZeroBlocksAndNoListMeansUnknown() {
    DashboardTileData empty = tiles(Scripts.seed().json(SEED_BLOCKS, fixture("seed-blocks-empty.json")));
    assertThat(empty.blocksFound24h()).isZero();

    DashboardTileData none = tiles(Scripts.seed().status(SEED_BLOCKS, 404));
    assertThat(none.blocksFound24h()).isNull(); // never the all-time blocks_found (40)
    assertThat(none.healthStatus()).isTrue();
  }

  @Test
  void aFlatSeedStatsIsReadToo() {
    DashboardTileData t = tiles(Scripts.seed().json(SEED_STATS, fixture("seed-stats-flat.json")));
    assertThat(t.poolHashrate()).isEqualTo(5e11);
    assertThat(t.networkDifficulty()).isEqualTo(1e14);
    assertThat(t.activeWorkers()).isEqualTo(1);
    assertThat(t.currency()).isEqualTo("BTC");
    assertThat(t.blocksFound24h()).isEqualTo(3); // every dated block within 24 h, any coin: the server named none
  }

  @Test
  void aSeedStatsWithCoinsAndRootFiguresReadsBoth() {
    // the seed's shape: the coin's shares under coins.DGB, its hash rate, difficulty and workers at the root
    DashboardTileData t = tiles(Scripts.seed().json(SEED_STATS, fixture("seed-stats-mixed.json")));
    assertThat(t.currency()).isEqualTo("DGB");
    assertThat(t.sharesValid()).isEqualTo(100L);
    assertThat(t.sharesInvalid()).isEqualTo(2L);
    assertThat(t.poolHashrate()).isEqualTo(1.5e12);
    assertThat(t.networkDifficulty()).isEqualTo(1e9);
    assertThat(t.activeWorkers()).isEqualTo(2);
    assertThat(t.estimatedTimeToBlockSeconds()).isCloseTo(1e9 * 4294967296.0 / 1.5e12, within(1e-3));
    assertThat(t.blocksFound24h()).isEqualTo(1); // the DGB block at 07:00 only

    // the coin's own figure wins; the root's figures are not mixed in when the root names another coin
    String otherRoot =
        "{\"coin\": \"BTC\", \"coins\": {\"DGB\": {\"shares_accepted\": 100, \"hashrate\": 2e12}},"
            + " \"hashrate\": 1.5e12, \"network_difficulty\": 1e14, \"workers\": 2}";
    DashboardTileData other = tiles(Scripts.seed().json(SEED_STATS, otherRoot));
    assertThat(other.currency()).isEqualTo("DGB");
    assertThat(other.poolHashrate()).isEqualTo(2e12);
    assertThat(other.networkDifficulty()).isNull();
    assertThat(other.activeWorkers()).isNull();
  }

  @Test
  void htmlFromAWebUiCountsAsAbsent() {
    String html = fixture("web-ui.html");
    ScriptedPoolContext ctx =
        Scripts.seed().respond(METRICS_POOL, 200, "text/html", html).respond(ENGINE_STATS, 200, "text/html", html);
    DashboardTileData t = tiles(ctx);
    assertThat(t.healthStatus()).isTrue();
    assertThat(t.blocksFound24h()).isEqualTo(2);
  }

  @Test
  void noMmfpApiAnywhereIsAnErrorTileSayingWhatWasTried() {
    ScriptedPoolContext ctx =
        Scripts.context().status(METRICS_POOL, 404).status(ENGINE_STATS, 404).status(SEED_STATS, 404);
    DashboardTileData t = tiles(ctx);
    assertThat(t.healthStatus()).isFalse();
    assertThat(t.healthMessage())
        .contains(
            "no MMFP API found at " + ORIGIN,
            "/api/v1/BTC/metrics/pool (HTTP 404)",
            "/api/v1/stats (HTTP 404)",
            "/stats (HTTP 404)",
            "api_port",
            "config coin");
    assertThat(t.poolHashrate()).isNull();
    assertThat(t.networkDifficulty()).isNull();
    assertThat(t.sharesValid()).isNull();
    assertThat(t.blocksFound24h()).isNull();
    assertThat(t.latencyMs()).isNull();
    assertThat(t.lastUpdated()).isEqualTo(NOW);
  }

  @Test
  void aFailingServerEndsTheChainWithItsOwnError() {
    ScriptedPoolContext ctx = Scripts.goSlimStratum().status(METRICS_POOL, 503);
    DashboardTileData t = tiles(ctx);
    assertThat(t.healthStatus()).isFalse();
    assertThat(t.healthMessage()).contains("HTTP 503", METRICS_POOL);
    assertThat(ctx.requestedUrls()).doesNotContain(ENGINE_STATS, SEED_STATS);
  }

  @Test
  void anUnreachableServerIsAnErrorTileNotAnException() {
    ScriptedPoolContext ctx =
        Scripts.context()
            .fail(METRICS_POOL, new PoolApiException(PoolApiException.Kind.CONNECTION, 0, METRICS_POOL, "connection refused by " + METRICS_POOL));
    DashboardTileData t = plugin.dashboardData(pool(), ctx).join();
    assertThat(t.healthStatus()).isFalse();
    assertThat(t.healthMessage()).contains("connection refused");
    assertThat(ctx.requestedUrls()).doesNotContain(ENGINE_STATS);
  }

  @Test
  void aCoinMmfpDoesNotServeIsAnErrorTile() {
    ScriptedPoolContext ctx = Scripts.goSlimStratum();
    DashboardTileData t = plugin.dashboardData(poolBuilder().config("coin", "XMR").build(), ctx).join();
    assertThat(t.healthStatus()).isFalse();
    assertThat(t.healthMessage()).startsWith("coin:").contains("XMR", "BTC, BCH, DGB, BC2");
    assertThat(ctx.requests()).isEmpty();
  }

  @Test
  void aCorruptGzipBodyIsNamedNotCalledMissingJson() {
    ScriptedPoolContext ctx = ScriptedPoolContext.at(NOW);
    for (String url : new String[] {METRICS_POOL, ENGINE_STATS, SEED_STATS}) {
      ctx.fail(url, new PoolApiException(PoolApiException.Kind.MALFORMED_RESPONSE, 200, url,
          "the gzip-compressed body from " + url + " is corrupt (it cannot be decompressed)"));
    }
    DashboardTileData t = new MmfpIntegration().dashboardData(pool(), ctx).join();
    assertThat(t.healthStatus()).isFalse();
    assertThat(t.healthMessage()).contains("corrupt gzip body").doesNotContain("no JSON object");
  }
}
