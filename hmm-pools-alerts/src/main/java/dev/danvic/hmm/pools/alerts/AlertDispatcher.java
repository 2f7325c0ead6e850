package dev.danvic.hmm.pools.alerts;

import dev.danvic.hmm.pools.Failures;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers {@link AlertEvent}s to {@link AlertChannel}s on its own scheduler, so the caller (the
 * thread that refreshed a pool's tiles) never waits for a receiver. A failure another attempt may
 * cure (a connection error, 5xx, 429) is retried with exponential backoff: by default 5 attempts,
 * 2 s, 4 s, 8 s, 16 s apart. Every delivery ends in one {@link DeliveryOutcome} for the listeners.
 */
public final class AlertDispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertDispatcher.class);

  private final Map<String, AlertChannel> channels = new ConcurrentHashMap<>();
  private final List<Consumer<DeliveryOutcome>> listeners = new CopyOnWriteArrayList<>();
  private final RetryScheduler scheduler;
  private final java.util.concurrent.@org.jspecify.annotations.Nullable ScheduledExecutorService owned;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;

  private AlertDispatcher(Builder b) {
    if (b.scheduler != null) {
      this.scheduler = b.scheduler;
      this.owned = null;
    } else {
      this.owned =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "hmm-pools-alert-delivery");
                t.setDaemon(true);
                return t;
              });
      this.scheduler = RetryScheduler.of(owned);
    }
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
  }

  /** Stops the dispatcher's own scheduler (not an injected one); pending retries are dropped. */
  @Override
  public void close() {
    if (owned != null) {
      owned.shutdownNow();
    }
  }

  /** @return a builder with the defaults */
  public static Builder builder() {
    return new Builder();
  }

  /** @param channel a channel to add, replacing the one of the same id */
  public void putChannel(AlertChannel channel) {
    channels.put(channel.id(), channel);
  }

  /**
   * @param channelId a channel's id
   * @return whether there was one
   */
  public boolean removeChannel(String channelId) {
    return channels.remove(channelId) != null;
  }

  /** @return the channels */
  public Collection<AlertChannel> channels() {
    return List.copyOf(channels.values());
  }

  /** @param listener hears how every delivery ended, on the dispatcher's threads */
  public void addListener(Consumer<DeliveryOutcome> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Sends the event to each channel; returns at once.
   *
   * @param event the event
   * @param channelIds the channels' ids; an unknown id ends in a failed outcome
   */
  public void dispatch(AlertEvent event, Collection<String> channelIds) {
    for (String channelId : channelIds) {
      attempt(channelId, event, 1, Duration.ZERO);
    }
  }

  /**
   * @param attempt the attempt that just failed, from 1
   * @return the wait before the next one
   */
  Duration backoff(int attempt) {
    Duration d = initialBackoff.multipliedBy(1L << Math.min(attempt - 1, 20));
    return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
  }

  private void attempt(String channelId, AlertEvent event, int attempt, Duration delay) {
    try {
      scheduler.schedule(delay, () -> run(channelId, event, attempt));
    } catch (RejectedExecutionException e) {
      report(new DeliveryOutcome(channelId, event, attempt - 1, false, "the dispatcher is shut down"));
    }
  }

  private void run(String channelId, AlertEvent event, int attempt) {
    AlertChannel channel = channels.get(channelId);
    if (channel == null) {
      report(new DeliveryOutcome(channelId, event, attempt - 1, false, "no channel '" + channelId + "'"));
      return;
    }
    java.util.concurrent.CompletableFuture<Void> sent;
    try {
      sent = channel.send(event);
    } catch (RuntimeException e) {
      sent = java.util.concurrent.CompletableFuture.failedFuture(e);
    }
    sent.whenComplete(
        (ok, t) -> {
          if (t == null) {
            report(new DeliveryOutcome(channelId, event, attempt, true, null));
            return;
          }
          Throwable cause = Failures.unwrap(t);
          boolean retry = cause instanceof DeliveryException d && d.retryable();
          String why = cause instanceof DeliveryException ? cause.getMessage() : channel + ": " + cause.getClass().getSimpleName();
          if (retry && attempt < maxAttempts) {
            Duration wait = backoff(attempt);
            LOG.info("{}; attempt {} of {} again in {} s", why, attempt + 1, maxAttempts, wait.toSeconds());
            attempt(channelId, event, attempt + 1, wait);
          } else {
            report(new DeliveryOutcome(channelId, event, attempt, false, why));
          }
        });
  }

  private void report(DeliveryOutcome outcome) {
    if (!outcome.delivered()) {
      LOG.warn("alert of rule {} not delivered to channel {} after {} attempts: {}",
          outcome.event().ruleId(), outcome.channelId(), outcome.attempts(), outcome.error());
    }
    for (Consumer<DeliveryOutcome> l : listeners) {
      try {
        l.accept(outcome);
      } catch (RuntimeException e) {
        LOG.warn("a delivery listener failed", e);
      }
    }
  }

  /** Settings of an {@link AlertDispatcher}. */
  public static final class Builder {
    private @org.jspecify.annotations.Nullable RetryScheduler scheduler;
    private int maxAttempts = 5;
    private Duration initialBackoff = Duration.ofSeconds(2);
    private Duration maxBackoff = Duration.ofMinutes(5);

    private Builder() {}

    /**
     * @param scheduler runs attempts and waits between them; default a daemon thread of its own
     * @return this builder
     */
    public Builder scheduler(RetryScheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * @param attempts attempts per channel and event, 1 to 20; default 5
     * @return this builder
     */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1 || attempts > 20) {
        throw new IllegalArgumentException("maxAttempts must be 1 to 20");
      }
      this.maxAttempts = attempts;
      return this;
    }

    /**
     * @param first the wait after the first failure, doubled after each next one; default 2 s
     * @param max the longest wait; default 5 min
     * @return this builder
     */
    public Builder backoff(Duration first, Duration max) {
      if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
        throw new IllegalArgumentException("backoff must be positive, its maximum not below its first wait");
      }
      this.initialBackoff = first;
      this.maxBackoff = max;
      return this;
    }

    /** @return the dispatcher */
    public AlertDispatcher build() {
      return new AlertDispatcher(this);
    }
  }
}
