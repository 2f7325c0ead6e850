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
  void workersHashRatesThatOverflowOrCannotBeReadLeaveTheUsersHashRateUnknown() {
    // found by the reliability suite's fault matrix: 1e308 per worker summed to Infinity, which the
    // tile refused (an error tile); a NaN or negative rate was skipped, understating the sum
    PoolConfig config = pool().username(ADDRESS).config(MiningcoreIntegration.POOL_ID, "btc1").build();
    for (String rates : new String[] {"1e308, 1e308", "\"NaN\", 1200000000000", "-5, 1200000000000"}) {
      String[] r = rates.split(", ");
      String miner = "{\"pendingBalance\": 0.00012345, \"performance\": {\"workers\": {\"rig1\": {\"hashrate\": " + r[0]
          + "}, \"rig2\": {\"hashrate\": " + r[1] + "}}}}";
      DashboardTileData t = tiles(healthy().json(MINER, miner), config);
      assertThat(t.healthStatus()).as(rates).isTrue();
      assertThat(t.activeWorkers()).as(rates).isEqualTo(2);
      assertThat(t.userHashrate()).as(rates).isNull();
      assertThat(t.userEstimatedTimeToBlockSeconds()).as(rates).isNull();
      assertThat(t.pendingBalance()).as(rates).isEqualByComparingTo("0.00012345");
    }
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
    assertThat(t.activeWorkers()).isEqualTo(2); // the miner's workers
    assertThat(t.poolHashrate()).isEqualTo(1.2e15);
    assertThat(t.networkDifficulty()).isEqualTo(1.1e14);
    assertThat(t.poolPercentage()).isCloseTo(1.2e15 / 7.5e20 * 100, within(1e-12));
    assertThat(t.estimatedTimeToBlockSeconds()).isCloseTo(MiningMath.timeToBlockSeconds(1.1e14, 1.2e15), within(1e-6));
    assertThat(t.userHashrate()).isEqualTo(1.7e12); // rig1 + rig2
    assertThat(t.userEstimatedTimeToBlockSeconds()).isCloseTo(MiningMath.timeToBlockSeconds(1.1e14, 1.7e12), within(1e-3));
    assertThat(t.pendingBalance()).isEqualByComparingTo("0.00012345");
    // todayPaid (0.0001) is payouts made today, not earnings: no earnings figure, and none claimed
    assertThat(t.estimatedEarnings24h()).isNull();
    assertThat(t.supportsEarnings()).isFalse();
    assertThat(t.supportsBalance()).isTrue();
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

  /** Page {@code page} of the block list (20 a page). */
  static String blocksPage(int page) {
    return POOL + "/blocks?page=" + page + "&pageSize=20";
  }

  /**
   * Blocks {@code from} to {@code to - 1} of a pool finding one every 75 s (block 0 a minute before
   * {@link #NOW}), newest first, as Miningcore lists them.
   */
  static String everyMinuteAndAQuarter(int from, int to) {
    StringBuilder json = new StringBuilder("[");
    for (int i = from; i < to; i++) {
      json.append(i == from ? "" : ",")
          .append("{\"poolId\": \"btc1\", \"blockHeight\": ")
          .append(22_000_000 - i)
          .append(", \"status\": \"pending\", \"hash\": \"h")
          .append(i)
          .append("\", \"created\": \"")
          .append(NOW.minusSeconds(60 + 75L * i))
          .append("\"}");
    }
    return json.append("]").toString();
  }

  @Test
  void aPoolFinding30BlocksADayHasThemAllCountedAcrossPages() {
    // a block every 75 s (DGB's SHA-256 pace): the newest 20 are all within 24 h, so page 1 is read
    ScriptedPoolContext ctx =
        healthy().json(BLOCKS, everyMinuteAndAQuarter(0, 20)).json(blocksPage(1), everyMinuteAndAQuarter(20, 30));
    DashboardTileData t = tiles(ctx, pool().config(MiningcoreIntegration.POOL_ID, "btc1").build());
    assertThat(t.blocksFound24h()).isEqualTo(30);
    assertThat(t.lastBlockTime()).isEqualTo(NOW.minusSeconds(60));
    assertThat(ctx.requestedUrls()).containsExactlyInAnyOrder(POOL, BLOCKS, blocksPage(1));

    // a block found between the two requests moves the list on by one: page 1 repeats page 0's last
    ScriptedPoolContext moved =
        healthy().json(BLOCKS, everyMinuteAndAQuarter(0, 20)).json(blocksPage(1), everyMinuteAndAQuarter(19, 30));
    assertThat(tiles(moved, pool().config(MiningcoreIntegration.POOL_ID, "btc1").build()).blocksFound24h()).isEqualTo(30);
  }

  @Test
  void pagingStopsAtADayOldBlockOrAfterFivePagesAndSaysSo() {
    // a full page whose oldest block is older than 24 h: the day is complete, no page 1
    String dayEnds = everyMinuteAndAQuarter(0, 19).replaceFirst("]$", "")
        + ",{\"poolId\": \"btc1\", \"blockHeight\": 21000000, \"status\": \"confirmed\", \"hash\": \"old\","
        + " \"created\": \"" + NOW.minusSeconds(25 * 3600) + "\"}]";
    ScriptedPoolContext ctx = healthy().json(BLOCKS, dayEnds);
    DashboardTileData t = tiles(ctx, pool().config(MiningcoreIntegration.POOL_ID, "btc1").build());
    assertThat(t.blocksFound24h()).isEqualTo(19);
    assertThat(ctx.requestedUrls()).containsExactlyInAnyOrder(POOL, BLOCKS);

    // 150 blocks within the day: five pages are read, 100 counted, and the message says so
    ScriptedPoolContext busy = healthy();
    for (int page = 0; page < 8; page++) {
      busy.json(blocksPage(page), everyMinuteAndAQuarter(page * 20, Math.min(150, page * 20 + 20)));
    }
    DashboardTileData capped = tiles(busy, pool().config(MiningcoreIntegration.POOL_ID, "btc1").build());
    assertThat(capped.blocksFound24h()).isEqualTo(100);
    assertThat(capped.healthMessage()).contains("blocks in 24 h counted from the newest 100 blocks only");
    assertThat(busy.requestedUrls())
        .containsExactlyInAnyOrder(POOL, blocksPage(0), blocksPage(1), blocksPage(2), blocksPage(3), blocksPage(4));

    // a later page that fails leaves the count unknown rather than short
    ScriptedPoolContext failing =
        healthy().json(BLOCKS, everyMinuteAndAQuarter(0, 20)).status(blocksPage(1), 500);
    DashboardTileData unknown = tiles(failing, pool().config(MiningcoreIntegration.POOL_ID, "btc1").build());
    assertThat(unknown.blocksFound24h()).isNull();
    assertThat(unknown.healthMessage()).contains("block list unavailable");
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
