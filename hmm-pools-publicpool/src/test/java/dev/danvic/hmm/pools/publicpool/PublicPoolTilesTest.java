package dev.danvic.hmm.pools.publicpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.MiningMath;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.PoolHealthStatus;
import dev.danvic.hmm.pools.testkit.Fixtures;
import dev.danvic.hmm.pools.testkit.ScriptedPoolContext;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The tiles from public-pool's API with its quirks, answered in memory at a fixed clock. */
class PublicPoolTilesTest {
  static final Instant NOW = Instant.parse("2026-02-05T12:00:00Z");
  static final String ORIGIN = "http://127.0.0.1:3334";
  static final String ADDRESS = "bc1qnerdminer0000000000000000000000000000";
  private final PublicPoolIntegration plugin = new PublicPoolIntegration();

  static PoolConfig.Builder selfHosted() {
    return PoolConfig.builder().poolType("publicpool").url("stratum+tcp://127.0.0.1").port(3333);
  }

  static ScriptedPoolContext answering(String pool, String network, String client) {
    ScriptedPoolContext ctx =
        ScriptedPoolContext.at(NOW)
            .json(ORIGIN + "/api/pool", Fixtures.read("publicpool/" + pool))
            .json(ORIGIN + "/api/network", Fixtures.read("publicpool/" + network));
    return client == null ? ctx : ctx.json(ORIGIN + "/api/client/" + ADDRESS, Fixtures.read("publicpool/" + client));
  }

  private DashboardTileData tiles(ScriptedPoolContext ctx) {
    return plugin.dashboardData(selfHosted().username(ADDRESS).build(), ctx).join();
  }

  @Test
  void aSessionWithoutABestShareYetLeavesTheOthersBest() {
    // a worker that has just connected has no bestDifficulty yet, and public-pool lists it first
    DashboardTileData t = tiles(answering("pool.json", "network.json", "client-new-session.json"));

    assertThat(t.healthStatus()).isTrue();
    assertThat(t.activeWorkers()).isEqualTo(2);
    assertThat(t.bestShareDifficulty()).isEqualTo(4.12e9);
    assertThat(t.userHashrate()).isCloseTo(512345678901.25, within(1e-3));
    assertThat(t.healthMessage()).doesNotContain("unavailable");
  }

  @Test
  void workersPoolAndNetworkFillTheTiles() {
    DashboardTileData t = tiles(answering("pool.json", "network.json", "client.json"));

    assertThat(t.healthStatus()).isTrue();
    assertThat(t.latencyMs()).isNotNull().isGreaterThanOrEqualTo(0.0);
    assertThat(t.activeWorkers()).isEqualTo(2);
    assertThat(t.healthMessage()).contains("2 workers online", "last seen 2026-02-05T11:59:30Z");
    assertThat(t.networkDifficulty()).isEqualTo(1e14);
    assertThat(t.poolHashrate()).isEqualTo(3.2e15);
    assertThat(t.poolPercentage()).isCloseTo(3.2e15 / 7.8e20 * 100, within(1e-15));
    assertThat(t.estimatedTimeToBlockSeconds()).isCloseTo(1e14 * 4294967296.0 / 3.2e15, within(1e-3));
    // per-worker hash rates (one fractional) summed to the user's
    assertThat(t.userHashrate()).isCloseTo(512345678901.25 + 78000.5, within(1e-3));
    assertThat(t.userEstimatedTimeToBlockSeconds())
        .isCloseTo(MiningMath.timeToBlockSeconds(1e14, 512345678901.25 + 78000.5), within(1.0));
    assertThat(t.userBlockOdds24h()).isBetween(0.0, 1.0).isGreaterThan(0.0);
    // best share: the sessions' best (a string with two decimals) and the account's all-time best
    assertThat(t.bestShareDifficulty()).isEqualTo(4.12e9);
    assertThat(t.bestShareDifficultyEver()).isEqualTo(15234567890.12);
    assertThat(t.currency()).isEqualTo("BTC");
  }

  @Test
  void sharesEarningsAndBlocksAreUnknownAndTheFlagsSaySo() {
    DashboardTileData t = tiles(answering("pool.json", "network.json", "client.json"));
    assertThat(t.sharesValid()).isNull();
    assertThat(t.sharesInvalid()).isNull();
    assertThat(t.sharesStale()).isNull();
    assertThat(t.rejectRate()).isNull();
    assertThat(t.blocksFound24h()).isNull(); // blocksFound[] has no timestamps
    assertThat(t.estimatedEarnings24h()).isNull();
    assertThat(t.confirmedBalance()).isNull();
    assertThat(t.pendingBalance()).isNull();
    assertThat(t.supportsEarnings()).isFalse();
    assertThat(t.supportsBalance()).isFalse();
    assertThat(plugin.supportsEarnings()).isFalse();
    assertThat(plugin.supportsBalance()).isFalse();
  }

  @Test
  void numbersThatArriveAsStringsReadTheSame() {
    DashboardTileData t = tiles(answering("pool-strings.json", "network-no-hashps.json", "client-strings.json"));
    assertThat(t.poolHashrate()).isEqualTo(3.2e15);
    assertThat(t.networkDifficulty()).isEqualTo(1e14);
    assertThat(t.activeWorkers()).isEqualTo(1);
    assertThat(t.userHashrate()).isEqualTo(512345678901.25);
    assertThat(t.bestShareDifficulty()).isEqualTo(4.12e9);
    assertThat(t.bestShareDifficultyEver()).isEqualTo(15234567890.12);
    // no networkhashps: the network hash rate comes from the difficulty and BTC's 600 s blocks
    double hNet = 1e14 * 4294967296.0 / 600;
    assertThat(t.poolPercentage()).isCloseTo(3.2e15 / hNet * 100, within(1e-12));
  }

  @Test
  void workersWhoseHashRatesCannotBeReadLeaveTheUsersHashRateUnknownNotZero() {
    // a negative and a NaN hashRate (found by the reliability suite's fault matrix): not 0 H/s
    DashboardTileData t = tiles(answering("pool.json", "network.json", "client-unreadable-hashrates.json"));
    assertThat(t.healthStatus()).isTrue();
    assertThat(t.activeWorkers()).isEqualTo(2);
    assertThat(t.userHashrate()).isNull();
    assertThat(t.userEstimatedTimeToBlockSeconds()).isNull();
    assertThat(t.poolHashrate()).isEqualTo(3.2e15);
  }

  @Test
  void anUnknownAddressIsAHealthyPoolWithZeroWorkers() {
    DashboardTileData t = tiles(answering("pool.json", "network.json", "client-unknown.json"));
    assertThat(t.healthStatus()).isTrue();
    assertThat(t.activeWorkers()).isZero();
    assertThat(t.userHashrate()).isZero();
    assertThat(t.userEstimatedTimeToBlockSeconds()).isNull(); // no hash rate, no time to a block
    assertThat(t.userBlockOdds24h()).isNull();
    assertThat(t.bestShareDifficulty()).isNull();
    assertThat(t.bestShareDifficultyEver()).isNull(); // absent for an unknown address, not 0
    assertThat(t.healthMessage()).contains("0 workers online");
    assertThat(t.poolHashrate()).isEqualTo(3.2e15);
  }

  @Test
  void withoutAnAddressTheAccountIsNotAskedAndWorkersAreThePoolsMiners() {
    ScriptedPoolContext ctx = answering("pool.json", "network.json", null);
    DashboardTileData t = plugin.dashboardData(selfHosted().build(), ctx).join();
    assertThat(ctx.requestedUrls()).containsExactlyInAnyOrder(ORIGIN + "/api/pool", ORIGIN + "/api/network");
    // the node's network figures change slowly: core keeps them 5 min; the pool is read every time
    assertThat(ctx.requests())
        .allSatisfy(
            r -> assertThat(r.refreshInterval())
                .isEqualTo(r.url().endsWith("/api/network") ? java.time.Duration.ofMinutes(5) : null));
    assertThat(t.activeWorkers()).isEqualTo(12034);
    assertThat(t.userHashrate()).isNull();
    assertThat(t.bestShareDifficulty()).isNull();
    assertThat(t.healthMessage()).contains("12034 miners on the pool");
  }

  @Test
  void aFailingNetworkEndpointLeavesItsFiguresUnknownAndSaysSo() {
    ScriptedPoolContext ctx =
        answering("pool.json", "network.json", "client.json").status(ORIGIN + "/api/network", 503);
    DashboardTileData t = tiles(ctx);
    assertThat(t.healthStatus()).isTrue();
    assertThat(t.networkDifficulty()).isNull();
    assertThat(t.poolPercentage()).isNull();
    assertThat(t.estimatedTimeToBlockSeconds()).isNull();
    assertThat(t.userEstimatedTimeToBlockSeconds()).isNull();
    assertThat(t.userHashrate()).isNotNull();
    assertThat(t.healthMessage()).contains("network figures unavailable", "503");
  }

  @Test
  void aFailingAccountEndpointKeepsThePoolFigures() {
    ScriptedPoolContext ctx =
        answering("pool.json", "network.json", "client.json").status(ORIGIN + "/api/client/" + ADDRESS, 500);
    DashboardTileData t = tiles(ctx);
    assertThat(t.healthStatus()).isTrue();
    assertThat(t.poolHashrate()).isEqualTo(3.2e15);
    assertThat(t.userHashrate()).isNull();
    assertThat(t.activeWorkers()).isNull();
    assertThat(t.healthMessage()).contains("account figures unavailable");
  }

  @Test
  void aFailingPoolEndpointIsAnErrorTile() {
    ScriptedPoolContext ctx =
        answering("pool.json", "network.json", "client.json").status(ORIGIN + "/api/pool", 503);
    DashboardTileData t = tiles(ctx);
    assertThat(t.healthStatus()).isFalse();
    assertThat(t.healthMessage()).startsWith("public-pool: ").contains("503");
    assertThat(t.networkDifficulty()).isNull();
  }

  @Test
  void theAddressIsOnePercentEncodedPathSegment() {
    String odd = "bc1q../../x?y";
    ScriptedPoolContext ctx = answering("pool.json", "network.json", null);
    plugin.dashboardData(selfHosted().username(odd).build(), ctx).join();
    assertThat(ctx.requestedUrls()).contains(ORIGIN + "/api/client/bc1q..%2F..%2Fx%3Fy");
  }

  @Test
  void healthIsOneRequestToThePoolEndpoint() {
    ScriptedPoolContext ctx = answering("pool.json", "network.json", null);
    PoolHealthStatus h = plugin.healthCheck(selfHosted().build(), ctx).join();
    assertThat(h.healthy()).isTrue();
    assertThat(h.latencyMs()).isEqualTo(12.5);
    assertThat(h.activeWorkers()).isEqualTo(12034);
    assertThat(ctx.requestedUrls()).containsExactly(ORIGIN + "/api/pool");
  }

  @Test
  void requestsGoToThePublicOriginTheApiPortOrTheApiBaseUrl() {
    ScriptedPoolContext ctx = ScriptedPoolContext.at(NOW);
    PoolConfig publicPool =
        PoolConfig.builder().poolType("publicpool").url("stratum+tcp://public-pool.io").port(21496).build();
    plugin.healthCheck(publicPool, ctx).join();
    plugin.healthCheck(selfHosted().config(PoolConfig.API_PORT, "8080").build(), ctx).join();
    plugin.healthCheck(selfHosted().config(PoolConfig.API_BASE_URL, "http://127.0.0.2:9999").build(), ctx).join();
    assertThat(ctx.requestedUrls())
        .containsExactly(
            "https://public-pool.io:40557/api/pool",
            "http://127.0.0.1:8080/api/pool",
            "http://127.0.0.2:9999/api/pool");
  }
}
