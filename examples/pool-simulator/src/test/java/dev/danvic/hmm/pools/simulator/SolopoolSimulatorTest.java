package dev.danvic.hmm.pools.simulator;

import static dev.danvic.hmm.pools.simulator.Http.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.Coin;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SolopoolSimulatorTest {

  private static PoolSimulator start(Coin coin, MutableClock clock) {
    return PoolSimulator.builder().kind(PoolSimulator.Kind.SOLOPOOL).coin(coin).clock(clock).seed(7).build().start();
  }

  /** The network difficulty a plugin reads, per coin, and the range a realistic value lies in. */
  private static void assertDifficultyRealistic(Coin coin, double difficulty) {
    switch (coin) {
      case BTC:
        assertThat(difficulty).isBetween(0.9e14, 1.5e14);
        break;
      case BCH:
        assertThat(difficulty).isBetween(3e11, 8e11);
        break;
      case DGB:
        assertThat(difficulty).isBetween(5e8, 2e9);
        break;
      default:
        assertThat(difficulty).isBetween(1e6, 1e9);
        break;
    }
  }

  @ParameterizedTest
  @EnumSource(Coin.class)
  void statsCarryEveryKeyWithTheCoinsMagnitudesAndTheirUnits(Coin coin) {
    MutableClock clock = new MutableClock(T0);
    try (PoolSimulator sim = start(coin, clock)) {
      JsonNode stats = Http.json(sim, "/api/stats");

      assertThat(stats.get("now").asLong()).as("now is in milliseconds").isEqualTo(T0.toEpochMilli());
      long nowSeconds = T0.getEpochSecond();
      assertThat(stats.get("lastBlockTime").asLong())
          .as("lastBlockTime is in seconds, within the last day")
          .isBetween(nowSeconds - 86_400, nowSeconds);
      for (String key : List.of("hashrate", "totalMiners", "totalWorkers", "totalBlocks")) {
        assertThat(stats.get(key).asLong()).as(key).isPositive();
      }
      assertThat(stats.get("hashrate").asDouble()).as("pool hash rate in H/s").isGreaterThan(1e13);
      double difficulty = stats.at("/node/difficulty").asDouble();
      assertDifficultyRealistic(coin, difficulty);
      assertThat(stats.at("/stats/difficulty").asDouble()).isEqualTo(difficulty);
      assertThat(stats.at("/node/height").asLong()).isPositive();
      assertThat(stats.at("/node/hashrate").asDouble())
          .as("network hash rate exceeds the pool's")
          .isGreaterThan(stats.get("hashrate").asDouble());
      assertThat(stats.at("/nodes/0/height").isTextual()).as("nodes[] values are strings").isTrue();
      assertThat(stats.at("/nodes/0/difficulty").asText()).isEqualTo(Long.toString(Math.round(difficulty)));

      JsonNode charts = stats.get("charts");
      assertThat(charts.size()).isGreaterThan(10);
      assertThat(charts.get(0).get("x").asLong()).as("x in seconds").isBetween(nowSeconds - 3600, nowSeconds);
      assertThat(charts.get(0).get("x").asLong()).as("newest first").isGreaterThan(charts.get(1).get("x").asLong());
      assertThat(charts.get(0).get("y").asDouble()).isGreaterThan(1e13);
    }
  }

  @Test
  void blocksAreSpreadSoSomeAreWithinTheLastDay() {
    MutableClock clock = new MutableClock(T0);
    try (PoolSimulator sim = start(Coin.BTC, clock)) {
      JsonNode blocks = Http.json(sim, "/api/blocks");
      List<JsonNode> all = new ArrayList<>();
      for (String list : List.of("candidates", "immature", "matured")) {
        assertThat(blocks.get(list).isArray()).as(list).isTrue();
        assertThat(blocks.get(list + "Total").asLong()).isGreaterThanOrEqualTo(blocks.get(list).size());
        blocks.get(list).forEach(all::add);
      }
      long now = T0.getEpochSecond();
      assertThat(all).hasSizeGreaterThan(10);
      assertThat(all).anyMatch(b -> b.get("timestamp").asLong() > now - 86_400);
      assertThat(all).anyMatch(b -> b.get("timestamp").asLong() < now - 86_400);
      for (JsonNode b : all) {
        assertThat(b.fieldNames())
            .toIterable()
            .contains("height", "hash", "miner", "worker", "timestamp", "difficulty", "shareDifficulty", "orphan", "reward");
        assertThat(b.get("timestamp").asLong()).as("seconds, not ms").isLessThanOrEqualTo(now);
        assertThat(b.get("hash").asText()).hasSize(64).startsWith("00000000");
        assertThat(b.get("reward").isIntegralNumber()).isTrue();
        assertThat(b.get("shareDifficulty").asDouble()).isGreaterThanOrEqualTo(b.get("difficulty").asDouble());
      }
      JsonNode matured = blocks.get("matured");
      assertThat(matured.get(0).get("timestamp").asLong())
          .as("newest first")
          .isGreaterThan(matured.get(1).get("timestamp").asLong());
      JsonNode some = matured.get(0);
      if (!some.get("orphan").asBoolean()) {
        // about 3.1 BTC in 1e-9 units
        assertThat(some.get("reward").asLong()).isBetween(3_125_000_000L, 3_300_000_000L);
      }
    }
  }

  @Test
  void newBlocksAppearAsTheClockMoves() {
    MutableClock clock = new MutableClock(T0);
    try (PoolSimulator sim =
        PoolSimulator.builder()
            .kind(PoolSimulator.Kind.SOLOPOOL)
            .coin(Coin.DGB)
            .clock(clock)
            .blockInterval(Duration.ofMinutes(10))
            .build()
            .start()) {
      long before = Http.json(sim, "/api/stats").get("totalBlocks").asLong();
      clock.advance(Duration.ofHours(1));
      long after = Http.json(sim, "/api/stats").get("totalBlocks").asLong();
      assertThat(after - before).isBetween(5L, 7L);
    }
  }

  @Test
  void theConfiguredAccountHasEveryKeyAndAnUnknownAddressIs404WithAnEmptyBody() {
    MutableClock clock = new MutableClock(T0);
    try (PoolSimulator sim = start(Coin.DGB, clock)) {
      assertThat(sim.username()).startsWith("dgb1q");
      JsonNode account = Http.json(sim, "/api/accounts/" + sim.username());
      assertThat(account.fieldNames())
          .toIterable()
          .contains(
              "currentHashrate", "hashrate", "workers", "workersOnline", "workersOffline", "workersTotal",
              "stats", "payments", "paymentsTotal", "roundShares", "earnings", "rewards");
      assertThat(account.get("currentHashrate").asDouble()).as("H/s of a home miner").isBetween(1e14, 1e15);
      assertThat(account.get("workersTotal").asInt())
          .isEqualTo(account.get("workersOnline").asInt() + account.get("workersOffline").asInt());
      JsonNode s21 = account.at("/workers/s21");
      assertThat(s21.fieldNames()).toIterable().contains("lastBeat", "hr", "hr2", "offline", "sharesValid", "sharesInvalid");
      assertThat(s21.get("lastBeat").asLong()).isBetween(T0.getEpochSecond() - 60, T0.getEpochSecond());
      assertThat(account.at("/workers/bitaxe/offline").asBoolean()).isTrue();
      assertThat(account.at("/workers/bitaxe/hr").asLong()).isZero();
      assertThat(account.get("stats").fieldNames())
          .toIterable()
          .contains("balance", "immature", "paid", "blocksFound", "lastShare");
      assertThat(account.at("/stats/blocksFound").asLong()).isPositive();
      assertThat(account.get("earnings").get(0).fieldNames()).toIterable().contains("period", "blocks", "amount", "luck");
      assertThat(account.get("rewards").get(0).fieldNames())
          .toIterable()
          .contains("height", "amount", "timestamp", "matured");

      HttpResponse<String> unknown = Http.get(sim, "/api/accounts/dgb1qnotminenotmine");
      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(unknown.body()).isEmpty();
    }
  }

  @Test
  void legacyFormatMovesTheDifficultyToTheOlderKeys() {
    try (PoolSimulator sim =
        PoolSimulator.builder()
            .kind(PoolSimulator.Kind.SOLOPOOL)
            .coin(Coin.BCH)
            .clock(new MutableClock(T0))
            .legacyFormat(true)
            .build()
            .start()) {
      JsonNode stats = Http.json(sim, "/api/stats");
      assertThat(stats.at("/node/difficulty").isMissingNode()).isTrue();
      assertThat(stats.at("/stats/difficulty").isMissingNode()).isTrue();
      assertDifficultyRealistic(Coin.BCH, stats.get("networkDifficulty").asDouble());
      assertThat(stats.fieldNames())
          .toIterable()
          .contains("poolHashrate", "networkHashrate", "poolMiners", "poolBlocks", "poolFee");
    }
  }
}
