package dev.danvic.hmm.pools.miningcore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.MiningMath;
import dev.danvic.hmm.pools.PoolBlock;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.PoolHealthStatus;
import dev.danvic.hmm.pools.PoolStats;
import dev.danvic.hmm.pools.testkit.Fixtures;
import dev.danvic.hmm.pools.testkit.ScriptedPoolContext;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tiles from Miningcore's answers with their quirks, answered in memory at a fixed clock. */
class MiningcoreTilesTest {
  static final Instant NOW = Instant.parse("2026-02-05T12:00:00Z");
  static final String ORIGIN = "http://127.0.0.1:4000";
  static final String ADDRESS = "bc1qminer000000000000000000000000000000000";
  static final String POOLS = ORIGIN + "/api/pools";
  static final String POOL = ORIGIN + "/api/pools/btc1";
  static final String BLOCKS = POOL + "/blocks?page=0&pageSize=20";
  static final String MINER = POOL + "/miners/" + ADDRESS;

  private final MiningcoreIntegration plugin = new MiningcoreIntegration();

  static PoolConfig.Builder pool() {
    return PoolConfig.builder()
        .poolType("miningcore")
        .url("stratum+tcp://127.0.0.1")
        .port(3032)
        .config(PoolConfig.API_BASE_URL, ORIGIN);
  }

  static ScriptedPoolContext healthy() {
    return ScriptedPoolContext.at(NOW)
        .json(POOLS, Fixtures.read("miningcore/pools-one.json"))
        .json(POOL, Fixtures.read("miningcore/pool-btc1.json"))
        .json(BLOCKS, Fixtures.read("miningcore/blocks.json"))
        .json(MINER, Fixtures.read("miningcore/miner.json"));
  }

  private DashboardTileData tiles(ScriptedPoolContext ctx, PoolConfig pool) {
    return plugin.dashboardData(pool, ctx).join();
  }

  @Test
  void thePoolItsBlocksAndTheMinerFillTheFourTiles() {
    ScriptedPoolContext ctx = healthy();
    DashboardTileData t = tiles(ctx, pool().username(ADDRESS).config(MiningcoreIntegration.POOL_ID, "btc1").build());

    assertThat(ctx.requestedUrls()).containsExactlyInAnyOrder(POOL, BLOCKS, MINER);
    // the block list changes rarely: core keeps it 2 min; the pool and the miner are read every time
    assertThat(ctx.requests())
        .allSatisfy(
            r -> assertThat(r.refreshInterval())
                .isEqualTo(r.url().equals(BLOCKS) ? java.time.Duration.ofMinutes(2) : null));
    assertThat(t.healthStatus()).isTrue();
    assertThat(t.supportsEarnings()).isTrue();
    assertThat(t.supportsBalance()).isTrue();
    assertThat(t.activeWorkers()).isEqualTo(2); // the miner's workers
    assertThat(t.poolHashrate()).isEqualTo(1.2e15);
    assertThat(t.networkDifficulty()).isEqualTo(1.1e14);
    assertThat(t.poolPercentage()).isCloseTo(1.2e15 / 7.5e20 * 100, within(1e-12));
    assertThat(t.estimatedTimeToBlockSeconds()).isCloseTo(MiningMath.timeToBlockSeconds(1.1e14, 1.2e15), within(1e-6));
    assertThat(t.userHashrate()).isEqualTo(1.7e12); // rig1 + rig2
    assertThat(t.userEstimatedTimeToBlockSeconds()).isCloseTo(MiningMath.timeToBlockSeconds(1.1e14, 1.7e12), within(1e-3));
    assertThat(t.pendingBalance()).isEqualByComparingTo("0.00012345");
    assertThat(t.estimatedEarnings24h()).isEqualByComparingTo("0.0001"); // todayPaid
    assertThat(t.confirmedBalance()).isNull();
    assertThat(t.sharesValid()).isNull(); // Miningcore reports no share counts
    assertThat(t.currency()).isEqualTo("BTC");
    assertThat(t.healthMessage()).contains("2 workers online", "pool effort 87.3 %"); // poolEffort 0.8734, a ratio
  }

  @Test
  void blocksWithLowerCaseStatusesGoThroughTheShared24hRule() {
    DashboardTileData t = tiles(healthy(), pool().config(MiningcoreIntegration.POOL_ID, "btc1").build());
    // pending 11:00 and confirmed 20:00 yesterday count; the orphan, the block exactly 24 h old and the old one do not
    assertThat(t.blocksFound24h()).isEqualTo(2);
    // the pending block is later than lastPoolBlockTime (yesterday 08:00)
    assertThat(t.lastBlockTime()).isEqualTo(Instant.parse("2026-02-05T11:00:00Z"));
  }

  @Test
  void withoutPoolIdTheServersOnlyPoolIsUsed() {
    ScriptedPoolContext ctx = healthy();
    DashboardTileData t = tiles(ctx, pool().build());
    assertThat(ctx.requestedUrls()).containsExactlyInAnyOrder(POOLS, BLOCKS);
    assertThat(t.healthStatus()).isTrue();
    assertThat(t.activeWorkers()).isEqualTo(12); // connectedMiners, no address
    // without an address there are no earnings or balances to give
    assertThat(t.supportsEarnings()).isFalse();
    assertThat(t.supportsBalance()).isFalse();
    assertThat(t.healthMessage()).startsWith("12 miners on the pool");
  }

  @Test
  void severalPoolsWithoutPoolIdIsAClearErrorListingTheirIds() {
    ScriptedPoolContext ctx = healthy().json(POOLS, Fixtures.read("miningcore/pools-two.json"));
    DashboardTileData t = tiles(ctx, pool().username(ADDRESS).build());
    assertThat(t.healthStatus()).isFalse();
    assertThat(t.healthMessage())
        .isEqualTo("Miningcore: pool_id: not set, and this Miningcore server hosts 2 pools: btc1, bch1; set pool_id to one of them");
    assertThat(t.poolHashrate()).isNull();

    PoolHealthStatus h = plugin.healthCheck(pool().build(), ctx).join();
    assertThat(h.healthy()).isFalse();
    assertThat(h.errorMessage()).contains("btc1, bch1");
  }

  @Test
  void anUnknownPoolIdSaysWhichIdIsMissing() {
    ScriptedPoolContext ctx = healthy().status(ORIGIN + "/api/pools/btc9", 404);
    DashboardTileData t = tiles(ctx, pool().config(MiningcoreIntegration.POOL_ID, "btc9").build());
    assertThat(t.healthStatus()).isFalse();
    assertThat(t.healthMessage()).isEqualTo("Miningcore: this Miningcore server has no pool 'btc9' (config pool_id)");
  }

  @Test
  void anUnknownMinerIsAReadableTileWithTheUsersFiguresUnknown() {
    for (ScriptedPoolContext ctx :
        List.of(
            healthy().respond(MINER, 204, null, ""),
            healthy().respond(MINER, 200, "application/json", ""),
            healthy().status(MINER, 404))) {
      DashboardTileData t = tiles(ctx, pool().username(ADDRESS).config(MiningcoreIntegration.POOL_ID, "btc1").build());
      assertThat(t.healthStatus()).isTrue();
      assertThat(t.poolHashrate()).isEqualTo(1.2e15);
      assertThat(t.blocksFound24h()).isEqualTo(2);
      assertThat(t.activeWorkers()).isNull();
      assertThat(t.userHashrate()).isNull();
      assertThat(t.pendingBalance()).isNull();
      assertThat(t.estimatedEarnings24h()).isNull();
      assertThat(t.healthMessage()).contains("address not known to this pool yet");
    }
  }

  @Test
  void aFailingBlockListLeavesTheBlocksUnknownAndSaysSo() {
    DashboardTileData t =
        tiles(healthy().status(BLOCKS, 500), pool().config(MiningcoreIntegration.POOL_ID, "btc1").build());
    assertThat(t.healthStatus()).isTrue();
    assertThat(t.blocksFound24h()).isNull();
    assertThat(t.lastBlockTime()).isEqualTo(Instant.parse("2026-02-04T08:00:00Z")); // lastPoolBlockTime
    assertThat(t.healthMessage()).contains("block list unavailable");
  }

  @Test
  void aNonSha256CoinHasNoTimeToBlockButStillAPoolPercentage() {
    ScriptedPoolContext ctx =
        ScriptedPoolContext.at(NOW)
            .json(ORIGIN + "/api/pools/ltc1", Fixtures.read("miningcore/pool-ltc1.json"))
            .json(ORIGIN + "/api/pools/ltc1/blocks?page=0&pageSize=20", "[]");
    DashboardTileData t = tiles(ctx, pool().config(MiningcoreIntegration.POOL_ID, "ltc1").build());
    assertThat(t.currency()).isEqualTo("LTC");
    assertThat(t.poolPercentage()).isCloseTo(0.1, within(1e-12));
    assertThat(t.estimatedTimeToBlockSeconds()).isNull();
    assertThat(t.blocksFound24h()).isZero();
    assertThat(t.lastBlockTime()).isNull();
  }

  @Test
  void recentBlocksReadsTheStatusesAndStatsThePool() {
    PoolConfig config = pool().config(MiningcoreIntegration.POOL_ID, "btc1").build();
    List<PoolBlock> blocks = plugin.recentBlocks(config, healthy()).join();
    assertThat(blocks)
        .extracting(PoolBlock::status)
        .containsExactly(
            PoolBlock.Status.CANDIDATE,
            PoolBlock.Status.ORPHANED,
            PoolBlock.Status.CONFIRMED,
            PoolBlock.Status.CONFIRMED,
            PoolBlock.Status.CONFIRMED);
    assertThat(blocks.get(0).reward()).isEqualByComparingTo(new BigDecimal("3.125"));
    assertThat(blocks.get(0).height()).isEqualTo(934513L);
    assertThat(blocks.get(0).currency()).isEqualTo("BTC");
    assertThat(blocks.get(3).networkDifficulty()).isNull(); // left out by Miningcore

    PoolStats s = plugin.stats(config, healthy()).join();
    assertThat(s.poolHashrate()).isEqualTo(1.2e15);
    assertThat(s.networkHashrate()).isEqualTo(7.5e20);
    assertThat(s.blockHeight()).isEqualTo(934513L);
    assertThat(s.activeMiners()).isEqualTo(12);
    assertThat(s.blocksFoundTotal()).isEqualTo(3L);
    assertThat(s.feePercent()).isEqualTo(1.5);
    assertThat(s.activeWorkers()).isNull();
  }

  @Test
  void healthIsOneRequest() {
    ScriptedPoolContext ctx = healthy();
    PoolHealthStatus h = plugin.healthCheck(pool().config(MiningcoreIntegration.POOL_ID, "btc1").build(), ctx).join();
    assertThat(h.healthy()).isTrue();
    assertThat(h.activeWorkers()).isEqualTo(12);
    assertThat(ctx.requestedUrls()).containsExactly(POOL);
  }
}
