package dev.danvic.hmm.pools.core;

import com.github.benmanes.caffeine.cache.Policy;
import com.github.benmanes.caffeine.cache.Ticker;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The last read of every enabled pool's tiles (and its platform aggregate), kept while nothing it
 * was made from can have changed, so that a warm read costs a few field reads instead of a walk over
 * every pool's cache entry, the network figures and the aggregate's comparison. Not API.
 *
 * <p>A read is kept only when it was complete at once (no pool loading, no network source asked)
 * and every pool's tiles were those of its newest load; it is given out again until the earlier of
 * <ul>
 *   <li>a change: the service calls {@link #changed()} after every change to what a read is made
 *       of (a pool added, replaced, removed, enabled or disabled; tiles invalidated; a load
 *       completed), after the change is visible, and the network filler counts its own changes (a
 *       difficulty seen, a source's figures arrived, a pool forgotten);
 *   <li>the ticker reaching the first moment a read would do something else: a pool's tiles due for
 *       a refresh or expiring (so stale-while-revalidate starts its refresh on the same read as
 *       without this memo), or a network figure in use growing too old.
 * </ul>
 *
 * <p>Why that is enough: a kept read carries the change count read <em>before</em> it was made, so a
 * change completed before a reader starts makes the reader's count differ and it reads afresh. One
 * change becomes visible after its count: a refresh's tiles replace the old ones in the cache just
 * after the load completes; a read in between still sees the old tiles, which are then not those
 * of the pool's newest load, so that read is not kept.
 */
final class WarmReads {
  /** Longest a read is kept for when nothing expires (keeps {@code now + keepFor} from overflowing). */
  private static final long FOREVER = Long.MAX_VALUE / 4;

  /**
   * A fresh read of every enabled pool, as the service made it.
   *
   * @param tiles pool id to tiles, as {@code poolTiles()} gives them
   * @param accounts pool id to account key, of the same pools
   * @param keepFor nanoseconds (on the ticker) the read may be given again while nothing changes;
   *     zero or less when it may not be kept
   */
  record Read(CompletableFuture<Map<String, PoolTileSet>> tiles, Map<String, String> accounts, long keepFor) {}

  /** A kept read. */
  private static final class Kept {
    final long stamp;
    final long until;
    final Map<String, PoolTileSet> tiles;
    final Map<String, String> accounts;
    /** The aggregate of {@link #tiles}, made by the first platform read that needs it. */
    volatile @Nullable PlatformTiles platform;

    Kept(long stamp, long until, Map<String, PoolTileSet> tiles, Map<String, String> accounts) {
      this.stamp = stamp;
      this.until = until;
      this.tiles = tiles;
      this.accounts = accounts;
    }
  }

  private final AtomicLong changes = new AtomicLong();
  private final Ticker ticker;
  private final LongSupplier networkChanges;
  private final LongSupplier networkKeepFor;
  private final IntConsumer hits;
  private volatile @Nullable Kept kept;

  /**
   * @param ticker the service's ticker (that of the tile cache's TTLs)
   * @param networkChanges the network filler's change count
   * @param networkKeepFor nanoseconds until the first network figure in use grows too old
   * @param hits told how many cache entries a warm read stood in for (the cache's hit statistics)
   */
  WarmReads(Ticker ticker, LongSupplier networkChanges, LongSupplier networkKeepFor, IntConsumer hits) {
    this.ticker = ticker;
    this.networkChanges = networkChanges;
    this.networkKeepFor = networkKeepFor;
    this.hits = hits;
  }

  /** Something a read is made of changed, and the change is visible to a new read. */
  void changed() {
    changes.incrementAndGet();
  }

  /** Forgets the kept read (the service is closing). */
  void clear() {
    changes.incrementAndGet();
    kept = null;
  }

  /**
   * @param fresh makes a fresh read
   * @return every enabled pool's tiles: the kept read's while it holds, else a fresh one
   */
  CompletableFuture<Map<String, PoolTileSet>> tiles(Supplier<Read> fresh) {
    Kept k = current();
    return k != null ? CompletableFuture.completedFuture(k.tiles) : read(fresh).tiles();
  }

  /**
   * @param fresh makes a fresh read
   * @param sum the aggregate of tiles and their accounts
   * @return the platform tiles: the kept read's aggregate while it holds, else a fresh one's
   */
  CompletableFuture<PlatformTiles> platform(
      Supplier<Read> fresh, BiFunction<Collection<PoolTileSet>, Map<String, String>, PlatformTiles> sum) {
    Kept k = current();
    if (k != null) {
      PlatformTiles p = k.platform;
      if (p == null) {
        p = sum.apply(k.tiles.values(), k.accounts);
        k.platform = p; // racing readers may both sum; the memo behind sum gives them one object
      }
      return CompletableFuture.completedFuture(p);
    }
    Read r = read(fresh);
    return r.tiles().thenApply(byPool -> sum.apply(byPool.values(), r.accounts()));
  }

  private @Nullable Kept current() {
    Kept k = kept;
    if (k == null || k.stamp != stamp() || ticker.read() - k.until >= 0) {
      return null;
    }
    hits.accept(k.tiles.size());
    return k;
  }

  private Read read(Supplier<Read> fresh) {
    long stamp = stamp(); // before anything is read: a change from now on makes this read stale
    long now = ticker.read();
    long network = networkKeepFor.getAsLong();
    Read r = fresh.get();
    long keepFor = Math.min(Math.min(network, r.keepFor()), FOREVER);
    CompletableFuture<Map<String, PoolTileSet>> tiles = r.tiles();
    if (keepFor > 0 && tiles.isDone() && !tiles.isCompletedExceptionally() && ticker.read() - (now + keepFor) < 0) {
      kept = new Kept(stamp, now + keepFor, tiles.join(), r.accounts());
    }
    return r;
  }

  private long stamp() {
    return changes.get() + networkChanges.getAsLong(); // both only grow: any change moves the sum
  }

  /**
   * How long a read of these pools may be kept, judged from the tile cache: zero unless every read
   * completed with the tiles of its pool's newest load; else the time until the first pool's tiles
   * are due for a refresh or expire.
   *
   * @param policy the tile cache's policy (refresh after write, variable expiry)
   * @param keys the pools read, in order
   * @param reads their reads, in order
   * @param newest a pool's tiles of its newest completed load ({@code null} before one)
   * @return nanoseconds on the cache's ticker; zero or less when the read may not be kept
   */
  static <K, V> long keepFor(
      Policy<K, V> policy, List<K> keys, List<CompletableFuture<V>> reads, Function<K, @Nullable V> newest) {
    Policy.FixedRefresh<K, V> refresh = policy.refreshAfterWrite().orElse(null);
    Policy.VarExpiration<K, V> expiry = policy.expireVariably().orElse(null);
    long least = FOREVER;
    for (int i = 0; i < keys.size(); i++) {
      CompletableFuture<V> read = reads.get(i);
      V value = read.isDone() && !read.isCompletedExceptionally() ? read.join() : null;
      K key = keys.get(i);
      if (value == null || value != newest.apply(key)) {
        return 0; // still loading, failed, or a newer load's tiles are on their way into the cache
      }
      if (refresh != null) {
        OptionalLong age = refresh.ageOf(key, TimeUnit.NANOSECONDS);
        if (age.isEmpty()) {
          return 0;
        }
        least = Math.min(least, refresh.getRefreshesAfter(TimeUnit.NANOSECONDS) - age.getAsLong());
      }
      if (expiry != null) {
        OptionalLong left = expiry.getExpiresAfter(key, TimeUnit.NANOSECONDS);
        if (left.isEmpty()) {
          return 0;
        }
        least = Math.min(least, left.getAsLong());
      }
    }
    return least;
  }
}
