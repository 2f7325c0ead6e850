package dev.danvic.hmm.pools.alerts;

import java.time.Instant;

/**
 * "Move rig X from pool A to pool B": what a {@link FailoverPolicy} decided, and why.
 *
 * @param groupId the group's id
 * @param miner the rig
 * @param fromPoolId the pool it should leave
 * @param toPoolId the pool it should use
 * @param backToPrimary whether this moves it back to a pool before the one it leaves
 * @param reason why, for a person
 * @param time when the policy decided
 */
public record FailoverAdvice(
    String groupId, String miner, String fromPoolId, String toPoolId, boolean backToPrimary, String reason, Instant time) {

  /** @return e.g. "move bitaxe-1 from a to b: a unhealthy for 5 min" */
  public String text() {
    return (backToPrimary ? "move " + miner + " back from " : "move " + miner + " from ")
        + fromPoolId + " to " + toPoolId + ": " + reason;
  }
}
