package dev.danvic.hmm.pools.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One step of a rule's state machine: a state and an observation in, the next state and at most
 * one event out. Pure, so it is tested without threads or clocks.
 */
final class RuleMachine {
  /** The time over which {@link RuleKind#HASHRATE_DROP} averages the user's hash rate. */
  static final Duration AVERAGE_WINDOW = Duration.ofHours(1);

  private RuleMachine() {}

  /** The next state and the event to deliver, or {@code null} for none. */
  record Step(RuleState state, @Nullable AlertEvent event) {}

  static Step step(AlertRule rule, RuleState s, Observation o, Instant now) {
    if (o.fromHealthCheck() && !s.healthChecked()) {
      s = copy(s, s.firing(), s.conditionSince(), s.lastNotified(), true);
    }
    return switch (rule.kind()) {
      case BLOCK_FOUND -> blockFound(rule, s, o, now);
      case BALANCE_INCREASED -> balance(rule, s, o, now);
      case HASHRATE_DROP -> hashrate(rule, s, o, now);
      default -> condition(rule, s, o, now, holds(rule, s, o));
    };
  }

  /** {@code null} when the observation does not tell. */
  private static @Nullable Boolean holds(AlertRule rule, RuleState s, Observation o) {
    // once health checks arrive, the tiles' copy of health and latency (older, or from a failed
    // tile read) would make the rule flap between the two sources
    boolean healthSource = o.fromHealthCheck() || !s.healthChecked();
    double threshold = rule.threshold() == null ? 0 : rule.threshold();
    return switch (rule.kind()) {
      case POOL_UNHEALTHY -> healthSource && o.healthy() != null ? !o.healthy() : null;
      case LATENCY_ABOVE -> healthSource && o.latencyMs() != null ? o.latencyMs() > threshold : null;
      // the tiles alone: a health check counts workers at another moment (or from another
      // endpoint), and two sources that disagree would fire and resolve the rule in turn
      case WORKERS_BELOW -> o.fromHealthCheck() || o.activeWorkers() == null ? null : o.activeWorkers() < threshold;
      case WORKER_MISSING -> o.workers() == null ? null : !o.workers().contains(rule.worker());
      case REJECT_RATE_ABOVE -> o.rejectRate() == null ? null : o.rejectRate() > threshold;
      default -> null;
    };
  }

  private static Step condition(AlertRule rule, RuleState s, Observation o, Instant now, @Nullable Boolean holds) {
    if (holds == null) {
      return new Step(s, null);
    }
    if (!holds) {
      RuleState next = copy(s, false, null, s.lastNotified(), s.healthChecked());
      return new Step(next, s.firing() ? event(rule, s, AlertEvent.Type.RESOLVED, describe(rule, o, false), now) : null);
    }
    Instant since = s.conditionSince() == null ? now : s.conditionSince();
    if (!s.firing()) {
      if (Duration.between(since, now).compareTo(rule.duration()) >= 0) {
        return new Step(
            copy(s, true, since, now, s.healthChecked()),
            event(rule, s, AlertEvent.Type.FIRED, describe(rule, o, true), now));
      }
      return new Step(copy(s, false, since, s.lastNotified(), s.healthChecked()), null);
    }
    Duration reminder = rule.reminder();
    if (reminder != null
        && s.lastNotified() != null
        && Duration.between(s.lastNotified(), now).compareTo(reminder) >= 0) {
      return new Step(
          copy(s, true, since, now, s.healthChecked()),
          event(rule, s, AlertEvent.Type.REMINDER, describe(rule, o, true), now));
    }
    return new Step(copy(s, true, since, s.lastNotified(), s.healthChecked()), null);
  }

  private static Step hashrate(AlertRule rule, RuleState s, Observation o, Instant now) {
    Double current = o.userHashrate();
    if (current == null || !Double.isFinite(current) || current < 0) {
      return new Step(s, null);
    }
    Double avg = s.averageHashrate();
    boolean holds = avg != null && avg > 0 && current < avg * rule.threshold() / 100.0;
    Step step = condition(rule, s, o, now, holds);
    RuleState n = step.state();
    if (!holds) {
      // the average follows the readings while they are normal and stays put during a drop, so a
      // drop that lasts is not averaged away before it has lasted long enough to fire
      double next;
      if (avg == null || n.averageAt() == null) {
        next = current;
      } else {
        double dt = Math.max(0, Duration.between(n.averageAt(), now).toMillis());
        double weight = 1 - Math.exp(-dt / AVERAGE_WINDOW.toMillis());
        next = avg + weight * (current - avg);
      }
      n = new RuleState(
          n.ruleId(), n.poolId(), n.firing(), n.conditionSince(), n.lastNotified(), n.healthChecked(),
          next, now, n.lastBlockTime(), n.blocks24h(), n.confirmedBalance());
    }
    return new Step(n, step.event());
  }

  private static Step blockFound(AlertRule rule, RuleState s, Observation o, Instant now) {
    Instant seenTime = s.lastBlockTime();
    Integer seenCount = s.blocks24h();
    boolean known = seenTime != null || seenCount != null;
    boolean found = false;
    String message = "pool " + s.poolId() + " found a block";
    if (o.lastBlockTime() != null) {
      // the block time, where the pool gives one, decides: the 24 h count may rise a refresh later
      found = seenTime != null && o.lastBlockTime().isAfter(seenTime);
      if (found) {
        message += " at " + o.lastBlockTime();
      }
    } else if (o.blocksFound24h() != null) {
      found = seenCount != null && o.blocksFound24h() > seenCount;
    }
    if (found && o.blocksFound24h() != null) {
      message += " (" + o.blocksFound24h() + " in 24 h)";
    }
    Instant time = o.lastBlockTime() != null && (seenTime == null || o.lastBlockTime().isAfter(seenTime)) ? o.lastBlockTime() : seenTime;
    Integer count = o.blocksFound24h() != null ? o.blocksFound24h() : seenCount;
    if (Objects.equals(time, seenTime) && Objects.equals(count, seenCount)) {
      return new Step(s, null);
    }
    RuleState n = new RuleState(
        s.ruleId(), s.poolId(), false, null, found ? now : s.lastNotified(), s.healthChecked(),
        s.averageHashrate(), s.averageAt(), time, count, s.confirmedBalance());
    return new Step(n, found && known ? event(rule, s, AlertEvent.Type.FIRED, message, now) : null);
  }

  private static Step balance(AlertRule rule, RuleState s, Observation o, Instant now) {
    if (o.confirmedBalance() == null) {
      return new Step(s, null);
    }
    boolean rose = s.confirmedBalance() != null && o.confirmedBalance().compareTo(s.confirmedBalance()) > 0;
    if (s.confirmedBalance() != null && o.confirmedBalance().compareTo(s.confirmedBalance()) == 0) {
      return new Step(s, null);
    }
    RuleState n = new RuleState(
        s.ruleId(), s.poolId(), false, null, rose ? now : s.lastNotified(), s.healthChecked(),
        s.averageHashrate(), s.averageAt(), s.lastBlockTime(), s.blocks24h(), o.confirmedBalance());
    String message = "confirmed balance of pool " + s.poolId() + " rose from "
        + (s.confirmedBalance() == null ? "" : s.confirmedBalance().toPlainString()) + " to "
        + o.confirmedBalance().toPlainString();
    return new Step(n, rose ? event(rule, s, AlertEvent.Type.FIRED, message, now) : null);
  }

  private static String describe(AlertRule rule, Observation o, boolean holds) {
    String f = rule.threshold() == null ? "" : String.format(Locale.ROOT, "%.6g", rule.threshold()).replaceAll("\\.?0+$", "");
    return switch (rule.kind()) {
      case POOL_UNHEALTHY -> holds ? "pool unhealthy" + (o.healthMessage() == null ? "" : ": " + o.healthMessage()) : "pool healthy again";
      case LATENCY_ABOVE -> "latency " + Math.round(o.latencyMs() == null ? 0 : o.latencyMs()) + " ms" + (holds ? " > " : " <= ") + f + " ms";
      case WORKERS_BELOW -> "active workers " + o.activeWorkers() + (holds ? " < " : " >= ") + f;
      case WORKER_MISSING -> "worker " + rule.worker() + (holds ? " not seen" : " seen again");
      case REJECT_RATE_ABOVE -> String.format(Locale.ROOT, "reject rate %.2f %%", o.rejectRate()) + (holds ? " > " : " <= ") + f + " %";
      case HASHRATE_DROP -> holds ? "hash rate below " + f + " % of its recent average" : "hash rate back to normal";
      default -> rule.kind().jsonName();
    };
  }

  private static AlertEvent event(AlertRule rule, RuleState s, AlertEvent.Type type, String message, Instant now) {
    return new AlertEvent(rule.id(), rule.name(), rule.kind(), s.poolId(), type, message, now);
  }

  private static RuleState copy(
      RuleState s, boolean firing, @Nullable Instant since, @Nullable Instant notified, boolean healthChecked) {
    return new RuleState(
        s.ruleId(), s.poolId(), firing, since, notified, healthChecked, s.averageHashrate(), s.averageAt(),
        s.lastBlockTime(), s.blocks24h(), s.confirmedBalance());
  }
}
