package dev.danvic.hmm.pools.solopool;

import dev.danvic.hmm.pools.Coin;
import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.FoundBlocks;
import dev.danvic.hmm.pools.MiningMath;
import dev.danvic.hmm.pools.PoolBlock;
import dev.danvic.hmm.pools.PoolStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Turns Solopool's readings into the four tiles and into {@link PoolStats}. Pure functions. */
final class SolopoolTiles {
  private SolopoolTiles() {}

  /**
   * What the account request told: not asked (no wallet), read, or a problem in words.
   *
   * @param asked whether a wallet is configured
   * @param reading the account when it was read
   * @param problem why it was not, in words, when asked and not read
   */
  record Account(boolean asked, SolopoolJson.@Nullable AccountReading reading, @Nullable String problem) {
    static final Account NOT_ASKED = new Account(false, null, null);
  }

  /**
   * @param coin the pool's coin
   * @param s {@code /api/stats}
   * @param latencyMs the stats request's round trip, ms
   * @param blocks {@code /api/blocks}, or {@code null} when the list could not be read
   * @param notes what the user should know about the block list, in words
   * @param account what the account request told
   * @param now when the figures were read
   */
  static DashboardTileData tiles(
      Coin coin,
      SolopoolJson.StatsReading s,
      double latencyMs,
      @Nullable List<PoolBlock> blocks,
      List<String> notes,
      Account account,
      Instant now) {
    Double difficulty = s.networkDifficulty();
    DashboardTileData.Builder tile =
        DashboardTileData.builder(now)
            .latencyMs(latencyMs)
            .network(difficulty, s.poolHashrate(), s.networkHashrate(coin), true)
            .currency(coin.symbol())
            .supportsEarnings(true)
            .supportsBalance(true);

    Instant lastBlock = s.lastBlockTime();
    if (blocks != null) {
      // the shared rule: candidates, immature and matured blocks count, orphans never
      tile.blocksFound24h(FoundBlocks.countLast24h(blocks, now));
      lastBlock = FoundBlocks.later(lastBlock, FoundBlocks.lastFound(blocks));
    }
    tile.lastBlockTime(lastBlock);

    String headline;
    SolopoolJson.AccountReading a = account.reading();
    if (!account.asked()) {
      tile.activeWorkers(s.workers());
      headline = s.workers() == null ? "pool answered" : plural(s.workers(), "worker") + " mining on the pool";
    } else if (a == null) {
      headline = String.valueOf(account.problem());
    } else {
      tile.activeWorkers(a.workersOnline())
          .shares(a.sharesValid(), a.sharesInvalid(), null)
          .confirmedBalance(a.balance())
          .pendingBalance(a.immature())
          .estimatedEarnings24h(a.earnings24h())
          .userHashrate(a.hashrate())
          .userEstimatedTimeToBlockSeconds(MiningMath.timeToBlockSecondsOrNull(difficulty, a.hashrate()));
      headline = a.workersOnline() == null ? "account read" : plural(a.workersOnline(), "worker") + " online";
      if (a.workersOffline() != null && a.workersOffline() > 0) {
        headline += ", " + a.workersOffline() + " offline";
      }
    }
    List<String> parts = new ArrayList<>();
    parts.add(headline);
    parts.addAll(notes);
    return tile.healthStatus(true).healthMessage(String.join("; ", parts)).build();
  }

  /**
   * @param message why the tiles cannot be filled
   * @param at when
   * @return an error-state tile set that still says the pool reports earnings and balances
   */
  static DashboardTileData error(String message, Instant at) {
    return DashboardTileData.error(message, at).toBuilder().supportsEarnings(true).supportsBalance(true).build();
  }

  static PoolStats stats(SolopoolJson.StatsReading s, Coin coin) {
    return new PoolStats(
        coin.symbol(),
        s.poolHashrate(),
        s.networkHashrate(coin),
        s.networkDifficulty(),
        s.height(),
        s.miners(),
        s.workers(),
        s.blocksTotal(),
        s.lastBlockTime(),
        s.feePercent());
  }

  private static String plural(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
