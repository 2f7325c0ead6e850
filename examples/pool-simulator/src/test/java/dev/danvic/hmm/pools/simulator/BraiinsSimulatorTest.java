package dev.danvic.hmm.pools.simulator;

import static dev.danvic.hmm.pools.simulator.Http.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.Coin;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BraiinsSimulatorTest {
  private static final String TOKEN = "test-token-123";
  private static final List<String> PATHS =
      List.of(
          "/accounts/profile/json/btc/",
          "/accounts/workers/json/btc/",
          "/accounts/rewards/json/btc/",
          "/stats/json/btc/",
          "/accounts/payouts/json/btc/");

  private final MutableClock clock = new MutableClock(T0);
  private PoolSimulator sim;

  @BeforeEach
  void start() {
    sim = PoolSimulator.builder().kind(PoolSimulator.Kind.BRAIINS).token(TOKEN).clock(clock).build().start();
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private JsonNode get(String path) {
    return Http.json(sim, path, "Pool-Auth-Token", TOKEN);
  }

  private static void assertBtcString(JsonNode node, String key) {
    assertThat(node.get(key).isTextual()).as(key + " is a decimal string").isTrue();
    assertThat(new BigDecimal(node.get(key).asText())).as(key).isNotNegative();
  }

  @Test
  void everyPathAnswers403InPlainTextWithoutOrWithAWrongToken() {
    for (String path : PATHS) {
      for (HttpResponse<String> r :
          List.of(Http.get(sim, path), Http.get(sim, path, "Pool-Auth-Token", "wrong"))) {
        assertThat(r.statusCode()).as(path).isEqualTo(403);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(r.body()).isEqualTo("Invalid Access Profile token");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"Pool-Auth-Token", "SlushPool-Auth-Token", "X-Pool-Auth-Token", "X-SlushPool-Auth-Token"})
  void theTokenIsAcceptedInEveryHeaderTheDocsName(String header) {
    assertThat(Http.get(sim, "/accounts/profile/json/btc/", header, TOKEN).statusCode()).isEqualTo(200);
  }

  @Test
  void profileHasHashRatesInGhsAndAmountsAsDecimalStrings() {
    JsonNode root = get("/accounts/profile/json/btc/");
    assertThat(root.get("username").asText()).isEqualTo("sim_miner");
    JsonNode btc = root.get("btc");
    for (String key : List.of("current_balance", "today_reward", "estimated_reward", "all_time_reward")) {
      assertBtcString(btc, key);
    }
    assertThat(btc.get("hash_rate_unit").asText()).isEqualTo("Gh/s");
    for (String key : List.of("hash_rate_5m", "hash_rate_60m", "hash_rate_24h", "hash_rate_yesterday")) {
      // the home miner's ~320 TH/s is ~320 000 Gh/s
      assertThat(btc.get(key).isNumber()).as(key).isTrue();
      assertThat(btc.get(key).asDouble()).as(key).isBetween(250_000.0, 400_000.0);
    }
    assertThat(btc.get("ok_workers").asInt()).isEqualTo(2);
    assertThat(btc.get("low_workers").asInt()).isEqualTo(1);
    assertThat(btc.get("off_workers").asInt()).isEqualTo(1);
    assertThat(btc.get("dis_workers").asInt()).isZero();
    for (String key : List.of("shares_5m", "shares_60m", "shares_24h", "shares_yesterday")) {
      assertThat(btc.get(key).isIntegralNumber()).as(key).isTrue();
    }
    assertThat(btc.get("shares_24h").asLong()).as("shares exceed 2^31").isGreaterThan(Integer.MAX_VALUE);
  }

  @Test
  void rewardsGrowWithTime() {
    BigDecimal before = new BigDecimal(get("/accounts/profile/json/btc/").at("/btc/all_time_reward").asText());
    clock.advance(Duration.ofHours(6));
    BigDecimal after = new BigDecimal(get("/accounts/profile/json/btc/").at("/btc/all_time_reward").asText());
    assertThat(after).isGreaterThan(before);
  }

  @Test
  void workersAreAMapKeyedByUserDotWorker() {
    JsonNode workers = get("/accounts/workers/json/btc/").at("/btc/workers");
    assertThat(workers.isObject()).isTrue();
    assertThat(workers.fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("sim_miner.s21", "sim_miner.s19pro", "sim_miner.s9", "sim_miner.bitaxe");
    for (Map.Entry<String, JsonNode> entry : workers.properties()) {
      JsonNode w = entry.getValue();
      assertThat(w.get("state").asText()).isIn("ok", "low", "off", "dis");
      assertThat(w.get("hash_rate_unit").asText()).isEqualTo("Gh/s");
      assertThat(w.fieldNames())
          .toIterable()
          .contains("last_share", "hash_rate_5m", "hash_rate_60m", "hash_rate_24h", "shares_5m", "shares_60m", "shares_24h");
    }
    assertThat(workers.at("/sim_miner.bitaxe/state").asText()).isEqualTo("off");
    assertThat(workers.at("/sim_miner.bitaxe/last_share").asLong())
        .as("silent for hours, in seconds")
        .isLessThan(T0.getEpochSecond() - 3600);
  }

  @Test
  void dailyRewardsCoverCompleteDaysNewestFirstAndHonourFromAndTo() {
    JsonNode days = get("/accounts/rewards/json/btc/").at("/btc/daily_rewards");
    assertThat(days.size()).isEqualTo(30);
    long yesterday = T0.atZone(ZoneOffset.UTC).toLocalDate().minusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    assertThat(days.get(0).get("date").asLong()).as("00:00 UTC of yesterday, seconds").isEqualTo(yesterday);
    assertThat(days.get(1).get("date").asLong()).isEqualTo(yesterday - 86_400);
    for (String key : List.of("total_reward", "mining_reward", "bos_plus_reward", "referral_bonus", "referral_reward")) {
      assertBtcString(days.get(0), key);
    }
    assertThat(days.get(0).fieldNames()).toIterable().contains("calculation_date", "shares", "share_prices");

    JsonNode range = get("/accounts/rewards/json/btc/?from=2026-05-20&to=2026-05-26").at("/btc/daily_rewards");
    assertThat(range.size()).isEqualTo(7);
    assertThat(Instant.ofEpochSecond(range.get(6).get("date").asLong())).isEqualTo(Instant.parse("2026-05-20T00:00:00Z"));

    HttpResponse<String> bad = Http.get(sim, "/accounts/rewards/json/btc/?from=20-05-2026", "Pool-Auth-Token", TOKEN);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("'from'");
  }

  @Test
  void poolStatsHaveBlocksKeyedByHeight() {
    JsonNode btc = get("/stats/json/btc/").get("btc");
    assertThat(btc.get("hash_rate_unit").asText()).isEqualTo("Gh/s");
    assertThat(btc.get("pool_60m_hash_rate").asDouble()).as("about 12 EH/s in Gh/s").isBetween(5e9, 3e10);
    assertThat(btc.fieldNames())
        .toIterable()
        .contains("pool_5m_hash_rate", "pool_24h_hash_rate", "pool_active_workers", "update_ts", "fpps_rate");
    JsonNode blocks = btc.get("blocks");
    assertThat(blocks.size()).isGreaterThan(3);
    String height = blocks.fieldNames().next();
    assertThat(height).matches("\\d{6,}");
    JsonNode block = blocks.get(height);
    assertThat(block.fieldNames())
        .toIterable()
        .contains(
            "date_found", "mining_duration", "total_shares", "state", "confirmations_left", "value",
            "user_reward", "pool_scoring_hash_rate");
    assertBtcString(block, "value");
    assertThat(block.get("date_found").asLong()).isLessThanOrEqualTo(T0.getEpochSecond());
  }

  @Test
  void payoutsAreInWholeSatoshisWithoutTheBtcWrapper() {
    JsonNode payouts = get("/accounts/payouts/json/btc/");
    assertThat(payouts.has("btc")).isFalse();
    assertThat(payouts.get("onchain").size()).isPositive();
    assertThat(payouts.get("lightning").size()).isPositive();
    JsonNode p = payouts.get("onchain").get(0);
    assertThat(p.fieldNames())
        .toIterable()
        .contains("requested_at_ts", "resolved_at_ts", "status", "amount_sats", "fee_sats", "destination", "trigger_type");
    assertThat(p.get("amount_sats").isIntegralNumber()).isTrue();
    assertThat(p.get("fee_sats").isIntegralNumber()).isTrue();
    assertThat(p.get("status").asText()).isIn("queued", "confirmed", "failed");
  }

  @Test
  void legacyFormatServesTheSlushEraProfile() {
    try (PoolSimulator legacy =
        PoolSimulator.builder().kind(PoolSimulator.Kind.BRAIINS).token(TOKEN).clock(clock).legacyFormat(true).build().start()) {
      JsonNode btc = Http.json(legacy, "/accounts/profile/json/btc/", "SlushPool-Auth-Token", TOKEN).get("btc");
      assertBtcString(btc, "confirmed_reward");
      assertBtcString(btc, "unconfirmed_reward");
      assertThat(btc.fieldNames()).toIterable().contains("send_threshold", "hash_rate_scoring").doesNotContain("shares_5m");
      JsonNode workers = Http.json(legacy, "/accounts/workers/json/btc/", "SlushPool-Auth-Token", TOKEN);
      assertThat(workers.at("/btc/workers/sim_miner.s21/state").asText()).isEqualTo("OK");
    }
  }

  @Test
  void braiinsServesBtcOnlyAndNeverShowsTheTokenInToString() {
    assertThatThrownBy(() -> PoolSimulator.builder().kind(PoolSimulator.Kind.BRAIINS).coin(Coin.DGB).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("coin")
        .hasMessageContaining("BTC only");
    assertThat(sim.toString()).doesNotContain(TOKEN);
    assertThat(sim.token()).isEqualTo(TOKEN);
  }
}
