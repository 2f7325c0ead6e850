package dev.danvic.hmm.pools.alerts;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What a rule said: it fired, it is still firing (a reminder), or it resolved.
 *
 * @param ruleId the rule's id
 * @param ruleName the rule's name
 * @param kind the rule's kind
 * @param poolId the pool the event is about
 * @param type fired, reminder or resolved
 * @param message what happened, for a person, e.g. "pool 'a' unhealthy for 5 min: HTTP 503"
 * @param time when the rule saw it, from the engine's clock
 */
public record AlertEvent(
    String ruleId, String ruleName, RuleKind kind, String poolId, Type type, String message, Instant time) {

  /** Requires every component. */
  public AlertEvent {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(ruleName, "ruleName");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(poolId, "poolId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(time, "time");
  }

  /** What a rule said. */
  public enum Type {
    /** The condition began (or the event happened). */
    FIRED,
    /** The condition still holds after the rule's reminder interval. */
    REMINDER,
    /** The condition stopped holding. */
    RESOLVED;

    /** @return the type's name in JSON, lower case */
    public String jsonName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * @return the event as JSON fields in snake case ({@code rule_id}, {@code rule_name},
   *     {@code kind}, {@code pool_id}, {@code type}, {@code message}, {@code time}), the body of a
   *     webhook delivery
   */
  public Map<String, Object> asJsonMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rule_id", ruleId);
    m.put("rule_name", ruleName);
    m.put("kind", kind.jsonName());
    m.put("pool_id", poolId);
    m.put("type", type.jsonName());
    m.put("message", message);
    m.put("time", time.toString());
    return m;
  }

  /** @return a one-line text for chat channels, e.g. "FIRED pool down (pool a): ..." */
  public String text() {
    return type.name() + " " + ruleName + " (pool " + poolId + "): " + message;
  }
}
