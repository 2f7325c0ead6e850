package dev.danvic.hmm.pools.ocean;

import static org.assertj.core.api.Assertions.assertThat;

import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.LenientJson;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.PoolHealthStatus;
import dev.danvic.hmm.pools.PoolResponse;
import dev.danvic.hmm.pools.testkit.Fixtures;
import dev.danvic.hmm.pools.testkit.ScriptedPoolContext;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tiles from OCEAN's answers with their quirks, answered in memory at a fixed clock. */
class OceanTilesTest {
  static final Instant NOW = Instant.parse("2026-02-05T12:00:00Z");
  static final String ORIGIN = "http://127.0.0.1:8080";
  static final String ADDRESS = "bc1qocean0000000000000000000000000000000000";
  static final String POOL_STAT = ORIGIN + "/v1/pool_stat";
  static final String STATSNAP = ORIGIN + "/v1/statsnap/" + ADDRESS;
  static final String WORKERS = ORIGIN + "/v1/user_hashrate_full/" + ADDRESS;
  static final String EARNPAY = ORIGIN + "/v1/earnpay/" + ADDRESS + "/1770206400/1770292800";
  static final String NO_USER = Fixtures.read("ocean/error-no-user.json");

  private final OceanIntegration plugin = new OceanIntegration();

  static PoolConfig pool(String address) {
    return PoolConfig.builder()
        .poolType("ocean")
        .url("stratum+tcp://mine.ocean.xyz")
        .port(3334)
        .username(address)
        .config(PoolConfig.API_BASE_URL, ORIGIN)
        .build();
  }

  static ScriptedPoolContext healthy() {
    return ScriptedPoolContext.at(NOW)
        .json(POOL_STAT, Fixtures.read("ocean/pool_stat.json"))
        .json(STATSNAP, Fixtures.read("ocean/statsnap.json"))
        .json(WORKERS, Fixtures.read("ocean/user_hashrate_full.json"))
        .json(EARNPAY, Fixtures.read("ocean/earnpay.json"));
  }

  private DashboardTileData tiles(ScriptedPoolContext ctx, PoolConfig pool) {
    return plugin.dashboardData(pool, ctx).join();
  }

  @Test
  void theAccountsAnswersFillTheFourTiles() {
    DashboardTileData t = tiles(healthy(), pool(ADDRESS));

    assertThat(t.healthStatus()).isTrue();
    assertThat(t.activeWorkers()).isEqualTo(2); // bitaxe1 and s19 hash; bitaxe2 reads "0"
    assertThat(t.poolHashrate()).isEqualTo(652341234567890123d); // the 5 min window, a string
    assertThat(t.userHashrate()).isEqualTo(9007199254740993d); // hashrate_300s, the documented window
    assertThat(t.networkDifficulty()).isNull(); // OCEAN publishes none
    assertThat(t.poolPercentage()).isNull();
    assertThat(t.sharesValid()).isEqualTo(3_456_789_012L); // shares_in_tides, beyond 2^31
    assertThat(t.sharesInvalid()).isNull();
    assertThat(t.confirmedBalance()).isEqualTo(new BigDecimal("0.00123456")); // unpaid, BTC
    assertThat(t.pendingBalance()).isNull();
    assertThat(t.currency()).isEqualTo("BTC");
    assertThat(t.supportsEarnings()).isTrue();
    assertThat(t.supportsBalance()).isTrue();
    assertThat(t.healthMessage())
        .contains("2 workers online", "last share 2026-02-05T11:59:55Z", "next block pays about 0.00001244 BTC");
  }

  @Test
  void hashRatesBeyondTwoToThe53AreReadExactly() {
    OceanJson.SnapReading snap =
        OceanJson.snap(LenientJson.at(json(Fixtures.read("ocean/statsnap.json")), "result"));
    assertThat(snap.hashrate()).isEqualTo(new BigDecimal("9007199254740993")); // 2^53 + 1: a double would say ...992
    assertThat(snap.lastShare()).isEqualTo(Instant.parse("2026-02-05T11:59:55Z")); // lastest_share_ts, OCEAN's spelling
    assertThat(snap.snapshot()).isEqualTo(NOW);
  }

  @Test
  void earningsOfTheLast24hComeFromEarnpayInSatoshisWithTimesReadAsUtc() {
    DashboardTileData t = tiles(healthy(), pool(ADDRESS));
    // 10:00 today and 13:30 yesterday (zone-less = UTC) are in; 12:00 yesterday is exactly 24 h old: out
    assertThat(t.estimatedEarnings24h()).isEqualByComparingTo("0.00006912"); // (1234 + "5678") / 1e8
    assertThat(t.blocksFound24h()).isEqualTo(2);
    assertThat(t.lastBlockTime()).isEqualTo(Instant.parse("2026-02-05T10:00:00Z"));
    assertThat(t.healthMessage()).contains("OCEAN fees 24 h 0.00000046 BTC"); // fees_colected_satoshis 12 + "34"
  }

  @Test
  void noEarningsInTheWindowIsZeroNotUnknown() {
    DashboardTileData t = tiles(healthy().json(EARNPAY, Fixtures.read("ocean/earnpay-empty.json")), pool(ADDRESS));
    assertThat(t.estimatedEarnings24h()).isZero();
    assertThat(t.blocksFound24h()).isZero();
    assertThat(t.lastBlockTime()).isNull();
  }

  @Test
  void anActiveWorkerCountWinsOverCountingWorkers() {
    DashboardTileData t =
        tiles(healthy().json(WORKERS, Fixtures.read("ocean/user_hashrate_full-count.json")), pool(ADDRESS));
    assertThat(t.activeWorkers()).isEqualTo(3);
  }

  @Test
  void workersWhoseHashRatesCannotBeReadAreNotCountedAsInactive() {
    // NaN and negative windows (found by the reliability suite's fault matrix): the count is unknown, not 0
    DashboardTileData t =
        tiles(healthy().json(WORKERS, Fixtures.read("ocean/user_hashrate_full-unreadable.json")), pool(ADDRESS));
    assertThat(t.healthStatus()).isTrue();
    assertThat(t.activeWorkers()).isNull();
    assertThat(t.userHashrate()).isEqualTo(9007199254740993d); // statsnap still read
  }

  @Test
  void anUnknownAddressIsAReadableTileWithOceansMessageNeverZeros() {
    for (int status : new int[] {200, 404}) {
      ScriptedPoolContext ctx =
          ScriptedPoolContext.at(NOW)
              .json(POOL_STAT, Fixtures.read("ocean/pool_stat.json"))
              .respond(STATSNAP, status, "application/json", NO_USER)
              .respond(WORKERS, status, "application/json", NO_USER)
              .respond(EARNPAY, status, "application/json", NO_USER);
      DashboardTileData t = tiles(ctx, pool(ADDRESS));

      assertThat(t.healthStatus()).as("HTTP %s", status).isTrue();
      assertThat(t.poolHashrate()).isEqualTo(652341234567890123d);
      assertThat(t.healthMessage()).contains("OCEAN: No such user or user has no active workers");
      assertThat(t.activeWorkers()).isNull();
      assertThat(t.userHashrate()).isNull();
      assertThat(t.sharesValid()).isNull();
      assertThat(t.confirmedBalance()).isNull();
      assertThat(t.estimatedEarnings24h()).isNull();
      assertThat(t.blocksFound24h()).isNull();
    }
  }

  @Test
  void anErrorFromPoolStatIsAnErrorTileCarryingOceansMessageWhateverTheStatus() {
    for (int status : new int[] {200, 500}) {
      ScriptedPoolContext ctx =
          healthy().respond(POOL_STAT, status, "application/json", "{\"error\": \"database unavailable\"}");
      DashboardTileData t = tiles(ctx, pool(ADDRESS));
      assertThat(t.healthStatus()).isFalse();
      assertThat(t.healthMessage()).isEqualTo("OCEAN: database unavailable");
      assertThat(t.poolHashrate()).isNull();
      assertThat(t.sharesValid()).isNull();
      assertThat(t.supportsEarnings()).as("an error tile still says what this pool supports").isTrue();

      PoolHealthStatus h = plugin.healthCheck(pool(ADDRESS), ctx).join();
      assertThat(h.healthy()).isFalse();
      assertThat(h.errorMessage()).isEqualTo("OCEAN: database unavailable");
    }
  }

  @Test
  void withoutAnAddressOnlyThePoolIsAskedAndItsWorkersAreShown() {
    ScriptedPoolContext ctx = healthy();
    DashboardTileData t = tiles(ctx, pool(null));
    assertThat(ctx.requestedUrls()).containsExactly(POOL_STAT);
    assertThat(t.activeWorkers()).isEqualTo(2841);
    assertThat(t.userHashrate()).isNull();
    assertThat(t.estimatedEarnings24h()).isNull();
    assertThat(t.healthMessage()).isEqualTo("2841 workers on the pool");
    // without an address there are no earnings or balances to give
    assertThat(t.supportsEarnings()).isFalse();
    assertThat(t.supportsBalance()).isFalse();
    assertThat(plugin.supportsEarnings(pool(null))).isFalse();
    assertThat(plugin.supportsEarnings(pool(ADDRESS))).isTrue();
  }

  @Test
  void healthIsPoolStatSentOnce() {
    ScriptedPoolContext ctx = healthy();
    PoolHealthStatus h = plugin.healthCheck(pool(ADDRESS), ctx).join();
    assertThat(h.healthy()).isTrue();
    assertThat(h.activeWorkers()).isEqualTo(2841);
    assertThat(ctx.requestedUrls()).containsExactly(POOL_STAT);
  }

  @Test
  void aBodyWithoutTheEnvelopeIsNotReadAsFigures() {
    DashboardTileData t = tiles(healthy().json(POOL_STAT, "{\"workers\": \"5\"}"), pool(ADDRESS));
    assertThat(t.healthStatus()).isFalse();
    assertThat(t.healthMessage()).contains("envelope");
  }

  private static com.fasterxml.jackson.databind.JsonNode json(String body) {
    return LenientJson.parse(new PoolResponse(200, "application/json", body, Map.of(), 1), "test");
  }
}
