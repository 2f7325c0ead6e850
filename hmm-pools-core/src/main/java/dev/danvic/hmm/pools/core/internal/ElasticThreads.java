package dev.danvic.hmm.pools.core.internal;

import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A thread pool that reuses an idle thread when there is one, starts a new one only when none is
 * idle, and never has more than its maximum: past it, tasks wait in a queue. (A plain
 * {@link ThreadPoolExecutor} offers one of the two: with a hand-off queue it reuses threads but is
 * unbounded; with core threads and a queue it is bounded but starts a thread for every task until
 * it reaches the maximum.) Idle threads end after 60 s. Not API.
 */
public final class ElasticThreads {
  private ElasticThreads() {}

  /**
   * @param max the most threads at once, 1 or more
   * @param threads names and makes the threads
   * @return the pool; {@code shutdown} it when done
   */
  public static ThreadPoolExecutor create(int max, ThreadFactory threads) {
    HandOffFirst queue = new HandOffFirst();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            0,
            max,
            60,
            TimeUnit.SECONDS,
            queue,
            threads,
            (task, executor) -> {
              // at the maximum (a race with the size check below): the task waits its turn
              if (executor.isShutdown()) {
                throw new RejectedExecutionException("the thread pool is shut down");
              }
              queue.enqueue(task);
            });
    queue.pool = pool;
    return pool;
  }

  /**
   * Offers a task to an idle thread first; when none waits and the pool is below its maximum,
   * refuses it, so that the pool starts a thread; at the maximum, keeps it for the next free one.
   */
  private static final class HandOffFirst extends LinkedTransferQueue<Runnable> {
    private static final long serialVersionUID = 1L;
    private transient volatile ThreadPoolExecutor pool;

    @Override
    public boolean offer(Runnable task) {
      if (tryTransfer(task)) {
        return true;
      }
      ThreadPoolExecutor p = pool;
      if (p != null && p.getPoolSize() < p.getMaximumPoolSize()) {
        return false; // the executor adds a thread for it
      }
      return super.offer(task);
    }

    void enqueue(Runnable task) {
      super.offer(task);
    }
  }
}
