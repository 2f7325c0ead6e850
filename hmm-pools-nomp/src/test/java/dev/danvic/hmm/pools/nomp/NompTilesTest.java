package dev.danvic.hmm.pools.nomp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.MiningMath;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.PoolHealthStatus;
import dev.danvic.hmm.pools.PoolStats;
import dev.danvic.hmm.pools.testkit.Fixtures;
import dev.danvic.hmm.pools.testkit.ScriptedPoolContext;
import java.time.Instant;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

/** The tiles from NOMP's /api/stats with its quirks, answered in memory at a fixed clock. */
class NompTilesTest {
  static final Instant NOW = Instant.parse("2026-02-05T12:00:00Z");
  static final String ORIGIN = "http://127.0.0.1:8080";
  static final String STATS = ORIGIN + "/api/stats";
  static final String ADDRESS = "bc1qnomp0000000000000000000000000000000000";
  /** SI strings are scaled in double. */
  static final Percentage ULP = Percentage.withPercentage(1e-12);

  private final NompIntegration plugin = new NompIntegration();

  static PoolConfig.Builder pool(String poolId) {
    PoolConfig.Builder b =
        PoolConfig.builder().poolType("nomp").url("stratum+tcp://127.0.0.1").port(3032).config(PoolConfig.API_BASE_URL, ORIGIN);
    return poolId == null ? b : b.config(NompIntegration.POOL_ID, poolId);
  }

  private DashboardTileData tiles(String fixture, PoolConfig pool) {
    return plugin.dashboardData(pool, ScriptedPoolContext.at(NOW).json(STATS, Fixtures.read("nomp/" + fixture))).join();
  }

  @Test
  void theAddresssWorkersAreFoundByPrefixAndTheirHashRateStringsRead() {
    DashboardTileData t = tiles("stats.json", pool("bitcoin").username(ADDRESS).build());

    assertThat(t.healthStatus()).isTrue();
    assertThat(t.activeWorkers()).isEqualTo(2); // ".rig1" and "_rig2"; not "...9.rig3", a longer address
    assertThat(t.userHashrate()).isCloseTo(4.74e12 + 350.5e9, ULP); // "4.74 TH" + "350.5 GH", no "/s"
    assertThat(t.sharesValid()).isEqualTo(1536L); // 1024.75 (truncated) + 512
    assertThat(t.sharesInvalid()).isEqualTo(2L);
    assertThat(t.rejectRate()).isCloseTo(2.0 / 1538 * 100, within(1e-9));
    assertThat(t.poolHashrate()).isEqualTo(101090500000000d);
    assertThat(t.currency()).isEqualTo("BTC");
    assertThat(t.networkDifficulty()).isNull(); // plain NOMP publishes none
    assertThat(t.blocksFound24h()).isNull(); // block counts come without times
    assertThat(t.lastBlockTime()).isNull();
    assertThat(t.estimatedEarnings24h()).isNull();
    assertThat(t.healthMessage()).isEqualTo("2 workers online; pool blocks: 1 pending, 6 confirmed, 0 orphaned");
  }

  @Test
  void withoutAnAddressThePoolsStringCountersAreShown() {
    DashboardTileData t = tiles("stats.json", pool("bitcoin").build());
    assertThat(t.activeWorkers()).isEqualTo(4);
    assertThat(t.sharesValid()).isEqualTo(4_294_967_396L); // "4294967396", beyond 2^32
    assertThat(t.sharesInvalid()).isEqualTo(12L);
    assertThat(t.userHashrate()).isNull();
  }

  @Test
  void anAddressWithNoWorkerListedHasZeroWorkersAndUnknownFigures() {
    DashboardTileData t = tiles("stats.json", pool("bitcoin").username("bc1qnobody").build());
    assertThat(t.healthStatus()).isTrue();
    assertThat(t.activeWorkers()).isZero();
    assertThat(t.userHashrate()).isNull();
    assertThat(t.sharesValid()).isNull();
    assertThat(t.healthMessage()).startsWith("no worker of this address online");
  }

  @Test
  void poolIdChoosesThePoolAndSeveralWithoutOneIsAClearError() {
    assertThat(tiles("stats.json", pool("digibyte").build()).currency()).isEqualTo("DGB");

    DashboardTileData none = tiles("stats.json", pool(null).build());
    assertThat(none.healthStatus()).isFalse();
    assertThat(none.healthMessage())
        .isEqualTo("NOMP: pool_id: not set, and this NOMP portal hosts 2 pools: bitcoin, digibyte; set pool_id to one of them");

    DashboardTileData wrong = tiles("stats.json", pool("litecoin").build());
    assertThat(wrong.healthMessage())
        .isEqualTo("NOMP: pool_id: this NOMP portal has no pool 'litecoin'; it hosts bitcoin, digibyte");

    assertThat(tiles("stats-fork.json", pool(null).build()).healthStatus()).isTrue(); // the only pool
  }

  @Test
  void aForksNetworkFiguresGiveThePoolPercentageAndTimeToBlock() {
    DashboardTileData t = tiles("stats-fork.json", pool("bitcoin").username(ADDRESS).build());
    assertThat(t.poolHashrate()).isCloseTo(1.2e15, ULP); // only "1.20 PH" is given
    assertThat(t.networkDifficulty()).isEqualTo(1.1e14);
    assertThat(t.poolPercentage()).isCloseTo(1.2e15 / 7.5e20 * 100, Percentage.withPercentage(1e-9));
    assertThat(t.estimatedTimeToBlockSeconds())
        .isCloseTo(MiningMath.timeToBlockSeconds(1.1e14, 1.2e15), Percentage.withPercentage(1e-9));
    assertThat(t.userEstimatedTimeToBlockSeconds()).isNotNull();
  }

  @Test
  void healthAndStats() {
    ScriptedPoolContext ctx = ScriptedPoolContext.at(NOW).json(STATS, Fixtures.read("nomp/stats.json"));
    PoolHealthStatus h = plugin.healthCheck(pool("bitcoin").build(), ctx).join();
    assertThat(h.healthy()).isTrue();
    assertThat(h.activeWorkers()).isEqualTo(4);
    assertThat(ctx.requestedUrls()).containsExactly(STATS);

    PoolStats s = plugin.stats(pool("bitcoin").build(), ctx).join();
    assertThat(s.blocksFoundTotal()).isEqualTo(7L);
    assertThat(s.activeWorkers()).isEqualTo(4);
    assertThat(s.currency()).isEqualTo("BTC");
  }

  @Test
  void workersWithoutAHashRateStringLeaveTheUsersHashRateUnknown() {
    String stats =
        "{\"pools\": {\"bitcoin\": {\"symbol\": \"BTC\", \"workers\": {"
            + "\"" + ADDRESS + ".a\": {\"shares\": 1}, \"" + ADDRESS + ".b\": {\"shares\": \"2\"}}}}}";
    DashboardTileData t =
        plugin.dashboardData(pool(null).username(ADDRESS).build(), ScriptedPoolContext.at(NOW).json(STATS, stats)).join();
    assertThat(t.healthStatus()).isTrue();
    assertThat(t.activeWorkers()).isEqualTo(2);
    assertThat(t.userHashrate()).isNull();
    assertThat(t.sharesValid()).isEqualTo(3L);
    assertThat(t.sharesInvalid()).isNull();
  }
}
