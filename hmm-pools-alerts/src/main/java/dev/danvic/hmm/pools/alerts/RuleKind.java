package dev.danvic.hmm.pools.alerts;

import java.util.Locale;

/**
 * What an {@link AlertRule} watches. A <em>condition</em> kind fires when its condition has held
 * for the rule's duration and resolves when it stops holding; an <em>event</em> kind
 * ({@link #BLOCK_FOUND}, {@link #BALANCE_INCREASED}) fires once per occurrence and never resolves.
 */
public enum RuleKind {
  /** The pool is unhealthy (its health check or its tiles failed). No threshold. */
  POOL_UNHEALTHY(false, false),
  /** Fewer active workers than the threshold (a count). */
  WORKERS_BELOW(true, false),
  /** The rule's named worker is not among the pool's workers. No threshold. */
  WORKER_MISSING(false, false),
  /** The user's hash rate is below the threshold, in percent of its own recent average. */
  HASHRATE_DROP(true, false),
  /** The reject rate is above the threshold, in percent. */
  REJECT_RATE_ABOVE(true, false),
  /** The pool's latency is above the threshold, in milliseconds. */
  LATENCY_ABOVE(true, false),
  /** The pool found a new block (its last block time moved on, or its 24 h count rose). */
  BLOCK_FOUND(false, true),
  /** The confirmed balance rose. */
  BALANCE_INCREASED(false, true);

  private final boolean needsThreshold;
  private final boolean event;

  RuleKind(boolean needsThreshold, boolean event) {
    this.needsThreshold = needsThreshold;
    this.event = event;
  }

  /** @return whether a rule of this kind needs a threshold */
  public boolean needsThreshold() {
    return needsThreshold;
  }

  /** @return whether this kind fires once per occurrence and never resolves */
  public boolean isEvent() {
    return event;
  }

  /** @return the kind's name in JSON: lower case, e.g. {@code pool_unhealthy} */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @param name a kind's JSON name or constant name, any case
   * @return the kind
   * @throws IllegalArgumentException naming the known kinds when there is none of that name
   */
  public static RuleKind parse(String name) {
    for (RuleKind k : values()) {
      if (k.name().equalsIgnoreCase(name.trim())) {
        return k;
      }
    }
    StringBuilder known = new StringBuilder();
    for (RuleKind k : values()) {
      known.append(known.length() == 0 ? "" : ", ").append(k.jsonName());
    }
    throw new IllegalArgumentException("kind must be one of " + known + ", was '" + name + "'");
  }
}
