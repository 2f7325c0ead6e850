package dev.danvic.hmm.pools.mmfp;

import dev.danvic.hmm.pools.Coin;
import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.FoundBlocks;
import dev.danvic.hmm.pools.MiningMath;
import dev.danvic.hmm.pools.PoolStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Turns an {@link MmfpJson.PoolReading} into the four tiles or pool statistics. Pure functions. */
final class MmfpTiles {
  private MmfpTiles() {}

  /**
   * @param r what the server's API gave
   * @param probe what {@code /api/v1/health} answered (latency, version, status)
   * @param now when the figures were read; the 24 h window of blocks ends here
   */
  static DashboardTileData tiles(MmfpJson.PoolReading r, MmfpIntegration.HealthProbe probe, Instant now) {
    MmfpJson.FiguresReading f = r.figures();
    Double hashrate = f.poolHashrate();
    Double difficulty = f.networkDifficulty();
    // our own formula first, so ETTB agrees with every other pool's; the server's figure is a fallback
    Double ettb = MiningMath.timeToBlockSecondsOrNull(difficulty, hashrate);
    if (ettb == null) {
      ettb = f.timeToBlockSeconds();
    }
    DashboardTileData.Builder b =
        DashboardTileData.builder(now)
            .latencyMs(probe.latencyMs())
            .activeWorkers(r.activeWorkers())
            .networkDifficulty(difficulty)
            .poolHashrate(hashrate)
            .poolPercentage(poolPercentage(f.poolPercentage(), computedPercentage(r)))
            .estimatedTimeToBlockSeconds(ettb)
            .shares(f.sharesValid(), f.sharesInvalid(), f.sharesStale())
            // all-time blocks_found is never a 24 h count: only a block list can give one
            .blocksFound24h(
                r.recentBlocks() == null ? null : FoundBlocks.countLast24h(r.recentBlocks(), now))
            .currency(r.currency())
            .lastBlockTime(r.lastBlockTime())
            .bestShareDifficulty(r.bestShareDifficulty())
            .supportsEarnings(false)
            .supportsBalance(false);
    if (ettb == null && f.timeToBlockText() != null) {
      b.estimatedTimeToBlock(f.timeToBlockText());
    }
    Double user = r.userHashrate();
    if (user != null) {
      b.userHashrate(user).userEstimatedTimeToBlockSeconds(MiningMath.timeToBlockSecondsOrNull(difficulty, user));
    }
    String status = probe.status();
    boolean degraded = status != null && !probe.ok();
    return b.healthStatus(!degraded).healthMessage(healthMessage(r, probe, degraded)).build();
  }

  /** Pool-wide statistics; {@code blocksFoundTotal} is the all-time count. */
  static PoolStats stats(MmfpJson.PoolReading r) {
    MmfpJson.FiguresReading f = r.figures();
    return new PoolStats(
        r.currency(),
        f.poolHashrate(),
        networkHashrate(r),
        f.networkDifficulty(),
        f.blockHeight(),
        f.workers(),
        r.activeWorkers(),
        f.blocksFoundTotal(),
        r.lastBlockTime(),
        null);
  }

  /**
   * The server's {@code pool_percentage}, taken as percent as its name says; but when our own
   * figure is known and the server's value is closer to it as a fraction (0&ndash;1) than as
   * percent, the server wrote a fraction and it is multiplied by 100. A value above 100 percent is
   * impossible and gives way to our own.
   *
   * @param reported the server's value, or {@code null}
   * @param computed {@code H_pool / H_net * 100}, or {@code null}
   * @return percent (0&ndash;100), or {@code null}
   */
  static @Nullable Double poolPercentage(@Nullable Double reported, @Nullable Double computed) {
    Double pct = reported;
    if (reported != null && computed != null && reported > 0 && computed > 0) {
      double asPercent = Math.abs(Math.log(reported / computed));
      double asFraction = Math.abs(Math.log(reported * 100 / computed));
      if (asFraction < asPercent) {
        pct = reported * 100;
      }
    }
    // the one 0-100 % check every plugin uses; a reported share beyond it gives way to our own
    Double checked = MiningMath.percentageOrNull(pct);
    return checked != null ? checked : MiningMath.percentageOrNull(computed);
  }

  private static @Nullable Double computedPercentage(MmfpJson.PoolReading r) {
    return MiningMath.poolPercentage(r.figures().poolHashrate(), networkHashrate(r));
  }

  /** The network hash rate the server reports, else {@code D * 2^32 / block_time} of the coin. */
  private static @Nullable Double networkHashrate(MmfpJson.PoolReading r) {
    Double reported = r.figures().networkHashrate();
    if (reported != null) {
      return reported;
    }
    Double d = r.figures().networkDifficulty();
    Coin coin = r.coin();
    return d == null || coin == null ? null : MiningMath.networkHashrate(d, coin.blockTime());
  }

  private static String healthMessage(MmfpJson.PoolReading r, MmfpIntegration.HealthProbe probe, boolean degraded) {
    List<String> parts = new ArrayList<>();
    if (degraded) {
      parts.add("MMFP reports status '" + probe.status() + "'");
    }
    Integer workers = r.activeWorkers();
    if (workers != null) {
      parts.add(workers + (workers == 1 ? " worker online" : " workers online"));
    }
    String version = probe.version();
    if (version != null) {
      parts.add("MMFP " + (Character.isDigit(version.charAt(0)) ? "v" : "") + version);
    }
    if (r.source() == MmfpJson.PoolReading.Source.ENGINE && r.figures().poolHashrate() == null) {
      parts.add("this server reports no hash rate");
    }
    if (r.note() != null) {
      parts.add(r.note());
    }
    return parts.isEmpty() ? "MMFP API answering" : String.join("; ", parts);
  }
}
