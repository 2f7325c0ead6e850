package dev.danvic.hmm.pools.reliability;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One virtual time for a transport's clock and scheduler and a cache's ticker. It moves only in
 * {@link #advance}, which runs every task that falls due, in order, on the caller's thread, with the
 * clock standing exactly at each task's due time. So a 5 s rate-limit wait takes no real time and
 * a request sent by a due task is stamped with exactly its slot.
 */
final class VirtualTime {
  private final Instant start;
  private long nanos; // guarded by this
  private long sequence; // guarded by this
  private final PriorityQueue<Task> due = new PriorityQueue<>(); // guarded by this

  VirtualTime(Instant start) {
    this.start = start;
  }

  synchronized Instant now() {
    return start.plusNanos(nanos);
  }

  final Clock clock =
      new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now();
        }
      };

  final Ticker ticker =
      () -> {
        synchronized (VirtualTime.this) {
          return nanos;
        }
      };

  final ScheduledExecutorService scheduler = new Scheduler();

  /** Moves time forward by {@code d}, running each task that falls due on this thread. */
  void advance(Duration d) {
    long target;
    synchronized (this) {
      target = nanos + d.toNanos();
    }
    while (true) {
      Task next;
      synchronized (this) {
        next = due.peek();
        if (next == null || next.at > target) {
          nanos = target;
          return;
        }
        due.poll();
        nanos = Math.max(nanos, next.at);
      }
      next.run();
    }
  }

  private final class Task extends FutureTask<Object> implements ScheduledFuture<Object> {
    final long at;
    final long seq;

    Task(Callable<Object> c, long at, long seq) {
      super(c);
      this.at = at;
      this.seq = seq;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      synchronized (VirtualTime.this) {
        return unit.convert(at - nanos, TimeUnit.NANOSECONDS);
      }
    }

    @Override
    public int compareTo(Delayed o) {
      Task t = (Task) o;
      return at != t.at ? Long.compare(at, t.at) : Long.compare(seq, t.seq);
    }

    @Override
    public boolean cancel(boolean interrupt) {
      synchronized (VirtualTime.this) {
        due.remove(this);
      }
      return super.cancel(interrupt);
    }
  }

  /**
   * Every task goes to virtual time (a task for "now" runs at the next {@link #advance}); the
   * executor's own queue and threads are never used, so its life cycle is the JDK's.
   */
  private final class Scheduler extends ScheduledThreadPoolExecutor {
    Scheduler() {
      super(0);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable r, long delay, TimeUnit unit) {
      return schedule(Executors.callable(r), delay, unit);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> ScheduledFuture<V> schedule(Callable<V> c, long delay, TimeUnit unit) {
      synchronized (VirtualTime.this) {
        Task t = new Task((Callable<Object>) c, nanos + Math.max(0, unit.toNanos(delay)), sequence++);
        due.add(t);
        return (ScheduledFuture<V>) t;
      }
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable r, long initial, long period, TimeUnit unit) {
      throw new UnsupportedOperationException("not used by the transport");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable r, long initial, long delay, TimeUnit unit) {
      throw new UnsupportedOperationException("not used by the transport");
    }
  }
}
