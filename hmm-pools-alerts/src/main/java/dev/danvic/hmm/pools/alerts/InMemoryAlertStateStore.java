package dev.danvic.hmm.pools.alerts;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An {@link AlertStateStore} in memory: for tests and applications that accept a restart re-firing. */
public final class InMemoryAlertStateStore implements AlertStateStore {
  private final Map<String, RuleState> states = new ConcurrentHashMap<>();

  private static String key(String ruleId, String poolId) {
    return ruleId + '\u0000' + poolId;
  }

  @Override
  public Optional<RuleState> load(String ruleId, String poolId) {
    return Optional.ofNullable(states.get(key(ruleId, poolId)));
  }

  @Override
  public void save(RuleState state) {
    states.put(key(state.ruleId(), state.poolId()), state);
  }

  @Override
  public void deleteRule(String ruleId) {
    states.keySet().removeIf(k -> k.startsWith(ruleId + '\u0000'));
  }
}
