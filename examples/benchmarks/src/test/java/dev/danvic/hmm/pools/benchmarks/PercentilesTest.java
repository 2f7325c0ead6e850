package dev.danvic.hmm.pools.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PercentilesTest {
  private static final long[] ONE_TO_HUNDRED = new long[100];

  static {
    for (int i = 0; i < 100; i++) {
      ONE_TO_HUNDRED[99 - i] = i + 1; // reversed: the method sorts
    }
  }

  @Test
  void nearestRankOfOneToHundredIsTheRankItself() {
    assertThat(Percentiles.percentile(ONE_TO_HUNDRED, 50)).isEqualTo(50);
    assertThat(Percentiles.percentile(ONE_TO_HUNDRED, 99)).isEqualTo(99);
    assertThat(Percentiles.percentile(ONE_TO_HUNDRED, 100)).isEqualTo(100);
    assertThat(Percentiles.percentile(ONE_TO_HUNDRED, 0.5)).isEqualTo(1);
  }

  @Test
  void aHighPercentileOfFewSamplesIsTheLargest() {
    long[] samples = {30, 10, 20};
    assertThat(Percentiles.percentile(samples, 99)).isEqualTo(30);
    assertThat(Percentiles.percentile(samples, 50)).isEqualTo(20);
    assertThat(samples).containsExactly(30, 10, 20); // not sorted in place
  }

  @Test
  void medianOfOddAndEvenCounts() {
    assertThat(Percentiles.median(new double[] {3, 1, 2})).isEqualTo(2);
    assertThat(Percentiles.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    assertThat(Percentiles.median(new double[] {7})).isEqualTo(7);
  }

  @Test
  void minAndMax() {
    assertThat(Percentiles.min(new double[] {1.5, -2, 3})).isEqualTo(-2);
    assertThat(Percentiles.max(new double[] {1.5, -2, 3})).isEqualTo(3);
  }

  @Test
  void badInputIsRefusedWithAReason() {
    assertThatThrownBy(() -> Percentiles.percentile(new long[0], 50)).hasMessageContaining("no samples");
    assertThatThrownBy(() -> Percentiles.percentile(ONE_TO_HUNDRED, 0)).hasMessageContaining("above 0");
    assertThatThrownBy(() -> Percentiles.percentile(ONE_TO_HUNDRED, 101)).hasMessageContaining("at most 100");
    assertThatThrownBy(() -> Percentiles.median(new double[0])).hasMessageContaining("no samples");
  }
}
