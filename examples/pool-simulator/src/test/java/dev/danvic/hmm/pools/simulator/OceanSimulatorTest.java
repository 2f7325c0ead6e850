package dev.danvic.hmm.pools.simulator;

import static dev.danvic.hmm.pools.simulator.Http.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OceanSimulatorTest {
  private static final String ADDRESS = "bc1qocean";
  private final MutableClock clock = new MutableClock(T0);

  private PoolSimulator start() {
    return PoolSimulator.builder().kind(PoolSimulator.Kind.OCEAN).username(ADDRESS).clock(clock).build().start();
  }

  @Test
  void everyAnswerIsAnEnvelopeWithNumbersAsStringsAndThePoolBeyond2To53() {
    try (PoolSimulator sim = start()) {
      JsonNode pool = Http.json(sim, "/v1/pool_stat").get("result");
      assertThat(pool.get("hashrate_300s").isTextual()).isTrue();
      assertThat(new BigInteger(pool.get("hashrate_300s").asText())).isGreaterThan(BigInteger.TWO.pow(53));
      JsonNode snap = Http.json(sim, "/v1/statsnap/" + ADDRESS).get("result");
      assertThat(snap.get("lastest_share_ts").isTextual()).isTrue(); // OCEAN's spelling
      assertThat(snap.get("shares_in_tides").asText()).matches("\\d+");
      assertThat(snap.get("unpaid").asText()).matches("\\d+\\.\\d{8}");
      JsonNode workers = Http.json(sim, "/v1/user_hashrate_full/" + ADDRESS).get("result").get("workers");
      assertThat(workers.get("s21").isArray()).isTrue();
      assertThat(workers.get("s21").get(0).get("hashrate_300s").isTextual()).isTrue();
    }
  }

  @Test
  void anUnknownAddressIsAnErrorEnvelopeWithStatus200() {
    try (PoolSimulator sim = start()) {
      HttpResponse<String> r = Http.get(sim, "/v1/statsnap/bc1qnobody");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(Http.parse(r.body()).get("error").asText()).isEqualTo("No such user or user has no active workers");
    }
  }

  @Test
  void earnpayListsTheWindowsBlocksWithZonelessTimesAndSatoshis() {
    try (PoolSimulator sim = start()) {
      clock.advance(Duration.ofDays(3));
      long now = clock.instant().getEpochSecond();
      JsonNode result = Http.json(sim, "/v1/earnpay/" + ADDRESS + "/" + (now - 86_400) + "/" + now).get("result");
      JsonNode earnings = result.get("earnings");
      assertThat(earnings.size()).isPositive();
      for (JsonNode e : earnings) {
        assertThat(e.get("ts").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d"); // no zone
        assertThat(e.has("fees_colected_satoshis")).isTrue();
        assertThat(e.get("satoshis_net_earned").asText()).matches("\\d+");
      }
      assertThat(result.get("payouts").isArray()).isTrue();
    }
  }
}
