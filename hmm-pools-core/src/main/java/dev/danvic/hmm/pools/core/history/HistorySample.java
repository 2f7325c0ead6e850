package dev.danvic.hmm.pools.core.history;

import dev.danvic.hmm.pools.DashboardTileData;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The figures of one pool at one refresh: what a {@link HistoryStore} records.
 *
 * @param poolId the configured pool's id
 * @param time when the figures were read ({@code last_updated} of the tiles)
 * @param healthy whether the pool answered and its data could be read
 * @param values the known figures; a figure the pool did not give is absent (never 0). Units are
 *     those of {@link HistoryMetric}; every value is finite
 */
public record HistorySample(
    String poolId, Instant time, boolean healthy, Map<HistoryMetric, Double> values) {

  /** Copies the values and checks they are finite. */
  public HistorySample {
    Objects.requireNonNull(poolId, "poolId");
    Objects.requireNonNull(time, "time");
    EnumMap<HistoryMetric, Double> copy = new EnumMap<>(HistoryMetric.class);
    for (Map.Entry<HistoryMetric, Double> e : values.entrySet()) {
      double v = Objects.requireNonNull(e.getValue(), "value of " + e.getKey());
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException(e.getKey().jsonName() + " must be finite, was " + v);
      }
      copy.put(e.getKey(), v);
    }
    values = Collections.unmodifiableMap(copy);
  }

  /**
   * @param metric a figure
   * @return its value, or {@code null} when the pool did not give it
   */
  public @Nullable Double value(HistoryMetric metric) {
    return values.get(metric);
  }

  /**
   * The sample of one refresh.
   *
   * @param poolId the configured pool's id
   * @param tiles the pool's tiles of this refresh
   * @param previous the pool's tiles of the refresh before, or {@code null}: the share and block
   *     counts are the increase since then (none without it)
   * @return the sample, at {@code tiles.lastUpdated()}
   */
  public static HistorySample fromTiles(
      String poolId, DashboardTileData tiles, @Nullable DashboardTileData previous) {
    EnumMap<HistoryMetric, Double> v = new EnumMap<>(HistoryMetric.class);
    put(v, HistoryMetric.POOL_HASHRATE, tiles.poolHashrate());
    put(v, HistoryMetric.USER_HASHRATE, tiles.userHashrate());
    put(v, HistoryMetric.ACTIVE_WORKERS, tiles.activeWorkers());
    put(v, HistoryMetric.REJECT_RATE, tiles.rejectRate());
    put(v, HistoryMetric.LATENCY_MS, tiles.latencyMs());
    put(v, HistoryMetric.NETWORK_DIFFICULTY, tiles.networkDifficulty());
    put(v, HistoryMetric.TIME_TO_BLOCK_SECONDS, tiles.estimatedTimeToBlockSeconds());
    put(v, HistoryMetric.USER_TIME_TO_BLOCK_SECONDS, tiles.userEstimatedTimeToBlockSeconds());
    put(v, HistoryMetric.CONFIRMED_BALANCE, amount(tiles.confirmedBalance()));
    put(v, HistoryMetric.PENDING_BALANCE, amount(tiles.pendingBalance()));
    put(v, HistoryMetric.EARNINGS_24H, amount(tiles.estimatedEarnings24h()));
    if (previous != null) {
      put(v, HistoryMetric.SHARES_VALID, increase(tiles.sharesValid(), previous.sharesValid()));
      put(v, HistoryMetric.SHARES_INVALID, increase(tiles.sharesInvalid(), previous.sharesInvalid()));
      put(v, HistoryMetric.SHARES_STALE, increase(tiles.sharesStale(), previous.sharesStale()));
      put(v, HistoryMetric.BLOCKS_FOUND, blocks(tiles.blocksFound24h(), previous.blocksFound24h()));
    }
    return new HistorySample(poolId, tiles.lastUpdated(), tiles.healthStatus(), v);
  }

  private static @Nullable Double increase(@Nullable Long now, @Nullable Long before) {
    if (now == null) {
      return null;
    }
    if (before == null || now < before) {
      return before == null ? null : (double) now; // a reset counts from zero
    }
    return (double) (now - before);
  }

  private static @Nullable Double blocks(@Nullable Integer now, @Nullable Integer before) {
    if (now == null || before == null) {
      return null;
    }
    return (double) Math.max(0, now - before); // a block leaving the 24 h window is not a loss
  }

  private static @Nullable Double amount(@Nullable BigDecimal amount) {
    return amount == null ? null : amount.doubleValue();
  }

  private static void put(Map<HistoryMetric, Double> v, HistoryMetric m, @Nullable Number n) {
    if (n != null && Double.isFinite(n.doubleValue())) {
      v.put(m, n.doubleValue());
    }
  }
}
