package dev.danvic.hmm.pools.simulator;

import static dev.danvic.hmm.pools.simulator.Http.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MiningcoreSimulatorTest {
  private static final String ADDRESS = "bc1qminingcore";
  private final MutableClock clock = new MutableClock(T0);

  private PoolSimulator start() {
    return PoolSimulator.builder().kind(PoolSimulator.Kind.MININGCORE).username(ADDRESS).clock(clock).build().start();
  }

  @Test
  void onePoolListedAndServedByIdInCamelCaseWithEffortAsARatio() {
    try (PoolSimulator sim = start()) {
      JsonNode pools = Http.json(sim, "/api/pools").get("pools");
      assertThat(pools.size()).isEqualTo(1);
      assertThat(pools.get(0).get("id").asText()).isEqualTo("btc1");
      JsonNode pool = Http.json(sim, "/api/pools/btc1").get("pool");
      assertThat(pool.get("poolStats").get("poolHashrate").asDouble()).isPositive();
      assertThat(pool.get("networkStats").get("networkDifficulty").asDouble()).isPositive();
      assertThat(pool.get("poolEffort").asDouble()).isBetween(0.0, 50.0);
      assertThat(Http.get(sim, "/api/pools/ltc1").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void blocksCarryLowerCaseStatusesAndLeaveNullsOut() {
    try (PoolSimulator sim = start()) {
      clock.advance(Duration.ofDays(2));
      JsonNode blocks = Http.json(sim, "/api/pools/btc1/blocks?page=0&pageSize=20");
      assertThat(blocks.isArray()).isTrue();
      assertThat(blocks.size()).isEqualTo(20);
      Set<String> statuses = new HashSet<>();
      boolean someWithoutMiner = false;
      for (JsonNode b : blocks) {
        statuses.add(b.get("status").asText());
        someWithoutMiner |= !b.has("miner");
        assertThat(b.get("created").asText()).endsWith("Z");
      }
      assertThat(statuses).isSubsetOf("pending", "confirmed", "orphaned").contains("confirmed");
      assertThat(someWithoutMiner).isTrue();
    }
  }

  @Test
  void theBlockListIsPagedAsMiningcorePagesIt() {
    try (PoolSimulator sim = start()) {
      clock.advance(Duration.ofDays(2));
      JsonNode first = Http.json(sim, "/api/pools/btc1/blocks?page=0&pageSize=20");
      JsonNode second = Http.json(sim, "/api/pools/btc1/blocks?page=1&pageSize=20");
      JsonNode both = Http.json(sim, "/api/pools/btc1/blocks?page=0&pageSize=40");
      assertThat(first.size()).isEqualTo(20);
      assertThat(second.size()).isEqualTo(20);
      // page 1 continues page 0: older blocks, none repeated, the same as one page twice the size
      assertThat(second.get(0).get("blockHeight").asLong()).isLessThan(first.get(19).get("blockHeight").asLong());
      for (int i = 0; i < 20; i++) {
        assertThat(both.get(i)).isEqualTo(first.get(i));
        assertThat(both.get(20 + i)).isEqualTo(second.get(i));
      }
      assertThat(Http.json(sim, "/api/pools/btc1/blocks?page=100000&pageSize=20").size()).isZero();
    }
  }

  @Test
  void theMinerAnswersAndAnUnknownMinerIs204WithNoBody() {
    try (PoolSimulator sim = start()) {
      JsonNode miner = Http.json(sim, "/api/pools/btc1/miners/" + ADDRESS);
      assertThat(miner.get("performance").get("workers").size()).isEqualTo(3); // the Bitaxe is off
      assertThat(miner.has("pendingBalance")).isTrue();
      HttpResponse<String> unknown = Http.get(sim, "/api/pools/btc1/miners/bc1qnobody");
      assertThat(unknown.statusCode()).isEqualTo(204);
      assertThat(unknown.body()).isEmpty();
    }
  }
}
