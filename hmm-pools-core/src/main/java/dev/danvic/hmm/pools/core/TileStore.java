package dev.danvic.hmm.pools.core;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A store shared by several processes that watch the same pools (several servers behind a load
 * balancer), so that together they keep the promises one process keeps alone: each pool is loaded
 * once per window, and requests that share a rate-limit key (Braiins: one per 5 s per token) stay
 * spaced across every process.
 *
 * <p>Without one (the default) a {@link DashboardPoolService} keeps everything in its own
 * in-process cache (Caffeine), as it always did. With one ({@link
 * DashboardPoolService.Builder#tileStore(TileStore)}), the in-process cache stays in front and
 * still serves readers at once; only its loads go through the store:
 *
 * <ul>
 *   <li><b>Cached values with a time to live</b>: a value a process stored is served to every
 *       process until its TTL (seconds) has passed.
 *   <li><b>Single flight across processes</b>: when no value is stored, exactly one process holds
 *       the lease of the key and runs the load; the others wait for its result (and meanwhile
 *       their readers get the tiles they last had). A lease ends after its duration, so a loader
 *       that died mid-load is replaced by the next process that asks.
 *   <li><b>Request spacing</b> ({@link #reserve}), handed to the transport with {@link
 *       HttpPoolTransport.Builder#sharedSpacing(TileStore)}.
 * </ul>
 *
 * <p>A store never sees a secret: keys are a pool id and a SHA-256 digest of the configuration, or
 * the digest of a rate-limit key; values are tiles and health statuses, which hold none. A store
 * that cannot reach its backend fails the returned future: the service then loads the pool itself
 * (one extra request), never serving a wrong tile and never waiting forever. Implementations are
 * thread-safe; {@code hmm-pools-redis} provides one on Redis.
 */
public interface TileStore extends AutoCloseable {

  /**
   * What a load produced, to be stored.
   *
   * @param value the value (JSON text; never holds a secret)
   * @param ttl how long every process may serve it; positive
   */
  record Loaded(String value, Duration ttl) {
    /** Requires a value and a positive TTL. */
    public Loaded {
      java.util.Objects.requireNonNull(value, "value");
      if (ttl == null || ttl.isNegative() || ttl.isZero()) {
        throw new IllegalArgumentException("ttl must be positive, was " + ttl);
      }
    }
  }

  /**
   * The stored value of a key, or the value of a load that this process runs when it takes the
   * key's lease; waits for another process's load while that one holds the lease.
   *
   * @param key the entry (never a secret); the same in every process for the same pool version
   * @param lease how long a load may hold the key before another process takes over (the pool's
   *     deadline and a margin)
   * @param load runs the plugin; called only under the lease, at most by one process at a time
   * @return the value; fails when the store cannot be reached or the load failed
   */
  CompletableFuture<String> load(String key, Duration lease, Supplier<CompletableFuture<Loaded>> load);

  /**
   * Drops a stored value, so the next load of any process asks the pool again.
   *
   * @param key the entry
   * @return completes when dropped; fails when the store cannot be reached
   */
  CompletableFuture<Void> invalidate(String key);

  /**
   * Reserves the next start slot of a rate-limit key, atomically for every process: the first
   * caller may start now, the next one an interval later, and so on.
   *
   * @param keyDigest the SHA-256 digest of the rate-limit key (never the key: it may hold a token)
   * @param interval the least time between two starts with this key
   * @param maxWait a slot further away than this is refused and not consumed
   * @return how long to wait before starting (zero or positive), or empty when refused; fails when
   *     the store cannot be reached (the transport then spaces within its own process only)
   */
  CompletableFuture<Optional<Duration>> reserve(String keyDigest, Duration interval, Duration maxWait);

  /** Releases the store's connections. Idempotent. */
  @Override
  void close();
}
