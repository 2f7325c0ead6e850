package dev.danvic.hmm.pools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DashboardTileDataTest {
  private static final Instant NOW = Instant.parse("2026-02-05T12:00:00Z");

  @Test
  void anErrorTileHasOnlyHealthAndMessage() {
    DashboardTileData t = DashboardTileData.error("HTTP 503 from http://127.0.0.1/api/stats", NOW);
    assertThat(t.healthStatus()).isFalse();
    assertThat(t.healthMessage()).contains("503");
    assertThat(t.poolHashrate()).isNull();
    assertThat(t.sharesValid()).isNull();
    assertThat(t.blocksFound24h()).isNull();
    assertThat(t.lastUpdated()).isEqualTo(NOW);
  }

  @Test
  void rejectRateIsDerivedFromShares() {
    // (25 + 5) / (50000 + 25 + 5) * 100 = 0.05995...
    DashboardTileData t = DashboardTileData.builder(NOW).shares(50_000L, 25L, 5L).build();
    assertThat(t.rejectRate()).isCloseTo(30.0 / 50_030 * 100, offset(1e-12));
    // valid only: the reject rate is unknown, not 0
    assertThat(DashboardTileData.builder(NOW).shares(10L, null, null).build().rejectRate()).isNull();
    assertThat(DashboardTileData.builder(NOW).shares(null, null, null).build().rejectRate()).isNull();
  }

  @Test
  void timeToBlockSetsSecondsTextAndUserOdds() {
    double t = MiningMath.timeToBlockSeconds(1e14, 1e12);
    DashboardTileData d =
        DashboardTileData.builder(NOW).estimatedTimeToBlockSeconds(604_800.0).userEstimatedTimeToBlockSeconds(t).build();
    assertThat(d.estimatedTimeToBlock()).isEqualTo("7 days");
    assertThat(d.userEstimatedTimeToBlock()).isEqualTo("13610 years");
    assertThat(d.userBlockOdds24h()).isCloseTo(2.01166e-7, offset(1e-11));
  }

  @Test
  void timeSinceLastBlockIsMeasuredFromLastUpdated() {
    DashboardTileData d = DashboardTileData.builder(NOW).lastBlockTime(NOW.minusSeconds(3600)).build();
    assertThat(d.timeSinceLastBlockSeconds()).isEqualTo(3600.0);
    assertThat(DashboardTileData.builder(NOW).build().timeSinceLastBlockSeconds()).isNull();
  }

  @Test
  void nonFiniteOrNegativeNumbersAreRefused() {
    assertThatThrownBy(() -> DashboardTileData.builder(NOW).poolHashrate(Double.NaN).build())
        .hasMessageContaining("pool_hashrate");
    assertThatThrownBy(() -> DashboardTileData.builder(NOW).poolHashrate(-1.0).build())
        .hasMessageContaining("pool_hashrate");
    assertThatThrownBy(() -> DashboardTileData.builder(NOW).blocksFound24h(-1).build())
        .hasMessageContaining("blocks_found_24h");
  }

  @Test
  void rejectRateOfCountsWhoseSumExceedsLongIsStillAPercentage() {
    // each count is a legal long; their total is not (a pool's counter gone wild must not fail the tile)
    DashboardTileData t =
        DashboardTileData.builder(NOW).shares(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE).build();
    assertThat(t.rejectRate()).isCloseTo(200.0 / 3, offset(1e-9));
  }

  @Test
  void networkFiguresAreComputedOneWayAndTheTimeOnlyForSha256Difficulty() {
    java.time.Instant now = java.time.Instant.parse("2026-02-05T12:00:00Z");
    DashboardTileData sha = DashboardTileData.builder(now).network(1e14, 1e15, 5e20, true).build();
    assertThat(sha.networkDifficulty()).isEqualTo(1e14);
    assertThat(sha.poolHashrate()).isEqualTo(1e15);
    assertThat(sha.poolPercentage()).isCloseTo(1e15 / 5e20 * 100, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(sha.estimatedTimeToBlockSeconds()).isEqualTo(MiningMath.timeToBlockSeconds(1e14, 1e15));
    assertThat(sha.estimatedTimeToBlock()).isNotNull();
    DashboardTileData scrypt = DashboardTileData.builder(now).network(4e7, 2.5e12, 2.5e15, false).build();
    assertThat(scrypt.poolPercentage()).isCloseTo(0.1, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(scrypt.estimatedTimeToBlockSeconds()).isNull();
    assertThat(scrypt.estimatedTimeToBlock()).isNull();
  }
}
