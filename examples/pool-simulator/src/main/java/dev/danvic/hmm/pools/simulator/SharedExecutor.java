package dev.danvic.hmm.pools.simulator;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The one executor every running simulator in the JVM shares: it runs the HTTP handlers and holds
 * back delayed answers. A delayed answer waits in its queue, not on a thread, so 1000 simulators
 * answering after 200 ms each need no more threads than 2. It starts with the first simulator and
 * stops when the last one closes.
 */
final class SharedExecutor {
  private static final Object LOCK = new Object();
  private static @Nullable ScheduledThreadPoolExecutor executor;
  private static int users;

  private SharedExecutor() {}

  /** Takes a reference to the shared executor, starting it if needed. */
  static ScheduledExecutorService acquire() {
    synchronized (LOCK) {
      ScheduledThreadPoolExecutor current = executor;
      if (current == null) {
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        current = new ScheduledThreadPoolExecutor(threads, daemonThreads());
        current.setRemoveOnCancelPolicy(true);
        executor = current;
      }
      users++;
      return current;
    }
  }

  /** Gives a reference back; the last one stops the executor and drops answers still waiting. */
  static void release() {
    synchronized (LOCK) {
      users--;
      ScheduledThreadPoolExecutor current = executor;
      if (users == 0 && current != null) {
        current.shutdownNow();
        executor = null;
      }
    }
  }

  /** How many simulators hold the executor now (for tests). */
  static int users() {
    synchronized (LOCK) {
      return users;
    }
  }

  /** The most threads the running executor ever had, 0 when none runs (for tests). */
  static int threads() {
    synchronized (LOCK) {
      ScheduledThreadPoolExecutor current = executor;
      return current == null ? 0 : current.getLargestPoolSize();
    }
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "pool-simulator-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
