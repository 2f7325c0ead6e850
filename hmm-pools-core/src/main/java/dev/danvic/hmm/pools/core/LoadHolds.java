package dev.danvic.hmm.pools.core;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.danvic.hmm.pools.core.internal.RateLimitHolds;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requests of one tile load that the transport holds back for their rate-limit slot, each with
 * the time it will start, on the service's ticker. A read that waits for the load asks {@link
 * #heldPast} whether the load can still answer within its budget, and is told of every change.
 */
final class LoadHolds implements RateLimitHolds {
  private static final Logger LOG = LoggerFactory.getLogger(LoadHolds.class);

  private final Ticker ticker;
  /** Held requests and when each starts, ticker nanoseconds. */
  private final Map<Object, Long> starts = new ConcurrentHashMap<>();
  private final List<Runnable> watchers = new CopyOnWriteArrayList<>();

  LoadHolds(Ticker ticker) {
    this.ticker = ticker;
  }

  @Override
  public void held(Object request, Duration wait) {
    starts.put(request, ticker.read() + wait.toNanos());
    changed();
  }

  @Override
  public void released(Object request) {
    if (starts.remove(request) != null) {
      changed();
    }
  }

  /**
   * @param end a reading of the service's ticker
   * @return the start of a held request that starts after {@code end}, the latest of them; empty
   *     when none does (the load may still answer by then)
   */
  OptionalLong heldPast(long end) {
    long latest = end;
    boolean past = false;
    for (long start : starts.values()) {
      if (start - latest > 0) {
        latest = start;
        past = true;
      }
    }
    return past ? OptionalLong.of(latest) : OptionalLong.empty();
  }

  /**
   * @param watcher called after each change (on the transport's thread)
   * @return what stops the calls
   */
  Runnable watch(Runnable watcher) {
    watchers.add(watcher);
    return () -> watchers.remove(watcher);
  }

  /** @return the watchers still called (for tests) */
  int watchers() {
    return watchers.size();
  }

  private void changed() {
    for (Runnable w : watchers) {
      try {
        w.run();
      } catch (RuntimeException e) {
        LOG.warn("a read waiting for a pool failed to re-evaluate; it ends at its budget", e);
      }
    }
  }
}
