package dev.danvic.hmm.pools.alerts;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task after a delay: how an {@link AlertDispatcher} spaces its attempts. Tests inject one
 * that runs tasks when they advance their own time, so backoff is proven without sleeping.
 */
@FunctionalInterface
public interface RetryScheduler {

  /**
   * @param delay how long to wait first; zero runs it as soon as possible, never on the caller's
   *     thread
   * @param task what to run
   */
  void schedule(Duration delay, Runnable task);

  /**
   * @param executor the executor that waits and runs
   * @return a scheduler on it
   */
  static RetryScheduler of(ScheduledExecutorService executor) {
    return (delay, task) -> executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
  }
}
