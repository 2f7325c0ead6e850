package dev.danvic.hmm.pools.core;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;

/**
 * An executor whose tasks run only when the test calls {@link #runAll()}, on the test's thread:
 * background work (loads, refreshes, announcements) happens at points the test chooses.
 */
final class ManualExecutor implements Executor {
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

  @Override
  public void execute(Runnable task) {
    tasks.add(task);
  }

  /** Runs every queued task, including tasks they queue. */
  void runAll() {
    Runnable task;
    while ((task = tasks.poll()) != null) {
      task.run();
    }
  }
}
