package dev.danvic.hmm.pools.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ElasticThreadsTest {

  @Test
  void neverMoreThreadsThanTheMaximumAndEveryTaskRuns() throws Exception {
    ThreadPoolExecutor pool = ElasticThreads.create(8, new TransportThreads("elastic-test"));
    try {
      CountDownLatch release = new CountDownLatch(1);
      CountDownLatch done = new CountDownLatch(50);
      AtomicInteger running = new AtomicInteger();
      AtomicInteger most = new AtomicInteger();
      for (int i = 0; i < 50; i++) {
        pool.execute(
            () -> {
              most.accumulateAndGet(running.incrementAndGet(), Math::max);
              try {
                release.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              running.decrementAndGet();
              done.countDown();
            });
      }
      assertThat(pool.getPoolSize()).isEqualTo(8);
      assertThat(pool.getQueue()).hasSize(42);
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (running.get() < 8 && System.nanoTime() < end) {
        Thread.onSpinWait(); // the threads are started; wait until each runs its task
      }
      assertThat(running.get()).as("tasks running at once").isEqualTo(8);
      release.countDown();
      assertThat(done.await(10, TimeUnit.SECONDS)).as("every task ran").isTrue();
      assertThat(most.get()).isEqualTo(8);
      assertThat(pool.getLargestPoolSize()).isEqualTo(8);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anIdleThreadIsReusedRatherThanANewOneStarted() throws Exception {
    ThreadPoolExecutor pool = ElasticThreads.create(100, new TransportThreads("elastic-test"));
    try {
      Set<Thread> used = ConcurrentHashMap.newKeySet();
      for (int i = 0; i < 20; i++) {
        CountDownLatch ran = new CountDownLatch(1);
        pool.execute(() -> {
          used.add(Thread.currentThread());
          ran.countDown();
        });
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        // the worker goes back to waiting for work: wait until it does
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (used.stream().anyMatch(t -> t.getState() != Thread.State.TIMED_WAITING) && System.nanoTime() < end) {
          Thread.onSpinWait();
        }
      }
      assertThat(pool.getLargestPoolSize()).as("threads started for 20 tasks one after the other").isEqualTo(1);
      assertThat(used).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }
}
