package dev.danvic.hmm.pools.mmfp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The unit check of the server's pool_percentage. */
class MmfpTilesTest {
  @Test
  void aReportedPercentageIsKeptWhenItIsPercent() {
    assertThat(MmfpTiles.poolPercentage(1.4e-7, 1.397e-7)).isEqualTo(1.4e-7);
    assertThat(MmfpTiles.poolPercentage(12.0, 11.5)).isEqualTo(12.0);
  }

  @Test
  void aReportedFractionBecomesPercent() {
    assertThat(MmfpTiles.poolPercentage(1.4e-9, 1.397e-7)).isCloseTo(1.4e-7, within(1e-20));
    assertThat(MmfpTiles.poolPercentage(0.12, 11.5)).isCloseTo(12.0, within(1e-9));
  }

  @Test
  void withoutOurOwnFigureTheReportedValueIsTakenAsPercent() {
    assertThat(MmfpTiles.poolPercentage(0.5, null)).isEqualTo(0.5);
    assertThat(MmfpTiles.poolPercentage(null, 0.25)).isEqualTo(0.25);
    assertThat(MmfpTiles.poolPercentage(null, null)).isNull();
    assertThat(MmfpTiles.poolPercentage(0.0, 1e-7)).isEqualTo(0.0);
  }

  @Test
  void impossiblePercentagesGiveWay() {
    assertThat(MmfpTiles.poolPercentage(250.0, 1e-5)).isCloseTo(1e-5, within(1e-20)); // 250 as a fraction is no better
    assertThat(MmfpTiles.poolPercentage(250.0, null)).isNull();
    assertThat(MmfpTiles.poolPercentage(250.0, 150.0)).isNull(); // neither is a share of the network
    assertThat(MmfpTiles.poolPercentage(Double.POSITIVE_INFINITY, null)).isNull();
    assertThat(MmfpTiles.poolPercentage(null, Double.NaN)).isNull();
  }
}
