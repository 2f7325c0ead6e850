package dev.danvic.hmm.pools.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.MiningMath;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TileAggregatorTest {
  private static final Instant T0 = Instant.parse("2026-02-05T12:00:00Z");
  /** 2^32, the hashes per unit of difficulty {@link MiningMath} uses. */
  private static final double TWO_32 = 4_294_967_296.0;

  private static int counter;

  private static PoolTileSet pool(DashboardTileData tiles) {
    return new PoolTileSet("pool-" + ++counter, "test", "Test pool", List.of("BTC"), tiles);
  }

  private static DashboardTileData.Builder tiles() {
    return DashboardTileData.builder(T0);
  }

  private static PoolTileSet failed() {
    return pool(DashboardTileData.error("timed out after 5 s", T0));
  }

  /** A pool on {@code coin} with difficulty D and hash rate H, its ETTB computed as plugins do. */
  private static DashboardTileData.Builder mining(String coin, double difficulty, double hashrate) {
    return tiles()
        .currency(coin)
        .networkDifficulty(difficulty)
        .poolHashrate(hashrate)
        .estimatedTimeToBlockSeconds(MiningMath.timeToBlockSecondsOrNull(difficulty, hashrate));
  }

  @Test
  void zeroPoolsGiveNoPoolsAndUnknownNotZero() {
    PlatformTiles p = TileAggregator.aggregate(List.of(), T0);

    assertThat(p.tile1Health())
        .isEqualTo(new PlatformTiles.HealthTile(0, 0, 0, null, PlatformTiles.Status.NO_POOLS));
    assertThat(p.tile2Network()).isEqualTo(new PlatformTiles.NetworkTile(null, null, null, null, null));
    assertThat(p.tile3Shares()).isEqualTo(new PlatformTiles.SharesTile(null, null, null, null));
    assertThat(p.tile4Blocks()).isEqualTo(new PlatformTiles.BlocksTile(null, null, List.of()));
    assertThat(p.byCoin()).isEmpty();
    assertThat(p.lastUpdated()).isEqualTo(T0);
    // without a clock and without pools, the time is unknown too
    assertThat(TileAggregator.aggregate(List.of()).lastUpdated()).isNull();
  }

  @Test
  void statusIsHealthyDegradedOrUnhealthyByHowManyPoolsAreHealthy() {
    PoolTileSet ok1 = pool(tiles().build());
    PoolTileSet ok2 = pool(tiles().build());

    PlatformTiles all = TileAggregator.aggregate(List.of(ok1, ok2), T0);
    assertThat(all.tile1Health())
        .isEqualTo(new PlatformTiles.HealthTile(2, 2, 0, null, PlatformTiles.Status.HEALTHY));

    // 2 of 3 healthy is "degraded" (the seed's example says "healthy" for 2 of 3; the contract wins)
    PoolTileSet failed = failed();
    PlatformTiles some = TileAggregator.aggregate(List.of(ok1, ok2, failed), T0);
    assertThat(some.tile1Health())
        .isEqualTo(
            new PlatformTiles.HealthTile(
                3,
                2,
                1,
                0,
                null,
                PlatformTiles.Status.DEGRADED,
                "Test pool '" + failed.poolId() + "': timed out after 5 s"));

    PlatformTiles none = TileAggregator.aggregate(List.of(failed(), failed()), T0);
    assertThat(none.tile1Health().status()).isEqualTo(PlatformTiles.Status.UNHEALTHY);
    assertThat(none.tile1Health().unhealthyPools()).isEqualTo(2);
  }

  @Test
  void theHealthMessageNamesTheUnhealthyPoolsWithWhyThenTheLoadingOnesAndCountsTheRest() {
    List<PoolTileSet> pools = new ArrayList<>();
    pools.add(pool(tiles().build()));
    for (int i = 0; i < 7; i++) {
      // core names an error after its plugin; the platform message names the pool once
      pools.add(pool(DashboardTileData.error(i == 0 ? "Test pool: invalid API token" : "invalid API token", T0)));
    }
    PoolTileSet loading = pool(DashboardTileData.error("loading", T0));
    pools.add(
        new PoolTileSet(
            loading.poolId(), "test", "Test pool", List.of("BTC"), loading.tiles(), null, true));

    PlatformTiles.HealthTile health = TileAggregator.aggregate(pools, T0).tile1Health();
    assertThat(health.unhealthyPools()).isEqualTo(7);
    assertThat(health.loadingPools()).isEqualTo(1);
    assertThat(health.status()).isEqualTo(PlatformTiles.Status.DEGRADED);
    String first = pools.get(1).poolId();
    assertThat(health.healthMessage())
        .startsWith("Test pool '" + first + "': invalid API token; ")
        .contains("; and 2 more; loading: Test pool '" + loading.poolId() + "'");
  }

  @Test
  void averageLatencyIsTheMeanOfKnownLatenciesWhateverTheHealth() {
    List<PoolTileSet> pools =
        List.of(
            pool(tiles().latencyMs(100.0).build()),
            pool(tiles().latencyMs(200.0).build()),
            failed(), // no latency: left out, not counted as 0 ms
            // answered HTTP 503 after 600 ms: unhealthy, but the 600 ms were measured
            pool(tiles().healthStatus(false).healthMessage("HTTP 503").latencyMs(600.0).build()));

    // (100 + 200 + 600) / 3 = 300 ms
    assertThat(TileAggregator.aggregate(pools, T0).tile1Health().avgLatencyMs()).isEqualTo(300.0);
    // no pool reports a latency: null, not 0
    assertThat(TileAggregator.aggregate(List.of(failed()), T0).tile1Health().avgLatencyMs()).isNull();
  }

  @Test
  void networkSumsAreSumsOfTheKnownValuesAndNullWhenNoneIsKnown() {
    List<PoolTileSet> pools =
        List.of(
            pool(tiles().poolHashrate(1e15).networkDifficulty(1e14).poolPercentage(0.1).build()),
            pool(tiles().poolHashrate(3e15).poolPercentage(0.3).build()),
            pool(tiles().networkDifficulty(2e14).build()),
            failed());

    PlatformTiles.NetworkTile n = TileAggregator.aggregate(pools, T0).tile2Network();
    assertThat(n.totalPoolHashrate()).isEqualTo(4e15); // 1e15 + 3e15 H/s
    assertThat(n.totalNetworkDifficulty()).isEqualTo(3e14); // 1e14 + 2e14, as the seed has it
    assertThat(n.avgPoolPercentage()).isCloseTo(0.2, offset(1e-15)); // (0.1 + 0.3) / 2 percent

    PlatformTiles.NetworkTile unknown =
        TileAggregator.aggregate(List.of(failed(), pool(tiles().build())), T0).tile2Network();
    assertThat(unknown).isEqualTo(new PlatformTiles.NetworkTile(null, null, null, null, null));
  }

  @Test
  void timeToAnyBlockCombinesThePoolsRatesNotTheirMean() {
    List<PoolTileSet> pools =
        List.of(
            pool(tiles().estimatedTimeToBlockSeconds(604_800.0).build()), // 7 days
            pool(tiles().estimatedTimeToBlockSeconds(1_209_600.0).build()), // 14 days
            pool(tiles().build()), // unknown: left out, not "never" and not 0
            failed());

    PlatformTiles.NetworkTile n = TileAggregator.aggregate(pools, T0).tile2Network();
    // 1 / (1/604800 + 1/1209600) = 1209600 / 3 = 403200 s = 4.67 days
    assertThat(n.estimatedTimeToBlockSeconds()).isCloseTo(403_200.0, offset(1e-6));
    assertThat(n.estimatedTimeToBlock()).isEqualTo("5 days");
  }

  @Test
  void rejectRateIsWeightedByShares() {
    List<PoolTileSet> pools =
        List.of(
            pool(tiles().shares(1000L, 0L, 0L).build()), // 0 %
            pool(tiles().shares(90L, 5L, 5L).build()), // 10 %
            // accepted shares only: counted in total_valid, but not in the rate (its rejects are unknown)
            pool(tiles().shares(500L, null, null).build()),
            pool(tiles().build()),
            failed());

    PlatformTiles.SharesTile s = TileAggregator.aggregate(pools, T0).tile3Shares();
    assertThat(s.totalValid()).isEqualTo(1590L); // 1000 + 90 + 500
    assertThat(s.totalInvalid()).isEqualTo(5L);
    assertThat(s.totalStale()).isEqualTo(5L);
    // (0 + 5 + 0 + 5) / (1000 + 90 + 0 + 5 + 0 + 5) * 100 = 10 / 1100 * 100 = 0.90909... %
    // (the mean of the two rates would be 5 %; counting the valid-only pool would give 0.625 %)
    assertThat(s.avgRejectRate()).isCloseTo(100.0 / 110, offset(1e-12));
  }

  @Test
  void aPoolThatCountsOnlyStaleRejectsStillReportsShares() {
    List<PoolTileSet> pools = List.of(pool(tiles().shares(300L, null, 100L).build()));

    PlatformTiles.SharesTile s = TileAggregator.aggregate(pools, T0).tile3Shares();
    // (0 + 100) / (300 + 0 + 100) * 100 = 25 %
    assertThat(s.avgRejectRate()).isCloseTo(25.0, offset(1e-12));
    assertThat(s.totalInvalid()).isNull(); // no pool reports invalid shares: unknown, not 0
  }

  @Test
  void rejectRateIsNullWhenNoPoolReportsSharesOrNoShareWasCounted() {
    assertThat(TileAggregator.aggregate(List.of(pool(tiles().shares(500L, null, null).build())), T0)
            .tile3Shares()
            .avgRejectRate())
        .isNull();
    PlatformTiles.SharesTile zero =
        TileAggregator.aggregate(List.of(pool(tiles().shares(0L, 0L, 0L).build())), T0).tile3Shares();
    assertThat(zero).isEqualTo(new PlatformTiles.SharesTile(0L, 0L, 0L, null));
  }

  @Test
  void currenciesAreNormalisedSortedAndDistinct() {
    List<PoolTileSet> pools =
        List.of(
            pool(tiles().currency("DGB").build()),
            pool(tiles().currency("btc").build()),
            pool(tiles().currency(" BTC ").build()),
            pool(tiles().currency("BCH").build()),
            pool(tiles().currency("  ").build()),
            failed());

    PlatformTiles p = TileAggregator.aggregate(pools, T0);
    assertThat(p.tile4Blocks().currencies()).containsExactly("BCH", "BTC", "DGB");
    assertThat(p.byCoin().keySet()).containsExactly("BCH", "BTC", "DGB");
    assertThat(p.byCoin().get("BTC").pools()).isEqualTo(2);
  }

  @Test
  void byCoinKeepsEachNetworkApart() {
    List<PoolTileSet> pools =
        List.of(
            // BTC A: T_A = 1e14 * 2^32 / 1e15 = 2^32 / 10 s
            pool(mining("BTC", 1e14, 1e15).blocksFound24h(0).estimatedEarnings24h(new BigDecimal("0.00010000")).build()),
            // BTC B, read after a retarget: T_B = 1.1e14 * 2^32 / 3e15 = 2^32 / 27.2727... s
            pool(mining("BTC", 1.1e14, 3e15).blocksFound24h(1).estimatedEarnings24h(new BigDecimal("0.00002345")).build()),
            // DGB C: T_C = 1e9 * 2^32 / 2e12 = 2 147 483.648 s (24.9 days), a rate of 2000 / 2^32
            pool(mining("DGB", 1e9, 2e12).blocksFound24h(3).estimatedEarnings24h(new BigDecimal("12.5")).build()),
            failed());

    PlatformTiles p = TileAggregator.aggregate(pools, T0);

    PlatformTiles.CoinTotals btc = p.byCoin().get("BTC");
    assertThat(btc.pools()).isEqualTo(2);
    assertThat(btc.poolHashrate()).isEqualTo(4e15); // 1e15 + 3e15 H/s
    assertThat(btc.networkDifficulty()).isEqualTo(1.1e14); // max, not the sum 2.1e14
    // rates add: (10 + 300/11) / 2^32 blocks per second -> T = 2^32 * 11 / 410 = 115 230 829.9 s
    assertThat(btc.estimatedTimeToBlockSeconds()).isCloseTo(TWO_32 * 11 / 410, offset(1e-3));
    assertThat(btc.estimatedTimeToBlock()).isEqualTo("4 years"); // 3.65 years of 365.25 days
    assertThat(btc.blocksFound24h()).isEqualTo(1);
    assertThat(btc.estimatedEarnings24h()).isEqualByComparingTo("0.00012345");

    PlatformTiles.CoinTotals dgb = p.byCoin().get("DGB");
    assertThat(dgb)
        .isEqualTo(
            new PlatformTiles.CoinTotals(
                1, 2e12, 1e9, "25 days", 2_147_483.648, 3, new BigDecimal("12.5")));

    // a headline never adds a BTC figure to a DGB one (it would say 4.002e15 H/s, 2.10001e14 and
    // 12.50012345 "coins"): by_coin has them
    assertThat(p.tile2Network().totalPoolHashrate()).isNull();
    assertThat(p.tile2Network().totalNetworkDifficulty()).isNull();
    // any block at all: (10 + 300/11 + 2000) / 2^32 -> T = 2^32 * 11 / 22410 = 2 108 194.6 s (24.4 days)
    assertThat(p.tile2Network().estimatedTimeToBlockSeconds()).isCloseTo(TWO_32 * 11 / 22_410, offset(1e-6));
    assertThat(p.tile2Network().estimatedTimeToBlock()).isEqualTo("24 days");
    assertThat(p.tile4Blocks().totalBlocks24h()).isEqualTo(4); // 0 + 1 + 3
    assertThat(p.tile4Blocks().totalEarnings24h()).isNull();
    assertThat(p.tile4Blocks().currencies()).containsExactly("BTC", "DGB");
  }

  @Test
  void poolsOfOneCoinKeepTheirHeadlineTotalsInThatCurrency() {
    List<PoolTileSet> pools =
        List.of(
            pool(mining("BTC", 1e14, 1e15).estimatedEarnings24h(new BigDecimal("0.0001")).build()),
            pool(mining("BTC", 1e14, 3e15).estimatedEarnings24h(new BigDecimal("0.0002")).build()),
            pool(tiles().currency("DGB").blocksFound24h(1).build())); // DGB, but no hash rate or earnings
    PlatformTiles p = TileAggregator.aggregate(pools, T0);
    assertThat(p.tile2Network().totalPoolHashrate()).isEqualTo(4e15);
    assertThat(p.tile4Blocks().totalEarnings24h()).isEqualByComparingTo("0.0003");
    assertThat(p.byCoin().get("BTC").estimatedEarnings24h()).isEqualByComparingTo("0.0003");
  }

  @Test
  void theSameAccountWatchedTwiceAddsItsFiguresOnce() {
    PoolTileSet a = pool(mining("BTC", 1e14, 1e15).shares(100L, 0L, 0L).blocksFound24h(1).estimatedEarnings24h(new BigDecimal("0.5")).build());
    PoolTileSet again = pool(mining("BTC", 1e14, 1e15).shares(100L, 0L, 0L).blocksFound24h(1).estimatedEarnings24h(new BigDecimal("0.5")).build());
    PoolTileSet other = pool(mining("BTC", 1e14, 2e15).shares(50L, 0L, 0L).build());
    Map<String, String> accounts = Map.of(a.poolId(), "solopool|wallet-1", again.poolId(), "solopool|wallet-1");

    PlatformTiles p = TileAggregator.aggregate(List.of(a, again, other), T0, accounts);
    assertThat(p.tile1Health().totalPools()).as("each configured pool is still checked").isEqualTo(3);
    assertThat(p.tile2Network().totalPoolHashrate()).isEqualTo(3e15); // 1e15 once + 2e15
    assertThat(p.tile3Shares().totalValid()).isEqualTo(150L);
    assertThat(p.tile4Blocks().totalBlocks24h()).isEqualTo(1);
    assertThat(p.tile4Blocks().totalEarnings24h()).isEqualByComparingTo("0.5");
    assertThat(p.byCoin().get("BTC").pools()).isEqualTo(2);
    assertThat(TileAggregator.aggregate(List.of(a, again, other), T0).tile2Network().totalPoolHashrate())
        .as("without account keys every pool counts")
        .isEqualTo(4e15);
  }

  @Test
  void blockTotalsAreNullWhenNoPoolReportsThem() {
    PlatformTiles p =
        TileAggregator.aggregate(List.of(pool(tiles().currency("BTC").build()), failed()), T0);
    assertThat(p.tile4Blocks()).isEqualTo(new PlatformTiles.BlocksTile(null, null, List.of("BTC")));
    assertThat(p.byCoin().get("BTC"))
        .isEqualTo(new PlatformTiles.CoinTotals(1, null, null, null, null, null, null));
  }

  @Test
  void aFailedPoolChangesOnlyTheHealthTile() {
    List<PoolTileSet> healthy =
        List.of(
            pool(mining("BTC", 1e14, 1e15).latencyMs(80.0).shares(100L, 1L, 0L).blocksFound24h(1).build()));
    List<PoolTileSet> withFailed = new ArrayList<>(healthy);
    withFailed.add(failed());

    PlatformTiles a = TileAggregator.aggregate(healthy, T0);
    PlatformTiles b = TileAggregator.aggregate(withFailed, T0);
    assertThat(b.tile2Network()).isEqualTo(a.tile2Network());
    assertThat(b.tile3Shares()).isEqualTo(a.tile3Shares());
    assertThat(b.tile4Blocks()).isEqualTo(a.tile4Blocks());
    assertThat(b.byCoin()).isEqualTo(a.byCoin());
    assertThat(b.tile1Health().avgLatencyMs()).isEqualTo(80.0);
    assertThat(b.tile1Health().status()).isEqualTo(PlatformTiles.Status.DEGRADED);
  }

  @Test
  void lastUpdatedIsTheGivenTimeOrTheNewestPoolReading() {
    List<PoolTileSet> pools =
        List.of(
            pool(DashboardTileData.builder(T0.plusSeconds(30)).build()),
            pool(DashboardTileData.builder(T0).build()));
    assertThat(TileAggregator.aggregate(pools).lastUpdated()).isEqualTo(T0.plusSeconds(30));
    assertThat(TileAggregator.aggregate(pools, T0.plusSeconds(45)).lastUpdated())
        .isEqualTo(T0.plusSeconds(45));
  }

  @Test
  void aPoolCountedTwiceIsRefused() {
    PoolTileSet a = new PoolTileSet("same-id", "test", "Test", List.of(), tiles().build());
    PoolTileSet b = new PoolTileSet("same-id", "test", "Test", List.of(), tiles().build());
    assertThatThrownBy(() -> TileAggregator.aggregate(List.of(a, b), T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'same-id'");
    assertThatThrownBy(() -> TileAggregator.aggregate(Arrays.asList(a, null), T0))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("null");
  }

  @Test
  void platformTilesRefuseContradictoryHealthCounts() {
    // the seed's example: 2 of 3 healthy labelled "healthy"
    assertThatThrownBy(() -> new PlatformTiles.HealthTile(3, 2, 1, 150.5, PlatformTiles.Status.HEALTHY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected 'degraded'");
    assertThatThrownBy(() -> new PlatformTiles.HealthTile(3, 2, 2, null, PlatformTiles.Status.DEGRADED))
        .hasMessageContaining("must equal total_pools (3)");
  }

  @Test
  void sumsTooLargeForTheirTypeAreUnknownInsteadOfFailingTheAggregate() {
    // each value is legal on its own tile (finite, not negative); only their sums overflow
    DashboardTileData huge =
        tiles()
            .currency("BTC")
            .latencyMs(Double.MAX_VALUE)
            .networkDifficulty(Double.MAX_VALUE)
            .poolHashrate(Double.MAX_VALUE)
            .poolPercentage(Double.MAX_VALUE)
            .shares(Long.MAX_VALUE / 2, Long.MAX_VALUE / 4, Long.MAX_VALUE / 8)
            .blocksFound24h(Integer.MAX_VALUE)
            .build();
    PoolTileSet a = pool(huge);
    PoolTileSet b = pool(huge);
    PoolTileSet ok =
        pool(tiles().currency("BTC").latencyMs(10.0).poolHashrate(5e12).shares(100L, 1L, null).build());

    PlatformTiles p = TileAggregator.aggregate(List.of(a, b, ok), T0);

    assertThat(p.tile1Health().totalPools()).isEqualTo(3);
    // means are still means: no overflow on the way
    assertThat(p.tile1Health().avgLatencyMs()).isCloseTo(Double.MAX_VALUE * (2.0 / 3), offset(Double.MAX_VALUE * 1e-12));
    assertThat(p.tile2Network().avgPoolPercentage()).isCloseTo(Double.MAX_VALUE, offset(Double.MAX_VALUE * 1e-12));
    // sums that cannot be represented are unknown, never Infinity, never a wrapped negative
    assertThat(p.tile2Network().totalPoolHashrate()).isNull();
    assertThat(p.tile2Network().totalNetworkDifficulty()).isNull();
    assertThat(p.tile3Shares().totalValid()).isNull();
    assertThat(p.tile3Shares().totalInvalid()).isEqualTo(2 * (Long.MAX_VALUE / 4) + 1); // fits: still summed
    assertThat(p.tile4Blocks().totalBlocks24h()).isNull();
    assertThat(p.byCoin().get("BTC").poolHashrate()).isNull();
    assertThat(p.byCoin().get("BTC").blocksFound24h()).isNull();
    // the reject rate is a ratio: still known, (1/4 + 1/8) / (1/2 + 1/4 + 1/8) of the huge pools' shares
    assertThat(p.tile3Shares().avgRejectRate()).isCloseTo(300.0 / 7, offset(1e-6));
  }
}
