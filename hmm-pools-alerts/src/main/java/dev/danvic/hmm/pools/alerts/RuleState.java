package dev.danvic.hmm.pools.alerts;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The persisted state of one rule on one pool: what an {@link AlertStateStore} saves so that a
 * restarted application neither fires a firing rule again nor forgets a block it has seen.
 *
 * @param ruleId the rule's id
 * @param poolId the pool's id
 * @param firing whether the rule has fired and not yet resolved
 * @param conditionSince when the condition began to hold, or {@code null} while it does not
 * @param lastNotified when the rule last fired or reminded, or {@code null}
 * @param healthChecked whether a health check has been seen for the pool (from then on, health and
 *     latency rules follow health checks only, not the tiles' copy of the health)
 * @param averageHashrate the user's recent average hash rate, H/s, or {@code null} before the first
 *     reading ({@link RuleKind#HASHRATE_DROP})
 * @param averageAt when the average was last updated, or {@code null}
 * @param lastBlockTime the newest block time seen, or {@code null} ({@link RuleKind#BLOCK_FOUND})
 * @param blocks24h the last 24 h block count seen, or {@code null}
 * @param confirmedBalance the last confirmed balance seen, or {@code null}
 *     ({@link RuleKind#BALANCE_INCREASED})
 */
public record RuleState(
    String ruleId,
    String poolId,
    boolean firing,
    @Nullable Instant conditionSince,
    @Nullable Instant lastNotified,
    boolean healthChecked,
    @Nullable Double averageHashrate,
    @Nullable Instant averageAt,
    @Nullable Instant lastBlockTime,
    @Nullable Integer blocks24h,
    @Nullable BigDecimal confirmedBalance) {

  /** Requires the ids. */
  public RuleState {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(poolId, "poolId");
  }

  /**
   * @param ruleId the rule's id
   * @param poolId the pool's id
   * @return the state of a rule that has seen nothing yet
   */
  public static RuleState initial(String ruleId, String poolId) {
    return new RuleState(ruleId, poolId, false, null, null, false, null, null, null, null, null);
  }
}
