package dev.danvic.hmm.pools.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A clock, a monotonic ticker and a scheduler that move together, only when a test says so: {@link
 * #advance} moves them and runs, on the test's thread, every task that falls due, in order. Hand
 * all three to a real {@code HttpPoolTransport} ({@code clock}, {@code ticker}, {@code scheduler})
 * to check a plugin's request spacing, refresh intervals, backoffs and {@code Retry-After} waits
 * exactly, without sleeping:
 *
 * <pre>{@code
 * ManualTime time = ManualTime.startingAt(Instant.parse("2026-02-05T12:00:00Z"));
 * HttpPoolTransport transport = HttpPoolTransport.builder()
 *     .clock(time.clock()).ticker(time.ticker()).scheduler(time.scheduler()).build();
 * }</pre>
 *
 * <p>Thread-safe; the scheduler runs {@code execute} at once on the caller's thread and never
 * repeats tasks ({@code scheduleAtFixedRate} is not supported).
 */
public final class ManualTime {
  private Instant now; // guarded by this
  private final List<Task> tasks = new ArrayList<>(); // guarded by this
  private long sequence; // guarded by this

  private final Clock clock =
      new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
          synchronized (ManualTime.this) {
            return now;
          }
        }
      };

  private final ScheduledExecutorService scheduler = new Scheduler();

  private final Instant start;

  private ManualTime(Instant start) {
    this.start = start;
    this.now = start;
  }

  /**
   * @param start where the clock starts
   * @return a manual time standing at {@code start}
   */
  public static ManualTime startingAt(Instant start) {
    return new ManualTime(start);
  }

  /** @return the clock, which moves only with {@link #advance} */
  public Clock clock() {
    return clock;
  }

  /** @return a monotonic ticker that moves with the clock: nanoseconds since the start */
  public com.github.benmanes.caffeine.cache.Ticker ticker() {
    return () -> {
      synchronized (ManualTime.this) {
        return Duration.between(start, now).toNanos();
      }
    };
  }

  /** @return a scheduler whose tasks run when {@link #advance} reaches them */
  public ScheduledExecutorService scheduler() {
    return scheduler;
  }

  /**
   * Moves the clock forward, running every task due by the new time, earliest first.
   *
   * @param d how far, not negative
   */
  public void advance(Duration d) {
    Instant target;
    synchronized (this) {
      target = now.plus(d);
    }
    while (true) {
      Task next;
      synchronized (this) {
        next =
            tasks.stream()
                .filter(t -> !t.due.isAfter(target))
                .min(Comparator.comparing((Task t) -> t.due).thenComparingLong(t -> t.seq))
                .orElse(null);
        if (next == null) {
          now = target;
          return;
        }
        tasks.remove(next);
        if (next.due.isAfter(now)) {
          now = next.due;
        }
      }
      next.run(); // may schedule more tasks; the loop picks up those due by the target
    }
  }

  /** @return the time left until each pending task, soonest first */
  public synchronized List<Duration> pendingDelays() {
    return tasks.stream().map(t -> Duration.between(now, t.due)).sorted().toList();
  }

  /**
   * Waits (up to {@code timeout} of real time) until some thread has scheduled a task due exactly
   * {@code delay} from now.
   *
   * @param delay the delay looked for
   * @param timeout how long to wait at most, real time
   * @return whether such a task is pending
   * @throws InterruptedException when interrupted while waiting
   */
  public synchronized boolean awaitPending(Duration delay, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (tasks.stream().noneMatch(t -> Duration.between(now, t.due).equals(delay))) {
      long leftMs = (end - System.nanoTime()) / 1_000_000;
      if (leftMs <= 0) {
        return false;
      }
      wait(leftMs);
    }
    return true;
  }

  private final class Task extends FutureTask<Object> implements ScheduledFuture<Object> {
    final Instant due;
    final long seq;

    Task(Callable<Object> c, Instant due, long seq) {
      super(c);
      this.due = due;
      this.seq = seq;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(Duration.between(clock.instant(), due));
    }

    @Override
    public int compareTo(Delayed o) {
      return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public boolean cancel(boolean mayInterrupt) {
      synchronized (ManualTime.this) {
        tasks.remove(this);
      }
      return super.cancel(mayInterrupt);
    }
  }

  private final class Scheduler extends AbstractExecutorService implements ScheduledExecutorService {
    private volatile boolean shutdown;

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
      return schedule(Executors.callable(command), delay, unit);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
      synchronized (ManualTime.this) {
        Task t =
            new Task((Callable<Object>) callable, now.plusNanos(unit.toNanos(delay)), sequence++);
        tasks.add(t);
        ManualTime.this.notifyAll();
        return (ScheduledFuture<V>) t;
      }
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(
        Runnable command, long initialDelay, long period, TimeUnit unit) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(
        Runnable command, long initialDelay, long delay, TimeUnit unit) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void execute(Runnable command) {
      command.run();
    }

    @Override
    public void shutdown() {
      shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
      shutdown = true;
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return shutdown;
    }

    @Override
    public boolean isTerminated() {
      return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return shutdown;
    }
  }
}
