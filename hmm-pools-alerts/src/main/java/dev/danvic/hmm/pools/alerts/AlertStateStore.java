package dev.danvic.hmm.pools.alerts;

import java.util.Optional;

/**
 * Where an {@link AlertEngine} keeps its rules' states; the application provides it (the reference
 * server keeps them in its database). Calls come from the engine one at a time.
 */
public interface AlertStateStore {

  /**
   * @param ruleId a rule's id
   * @param poolId a pool's id
   * @return the saved state, or empty when the rule has none for that pool
   */
  Optional<RuleState> load(String ruleId, String poolId);

  /** @param state the state to keep, replacing the one of the same rule and pool */
  void save(RuleState state);

  /** @param ruleId a deleted or changed rule whose states are to be forgotten */
  void deleteRule(String ruleId);
}
