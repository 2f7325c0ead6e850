package dev.danvic.hmm.pools.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.core.HmmPoolsJson;
import dev.danvic.hmm.pools.core.PlatformTiles;
import dev.danvic.hmm.pools.core.PoolTileSet;
import dev.danvic.hmm.pools.core.TileAggregator;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH: the CPU work of one refresh that does not touch the network, as N grows: summing N pools'
 * tiles into the platform tiles, writing the platform tiles as JSON (what {@code
 * /api/dashboard/pools/platform-tiles} sends) and writing every pool's tiles as JSON (what {@code
 * /api/dashboard/pools} sends). The tiles are made up but complete: every field set, four coins, one
 * pool in ten in an error state.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AggregationBenchmark {
  private static final String[] COINS = {"BTC", "BCH", "DGB", "BC2"};

  /** How many pools. */
  @Param({"10", "100", "1000"})
  public int pools;

  private final ObjectMapper json = HmmPoolsJson.mapper();
  private final Instant now = Instant.parse("2026-06-01T12:00:00Z");
  private List<PoolTileSet> sets;
  private Map<String, PoolTileSet> byId;
  private PlatformTiles platform;

  /** Makes the {@link #pools} tile sets. */
  @Setup
  public void setUp() {
    sets = tileSets(pools, now);
    byId = HmmPoolsJson.byPoolId(sets);
    platform = TileAggregator.aggregate(sets, now);
  }

  /** @return the platform tiles of the pools */
  @Benchmark
  public PlatformTiles aggregate() {
    return TileAggregator.aggregate(sets, now);
  }

  /**
   * @return the platform tiles as JSON, UTF-8
   * @throws JsonProcessingException never with these tiles
   */
  @Benchmark
  public byte[] platformJson() throws JsonProcessingException {
    return json.writeValueAsBytes(platform);
  }

  /**
   * @return every pool's tiles as JSON, UTF-8
   * @throws JsonProcessingException never with these tiles
   */
  @Benchmark
  public byte[] poolsJson() throws JsonProcessingException {
    return json.writeValueAsBytes(byId);
  }

  /**
   * @param count how many
   * @param now the time of the readings
   * @return made-up, complete tile sets; one in ten is an error-state set
   */
  static List<PoolTileSet> tileSets(int count, Instant now) {
    List<PoolTileSet> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String coin = COINS[i % COINS.length];
      DashboardTileData tiles =
          i % 10 == 9
              ? DashboardTileData.error("Solopool: /api/stats answered 503 (Service Unavailable)", now)
              : DashboardTileData.builder(now)
                  .healthStatus(true)
                  .healthMessage("3 workers online, 1 offline")
                  .latencyMs(180.0 + i % 40)
                  .activeWorkers(3)
                  .networkDifficulty(1.2e14 * (1 + (i % 7) / 100.0))
                  .poolHashrate(3.5e17 + i * 1e12)
                  .poolPercentage(0.04 + (i % 5) / 1000.0)
                  .estimatedTimeToBlockSeconds(86_400.0 * (5 + i % 3))
                  .shares(1_000_000L + i, 1_200L + i % 9, 300L + i % 4)
                  .rejectRate(0.15)
                  .blocksFound24h(i % 3)
                  .estimatedEarnings24h(new BigDecimal("0.00012345").add(BigDecimal.valueOf(i, 8)))
                  .currency(coin)
                  .confirmedBalance(new BigDecimal("0.01020304"))
                  .pendingBalance(new BigDecimal("0.00000123"))
                  .lastBlockTime(now.minus(Duration.ofHours(3 + i % 20)))
                  .userHashrate(3.5e14)
                  .userEstimatedTimeToBlockSeconds(86_400.0 * 365 * 12)
                  .supportsEarnings(true)
                  .supportsBalance(true)
                  .build();
      out.add(new PoolTileSet(String.format("pool-%05d", i), "solopool", "Solopool.org", List.of(COINS), tiles));
    }
    return out;
  }
}
