package dev.danvic.hmm.pools.alerts;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link RetryScheduler} that runs nothing by itself: the test runs each task when it chooses
 * and reads back the delays asked for, so backoff is checked without waiting for it.
 */
final class ManualScheduler implements RetryScheduler {
  final List<Duration> delays = new CopyOnWriteArrayList<>();
  private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();

  @Override
  public void schedule(Duration delay, Runnable task) {
    delays.add(delay);
    tasks.add(task);
  }

  /** Runs the next task, waiting (for a receiver's answer, not for the delay) until there is one. */
  void runNext() throws InterruptedException {
    Runnable task = tasks.poll(10, TimeUnit.SECONDS);
    if (task == null) {
      throw new AssertionError("no task was scheduled");
    }
    task.run();
  }

  boolean idle() {
    return tasks.isEmpty();
  }
}
