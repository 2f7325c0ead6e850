package dev.danvic.hmm.pools.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.danvic.hmm.pools.DashboardTileData;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure filling rule: what is filled, from what, and what is never touched. */
class NetworkFillerTest {
  static final Instant NOW = Instant.parse("2026-02-05T12:00:00Z");
  static final NetworkFigures SIBLING =
      new NetworkFigures(1e14, null, NOW, NetworkSource.SIBLING, "sibling pool 'solo'");

  static PoolTileSet set(DashboardTileData tiles) {
    return new PoolTileSet("braiins-1", "braiins", "Braiins Pool", List.of("BTC"), tiles);
  }

  @Test
  void fillsTheDifficultyAndDerivesShareTimeAndOddsWithTheContractsVectors() {
    DashboardTileData tiles =
        DashboardTileData.builder(NOW).currency("BTC").poolHashrate(1e12).userHashrate(1e12).build();

    PoolTileSet out = NetworkFiller.apply(set(tiles), SIBLING, "BTC");

    DashboardTileData t = out.tiles();
    assertThat(t.networkDifficulty()).isEqualTo(1e14);
    // dashboard-contract.md: D = 1e14, H = 1e12 H/s -> T = 4.294967296e11 s, P(24 h) = 2.01166e-7
    assertThat(t.estimatedTimeToBlockSeconds()).isCloseTo(4.294967296e11, within(1.0));
    assertThat(t.estimatedTimeToBlock()).isEqualTo("13610 years");
    assertThat(t.userEstimatedTimeToBlockSeconds()).isCloseTo(4.294967296e11, within(1.0));
    assertThat(t.userBlockOdds24h()).isCloseTo(2.01166e-7, within(1e-11));
    // BTC with D = 1e14 -> H_net = 7.158e20 H/s, so 1e12 H/s is 1.397e-7 % of it
    assertThat(t.poolPercentage()).isCloseTo(1e12 / 7.158278826666667e20 * 100, within(1e-12));
    assertThat(out.network())
        .isEqualTo(
            new NetworkOrigin(
                "sibling",
                "sibling pool 'solo'",
                List.of(
                    "network_difficulty",
                    "pool_percentage",
                    "estimated_time_to_block",
                    "estimated_time_to_block_seconds",
                    "user_estimated_time_to_block",
                    "user_estimated_time_to_block_seconds",
                    "user_block_odds_24h")));
  }

  @Test
  void aNetworkHashRateTheSourceReportsIsPreferredOverTheDerivedOne() {
    NetworkFigures node = new NetworkFigures(1e14, 1e21, NOW, NetworkSource.NODE, "node http://127.0.0.1:8332/");
    DashboardTileData tiles = DashboardTileData.builder(NOW).currency("BTC").poolHashrate(1e12).build();

    DashboardTileData t = NetworkFiller.apply(set(tiles), node, "BTC").tiles();

    assertThat(t.poolPercentage()).isCloseTo(1e12 / 1e21 * 100, within(1e-15));
  }

  @Test
  void dgbUsesItsSeventyFiveSecondBlocksForTheDerivedNetworkHashRate() {
    NetworkFigures f = new NetworkFigures(1e9, null, NOW, NetworkSource.SIBLING, "sibling pool 'mmfp'");
    DashboardTileData tiles = DashboardTileData.builder(NOW).currency("dgb").poolHashrate(5.7266e14).build();

    DashboardTileData t = NetworkFiller.apply(set(tiles), f, "DGB").tiles();

    // DGB with D = 1e9 -> H_net = 5.7266e16 H/s (contract), so 5.7266e14 is 1 %
    assertThat(t.poolPercentage()).isCloseTo(1.0, within(1e-3));
  }

  @Test
  void aFigureThePoolGaveItselfIsNeverOverwritten() {
    DashboardTileData tiles =
        DashboardTileData.builder(NOW)
            .currency("BTC")
            .poolHashrate(1e12)
            .poolPercentage(42.0)
            .estimatedTimeToBlock("about a week")
            .userHashrate(1e12)
            .userEstimatedTimeToBlockSeconds(1000.0)
            .build();

    PoolTileSet out = NetworkFiller.apply(set(tiles), SIBLING, "BTC");

    assertThat(out.tiles())
        .isEqualTo(tiles.toBuilder().networkDifficulty(1e14).build());
    assertThat(out.network().filled()).containsExactly("network_difficulty");
  }

  @Test
  void aPoolWithItsOwnDifficultyIsLeftAloneAndMarkedAsThePools() {
    DashboardTileData tiles =
        DashboardTileData.builder(NOW).currency("BTC").networkDifficulty(2e14).poolHashrate(1e12).build();

    PoolTileSet out = NetworkFiller.apply(set(tiles), SIBLING, "BTC");

    assertThat(out.tiles()).isEqualTo(tiles);
    assertThat(out.network()).isEqualTo(NetworkOrigin.pool());
    assertThat(out.network().isFilled()).isFalse();
  }

  @Test
  void anErrorTileOrNoFiguresLeaveEverythingNull() {
    PoolTileSet failed = set(DashboardTileData.error("HTTP 503 from x", NOW));
    assertThat(NetworkFiller.apply(failed, SIBLING, "BTC")).isEqualTo(failed);

    PoolTileSet none = set(DashboardTileData.builder(NOW).currency("BTC").poolHashrate(1e12).build());
    PoolTileSet out = NetworkFiller.apply(none, null, "BTC");
    assertThat(out.tiles().networkDifficulty()).isNull();
    assertThat(out.tiles().estimatedTimeToBlockSeconds()).isNull();
    assertThat(out.network()).isNull();
  }

  @Test
  void withoutAPoolHashRateOnlyTheDifficultyIsFilled() {
    PoolTileSet out =
        NetworkFiller.apply(set(DashboardTileData.builder(NOW).currency("BTC").build()), SIBLING, "BTC");

    assertThat(out.tiles().networkDifficulty()).isEqualTo(1e14);
    assertThat(out.tiles().poolPercentage()).isNull();
    assertThat(out.tiles().estimatedTimeToBlock()).isNull();
    assertThat(out.network().filled()).containsExactly("network_difficulty");
  }

  @Test
  void theCoinIsTheTilesCurrencyElseThePluginsOnlyCoin() {
    DashboardTileData noCurrency = DashboardTileData.builder(NOW).build();
    assertThat(NetworkFiller.coinOf(set(noCurrency))).isEqualTo("BTC");
    assertThat(NetworkFiller.coinOf(set(noCurrency.toBuilder().currency(" bch ").build()))).isEqualTo("BCH");
    PoolTileSet multi = new PoolTileSet("p", "solopool", "Solopool", List.of("BTC", "BCH"), noCurrency);
    assertThat(NetworkFiller.coinOf(multi)).isNull();
  }
}
