package dev.danvic.hmm.pools.simulator;

import static dev.danvic.hmm.pools.simulator.Http.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CkpoolSimulatorTest {
  private final MutableClock clock = new MutableClock(T0);

  private PoolSimulator start(boolean legacy) {
    return PoolSimulator.builder()
        .kind(PoolSimulator.Kind.CKPOOL)
        .username("bc1qbitaxe")
        .clock(clock)
        .legacyFormat(legacy)
        .build()
        .start();
  }

  @ParameterizedTest
  @CsvSource({"0, 0", "0.4, 0", "302000, 302K", "85400000000000, 85.4T", "4570000000, 4.57G", "12300000000000000, 12.3P", "999, 999", "1000, 1K", "1.5e18, 1.5E"})
  void hashRatesAreWrittenWithAnSiSuffix(double hps, String text) {
    assertThat(CkpoolApi.si(hps)).isEqualTo(text);
  }

  @Test
  void theStatusIsOneJsonObjectPerLineServedAsText() {
    try (PoolSimulator sim = start(false)) {
      HttpResponse<String> r = Http.get(sim, "/pool/pool.status");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
      String[] lines = r.body().strip().split("\n");
      assertThat(lines).hasSize(3);
      JsonNode first = Http.parse(lines[0]);
      assertThat(first.get("Users").asInt()).isEqualTo(1);
      assertThat(first.get("Workers").asInt()).isEqualTo(3);
      assertThat(Http.parse(lines[1]).get("hashrate5m").asText()).matches("\\d+(\\.\\d+)?[KMGTPE]?");
      assertThat(Http.parse(lines[1]).get("hashrate5m").asText()).endsWith("T");
      JsonNode third = Http.parse(lines[2]);
      assertThat(third.get("accepted").asLong()).isPositive();
      assertThat(third.has("SPS1m")).isTrue();
    }
  }

  @Test
  void theOlderFormPutsTheSharesPerSecondOnAFourthLine() {
    try (PoolSimulator sim = start(true)) {
      String[] lines = Http.get(sim, "/pool/pool.status").body().strip().split("\n");
      assertThat(lines).hasSize(4);
      assertThat(Http.parse(lines[2]).has("SPS1m")).isFalse();
      assertThat(Http.parse(lines[3]).has("SPS1m")).isTrue();
    }
  }

  @Test
  void theAccountHasSiHashRatesFractionalSharesAndBestShares() {
    try (PoolSimulator sim = start(false)) {
      JsonNode user = Http.json(sim, "/users/bc1qbitaxe");
      assertThat(user.get("hashrate1m").asText()).endsWith("T");
      assertThat(user.get("workers").asInt()).isEqualTo(3);
      assertThat(user.get("shares").decimalValue().scale()).isPositive();
      assertThat(user.get("bestshare").isNumber()).isTrue();
      assertThat(user.get("bestever").isIntegralNumber()).isTrue();
      assertThat(user.get("worker").size()).isEqualTo(4);
      JsonNode off = user.get("worker").get(3);
      assertThat(off.get("workername").asText()).isEqualTo("bc1qbitaxe.bitaxe");
      assertThat(off.get("hashrate5m").asText()).isEqualTo("0"); // bare zero, no suffix
      double before = user.get("shares").asDouble();
      clock.advance(Duration.ofMinutes(10));
      assertThat(Http.json(sim, "/users/bc1qbitaxe").get("shares").asDouble()).isGreaterThan(before);
    }
  }

  @Test
  void anUnknownAddressIs404() {
    try (PoolSimulator sim = start(false)) {
      assertThat(Http.get(sim, "/users/bc1qsomeoneelse").statusCode()).isEqualTo(404);
    }
  }
}
