package dev.danvic.hmm.pools.braiins;

import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.FoundBlocks;
import dev.danvic.hmm.pools.braiins.BraiinsJson.PoolWide;
import dev.danvic.hmm.pools.braiins.BraiinsJson.Profile;
import dev.danvic.hmm.pools.braiins.BraiinsJson.WorkerStates;
import dev.danvic.hmm.pools.braiins.BraiinsJson.Workers;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Turns Braiins' readings into the four tiles. Pure functions. */
final class BraiinsTiles {
  private BraiinsTiles() {}

  /**
   * @param profile {@code /accounts/profile/json/btc/}
   * @param latencyMs the profile's round trip when it came from a single try, ms, else {@code null}
   * @param stats {@code /stats/json/btc/}, or {@code null} when it did not arrive
   * @param workers {@code /accounts/workers/json/btc/}, or {@code null}
   * @param rewardToday today's reward from {@code /accounts/rewards/json/btc/}, BTC, or {@code null}
   * @param missing the answers that did not arrive, each with a short reason
   * @param now when the figures were read
   */
  static DashboardTileData tiles(
      Profile profile,
      @Nullable Double latencyMs,
      @Nullable PoolWide stats,
      @Nullable Workers workers,
      @Nullable BigDecimal rewardToday,
      List<String> missing,
      Instant now) {
    WorkerStates states = workers != null ? workers.states() : profile.states();
    Long shares24h = profile.shares24h() != null ? profile.shares24h() : workers == null ? null : workers.shares24h();
    BigDecimal earnings = profile.todayReward() != null ? profile.todayReward() : rewardToday;
    List<dev.danvic.hmm.pools.PoolBlock> blocks = stats == null ? null : stats.blocks();

    return DashboardTileData.builder(now)
        .healthStatus(true)
        .healthMessage(healthMessage(states, missing))
        .latencyMs(latencyMs)
        .activeWorkers(states.active())
        .poolHashrate(stats == null ? null : stats.hashrate5m())
        .shares(shares24h, null, null)
        .blocksFound24h(blocks == null ? null : FoundBlocks.countLast24h(blocks, now))
        .lastBlockTime(blocks == null ? null : FoundBlocks.lastFound(blocks))
        .estimatedEarnings24h(earnings)
        .currency(BraiinsIntegration.CURRENCY)
        .confirmedBalance(profile.confirmedBalance())
        .pendingBalance(profile.pendingBalance())
        .userHashrate(profile.hashrate())
        .supportsEarnings(true)
        .supportsBalance(true)
        .build();
  }

  /**
   * @param message why the tiles cannot be filled
   * @param at when
   * @return an error-state tile set that still says Braiins reports earnings and balances
   */
  static DashboardTileData error(String message, Instant at) {
    return DashboardTileData.error(message, at).toBuilder().supportsEarnings(true).supportsBalance(true).build();
  }

  private static String healthMessage(WorkerStates states, List<String> missing) {
    StringBuilder sb = new StringBuilder();
    Integer active = states.active();
    if (active == null) {
      sb.append("account read");
    } else {
      sb.append(active).append(active == 1 ? " worker active" : " workers active");
      if (states.low() != null && states.low() > 0) {
        sb.append(" (").append(states.low()).append(" low)");
      }
      if (states.off() != null && states.off() > 0) {
        sb.append(", ").append(states.off()).append(" off");
      }
      if (states.dis() != null && states.dis() > 0) {
        sb.append(", ").append(states.dis()).append(" disabled");
      }
    }
    if (!missing.isEmpty()) {
      sb.append("; not loaded: ").append(String.join(", ", missing));
    }
    return sb.toString();
  }
}
