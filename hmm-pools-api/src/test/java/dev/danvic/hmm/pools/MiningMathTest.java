package dev.danvic.hmm.pools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.data.Offset.offset;

import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MiningMathTest {

  @Test
  void timeToBlockMatchesTheContractVector() {
    // D = 1e14, H = 1e12 H/s -> T = 1e14 * 2^32 / 1e12 = 4.294967296e11 s
    double t = MiningMath.timeToBlockSeconds(1e14, 1e12);
    assertThat(t).isCloseTo(4.294967296e11, offset(1.0));
    // about 13 610 years of 365.25 days
    assertThat(t / MiningMath.SECONDS_PER_YEAR).isCloseTo(13_610, offset(1.0));
    assertThat(MiningMath.humanDuration(t)).isEqualTo("13610 years");
  }

  @Test
  void hashRateInTerahashWouldBeTwelveOrdersOff() {
    // the classic bug: passing 1 TH/s as "1" instead of 1e12 H/s
    assertThat(MiningMath.timeToBlockSeconds(1e14, 1))
        .isCloseTo(MiningMath.timeToBlockSeconds(1e14, 1e12) * 1e12, within(1e12));
  }

  @Test
  void oddsOfABlockIn24HoursMatchTheContractVector() {
    double t = MiningMath.timeToBlockSeconds(1e14, 1e12);
    double p = MiningMath.blockOdds(86_400, t);
    assertThat(p).isCloseTo(2.01166e-7, offset(1e-11));
    // never the linear t/T for long windows: odds stay below 1
    assertThat(MiningMath.blockOdds(10 * t, t)).isCloseTo(1 - Math.exp(-10), offset(1e-12)).isLessThan(1);
    assertThat(MiningMath.blockOdds(0, t)).isZero();
  }

  @Test
  void medianWaitIsTLn2() {
    assertThat(MiningMath.medianWaitSeconds(1000)).isCloseTo(693.147, offset(0.001));
  }

  @Test
  void networkHashrateFromDifficultyMatchesTheContractVectors() {
    // BTC: 1e14 * 2^32 / 600 = 7.158e20 H/s
    assertThat(MiningMath.networkHashrate(1e14, Coin.BTC.blockTime())).isCloseTo(7.158e20, offset(1e17));
    // DGB SHA-256d at 75 s: 1e9 * 2^32 / 75 = 5.7266e16 H/s
    assertThat(MiningMath.networkHashrate(1e9, Coin.DGB.blockTime())).isCloseTo(5.7266e16, offset(1e12));
    assertThat(Coin.DGB.blockTime()).isEqualTo(Duration.ofSeconds(75));
  }

  @Test
  void poolPercentageIsPercentAndNullWhenUnknown() {
    assertThat(MiningMath.poolPercentage(1e18, 1e20)).isCloseTo(1.0, offset(1e-12));
    assertThat(MiningMath.poolPercentage(null, 1e20)).isNull();
    assertThat(MiningMath.poolPercentage(1e18, 0.0)).isNull();
    assertThat(MiningMath.poolPercentage(1e18, null)).isNull();
    // a pool "bigger than the network" (figures of different moments or units): unknown, not 150 %
    assertThat(MiningMath.poolPercentage(1.5e20, 1e20)).isNull();
    assertThat(MiningMath.poolPercentage(1e20, 1e20)).isEqualTo(100.0);
    assertThat(MiningMath.percentageOrNull(100.0001)).isNull();
    assertThat(MiningMath.percentageOrNull(-0.1)).isNull();
    assertThat(MiningMath.percentageOrNull(Double.NaN)).isNull();
    assertThat(MiningMath.percentageOrNull(0.25)).isEqualTo(0.25);
  }

  @Test
  void combinedTimeToBlockAddsRates() {
    // 1 / (1/100 + 1/300) = 75; unknown entries are skipped
    assertThat(MiningMath.combinedTimeToBlockSeconds(Arrays.asList(100.0, null, 300.0, 0.0)))
        .isCloseTo(75.0, offset(1e-9));
    assertThat(MiningMath.combinedTimeToBlockSeconds(Arrays.asList(null, null))).isNull();
  }

  @Test
  void unknownInputsGiveNullNotZero() {
    assertThat(MiningMath.timeToBlockSecondsOrNull(null, 1e12)).isNull();
    assertThat(MiningMath.timeToBlockSecondsOrNull(1e14, 0.0)).isNull();
    assertThat(MiningMath.timeToBlockSecondsOrNull(1e14, Double.NaN)).isNull();
    assertThat(MiningMath.timeToBlockSecondsOrNull(1e14, 1e12)).isCloseTo(4.294967296e11, offset(1.0));
    assertThat(MiningMath.humanDurationOrNull(null)).isNull();
  }

  @Test
  void aTimeThatOverflowsIsUnknownNotInfinite() {
    // a hostile pool reporting difficulty 1e308: D * 2^32 is beyond double, the tile refuses infinity
    assertThat(MiningMath.timeToBlockSecondsOrNull(1e308, 1e308)).isNull();
    assertThat(MiningMath.timeToBlockSecondsOrNull(1e308, 1e-300)).isNull();
    assertThat(MiningMath.timeToBlockSecondsOrNull(1e290, 1e290)).isCloseTo(4.294967296e9, offset(1.0));
  }

  @Test
  void invalidInputsAreRefusedWithTheirName() {
    assertThatThrownBy(() -> MiningMath.timeToBlockSeconds(1e14, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hashrate");
    assertThatThrownBy(() -> MiningMath.timeToBlockSeconds(-1, 1))
        .hasMessageContaining("difficulty");
  }

  @ParameterizedTest
  @CsvSource({
    "0, less than a minute",
    "29, less than a minute",
    "60, 1 minute",
    "2700, 45 minutes",
    "3599, 1 hour",
    "7200, 2 hours",
    "86399, 1 day",
    "604800, 7 days",
    "31557600, 1 year",
    "63115200, 2 years"
  })
  void humanDurationUsesTheContractUnits(double seconds, String text) {
    assertThat(MiningMath.humanDuration(seconds)).isEqualTo(text);
  }

  @Test
  void onlySha256dDifficultyIsTakenForTheFormulas() {
    assertThat(MiningMath.isSha256d("Sha256")).isTrue();
    assertThat(MiningMath.isSha256d(" sha256d ")).isTrue();
    assertThat(MiningMath.isSha256d("scrypt")).isFalse();
    assertThat(MiningMath.isSha256d(null)).isFalse();
  }
}
