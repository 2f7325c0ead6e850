package dev.danvic.hmm.pools.simulator;

import static dev.danvic.hmm.pools.simulator.Http.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.Coin;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PublicPoolSimulatorTest {
  private final MutableClock clock = new MutableClock(T0);

  private PoolSimulator start(boolean legacy) {
    return PoolSimulator.builder()
        .kind(PoolSimulator.Kind.PUBLICPOOL)
        .username("bc1qnerd")
        .clock(clock)
        .legacyFormat(legacy)
        .build()
        .start();
  }

  @Test
  void theAccountsWorkersHaveStringBestDifficultiesFractionalHashRatesAndIsoTimes() {
    try (PoolSimulator sim = start(false)) {
      JsonNode client = Http.json(sim, "/api/client/bc1qnerd");
      assertThat(client.get("bestDifficulty").isNumber()).isTrue();
      assertThat(client.get("workersCount").asInt()).isEqualTo(3); // the switched-off Bitaxe is not connected
      JsonNode w = client.get("workers").get(0);
      assertThat(w.get("bestDifficulty").isTextual()).isTrue();
      assertThat(w.get("bestDifficulty").asText()).matches("\\d+\\.\\d{2}");
      assertThat(w.get("hashRate").isNumber()).isTrue();
      assertThat(w.get("hashRate").decimalValue().scale()).isPositive();
      assertThat(Instant.parse(w.get("lastSeen").asText())).isBefore(T0.plusSeconds(1));
      assertThat(w.get("lastSeen").asText()).matches(".*\\.\\d{3}Z");
      assertThat(w.get("startTime").asText()).endsWith("Z");
    }
  }

  @Test
  void anUnknownAddressIsZeroWorkersWithStatus200() {
    try (PoolSimulator sim = start(false)) {
      JsonNode client = Http.json(sim, "/api/client/bc1qsomeoneelse");
      assertThat(client.toString()).isEqualTo("{\"workersCount\":0,\"workers\":[]}");
    }
  }

  @Test
  void poolAndNetworkFiguresWithCountsAsStrings() {
    try (PoolSimulator sim = start(false)) {
      JsonNode pool = Http.json(sim, "/api/pool");
      assertThat(pool.get("totalHashRate").asDouble()).isBetween(3e15, 4e15);
      assertThat(pool.get("totalMiners").isTextual()).isTrue();
      assertThat(pool.get("blocksFound").get(0).has("height")).isTrue();
      assertThat(pool.get("blocksFound").get(0).has("timestamp")).isFalse();
      JsonNode network = Http.json(sim, "/api/network");
      assertThat(network.get("difficulty").asDouble()).isGreaterThan(1e13);
      assertThat(network.get("networkhashps").asDouble()).isGreaterThan(1e20);
      assertThat(Http.json(sim, "/api/info").has("highScores")).isTrue();
      assertThat(Http.get(sim, "/api/nothing").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void theLegacyFormWritesThePoolsNumbersAsStrings() {
    try (PoolSimulator sim = start(true)) {
      JsonNode pool = Http.json(sim, "/api/pool");
      assertThat(pool.get("totalHashRate").isTextual()).isTrue();
      assertThat(pool.get("blockHeight").isTextual()).isTrue();
    }
  }

  @Test
  void itServesBtcOnlyAndTakesNoToken() {
    assertThatThrownBy(() -> PoolSimulator.builder().kind(PoolSimulator.Kind.PUBLICPOOL).coin(Coin.DGB).build())
        .hasMessageContaining("BTC only");
    assertThatThrownBy(() -> PoolSimulator.builder().kind(PoolSimulator.Kind.PUBLICPOOL).token("x").build())
        .hasMessageContaining("no token");
  }
}
