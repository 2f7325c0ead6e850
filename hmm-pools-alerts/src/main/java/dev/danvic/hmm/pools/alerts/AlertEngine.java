package dev.danvic.hmm.pools.alerts;

import dev.danvic.hmm.pools.core.DashboardPoolService;
import dev.danvic.hmm.pools.core.PoolChangeListener;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates {@link AlertRule}s on every tile and health refresh of a {@link DashboardPoolService}
 * and tells its listeners what they said.
 *
 * <pre>{@code
 * AlertEngine engine = AlertEngine.builder().store(myStore).build();
 * engine.putRule(new AlertRule("down", "pool down", RuleKind.POOL_UNHEALTHY, null, null,
 *     Duration.ofMinutes(2), null, null, List.of("phone")));
 * engine.addListener(event -> dispatcher.dispatch(event, engine.rule(event.ruleId()).orElseThrow().channels()));
 * engine.attach(service);
 * }</pre>
 *
 * <p>Each rule keeps one state per pool in the {@link AlertStateStore}; an observation moves it on
 * and yields at most one {@link AlertEvent}: a rule fires once when its condition has held for its
 * duration, reminds at its reminder interval, and resolves once when the condition ends. The state
 * is saved before the listeners hear the event, so an application restarted with the same store
 * never fires a rule again for a condition it has already reported. Evaluation is quick and never
 * does I/O other than the store's; delivery belongs to the listeners (an {@link AlertDispatcher}
 * sends on its own threads).
 */
public final class AlertEngine {
  private static final Logger LOG = LoggerFactory.getLogger(AlertEngine.class);

  private final AlertStateStore store;
  private final Clock clock;
  private final @Nullable Function<String, @Nullable Set<String>> workers;
  private final Map<String, AlertRule> rules = new ConcurrentHashMap<>();
  private final List<Consumer<AlertEvent>> listeners = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();

  private AlertEngine(Builder b) {
    this.store = b.store;
    this.clock = b.clock;
    this.workers = b.workers;
  }

  /** @return a builder with an in-memory store and the system clock */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Adds a rule or replaces the rule of the same id; a replaced rule whose definition changed
   * starts again from a fresh state (its old state described another rule).
   *
   * @param rule the rule
   */
  public void putRule(AlertRule rule) {
    synchronized (lock) {
      AlertRule old = rules.put(rule.id(), rule);
      if (old != null && !old.equals(rule) && !sameMachine(old, rule)) {
        store.deleteRule(rule.id());
      }
    }
  }

  private static boolean sameMachine(AlertRule a, AlertRule b) {
    return a.kind() == b.kind()
        && Objects.equals(a.poolId(), b.poolId())
        && Objects.equals(a.threshold(), b.threshold())
        && a.duration().equals(b.duration())
        && Objects.equals(a.worker(), b.worker());
  }

  /**
   * @param ruleId a rule's id
   * @return whether there was such a rule; its states are forgotten
   */
  public boolean removeRule(String ruleId) {
    synchronized (lock) {
      boolean had = rules.remove(ruleId) != null;
      store.deleteRule(ruleId);
      return had;
    }
  }

  /** @param all the rules to hold instead of the current ones (states of the others are kept) */
  public void setRules(Collection<AlertRule> all) {
    synchronized (lock) {
      rules.clear();
      all.forEach(r -> rules.put(r.id(), r));
    }
  }

  /** @return the rules, in no particular order */
  public List<AlertRule> rules() {
    return List.copyOf(rules.values());
  }

  /**
   * @param ruleId a rule's id
   * @return the rule
   */
  public Optional<AlertRule> rule(String ruleId) {
    return Optional.ofNullable(rules.get(ruleId));
  }

  /**
   * @param listener hears every event, on the thread that evaluated the rule: keep it short
   */
  public void addListener(Consumer<AlertEvent> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Evaluates every rule on every tile and health refresh of the service.
   *
   * @param service the dashboard service
   * @return closing it stops the evaluation
   */
  public PoolChangeListener.Registration attach(DashboardPoolService service) {
    return attach(service, Runnable::run);
  }

  /**
   * Evaluates every rule on every tile and health refresh of the service, on the given executor:
   * an application whose store writes to a database passes its own, so the service's threads
   * never wait for it. What is evaluated is what {@link PoolObservations} hands on: never older
   * than what the rules saw already.
   *
   * @param service the dashboard service
   * @param executor where evaluations run (a single thread keeps them in order)
   * @return closing it stops the evaluation
   */
  public PoolChangeListener.Registration attach(DashboardPoolService service, java.util.concurrent.Executor executor) {
    return PoolObservations.attach(service, executor, this::workersOf, this::evaluate);
  }

  private @Nullable Set<String> workersOf(String poolId) {
    return workers == null ? null : workers.apply(poolId);
  }

  /**
   * Moves every rule watching the pool on by one observation; {@link #attach} calls it, and an
   * application with figures of its own may too.
   *
   * @param poolId the pool the observation is about
   * @param observation what was seen
   * @return the events the rules said, also handed to the listeners
   */
  public List<AlertEvent> evaluate(String poolId, Observation observation) {
    List<AlertEvent> events = new ArrayList<>();
    synchronized (lock) {
      for (AlertRule rule : rules.values()) {
        if (!rule.watches(poolId)) {
          continue;
        }
        RuleState state = store.load(rule.id(), poolId).orElseGet(() -> RuleState.initial(rule.id(), poolId));
        RuleMachine.Step step = RuleMachine.step(rule, state, observation, clock.instant());
        if (!step.state().equals(state)) {
          store.save(step.state());
        }
        if (step.event() != null) {
          events.add(step.event());
        }
      }
      for (AlertEvent e : events) {
        for (Consumer<AlertEvent> l : listeners) {
          try {
            l.accept(e);
          } catch (RuntimeException ex) {
            LOG.warn("an alert listener failed on rule {}; the others still hear it", e.ruleId(), ex);
          }
        }
      }
    }
    return events;
  }

  /** Settings of an {@link AlertEngine}. */
  public static final class Builder {
    private AlertStateStore store = new InMemoryAlertStateStore();
    private Clock clock = Clock.systemUTC();
    private @Nullable Function<String, @Nullable Set<String>> workers;

    private Builder() {}

    /**
     * @param store where rule states are kept; default in memory (a restart forgets them)
     * @return this builder
     */
    public Builder store(AlertStateStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * @param clock the clock for durations and event times; tests inject their own
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * @param workers a pool's id to the names of its workers seen now ({@code null} when unknown),
     *     for {@link RuleKind#WORKER_MISSING}: the tiles count workers but do not name them
     * @return this builder
     */
    public Builder workers(Function<String, @Nullable Set<String>> workers) {
      this.workers = Objects.requireNonNull(workers, "workers");
      return this;
    }

    /** @return the engine */
    public AlertEngine build() {
      return new AlertEngine(this);
    }
  }
}
