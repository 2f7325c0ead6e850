package dev.danvic.hmm.pools.server;

import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.core.history.HistorySample;
import dev.danvic.hmm.pools.core.history.HistoryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Plausible past history for the demo, so that its charts and comparison show real shapes at the
 * first start instead of two points: around each pool's current figures, a daily swing of the hash
 * rate (&plusmn;8 %), noise, an outage of 20&ndash;60 minutes every couple of days (unhealthy samples,
 * no figures), latency with spikes, shares in proportion to the hash rate with 0.5&ndash;2 %
 * rejected, and blocks found at the rate the pool's time to a block gives (a Poisson draw per step).
 * Deterministic per pool id. Also the data set of the history benchmark.
 */
final class DemoHistory {
  /** The back-filled past ends this long before now, clear of the live samples of the start. */
  static final Duration LIVE_MARGIN = Duration.ofMinutes(10);

  private DemoHistory() {}

  /**
   * Back-fills every pool that has no history in the span (up to {@link #LIVE_MARGIN} before now).
   *
   * @param store the history
   * @param current each pool's current tiles (the shape is built around them)
   * @param span how far back, e.g. 7 days
   * @param every one sample per this step, e.g. 5 minutes
   * @return how many pools were back-filled
   */
  static int backfill(HistoryStore store, Map<String, DashboardTileData> current, Duration span, Duration every) {
    Instant now = store.now();
    // the live refreshes of this start are already being recorded: the past ends before them
    Instant end = now.minus(LIVE_MARGIN);
    int filled = 0;
    for (Map.Entry<String, DashboardTileData> pool : current.entrySet()) {
      if (!store.points(pool.getKey(), now.minus(span), end).isEmpty()) {
        continue; // it has history already (a restart): keep it
      }
      store.recordAll(generate(pool.getKey(), pool.getValue(), now.minus(span), end, every));
      filled++;
    }
    return filled;
  }

  /**
   * @param poolId the pool
   * @param base its current figures; a figure it lacks stays absent
   * @param from the first sample's time
   * @param to the end (exclusive)
   * @param every the step between samples
   * @return the samples, oldest first
   */
  static List<HistorySample> generate(String poolId, DashboardTileData base, Instant from, Instant to, Duration every) {
    SplittableRandom random = new SplittableRandom(poolId.hashCode());
    double user = orDefault(base.userHashrate(), base.healthStatus() ? null : 2e12);
    double pool = orDefault(base.poolHashrate(), null);
    double latency = orDefault(base.latencyMs(), 40.0);
    Double ettb = base.userEstimatedTimeToBlockSeconds() != null ? base.userEstimatedTimeToBlockSeconds() : base.estimatedTimeToBlockSeconds();
    double step = every.toSeconds();
    long valid = 0;
    long invalid = 0;
    long stale = 0;
    Deque<Instant> blocks = new ArrayDeque<>();
    long outageLeft = 0;
    List<HistorySample> out = new ArrayList<>();
    DashboardTileData previous = null;
    for (Instant t = from; t.isBefore(to); t = t.plus(every)) {
      if (outageLeft == 0 && random.nextDouble() < step / (2 * 86_400.0)) { // about one every 2 days
        outageLeft = Math.max(1, (long) ((20 + random.nextInt(41)) * 60 / step));
      }
      DashboardTileData tiles;
      if (outageLeft > 0) {
        outageLeft--;
        tiles = DashboardTileData.error("demo outage: the pool did not answer", t);
      } else {
        double day = 2 * Math.PI * (t.getEpochSecond() % 86_400) / 86_400.0;
        double factor = 1 + 0.08 * Math.sin(day) + 0.03 * (random.nextDouble() * 2 - 1);
        long accepted = Math.round(step * factor * 2);
        valid += accepted;
        invalid += Math.round(accepted * (0.005 + 0.01 * random.nextDouble()));
        stale += Math.round(accepted * 0.005 * random.nextDouble());
        while (!blocks.isEmpty() && blocks.peekFirst().isBefore(t.minus(Duration.ofDays(1)))) {
          blocks.pollFirst();
        }
        if (ettb != null && ettb > 0 && random.nextDouble() < 1 - Math.exp(-step / ettb)) {
          blocks.addLast(t);
        }
        DashboardTileData.Builder b =
            base.toBuilder()
                .lastUpdated(t)
                .healthStatus(true)
                .latencyMs(latency * (0.8 + 0.4 * random.nextDouble()) * (random.nextInt(50) == 0 ? 4 : 1))
                .shares(valid, invalid, stale)
                .blocksFound24h(blocks.size());
        if (base.userHashrate() != null || !base.healthStatus()) {
          b.userHashrate(user * factor);
        }
        if (base.poolHashrate() != null) {
          b.poolHashrate(pool * (1 + 0.05 * Math.sin(day / 2) + 0.02 * (random.nextDouble() * 2 - 1)));
        }
        tiles = b.build();
      }
      out.add(HistorySample.fromTiles(poolId, tiles, previous));
      previous = tiles;
    }
    return out;
  }

  private static double orDefault(@Nullable Double v, @Nullable Double fallback) {
    return v != null ? v : fallback != null ? fallback : 0;
  }
}
