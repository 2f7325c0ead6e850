package dev.danvic.hmm.pools.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HarnessSetupTest {
  @Test
  void poolAddressesAreDistinctLoopbackAddressesLeavingOutTheServersOne() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String a = SimulatedPools.address(i);
      assertThat(a).matches("127\\.0\\.\\d{1,3}\\.\\d{1,3}").isNotEqualTo("127.0.0.1");
      String last = a.substring(a.lastIndexOf('.') + 1);
      assertThat(Integer.parseInt(last)).isBetween(1, 254);
      assertThat(seen.add(a)).as("address %s given twice", a).isTrue();
    }
    assertThat(SimulatedPools.address(0)).isEqualTo("127.0.0.2");
    assertThat(SimulatedPools.address(252)).isEqualTo("127.0.0.254");
    assertThat(SimulatedPools.address(253)).isEqualTo("127.0.1.1");
    assertThatThrownBy(() -> SimulatedPools.address(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sizesGrowTenfoldUpToTheLargest() {
    assertThat(Benchmarks.sizesUpTo(1000)).containsExactly(10, 100, 1000);
    assertThat(Benchmarks.sizesUpTo(100)).containsExactly(10, 100);
    assertThat(Benchmarks.sizesUpTo(500)).containsExactly(10, 100, 500);
    assertThat(Benchmarks.sizesUpTo(5)).containsExactly(5);
  }

  @Test
  void onlyTheSimulatorsThreadsAreLeftOutOfTheCost() {
    assertThat(ThreadCost.isSimulatorThread("pool-simulator-2")).isTrue();
    assertThat(ThreadCost.isSimulatorThread("HTTP-Dispatcher")).isTrue();
    assertThat(ThreadCost.isSimulatorThread("idle-timeout-task")).isTrue();
    assertThat(ThreadCost.isSimulatorThread("hmm-pools-transport-1-http-7")).isFalse();
    assertThat(ThreadCost.isSimulatorThread("main")).isFalse();
  }

  @Test
  void unitsReadNaturally() {
    assertThat(Units.bytes(512)).isEqualTo("512 B");
    assertThat(Units.bytes(20 * 1024 + 512)).isEqualTo("20.5 KiB");
    assertThat(Units.bytes(3.5 * 1024 * 1024)).isEqualTo("3.50 MiB");
    assertThat(Units.bytes(Double.NaN)).isEqualTo("?");
    assertThat(Units.millis(212_400_000)).isEqualTo("212 ms");
    assertThat(Units.millis(12_340_000)).isEqualTo("12.3 ms");
    assertThat(Units.millis(1_234_000)).isEqualTo("1.23 ms");
  }
}
