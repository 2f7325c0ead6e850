package dev.danvic.hmm.pools.core;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.danvic.hmm.pools.core.internal.KeyedRateLimiter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * A {@link TileStore} in memory, shared by the services of one test as a shared store is by
 * processes: values expire on a ticker, a load runs once while others wait for it, spacing reserves
 * slots on the ticker. It records every key and value it was given, and can be made to fail.
 */
final class MemoryTileStore implements TileStore {
  private final Ticker ticker;
  private final Map<String, CompletableFuture<String>> loading = new ConcurrentHashMap<>();
  private final Map<String, String> values = new ConcurrentHashMap<>();
  private final Map<String, Long> expires = new ConcurrentHashMap<>();
  private final KeyedRateLimiter limiter = new KeyedRateLimiter();
  final List<String> seen = new CopyOnWriteArrayList<>();
  /** The lease each key was last loaded under. */
  final Map<String, Duration> leases = new ConcurrentHashMap<>();
  volatile boolean down;

  MemoryTileStore(Ticker ticker) {
    this.ticker = ticker;
  }

  @Override
  public CompletableFuture<String> load(String key, Duration lease, Supplier<CompletableFuture<Loaded>> load) {
    seen.add(key);
    leases.put(key, lease);
    if (down) {
      return CompletableFuture.failedFuture(new IllegalStateException("store unreachable"));
    }
    synchronized (this) {
      Long until = expires.get(key);
      if (until != null && until - ticker.read() > 0) {
        return CompletableFuture.completedFuture(values.get(key));
      }
      CompletableFuture<String> running = loading.get(key);
      if (running != null) {
        return running;
      }
      CompletableFuture<String> mine = new CompletableFuture<>();
      loading.put(key, mine);
      load.get()
          .whenComplete(
              (loaded, t) -> {
                synchronized (this) {
                  loading.remove(key);
                  if (t == null) {
                    seen.add(loaded.value());
                    values.put(key, loaded.value());
                    expires.put(key, ticker.read() + loaded.ttl().toNanos());
                  }
                }
                if (t != null) {
                  mine.completeExceptionally(t);
                } else {
                  mine.complete(loaded.value());
                }
              });
      return mine;
    }
  }

  @Override
  public synchronized CompletableFuture<Void> invalidate(String key) {
    values.remove(key);
    expires.remove(key);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Optional<Duration>> reserve(String keyDigest, Duration interval, Duration maxWait) {
    seen.add(keyDigest);
    if (down) {
      return CompletableFuture.failedFuture(new IllegalStateException("store unreachable"));
    }
    long now = ticker.read();
    KeyedRateLimiter.Slot slot = limiter.reserve(keyDigest, interval.toNanos(), now, now + maxWait.toNanos());
    return CompletableFuture.completedFuture(
        slot.granted() ? Optional.of(Duration.ofNanos(slot.start() - now)) : Optional.empty());
  }

  synchronized int stored() {
    return values.size();
  }

  @Override
  public void close() {}
}
