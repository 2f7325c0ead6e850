package dev.danvic.hmm.pools.ocean;

import dev.danvic.hmm.pools.Coin;
import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.FoundBlocks;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Turns OCEAN's readings into the four tiles. Pure functions. */
final class OceanTiles {
  private OceanTiles() {}

  /**
   * The account's figures, each {@code null} when its request failed or OCEAN answered an error.
   *
   * @param snap {@code /v1/statsnap/{address}}
   * @param workers active workers from {@code /v1/user_hashrate_full/{address}}
   * @param earnings {@code /v1/earnpay/{address}/…}
   */
  record Account(
      OceanJson.@Nullable SnapReading snap,
      @Nullable Integer workers,
      OceanJson.@Nullable EarningsReading earnings) {}

  /**
   * @param pool {@code /v1/pool_stat}
   * @param account the address's figures, or {@code null} when no address is configured
   * @param latencyMs the round trip of {@code /v1/pool_stat}, ms
   * @param notes what the user should know, in words (OCEAN's own error messages among them)
   * @param now when the figures were read
   */
  static DashboardTileData tiles(
      OceanJson.PoolReading pool, @Nullable Account account, double latencyMs, List<String> notes, Instant now) {
    DashboardTileData.Builder b =
        DashboardTileData.builder(now)
            .latencyMs(latencyMs)
            .poolHashrate(toDouble(pool.hashrate()))
            .currency(Coin.BTC.symbol())
            .supportsEarnings(true)
            .supportsBalance(true);
    List<String> parts = new ArrayList<>();
    if (account == null) {
      b.activeWorkers(pool.workers());
      if (pool.workers() != null) {
        parts.add(pool.workers() + " workers on the pool");
      }
    } else {
      b.activeWorkers(account.workers());
      if (account.workers() != null) {
        parts.add(account.workers() + (account.workers() == 1 ? " worker online" : " workers online"));
      }
      OceanJson.SnapReading snap = account.snap();
      if (snap != null) {
        b.userHashrate(toDouble(snap.hashrate()))
            .shares(snap.sharesInTides(), null, null)
            .confirmedBalance(snap.unpaid());
        if (snap.lastShare() != null) {
          parts.add("last share " + snap.lastShare());
        }
        if (snap.estimatedNextBlock() != null) {
          parts.add("next block pays about " + snap.estimatedNextBlock().toPlainString() + " BTC");
        }
      }
      OceanJson.EarningsReading earnings = account.earnings();
      if (earnings != null) {
        b.estimatedEarnings24h(earnings.earnedLast24h(now))
            .blocksFound24h(FoundBlocks.countLast24h(earnings.blocks(), now))
            .lastBlockTime(FoundBlocks.lastFound(earnings.blocks()));
        BigDecimal fees = earnings.feesLast24h(now);
        if (fees.signum() > 0) {
          parts.add("OCEAN fees 24 h " + fees.toPlainString() + " BTC");
        }
      }
    }
    parts.addAll(notes);
    return b.healthMessage(parts.isEmpty() ? null : String.join("; ", parts)).build();
  }

  /** H/s as a double; exact up to the double's 53 bits, the nearest double beyond. */
  private static @Nullable Double toDouble(@Nullable BigDecimal v) {
    if (v == null) {
      return null;
    }
    double d = v.doubleValue();
    return Double.isFinite(d) ? d : null;
  }
}
