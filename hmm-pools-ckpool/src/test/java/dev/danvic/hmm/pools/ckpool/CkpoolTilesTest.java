package dev.danvic.hmm.pools.ckpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.InvalidPoolConfigException;
import dev.danvic.hmm.pools.MiningMath;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.PoolHealthStatus;
import dev.danvic.hmm.pools.testkit.Fixtures;
import dev.danvic.hmm.pools.testkit.ScriptedPoolContext;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The tiles from ckpool's status files with their quirks, answered in memory at a fixed clock. */
class CkpoolTilesTest {
  static final Instant NOW = Instant.parse("2026-02-05T12:00:00Z");
  static final String ORIGIN = "http://127.0.0.1:8080";
  static final String ADDRESS = "bc1qbitaxe00000000000000000000000000000000";
  static final String STATUS = ORIGIN + "/pool/pool.status";
  static final String USER = ORIGIN + "/users/" + ADDRESS;
  /** SI strings are scaled in double: "2.05P" may read one unit in the last place off. */
  static final org.assertj.core.data.Percentage ULP = org.assertj.core.data.Percentage.withPercentage(1e-12);

  private final CkpoolIntegration plugin = new CkpoolIntegration();

  static PoolConfig.Builder selfHosted() {
    return PoolConfig.builder()
        .poolType("ckpool")
        .url("stratum+tcp://127.0.0.1")
        .port(3333)
        .config(PoolConfig.API_BASE_URL, ORIGIN);
  }

  static ScriptedPoolContext answering(String status, String user) {
    ScriptedPoolContext ctx =
        ScriptedPoolContext.at(NOW).respond(STATUS, 200, "text/plain", Fixtures.read("ckpool/" + status));
    return user == null ? ctx : ctx.json(USER, Fixtures.read("ckpool/" + user));
  }

  private DashboardTileData tiles(ScriptedPoolContext ctx, PoolConfig pool) {
    return plugin.dashboardData(pool, ctx).join();
  }

  @Test
  void theAccountsFileFillsWorkersSharesBestSharesAndHashRate() {
    DashboardTileData t = tiles(answering("pool.status", "user.json"), selfHosted().username(ADDRESS).build());

    assertThat(t.healthStatus()).isTrue();
    assertThat(t.latencyMs()).isEqualTo(12.5);
    assertThat(t.activeWorkers()).isEqualTo(2);
    assertThat(t.poolHashrate()).isCloseTo(2.05e15, ULP); // "2.05P", the 5 min window
    assertThat(t.userHashrate()).isCloseTo(498e9, ULP); // "498G"
    assertThat(t.sharesValid()).isEqualTo(12_345_678L); // 12345678.9 difficulty-1 shares, truncated
    assertThat(t.sharesInvalid()).isNull();
    assertThat(t.sharesStale()).isNull();
    assertThat(t.rejectRate()).isNull();
    assertThat(t.bestShareDifficulty()).isEqualTo(4120000000.3);
    assertThat(t.bestShareDifficultyEver()).isEqualTo(98765432101.0);
    assertThat(t.healthMessage()).contains("2 workers online", "last share 2026-02-05T11:59:41Z");
    assertThat(t.currency()).isEqualTo("BTC");
    assertThat(t.blocksFound24h()).isNull();
    assertThat(t.estimatedEarnings24h()).isNull();
    assertThat(t.supportsEarnings()).isFalse();
    assertThat(t.supportsBalance()).isFalse();
  }

  @Test
  void withoutANetworkDifficultyEveryFigureThatNeedsOneIsUnknownAndTheMessageNamesTheKey() {
    DashboardTileData t = tiles(answering("pool.status", "user.json"), selfHosted().username(ADDRESS).build());
    assertThat(t.networkDifficulty()).isNull();
    assertThat(t.poolPercentage()).isNull();
    assertThat(t.estimatedTimeToBlockSeconds()).isNull();
    assertThat(t.userEstimatedTimeToBlockSeconds()).isNull();
    assertThat(t.userBlockOdds24h()).isNull();
    assertThat(t.healthMessage()).contains("network_difficulty");
  }

  @Test
  void aConfiguredNetworkDifficultyGivesTimesToABlockAndOdds() {
    PoolConfig pool =
        selfHosted().username(ADDRESS).config(CkpoolIntegration.NETWORK_DIFFICULTY, "1e14").build();
    DashboardTileData t = tiles(answering("pool.status", "user.json"), pool);
    assertThat(t.networkDifficulty()).isEqualTo(1e14);
    assertThat(t.estimatedTimeToBlockSeconds()).isCloseTo(MiningMath.timeToBlockSeconds(1e14, 2.05e15), within(1e-6));
    assertThat(t.userEstimatedTimeToBlockSeconds()).isCloseTo(MiningMath.timeToBlockSeconds(1e14, 498e9), within(1e-3));
    assertThat(t.userBlockOdds24h()).isGreaterThan(0.0).isLessThan(1.0);
    double hNet = 1e14 * 4294967296.0 / 600;
    assertThat(t.poolPercentage()).isCloseTo(2.05e15 / hNet * 100, within(1e-12));
    assertThat(t.healthMessage()).doesNotContain("network_difficulty");
  }

  @Test
  void withoutAnAddressThePoolsWorkersSharesAndBestShareAreShown() {
    ScriptedPoolContext ctx = answering("pool.status", null);
    DashboardTileData t = tiles(ctx, selfHosted().build());
    assertThat(ctx.requestedUrls()).containsExactly(STATUS);
    assertThat(t.activeWorkers()).isEqualTo(128);
    assertThat(t.sharesValid()).isEqualTo(2_321_468_939_520L);
    assertThat(t.sharesInvalid()).isEqualTo(6_817_280L);
    assertThat(t.rejectRate()).isCloseTo(6_817_280.0 / (2_321_468_939_520L + 6_817_280L) * 100, within(1e-12));
    assertThat(t.bestShareDifficulty()).isEqualTo(48813125862.5);
    assertThat(t.bestShareDifficultyEver()).isNull();
    assertThat(t.userHashrate()).isNull();
    assertThat(t.healthMessage()).contains("128 workers on the pool");
  }

  @Test
  void theOlderFourLineStatusReadsTheSame() {
    DashboardTileData t = tiles(answering("pool-old.status", null), selfHosted().build());
    assertThat(t.healthStatus()).isTrue();
    assertThat(t.poolHashrate()).isCloseTo(85.1e12, ULP); // "85.1T"
    assertThat(t.activeWorkers()).isEqualTo(3);
    assertThat(t.sharesValid()).isEqualTo(1_234_567L);
    assertThat(t.sharesInvalid()).isEqualTo(89L);
    assertThat(t.bestShareDifficulty()).isEqualTo(302_000_000.0);
  }

  @Test
  void anUnknownAddressIsAReadableTileWithTheUsersFiguresUnknown() {
    ScriptedPoolContext ctx = answering("pool.status", null).status(USER, 404);
    DashboardTileData t = tiles(ctx, selfHosted().username(ADDRESS).build());
    assertThat(t.healthStatus()).isTrue();
    assertThat(t.poolHashrate()).isCloseTo(2.05e15, ULP);
    assertThat(t.activeWorkers()).isNull();
    assertThat(t.userHashrate()).isNull();
    assertThat(t.sharesValid()).isNull();
    assertThat(t.bestShareDifficulty()).isNull();
    assertThat(t.bestShareDifficultyEver()).isNull();
    assertThat(t.healthMessage()).contains("address not known to ckpool yet");
  }

  @Test
  void anIdleAccountHasBareZeroHashRateFractionalSharesAndAnIntegerOrFloatBestEver() {
    PoolConfig pool =
        selfHosted().username(ADDRESS).config(CkpoolIntegration.NETWORK_DIFFICULTY, "1e14").build();
    DashboardTileData t = tiles(answering("pool.status", "user-idle.json"), pool);
    assertThat(t.userHashrate()).isZero(); // bare "0" in the 5 min window: known, zero
    assertThat(t.userEstimatedTimeToBlockSeconds()).isNull();
    assertThat(t.activeWorkers()).isZero();
    assertThat(t.sharesValid()).isZero(); // 0.5 shares
    assertThat(t.bestShareDifficulty()).isNull(); // 0 = none this round
    assertThat(t.bestShareDifficultyEver()).isEqualTo(1234.5);
  }

  @Test
  void aFailingStatusFileIsAnErrorTile() {
    DashboardTileData t =
        tiles(ScriptedPoolContext.at(NOW).status(STATUS, 503), selfHosted().username(ADDRESS).build());
    assertThat(t.healthStatus()).isFalse();
    assertThat(t.healthMessage()).startsWith("ckpool: ").contains("503");
  }

  @Test
  void aWebPageInsteadOfTheStatusFileIsAnErrorTileNamingTheLine() {
    ScriptedPoolContext ctx =
        ScriptedPoolContext.at(NOW).respond(STATUS, 200, "text/html", "<html>\n<body>nginx</body>\n</html>");
    DashboardTileData t = tiles(ctx, selfHosted().build());
    assertThat(t.healthStatus()).isFalse();
    assertThat(t.healthMessage()).contains("line 1");
    assertThat(plugin.healthCheck(selfHosted().build(), ctx).join().healthy()).isFalse();
  }

  @Test
  void aNetworkDifficultyThatIsNotAPositiveNumberIsRefusedNamingTheKey() {
    for (String bad : new String[] {"abc", "-5", "0", "NaN", "1e999"}) {
      PoolConfig pool = selfHosted().config(CkpoolIntegration.NETWORK_DIFFICULTY, bad).build();
      assertThatThrownBy(() -> plugin.validate(pool))
          .as(bad)
          .isInstanceOfSatisfying(
              InvalidPoolConfigException.class, e -> assertThat(e.getMessage()).contains("network_difficulty"));
      DashboardTileData t = tiles(answering("pool.status", null), pool);
      assertThat(t.healthStatus()).isFalse();
      assertThat(t.healthMessage()).contains("network_difficulty");
    }
  }

  @Test
  void healthIsOneRequestToTheStatusFile() {
    ScriptedPoolContext ctx = answering("pool.status", null);
    PoolHealthStatus h = plugin.healthCheck(selfHosted().username(ADDRESS).build(), ctx).join();
    assertThat(h.healthy()).isTrue();
    assertThat(h.latencyMs()).isEqualTo(12.5);
    assertThat(h.activeWorkers()).isEqualTo(128);
    assertThat(ctx.requestedUrls()).containsExactly(STATUS);
  }

  @Test
  void requestsGoToThePublicOriginThePortOrTheApiBaseUrl() {
    ScriptedPoolContext ctx = ScriptedPoolContext.at(NOW);
    PoolConfig.Builder plain = PoolConfig.builder().poolType("ckpool").port(3333);
    plugin.healthCheck(plain.url("stratum+tcp://solo.ckpool.org").build(), ctx).join();
    plugin.healthCheck(plain.url("eusolo.ckpool.org").build(), ctx).join();
    plugin.healthCheck(plain.url("ausolo.ckpool.org").build(), ctx).join();
    plugin.healthCheck(plain.url("ussolo.ckpool.org").build(), ctx).join(); // any *solo.ckpool.org
    plugin.healthCheck(plain.url("evilsolo.ckpool.org.attacker.com").build(), ctx).join(); // a lookalike
    plugin.healthCheck(plain.url("192.168.1.30").build(), ctx).join();
    plugin.healthCheck(plain.url("192.168.1.30").config(PoolConfig.API_PORT, "8081").build(), ctx).join();
    assertThat(ctx.requestedUrls())
        .containsExactly(
            "https://solo.ckpool.org/pool/pool.status",
            "https://solo.ckpool.org/pool/pool.status",
            "https://solo.ckpool.org/pool/pool.status",
            "https://solo.ckpool.org/pool/pool.status",
            "http://evilsolo.ckpool.org.attacker.com/pool/pool.status",
            "http://192.168.1.30/pool/pool.status",
            "http://192.168.1.30:8081/pool/pool.status");
  }
}
