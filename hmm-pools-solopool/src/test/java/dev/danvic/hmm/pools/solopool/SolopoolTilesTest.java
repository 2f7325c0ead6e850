package dev.danvic.hmm.pools.solopool;

import static dev.danvic.hmm.pools.solopool.TestPools.BTC;
import static dev.danvic.hmm.pools.solopool.TestPools.DGB;
import static dev.danvic.hmm.pools.solopool.TestPools.NOW;
import static dev.danvic.hmm.pools.solopool.TestPools.WALLET;
import static dev.danvic.hmm.pools.solopool.TestPools.fixture;
import static dev.danvic.hmm.pools.solopool.TestPools.pool;
import static dev.danvic.hmm.pools.solopool.TestPools.scripted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.MiningMath;
import dev.danvic.hmm.pools.PoolApiException;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.testkit.ScriptedPoolContext;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The four tiles read from scripted Solopool answers (fixtures in {@code solopool/}), against a
 * fixed clock.
 */
class SolopoolTilesTest {
  private static final double TWO_32 = 4_294_967_296.0;
  private final SolopoolIntegration plugin = new SolopoolIntegration();

  private DashboardTileData tiles(PoolConfig pool, ScriptedPoolContext ctx) throws Exception {
    return plugin.dashboardData(pool, ctx).get(10, TimeUnit.SECONDS);
  }

  private static ScriptedPoolContext btcWithAccount() {
    return scripted(BTC, "stats-btc.json", "blocks.json")
        .json(BTC + "/api/accounts/" + WALLET, fixture("account.json"));
  }

  @Nested
  class NetworkTile {
    @Test
    void poolHashrateDifficultyAndTimeToBlockFollowTheTestVector() throws Exception {
      DashboardTileData t = tiles(pool("btc.solopool.org", 3334), scripted(BTC, "stats-btc.json", "blocks.json"));

      assertThat(t.healthStatus()).isTrue();
      assertThat(t.currency()).isEqualTo("BTC");
      assertThat(t.poolHashrate()).isEqualTo(1e12); // H/s as the API writes it, no unit conversion
      assertThat(t.networkDifficulty()).isEqualTo(1e14); // node.difficulty, a string in the fixture
      // D = 1e14, H = 1e12 H/s -> T = 4.294967296e11 s (about 13 610 years)
      assertThat(t.estimatedTimeToBlockSeconds()).isCloseTo(4.294967296e11, withinPercentage(1e-9));
      assertThat(t.estimatedTimeToBlock()).isEqualTo("13610 years");
      // no node.hashrate: H_net = D * 2^32 / 600 s (about 7.158e20 H/s)
      double netHashrate = 1e14 * TWO_32 / 600;
      assertThat(netHashrate).isCloseTo(7.158e20, withinPercentage(0.01));
      assertThat(t.poolPercentage()).isCloseTo(1e12 / netHashrate * 100, withinPercentage(1e-9));
    }

    @Test
    void dgbReadsStatsDifficultyWhenTheNodeHasNoneAndUses75SecondBlocks() throws Exception {
      DashboardTileData t = tiles(pool("dgb-sha.solopool.org", 3333), scripted(DGB, "stats-dgb.json", "blocks.json"));

      assertThat(t.currency()).isEqualTo("DGB");
      // node.difficulty is "0" (an unsynced node): unknown, so stats.difficulty is used
      assertThat(t.networkDifficulty()).isEqualTo(1e9);
      double netHashrate = 1e9 * TWO_32 / 75; // DGB SHA-256d: 75 s, not 15 s and not 600 s
      assertThat(netHashrate).isCloseTo(5.7266e16, withinPercentage(0.01));
      assertThat(t.poolPercentage()).isCloseTo(1e15 / netHashrate * 100, withinPercentage(1e-9));
      assertThat(t.estimatedTimeToBlockSeconds())
          .isCloseTo(MiningMath.timeToBlockSeconds(1e9, 1e15), withinPercentage(1e-9));
    }

    @Test
    void olderKeysAreReadAndAReportedNetworkHashrateIsPreferred() throws Exception {
      DashboardTileData t = tiles(pool("btc.solopool.org", 3334), scripted(BTC, "stats-legacy.json", "blocks-empty.json"));

      assertThat(t.poolHashrate()).isEqualTo(2.5e14); // poolHashrate
      assertThat(t.networkDifficulty()).isEqualTo(8e13); // networkDifficulty, ahead of nodes[]
      assertThat(t.poolPercentage()).isCloseTo(2.5e14 / 5.5e20 * 100, withinPercentage(1e-9));
    }

    @Test
    void nodesListOfStringsGivesTheDifficultyOfTheHighestNode() throws Exception {
      DashboardTileData t = tiles(pool("btc.solopool.org", 3334), scripted(BTC, "stats-nodes.json", "blocks-empty.json"));

      assertThat(t.networkDifficulty()).isEqualTo(1e14);
      assertThat(t.poolHashrate()).isEqualTo(0.0); // a known zero stays zero
      assertThat(t.poolPercentage()).isEqualTo(0.0);
      // a pool with no hash rate never finds a block: unknown, not infinity
      assertThat(t.estimatedTimeToBlockSeconds()).isNull();
      assertThat(t.estimatedTimeToBlock()).isNull();
    }

    @Test
    void absentValuesAreNullNotZero() throws Exception {
      DashboardTileData t = tiles(pool("btc.solopool.org", 3334), scripted(BTC, "stats-sparse.json", "blocks-empty.json"));

      assertThat(t.healthStatus()).isTrue();
      assertThat(t.poolHashrate()).isNull();
      assertThat(t.networkDifficulty()).isNull();
      assertThat(t.poolPercentage()).isNull();
      assertThat(t.estimatedTimeToBlockSeconds()).isNull();
      assertThat(t.activeWorkers()).isNull();
      assertThat(t.lastBlockTime()).isNull(); // lastBlockTime 0 means never
      assertThat(t.sharesValid()).isNull();
      assertThat(t.rejectRate()).isNull();
      assertThat(t.userHashrate()).isNull();
      // the pool listed its blocks and they are empty: that zero is known
      assertThat(t.blocksFound24h()).isZero();
    }
  }

  @Nested
  class BlocksTile {
    @Test
    void blocksOfTheLast24HoursFollowTheSharedRuleCandidatesIncluded() throws Exception {
      DashboardTileData t = tiles(pool("btc.solopool.org", 3334), scripted(BTC, "stats-btc.json", "blocks.json"));

      // the candidate (5 min old), imm1, imm2 (timestamp as a string), mat1, mat-edge-in (1 s
      // inside the window); not: the orphan, mat-edge-out (exactly 24 h old), mat-old, mat-no-time
      assertThat(t.blocksFound24h()).isEqualTo(5);
      // the newest non-orphan block is the candidate, later than the stats' lastBlockTime
      assertThat(t.lastBlockTime()).isEqualTo(Instant.ofEpochSecond(1770292500));
      assertThat(t.timeSinceLastBlockSeconds()).isEqualTo(300.0);
    }

    @Test
    void theWindowFollowsTheInjectedClock() throws Exception {
      ScriptedPoolContext dayLater =
          ScriptedPoolContext.at(NOW.plus(Duration.ofHours(20)))
              .json(BTC + "/api/stats", fixture("stats-btc.json"))
              .json(BTC + "/api/blocks", fixture("blocks.json"));

      DashboardTileData t = tiles(pool("btc.solopool.org", 3334), dayLater);

      // window from 2026-02-05T08:00Z: imm1 (08:26:40Z) and the candidate (11:55Z)
      assertThat(t.blocksFound24h()).isEqualTo(2);
      assertThat(t.lastUpdated()).isEqualTo(NOW.plus(Duration.ofHours(20)));
    }

    @Test
    void withoutBlockListTheLastBlockTimeComesFromTheStats() throws Exception {
      DashboardTileData t = tiles(pool("btc.solopool.org", 3334), scripted(BTC, "stats-btc.json", "blocks-empty.json"));

      assertThat(t.blocksFound24h()).isZero();
      assertThat(t.lastBlockTime()).isEqualTo(Instant.ofEpochSecond(1770200000));
    }

    @Test
    void aFailingBlockListLeavesItsValuesNullAndSaysSo() throws Exception {
      ScriptedPoolContext ctx =
          ScriptedPoolContext.at(NOW)
              .json(BTC + "/api/stats", fixture("stats-btc.json"))
              .status(BTC + "/api/blocks", 503);

      DashboardTileData t = tiles(pool("btc.solopool.org", 3334), ctx);

      assertThat(t.healthStatus()).isTrue();
      assertThat(t.blocksFound24h()).isNull();
      assertThat(t.lastBlockTime()).isEqualTo(Instant.ofEpochSecond(1770200000));
      assertThat(t.poolHashrate()).isEqualTo(1e12);
      assertThat(t.healthMessage()).contains("block list unavailable").contains("HTTP 503");
    }
  }

  @Nested
  class AccountFigures {
    @Test
    void aKnownWalletGivesWorkersSharesAndTheUsersOdds() throws Exception {
      DashboardTileData t = tiles(pool("btc.solopool.org", 3334, WALLET), btcWithAccount());

      assertThat(t.activeWorkers()).isEqualTo(2);
      assertThat(t.healthMessage()).startsWith("2 workers online, 1 offline");
      // summed over the workers that report them; numbers arrive as strings and as numbers
      assertThat(t.sharesValid()).isEqualTo(1_500_000L);
      assertThat(t.sharesInvalid()).isEqualTo(5L);
      assertThat(t.sharesStale()).isNull();
      assertThat(t.rejectRate()).isCloseTo(5.0 / 1_500_005 * 100, withinPercentage(1e-9));

      assertThat(t.userHashrate()).isEqualTo(1.2e14); // currentHashrate, the short window
      double userT = 1e14 * TWO_32 / 1.2e14;
      assertThat(t.userEstimatedTimeToBlockSeconds()).isCloseTo(userT, withinPercentage(1e-9));
      assertThat(t.userBlockOdds24h()).isCloseTo(1 - Math.exp(-86_400 / userT), withinPercentage(1e-9));
      assertThat(t.userEstimatedTimeToBlock()).isEqualTo("113 years");
    }

    @Test
    void btcAmountsStayUnknownBecauseTheirUnitIsNotVerified() throws Exception {
      DashboardTileData t = tiles(pool("btc.solopool.org", 3334, WALLET), btcWithAccount());

      // the plugin cannot give these figures for BTC, and says so
      assertThat(t.supportsBalance()).isFalse();
      assertThat(t.supportsEarnings()).isFalse();
      assertThat(t.confirmedBalance()).isNull();
      assertThat(t.pendingBalance()).isNull();
      assertThat(t.estimatedEarnings24h()).isNull();
    }

    @Test
    void dgbAmountsAreIn1eMinus9Coin() throws Exception {
      ScriptedPoolContext ctx =
          scripted(DGB, "stats-dgb.json", "blocks.json")
              .json(DGB + "/api/accounts/" + WALLET, fixture("account.json"));

      DashboardTileData t = tiles(pool("dgb-sha.solopool.org", 3333, WALLET), ctx);

      assertThat(t.confirmedBalance()).isEqualByComparingTo(BigDecimal.ZERO); // a known zero
      assertThat(t.pendingBalance()).isEqualByComparingTo("0.3125");
      assertThat(t.estimatedEarnings24h()).isEqualByComparingTo("0.3125"); // the 86400 s entry
      assertThat(t.currency()).isEqualTo("DGB");
      assertThat(t.supportsEarnings()).isTrue();
      assertThat(t.supportsBalance()).isTrue();
    }

    @Test
    void withoutAWalletNoCoinSupportsEarningsOrBalances() throws Exception {
      DashboardTileData t = tiles(pool("dgb-sha.solopool.org", 3333), scripted(DGB, "stats-dgb.json", "blocks.json"));
      assertThat(t.supportsEarnings()).isFalse();
      assertThat(t.supportsBalance()).isFalse();
      assertThat(t.estimatedEarnings24h()).isNull();
    }

    @Test
    void anErrorTileSaysWhatThisPoolsCoinSupports() throws Exception {
      DashboardTileData dgb =
          tiles(pool("dgb-sha.solopool.org", 3333, WALLET), ScriptedPoolContext.at(TestPools.NOW).status(DGB + "/api/stats", 503));
      assertThat(dgb.healthStatus()).isFalse();
      assertThat(dgb.supportsEarnings()).isTrue();
      DashboardTileData btc =
          tiles(pool("btc.solopool.org", 3334, WALLET), ScriptedPoolContext.at(TestPools.NOW).status(BTC + "/api/stats", 503));
      assertThat(btc.healthStatus()).isFalse();
      assertThat(btc.supportsEarnings()).isFalse();
      assertThat(plugin.supportsEarnings(pool("btc.solopool.org", 3334, WALLET))).isFalse();
      assertThat(plugin.supportsEarnings(pool("dgb-sha.solopool.org", 3333, WALLET))).isTrue();
    }

    @Test
    void workerShareCountsWhoseSumOverflowsAreUnknownNotAFailedTile() throws Exception {
      String account =
          "{\"currentHashrate\": 1.2e14, \"workersOnline\": 2, \"workers\": {"
              + "\"a\": {\"sharesValid\": 9000000000000000000, \"sharesInvalid\": 1},"
              + "\"b\": {\"sharesValid\": 9000000000000000000, \"sharesInvalid\": 2}}}";
      ScriptedPoolContext ctx =
          scripted(BTC, "stats-btc.json", "blocks.json").json(BTC + "/api/accounts/" + WALLET, account);

      DashboardTileData t = tiles(pool("btc.solopool.org", 3334, WALLET), ctx);

      assertThat(t.healthStatus()).isTrue();
      assertThat(t.sharesValid()).isNull(); // 1.8e19 does not fit a long: unknown, not wrapped negative
      assertThat(t.sharesInvalid()).isEqualTo(3L);
      assertThat(t.userHashrate()).isEqualTo(1.2e14);
    }

    @Test
    void withoutPerWorkerSharesTheSharesAreNullAndWorkersAreCountedFromFlags() throws Exception {
      ScriptedPoolContext ctx =
          scripted(BTC, "stats-btc.json", "blocks.json")
              .json(BTC + "/api/accounts/" + WALLET, fixture("account-bare.json"));

      DashboardTileData t = tiles(pool("btc.solopool.org", 3334, WALLET), ctx);

      assertThat(t.sharesValid()).isNull();
      assertThat(t.sharesInvalid()).isNull();
      assertThat(t.rejectRate()).isNull();
      assertThat(t.activeWorkers()).isEqualTo(2); // two workers with offline=false
      assertThat(t.userHashrate()).isEqualTo(9e10); // currentHashrate null: the long window
      assertThat(t.confirmedBalance()).isNull();
    }

    @Test
    void anUnknownWalletStillShowsThePoolAndSaysTheWalletIsNotKnownYet() throws Exception {
      ScriptedPoolContext ctx =
          scripted(BTC, "stats-btc.json", "blocks.json").status(BTC + "/api/accounts/" + WALLET, 404);

      DashboardTileData t = tiles(pool("btc.solopool.org", 3334, WALLET), ctx);

      assertThat(t.healthStatus()).isTrue();
      assertThat(t.healthMessage()).contains("wallet not known to Solopool.org yet");
      assertThat(t.poolHashrate()).isEqualTo(1e12);
      assertThat(t.blocksFound24h()).isEqualTo(5); // the shared rule: the candidate counts
      assertThat(t.activeWorkers()).isNull(); // not the pool's 57: they are not the user's
      assertThat(t.sharesValid()).isNull();
      assertThat(t.userHashrate()).isNull();
      assertThat(t.userEstimatedTimeToBlockSeconds()).isNull();
      assertThat(t.userBlockOdds24h()).isNull();
    }

    @Test
    void aFailingAccountDegradesToPoolFigures() throws Exception {
      ScriptedPoolContext ctx =
          scripted(BTC, "stats-btc.json", "blocks.json").status(BTC + "/api/accounts/" + WALLET, 502);

      DashboardTileData t = tiles(pool("btc.solopool.org", 3334, WALLET), ctx);

      assertThat(t.healthStatus()).isTrue();
      assertThat(t.healthMessage()).contains("account data unavailable").contains("HTTP 502");
      assertThat(t.networkDifficulty()).isEqualTo(1e14);
      assertThat(t.userHashrate()).isNull();
    }

    @Test
    void withoutUsernameNoAccountIsRequestedAndWorkersAreThePools() throws Exception {
      ScriptedPoolContext ctx = scripted(BTC, "stats-btc.json", "blocks.json");

      DashboardTileData t = tiles(pool("btc.solopool.org", 3334), ctx);

      assertThat(ctx.requestedUrls())
          .containsExactlyInAnyOrder(BTC + "/api/stats", BTC + "/api/blocks");
      assertThat(t.activeWorkers()).isEqualTo(57);
      assertThat(t.healthMessage()).isEqualTo("57 workers mining on the pool");
      assertThat(t.sharesValid()).isNull();
      assertThat(t.userHashrate()).isNull();
    }

    @Test
    void statsBlocksAndAccountAreAllRequested() throws Exception {
      ScriptedPoolContext ctx = btcWithAccount();

      tiles(pool("btc.solopool.org", 3334, WALLET), ctx);

      assertThat(ctx.requestedUrls())
          .containsExactlyInAnyOrder(
              BTC + "/api/stats", BTC + "/api/blocks", BTC + "/api/accounts/" + WALLET);
    }

    @Test
    void theWalletIsEncodedAsOnePathSegment() {
      assertThat(dev.danvic.hmm.pools.PoolRequest.pathSegment("bitcoincash:qq0abc")).isEqualTo("bitcoincash:qq0abc");
      assertThat(dev.danvic.hmm.pools.PoolRequest.pathSegment("a b/c?d")).isEqualTo("a%20b%2Fc%3Fd");
    }
  }

  @Nested
  class FailingPool {
    @Test
    void failingStatsMakeAnErrorTileNamingThePool() throws Exception {
      ScriptedPoolContext ctx =
          ScriptedPoolContext.at(NOW)
              .status(BTC + "/api/stats", 503)
              .json(BTC + "/api/blocks", fixture("blocks.json"));

      DashboardTileData t = tiles(pool("btc.solopool.org", 3334, WALLET), ctx);

      assertThat(t.healthStatus()).isFalse();
      assertThat(t.healthMessage())
          .isEqualTo("Solopool.org BTC: HTTP 503 (server error) from https://btc.solopool.org/api/stats");
      assertThat(t.poolHashrate()).isNull();
      assertThat(t.blocksFound24h()).isNull();
      assertThat(t.currency()).isNull();
      assertThat(t.lastUpdated()).isEqualTo(NOW);
    }

    @Test
    void anHtmlPageInsteadOfStatsIsAnErrorTile() throws Exception {
      ScriptedPoolContext ctx =
          ScriptedPoolContext.at(NOW)
              .respond(BTC + "/api/stats", 200, "text/html", "<html><body>maintenance</body></html>")
              .json(BTC + "/api/blocks", fixture("blocks.json"));

      DashboardTileData t = tiles(pool("btc.solopool.org", 3334), ctx);

      assertThat(t.healthStatus()).isFalse();
      assertThat(t.healthMessage()).contains("Solopool.org BTC").contains("HTML page");
    }

    @Test
    void jsonThatIsNotSolopoolStatsIsAnErrorTile() throws Exception {
      ScriptedPoolContext ctx =
          ScriptedPoolContext.at(NOW)
              .json(BTC + "/api/stats", "{\"status\":\"ok\",\"version\":\"1.2\"}")
              .json(BTC + "/api/blocks", fixture("blocks.json"));

      DashboardTileData t = tiles(pool("btc.solopool.org", 3334), ctx);

      assertThat(t.healthStatus()).isFalse();
      assertThat(t.healthMessage()).contains("not Solopool statistics");
    }

    @Test
    void aTimeoutIsAnErrorTileAndTheFutureStillCompletesNormally() throws Exception {
      ScriptedPoolContext ctx =
          ScriptedPoolContext.at(NOW)
              .fail(
                  BTC + "/api/stats",
                  new PoolApiException(PoolApiException.Kind.TIMEOUT, 0, BTC + "/api/stats", "timed out after 5 s"));

      DashboardTileData t = tiles(pool("btc.solopool.org", 3334), ctx);

      assertThat(t.healthStatus()).isFalse();
      assertThat(t.healthMessage()).isEqualTo("Solopool.org BTC: timed out after 5 s");
    }

    @Test
    void aPoolWhoseCoinCannotBeToldIsAnErrorTileWithoutAnyRequest() throws Exception {
      ScriptedPoolContext ctx = ScriptedPoolContext.at(NOW);

      DashboardTileData t = tiles(pool("192.168.1.10", 3334), ctx);

      assertThat(t.healthStatus()).isFalse();
      assertThat(t.healthMessage()).contains("coin").contains("192.168.1.10:3334");
      assertThat(ctx.requestedUrls()).isEmpty();
    }
  }

  @Nested
  class ApiBaseUrl {
    @Test
    void everyRequestGoesToTheConfiguredOrigin() throws Exception {
      String base = "http://127.0.0.1:18080/mirror";
      ScriptedPoolContext ctx =
          scripted(base, "stats-btc.json", "blocks.json")
              .json(base + "/api/accounts/" + WALLET, fixture("account.json"));
      PoolConfig p =
          pool("stratum+tcp://btc.solopool.org:3334", 3334, WALLET, Map.of(PoolConfig.API_BASE_URL, base + "/"));

      DashboardTileData t = tiles(p, ctx);
      plugin.healthCheck(p, ctx).get(10, TimeUnit.SECONDS);
      plugin.recentBlocks(p, ctx).get(10, TimeUnit.SECONDS);
      plugin.stats(p, ctx).get(10, TimeUnit.SECONDS);

      assertThat(t.healthStatus()).isTrue();
      assertThat(t.userHashrate()).isEqualTo(1.2e14);
      assertThat(ctx.requestedUrls()).hasSize(6).allSatisfy(u -> assertThat(u).startsWith(base + "/api/"));
    }
  }

  @Test
  void latencyIsMeasuredInMilliseconds() throws Exception {
    long t0 = System.nanoTime();
    DashboardTileData t = tiles(pool("btc.solopool.org", 3334), scripted(BTC, "stats-btc.json", "blocks.json"));
    double wholeCallMs = (System.nanoTime() - t0) / 1e6;

    // the stats round trip happened inside the whole call: in milliseconds it cannot exceed it
    // (in micro- or nanoseconds it would, by a factor of 1000 or more), whatever the machine's load
    assertThat(t.latencyMs()).isNotNull().isBetween(0.0, wholeCallMs);
    assertThat(t.lastUpdated()).isEqualTo(NOW);
  }
}
