package dev.danvic.hmm.pools.simulator;

import static dev.danvic.hmm.pools.simulator.Http.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class NompSimulatorTest {
  private static final String ADDRESS = "bc1qnomp";

  @ParameterizedTest
  @CsvSource({"4740000000000, 4.74 TH", "350500000000, 350.50 GH", "1200, 1.20 KH", "1200000000000000, 1.20 PH"})
  void hashRatesAreWrittenWithAUnitAndNoPerSecond(double hps, String text) {
    assertThat(NompApi.text(hps)).isEqualTo(text);
  }

  @Test
  void statsHoldThePoolsMapWithStringCountersAndWorkersByAddress() {
    try (PoolSimulator sim =
        PoolSimulator.builder().kind(PoolSimulator.Kind.NOMP).username(ADDRESS).clock(new MutableClock(T0)).build().start()) {
      JsonNode pool = Http.json(sim, "/api/stats").get("pools").get("bitcoin");
      assertThat(pool.get("poolStats").get("validShares").isTextual()).isTrue();
      assertThat(pool.get("poolStats").get("validBlocks").isTextual()).isTrue();
      assertThat(pool.get("blocks").get("confirmed").isInt()).isTrue();
      JsonNode rig = pool.get("workers").get(ADDRESS + ".s21");
      assertThat(rig.get("hashrateString").asText()).matches("\\d+\\.\\d\\d (KH|MH|GH|TH|PH)");
      assertThat(pool.get("workers").has(ADDRESS + ".bitaxe")).isFalse(); // off
      assertThat(pool.get("workerCount").asInt()).isEqualTo(4); // three rigs and a friend's
    }
  }
}
