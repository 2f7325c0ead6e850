package dev.danvic.hmm.pools.simulator;

import static dev.danvic.hmm.pools.simulator.Http.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.Coin;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MmfpSimulatorTest {
  private final MutableClock clock = new MutableClock(T0);

  private PoolSimulator.Builder dgb() {
    return PoolSimulator.builder().kind(PoolSimulator.Kind.MMFP).coin(Coin.DGB).clock(clock);
  }

  @Test
  void healthSaysOkWithVersionAndUptimeInSeconds() {
    try (PoolSimulator sim = dgb().build().start()) {
      JsonNode health = Http.json(sim, "/api/v1/health");
      assertThat(health.get("status").asText()).isEqualTo("ok");
      assertThat(health.get("version").asText()).isNotBlank();
      long uptime = health.get("uptime").asLong();
      assertThat(uptime).isBetween(86_400L, 5 * 86_400L);
      clock.advance(Duration.ofMinutes(2));
      assertThat(Http.json(sim, "/api/v1/health").get("uptime").asLong()).isEqualTo(uptime + 120);
    }
  }

  @Test
  void poolMetricsHaveHashRatesInHsAllTimeSharesAndTheNetworkComparison() {
    try (PoolSimulator sim = dgb().build().start()) {
      JsonNode pool = Http.json(sim, "/api/v1/DGB/metrics/pool");
      for (String window : List.of("1m", "5m", "15m", "1h", "24h")) {
        assertThat(pool.at("/hashrate/" + window).asDouble()).as(window).isBetween(2e14, 4e14);
      }
      assertThat(pool.get("active_miners").asInt()).isEqualTo(3);
      assertThat(pool.get("blocks_found").asLong()).isPositive();
      JsonNode shares = pool.get("shares");
      assertThat(shares.fieldNames()).toIterable().containsExactlyInAnyOrder("valid", "invalid", "stale", "total");
      assertThat(shares.get("total").asLong())
          .isEqualTo(shares.get("valid").asLong() + shares.get("invalid").asLong() + shares.get("stale").asLong());
      JsonNode nc = pool.get("network_comparison");
      assertThat(nc.get("network_difficulty").asDouble()).isBetween(5e8, 2e9);
      assertThat(nc.get("pool_percentage").asDouble()).isBetween(0.0, 100.0);
      // 1e9 * 2^32 / 3.2e14 H/s is about 3.7 hours
      assertThat(nc.get("estimated_time_to_block").asLong()).isBetween(3_600L, 8 * 3_600L);

      assertThat(Http.json(sim, "/api/v1/dgb/metrics/pool").get("coin").asText())
          .as("the coin in the path is not case sensitive")
          .isEqualTo("DGB");
      HttpResponse<String> other = Http.get(sim, "/api/v1/BTC/metrics/pool");
      assertThat(other.statusCode()).isEqualTo(404);
      assertThat(other.body()).contains("DGB");
    }
  }

  @Test
  void sharesOnlyGrowAsTimePasses() {
    try (PoolSimulator sim = dgb().build().start()) {
      long before = Http.json(sim, "/api/v1/DGB/metrics/pool").at("/shares/valid").asLong();
      clock.advance(Duration.ofMinutes(10));
      long after = Http.json(sim, "/api/v1/DGB/metrics/pool").at("/shares/valid").asLong();
      // about 30 shares a minute from the three rigs at their vardiff
      assertThat(after - before).isBetween(100L, 1_000L);
    }
  }

  @Test
  void minerMetricsListEveryWorker() {
    try (PoolSimulator sim = dgb().username("miner").build().start()) {
      JsonNode workers = Http.json(sim, "/api/v1/DGB/metrics/miners").get("workers");
      assertThat(workers.size()).isEqualTo(4);
      JsonNode w = workers.get(0);
      assertThat(w.get("worker_name").asText()).isEqualTo("miner.s21");
      assertThat(w.fieldNames())
          .toIterable()
          .contains(
              "is_active", "current_user_agent", "current_hashrate", "current_valid_shares",
              "current_invalid_shares", "best_share_difficulty", "best_share_network_difficulty",
              "best_share_block_height", "last_seen_at");
      assertThat(w.get("current_hashrate").asDouble()).as("H/s").isBetween(1.5e14, 2.5e14);
      assertThat(Instant.parse(w.get("last_seen_at").asText())).isBetween(T0.minusSeconds(60), T0);
      assertThat(workers.get(3).get("is_active").asBoolean()).isFalse();
    }
  }

  @Test
  void engineStatsAndMinersHaveTheEngineShape() {
    try (PoolSimulator sim = dgb().build().start()) {
      JsonNode stats = Http.json(sim, "/api/v1/stats");
      assertThat(stats.get("pool_name").asText()).isNotBlank();
      assertThat(stats.get("uptime_seconds").asLong()).isPositive();
      JsonNode coin = stats.at("/coins/DGB");
      assertThat(coin.fieldNames())
          .toIterable()
          .contains("shares_accepted", "shares_rejected", "shares_stale", "blocks_found");
      JsonNode miners = Http.json(sim, "/api/v1/miners").at("/miners/DGB");
      assertThat(miners.size()).as("only connected rigs").isEqualTo(3);
      assertThat(miners.get(0).fieldNames())
          .toIterable()
          .contains(
              "worker_name", "remote_addr", "difficulty", "connected_at", "shares_accepted",
              "shares_rejected", "shares_stale", "blocks_found", "last_share_time", "best_difficulty");

      JsonNode seedStats = Http.json(sim, "/stats");
      assertThat(seedStats.at("/coins/DGB/shares_accepted").asLong()).isEqualTo(coin.get("shares_accepted").asLong());
      assertThat(seedStats.get("hashrate").asDouble()).isPositive();
    }
  }

  @Test
  void recentBlocksAreTheLastDaysBlocksAsABareList() {
    try (PoolSimulator sim = dgb().blockInterval(Duration.ofHours(2)).build().start()) {
      JsonNode blocks = Http.json(sim, "/blocks/recent");
      assertThat(blocks.isArray()).isTrue();
      assertThat(blocks.size()).as("one block per 2 h slot").isBetween(11, 13);
      for (JsonNode b : blocks) {
        assertThat(b.fieldNames())
            .toIterable()
            .contains("height", "hash", "timestamp", "coin", "difficulty", "network_difficulty", "miner", "confirmed");
        assertThat(b.get("timestamp").asLong()).isBetween(T0.getEpochSecond() - 86_400, T0.getEpochSecond());
      }
    }
  }

  @Test
  void anApiKeyGuardsEveryPathButTheHealthCheck() {
    try (PoolSimulator sim = dgb().apiKey("k3y").build().start()) {
      assertThat(Http.get(sim, "/api/v1/health").statusCode()).isEqualTo(200);
      for (String path : List.of("/api/v1/DGB/metrics/pool", "/api/v1/stats", "/stats", "/blocks/recent")) {
        assertThat(Http.get(sim, path).statusCode()).as(path).isEqualTo(401);
        assertThat(Http.get(sim, path, "X-API-Key", "nope").statusCode()).as(path).isEqualTo(401);
        assertThat(Http.get(sim, path, "X-API-Key", "k3y").statusCode()).as(path).isEqualTo(200);
      }
    }
  }

  @Test
  void legacyFormatCountsSharesPerWindow() {
    try (PoolSimulator sim = dgb().legacyFormat(true).build().start()) {
      JsonNode shares = Http.json(sim, "/api/v1/DGB/metrics/pool").get("shares");
      assertThat(shares.fieldNames()).toIterable().containsExactly("1m", "5m", "15m");
      assertThat(shares.at("/5m/valid").asLong()).isGreaterThan(shares.at("/1m/valid").asLong());
      assertThat(shares.get("15m").fieldNames()).toIterable().contains("valid", "invalid", "stale", "total");
    }
  }
}
