package dev.danvic.hmm.pools.braiins;

import static dev.danvic.hmm.pools.braiins.BraiinsFixtures.NOW;
import static dev.danvic.hmm.pools.braiins.BraiinsFixtures.url;
import static dev.danvic.hmm.pools.braiins.BraiinsIntegration.PROFILE_PATH;
import static dev.danvic.hmm.pools.braiins.BraiinsIntegration.REWARDS_PATH;
import static dev.danvic.hmm.pools.braiins.BraiinsIntegration.STATS_PATH;
import static dev.danvic.hmm.pools.braiins.BraiinsIntegration.WORKERS_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.PoolApiException;
import dev.danvic.hmm.pools.testkit.Fixtures;
import dev.danvic.hmm.pools.testkit.ScriptedPoolContext;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BraiinsDashboardTest {
  private final BraiinsIntegration plugin = new BraiinsIntegration();

  private DashboardTileData tiles(ScriptedPoolContext ctx) {
    return plugin.dashboardData(BraiinsFixtures.pool(), ctx).join();
  }

  @Test
  void anOrphanedBlockIsNeitherABlockFoundNorTheLastBlock() {
    long now = NOW.getEpochSecond();
    String stats =
        "{\"btc\": {\"hash_rate_unit\": \"Gh/s\", \"blocks\": {"
            + "\"934002\": {\"date_found\": " + (now - 3_600) + ", \"state\": \"orphan\"},"
            + "\"934001\": {\"date_found\": " + (now - 7_200) + ", \"state\": \"confirmed\"}}}}";
    DashboardTileData t = tiles(BraiinsFixtures.current().json(url(STATS_PATH), stats));

    assertThat(t.blocksFound24h()).isEqualTo(1);
    assertThat(t.lastBlockTime()).isEqualTo(NOW.minus(Duration.ofHours(2)));
  }

  @Test
  void aFirstRefreshBeforeTheSlowEndpointsArrivedLeavesTheirFieldsNullNeverAGuess() {
    ScriptedPoolContext ctx = BraiinsFixtures.current().deferredUnknown();
    DashboardTileData t = tiles(ctx);

    // two requests only: the profile and the pool statistics
    assertThat(ctx.requestedUrls()).containsExactly(url(PROFILE_PATH), url(STATS_PATH));
    assertThat(t.healthStatus()).isTrue();
    assertThat(t.activeWorkers()).isEqualTo(4); // the profile's ok + low until the list arrives
    assertThat(t.healthMessage())
        .isEqualTo("4 workers active (1 low), 2 off, 1 disabled; not loaded: workers (loading), rewards (loading)");
    assertThat(t.poolHashrate()).isCloseTo(1.51234567895e19, withinPercentage(1e-9));
    assertThat(t.blocksFound24h()).isEqualTo(2);
    // the profile's own figures are there
    assertThat(t.estimatedEarnings24h()).isEqualTo(new BigDecimal("0.000004560000000000000000000000"));
    assertThat(t.confirmedBalance()).isEqualTo(new BigDecimal("0.000123450000000000000000000001"));
    assertThat(t.sharesValid()).isEqualTo(3_456_789_012L);
  }

  @Test
  void fillsTheFourTilesFromTheCurrentApi() {
    DashboardTileData t = tiles(BraiinsFixtures.current());

    // tile 1: the workers list counts 3 ok + 1 low as active, 2 off, 1 disabled
    assertThat(t.healthStatus()).isTrue();
    assertThat(t.activeWorkers()).isEqualTo(4);
    assertThat(t.healthMessage()).isEqualTo("4 workers active (1 low), 2 off, 1 disabled");
    assertThat(t.latencyMs()).isEqualTo(12.5); // the profile's round trip
    // tile 2: the whole pool, 15123456789.5 Gh/s; Braiins gives no network difficulty
    assertThat(t.poolHashrate()).isCloseTo(1.51234567895e19, withinPercentage(1e-9));
    assertThat(t.networkDifficulty()).isNull();
    assertThat(t.poolPercentage()).isNull();
    assertThat(t.estimatedTimeToBlock()).isNull();
    assertThat(t.userHashrate()).isCloseTo(104857.6e9, withinPercentage(1e-9));
    assertThat(t.userEstimatedTimeToBlockSeconds()).isNull();
    // tile 3: shares_24h beyond 2^31; Braiins reports no invalid or stale shares
    assertThat(t.sharesValid()).isEqualTo(3_456_789_012L);
    assertThat(t.sharesInvalid()).isNull();
    assertThat(t.sharesStale()).isNull();
    assertThat(t.rejectRate()).isNull();
    // tile 4
    assertThat(t.blocksFound24h()).isEqualTo(2); // found 1 h and 23 h ago; 25 h and 30 h are out
    assertThat(t.lastBlockTime()).isEqualTo(NOW.minus(Duration.ofHours(1)));
    assertThat(t.estimatedEarnings24h()).isEqualTo(new BigDecimal("0.000004560000000000000000000000"));
    assertThat(t.confirmedBalance()).isEqualTo(new BigDecimal("0.000123450000000000000000000001"));
    assertThat(t.pendingBalance()).isNull();
    assertThat(t.currency()).isEqualTo("BTC");
    assertThat(t.lastUpdated()).isEqualTo(NOW);
    assertThat(t.supportsEarnings()).isTrue();
    assertThat(t.supportsBalance()).isTrue();
  }

  @Test
  void readsSlushEraAccounts() {
    DashboardTileData t = tiles(BraiinsFixtures.slushEra());

    assertThat(t.healthStatus()).isTrue();
    // upper- and mixed-case states: OK, Ok, LOW active; OFF, DIS not
    assertThat(t.activeWorkers()).isEqualTo(3);
    assertThat(t.healthMessage()).isEqualTo("3 workers active (1 low), 1 off, 1 disabled");
    assertThat(t.confirmedBalance()).isEqualTo(new BigDecimal("0.05000000"));
    assertThat(t.pendingBalance()).isEqualTo(new BigDecimal("0.00123456"));
    // no today_reward: today's daily_rewards entry (its date is today 00:00 UTC)
    assertThat(t.estimatedEarnings24h()).isEqualTo(new BigDecimal("0.00000777"));
    // hash_rate_5m is null, hash_rate_scoring "13500.25" Gh/s
    assertThat(t.userHashrate()).isCloseTo(13500.25e9, withinPercentage(1e-9));
    // no shares_* in the profile: the workers' shares_24h summed
    assertThat(t.sharesValid()).isEqualTo(1_220_000L);
    // fpps_rate as a string, an empty blocks {}: zero blocks listed, none to date
    assertThat(t.poolHashrate()).isCloseTo(14e18, withinPercentage(1e-9));
    assertThat(t.blocksFound24h()).isZero();
    assertThat(t.lastBlockTime()).isNull();
  }

  @Test
  void usesTheProfileCountsWhenTheWorkersListIsMissing() {
    ScriptedPoolContext ctx = BraiinsFixtures.current().status(url(WORKERS_PATH), 500);
    DashboardTileData t = tiles(ctx);
    assertThat(t.activeWorkers()).isEqualTo(4); // ok_workers 3 + low_workers 1
    assertThat(t.healthMessage()).isEqualTo("4 workers active (1 low), 2 off, 1 disabled; not loaded: workers (HTTP 500)");
  }

  @Test
  void optionalEndpointsThatFailLeaveTheirFieldsNull() {
    ScriptedPoolContext ctx =
        BraiinsFixtures.current()
            .fail(url(STATS_PATH), new PoolApiException(PoolApiException.Kind.RATE_LIMITED, 0, url(STATS_PATH), "rate limit: no slot before the deadline"))
            .status(url(WORKERS_PATH), 503)
            .fail(url(REWARDS_PATH), new PoolApiException(PoolApiException.Kind.TIMEOUT, 0, url(REWARDS_PATH), "timed out"));
    DashboardTileData t = tiles(ctx);

    assertThat(t.healthStatus()).isTrue();
    assertThat(t.healthMessage())
        .endsWith("; not loaded: pool statistics (rate limited), workers (HTTP 503), rewards (timed out)");
    assertThat(t.poolHashrate()).isNull();
    assertThat(t.blocksFound24h()).isNull(); // unknown, not 0
    assertThat(t.lastBlockTime()).isNull();
    // the profile's figures stand
    assertThat(t.activeWorkers()).isEqualTo(4);
    assertThat(t.sharesValid()).isEqualTo(3_456_789_012L);
    assertThat(t.confirmedBalance()).isEqualTo(new BigDecimal("0.000123450000000000000000000001"));
    assertThat(t.estimatedEarnings24h()).isEqualTo(new BigDecimal("0.000004560000000000000000000000"));
  }

  @Test
  void aProfileWithoutFiguresGivesNullsNotZeros() {
    ScriptedPoolContext ctx =
        BraiinsFixtures.context().json(url(PROFILE_PATH), "{\"username\":\"alice\",\"btc\":{}}");
    DashboardTileData t = tiles(ctx);

    assertThat(t.healthStatus()).isTrue();
    assertThat(t.healthMessage()).startsWith("account read; not loaded: pool statistics");
    assertThat(t.activeWorkers()).isNull();
    assertThat(t.userHashrate()).isNull();
    assertThat(t.poolHashrate()).isNull();
    assertThat(t.sharesValid()).isNull();
    assertThat(t.blocksFound24h()).isNull();
    assertThat(t.estimatedEarnings24h()).isNull();
    assertThat(t.confirmedBalance()).isNull();
    assertThat(t.pendingBalance()).isNull();
  }

  @Test
  void readsNumbersWrittenAsStrings() {
    ScriptedPoolContext ctx =
        BraiinsFixtures.context()
            .json(
                url(PROFILE_PATH),
                "{\"btc\":{\"hash_rate_unit\":\"Gh/s\",\"hash_rate_5m\":\"1.5\",\"ok_workers\":\"2\","
                    + "\"low_workers\":\"0\",\"shares_24h\":\"42\",\"current_balance\":0.1}}");
    DashboardTileData t = tiles(ctx);
    assertThat(t.userHashrate()).isEqualTo(1.5e9);
    assertThat(t.activeWorkers()).isEqualTo(2);
    assertThat(t.sharesValid()).isEqualTo(42L);
    assertThat(t.confirmedBalance()).isEqualTo(new BigDecimal("0.1"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "Gh/s, 2.5e9",
    "GH/s, 2.5e9",
    "TH/s, 2.5e12",
    "th/s, 2.5e12",
    "eh/s, 2.5e18",
    "Eh/s, 2.5e18",
    "Ph/s, 2.5e15",
    "Mh/s, 2.5e6",
    "kh/s, 2.5e3",
    "H/s, 2.5"
  })
  void convertsHashRatesFromTheirUnitToHashesPerSecond(String unit, double expected) {
    ScriptedPoolContext ctx =
        BraiinsFixtures.context()
            .json(url(PROFILE_PATH), "{\"btc\":{\"hash_rate_unit\":\"" + unit + "\",\"hash_rate_5m\":2.5}}")
            .json(url(STATS_PATH), "{\"btc\":{\"hash_rate_unit\":\"" + unit + "\",\"pool_5m_hash_rate\":\"2.5\"}}");
    DashboardTileData t = tiles(ctx);
    assertThat(t.userHashrate()).isCloseTo(expected, withinPercentage(1e-9));
    assertThat(t.poolHashrate()).isCloseTo(expected, withinPercentage(1e-9));
  }

  @Test
  void aMissingOrUnknownUnitLeavesTheHashRateUnknown() {
    ScriptedPoolContext ctx =
        BraiinsFixtures.context()
            .json(url(PROFILE_PATH), "{\"btc\":{\"hash_rate_5m\":2.5}}")
            .json(url(STATS_PATH), "{\"btc\":{\"hash_rate_unit\":\"sols\",\"pool_5m_hash_rate\":2.5}}");
    DashboardTileData t = tiles(ctx);
    assertThat(t.userHashrate()).isNull();
    assertThat(t.poolHashrate()).isNull();
  }

  @Test
  void keepsBtcAmountsExactAndNeverDividesThem() {
    ScriptedPoolContext ctx =
        BraiinsFixtures.context()
            .json(
                url(PROFILE_PATH),
                "{\"btc\":{\"current_balance\":\"12.000000000000000000000000000001\","
                    + "\"today_reward\":0.000123450000000000000000000001}}");
    DashboardTileData t = tiles(ctx);
    assertThat(t.confirmedBalance()).isEqualTo(new BigDecimal("12.000000000000000000000000000001"));
    // even as a JSON number the 30 decimals survive
    assertThat(t.estimatedEarnings24h()).isEqualTo(new BigDecimal("0.000123450000000000000000000001"));
  }

  @Test
  void earningsAreNullWithoutTodayRewardOrTodaysEntry() {
    String onlyYesterday =
        "{\"btc\":{\"daily_rewards\":[{\"date\":1770163200,\"total_reward\":\"0.00012000\"}]}}";
    ScriptedPoolContext ctx =
        BraiinsFixtures.slushEra().json(url(REWARDS_PATH), onlyYesterday);
    DashboardTileData t = tiles(ctx);
    assertThat(t.estimatedEarnings24h()).isNull();
    assertThat(t.healthMessage()).doesNotContain("not loaded");
  }

  @Test
  void countsBlocksWithinTheTwentyFourHoursBeforeTheContextClock() {
    Instant later = NOW.plus(Duration.ofHours(22)); // now only the block of 1 h before NOW is in
    ScriptedPoolContext ctx =
        ScriptedPoolContext.at(later)
            .json(url(PROFILE_PATH), Fixtures.read("braiins/profile-current.json"))
            .json(url(STATS_PATH), Fixtures.read("braiins/stats.json"));
    DashboardTileData t = plugin.dashboardData(BraiinsFixtures.pool(), ctx).join();
    assertThat(t.blocksFound24h()).isEqualTo(1);
    assertThat(t.lastUpdated()).isEqualTo(later);
  }

  @Test
  void aFlatLegacyProfileIsReadToo() {
    ScriptedPoolContext ctx =
        BraiinsFixtures.context()
            .json(url(PROFILE_PATH), "{\"username\":\"x\",\"confirmed_reward\":\"0.2\",\"unconfirmed_reward\":\"0.01\"}");
    DashboardTileData t = tiles(ctx);
    assertThat(t.confirmedBalance()).isEqualTo(new BigDecimal("0.2"));
    assertThat(t.pendingBalance()).isEqualTo(new BigDecimal("0.01"));
  }

  @Test
  void aProfileOfAnotherShapeIsAnError() {
    ScriptedPoolContext ctx = BraiinsFixtures.context().json(url(PROFILE_PATH), "{\"error\":\"maintenance\"}");
    DashboardTileData t = tiles(ctx);
    assertThat(t.healthStatus()).isFalse();
    assertThat(t.healthMessage()).contains("is not a Braiins profile");
    assertThat(t.activeWorkers()).isNull();
  }

  @Test
  void anHtmlPageInsteadOfTheProfileIsAnError() {
    ScriptedPoolContext ctx =
        BraiinsFixtures.context().respond(url(PROFILE_PATH), 200, "text/html", "<html><body>Login</body></html>");
    DashboardTileData t = tiles(ctx);
    assertThat(t.healthStatus()).isFalse();
    assertThat(t.healthMessage()).contains("HTML");
    assertThat(ctx.requestedUrls()).containsExactly(url(PROFILE_PATH)); // not retried
  }
}
