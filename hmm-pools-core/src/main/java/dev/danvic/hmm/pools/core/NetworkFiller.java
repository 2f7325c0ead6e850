package dev.danvic.hmm.pools.core;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.danvic.hmm.pools.Coin;
import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.Failures;
import dev.danvic.hmm.pools.MiningMath;
import dev.danvic.hmm.pools.PoolContext;
import dev.danvic.hmm.pools.core.internal.GuardedCall;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills the network figures a pool left {@code null} from its coin's {@link NetworkSource}, and
 * derives what depends on them with {@link MiningMath}. A figure the pool gave is never replaced.
 *
 * <p>Sibling figures are remembered from every tile set the service reads (only figures a pool
 * reported itself, never filled ones) for at most the network TTL. Remote sources are read through
 * one cache: a value is kept for the TTL, a failure for the error TTL; one read per coin at a time.
 * Not API.
 */
final class NetworkFiller {
  private static final Logger LOG = LoggerFactory.getLogger(NetworkFiller.class);
  static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
  private static final Duration MAX_ERROR_TTL = Duration.ofSeconds(30);

  private final Map<String, NetworkSource> sources;
  private final Duration ttl;
  private final Ticker ticker;
  private final Function<String, PoolContext> contexts;
  private final Duration deadline;
  private final AsyncLoadingCache<String, Reading> remote;
  /** coin -> pool id -> the difficulty that pool reported itself. */
  private final Map<String, Map<String, Sighting>> siblings = new ConcurrentHashMap<>();
  /** coin -> the last remote reading, and the last successful one (for the health view). */
  private final Map<String, Reading> lastRemote = new ConcurrentHashMap<>();
  private final Map<String, Reading> lastGoodRemote = new ConcurrentHashMap<>();
  /** Coins seen on tiles, so the health view lists them even before a source was asked. */
  private final Set<String> coinsSeen = ConcurrentHashMap.newKeySet();
  /** Counts changes to what {@link #fill} gives (see {@link #changes()}). */
  private final AtomicLong changes = new AtomicLong();

  /**
   * @param sources coin (upper case) to its source; other coins use the sibling pools
   * @param ttl how long a value is used
   * @param ticker measures ages and TTLs
   * @param executor runs the cache's upkeep and starts the sources' reads
   * @param contexts scope to a transport context whose deadline is {@code deadline} from now
   * @param deadline how long one read of a source may take
   */
  NetworkFiller(
      Map<String, NetworkSource> sources,
      Duration ttl,
      Ticker ticker,
      Executor executor,
      Function<String, PoolContext> contexts,
      Duration deadline) {
    this.sources = Map.copyOf(sources);
    this.ttl = ttl;
    this.ticker = ticker;
    this.contexts = contexts;
    this.deadline = deadline;
    Duration errorTtl = MAX_ERROR_TTL.compareTo(ttl) < 0 ? MAX_ERROR_TTL : ttl;
    this.remote =
        Caffeine.newBuilder()
            .ticker(ticker)
            .executor(executor)
            .expireAfter(Expiry.<String, Reading>writing((coin, r) -> r.figures != null ? ttl : errorTtl))
            .buildAsync((coin, cacheExecutor) -> read(coin, executor));
  }

  /** @return the source of a coin (upper case) */
  NetworkSource sourceFor(String coin) {
    return sources.getOrDefault(coin, NetworkSource.siblingPools());
  }

  /** Remembers the difficulty a pool reported itself, for its siblings. */
  void observe(PoolTileSet set) {
    DashboardTileData t = set.tiles();
    String coin = coinOf(set);
    if (coin == null) {
      return;
    }
    coinsSeen.add(coin);
    if (!t.healthStatus() || t.networkDifficulty() == null || !(t.networkDifficulty() > 0)) {
      return;
    }
    if (set.network() != null && set.network().isFilled()) {
      return; // never pass on a figure that was itself filled in
    }
    Map<String, Sighting> byPool = siblings.computeIfAbsent(coin, c -> new ConcurrentHashMap<>());
    Sighting previous = byPool.get(set.poolId());
    if (previous != null
        && previous.at.equals(t.lastUpdated())
        && previous.difficulty == t.networkDifficulty()) {
      return; // the same cached tiles read again: keep the age of when they arrived
    }
    byPool.put(set.poolId(), new Sighting(set.poolId(), t.networkDifficulty(), t.lastUpdated(), ticker.read()));
    changes.incrementAndGet();
  }

  /**
   * @return how many times what {@link #fill} gives may have changed other than by time: a
   *     difficulty seen, a source's figures arrived, a pool forgotten; counted after the change is
   *     visible, only ever grows
   */
  long changes() {
    return changes.get();
  }

  /**
   * @return nanoseconds (on the ticker) until the first figure {@link #fill} may use now grows too
   *     old to be used: a sibling's difficulty, or a source's cached figures; {@link Long#MAX_VALUE}
   *     when none will
   */
  long keepFor() {
    long now = ticker.read();
    long least = Long.MAX_VALUE;
    long maxAge = ttl.toNanos();
    for (Map<String, Sighting> byPool : siblings.values()) {
      for (Sighting s : byPool.values()) {
        long left = s.tickerNanos + maxAge + 1 - now; // used while its age is at most the TTL
        if (left > 0) {
          least = Math.min(least, left);
        }
      }
    }
    var expiry = remote.synchronous().policy().expireVariably();
    if (expiry.isPresent()) {
      for (String coin : sources.keySet()) {
        long left = expiry.get().getExpiresAfter(coin, TimeUnit.NANOSECONDS).orElse(0);
        if (left > 0) {
          least = Math.min(least, left);
        }
      }
    }
    return least;
  }

  /**
   * @param sets tile sets as the pools reported them
   * @return the same sets, in order, with missing network figures filled where the coin's source
   *     has them; never fails
   */
  CompletableFuture<List<PoolTileSet>> fill(List<PoolTileSet> sets) {
    for (PoolTileSet set : sets) {
      observe(set);
    }
    Map<String, CompletableFuture<Reading>> reads = new HashMap<>();
    List<CompletableFuture<PoolTileSet>> out = new ArrayList<>(sets.size());
    for (PoolTileSet set : sets) {
      String coin = coinOf(set);
      if (coin == null || !needsFill(set.tiles())) {
        out.add(CompletableFuture.completedFuture(markPool(set)));
        continue;
      }
      NetworkSource source = sourceFor(coin);
      if (source == NetworkSource.siblingPools()) {
        out.add(CompletableFuture.completedFuture(apply(set, sibling(coin, set.poolId()), coin)));
      } else {
        CompletableFuture<Reading> r = reads.computeIfAbsent(coin, this::remoteReading);
        out.add(r.thenApply(reading -> apply(set, reading.figures, coin)));
      }
    }
    return CompletableFuture.allOf(out.toArray(CompletableFuture[]::new))
        .thenApply(done -> out.stream().map(CompletableFuture::join).toList());
  }

  /** @return one status per coin that has a configured source or was seen on a tile, by coin */
  List<NetworkSourceStatus> status() {
    Set<String> coins = new TreeSet<>(coinsSeen);
    coins.addAll(sources.keySet());
    List<NetworkSourceStatus> out = new ArrayList<>();
    long now = ticker.read();
    for (String coin : coins) {
      NetworkSource source = sourceFor(coin);
      if (source == NetworkSource.siblingPools()) {
        Sighting s = latestSibling(coin, null, now);
        out.add(
            s == null
                ? status(coin, source, null, null, noSibling(coin))
                : status(coin, source, s.figures(), (now - s.tickerNanos) / 1e9, null));
      } else {
        Reading last = lastRemote.get(coin);
        Reading good = lastGoodRemote.get(coin);
        out.add(
            status(
                coin,
                source,
                good == null ? null : good.figures,
                good == null ? null : (now - good.tickerNanos) / 1e9,
                last == null ? null : last.error));
      }
    }
    return List.copyOf(out);
  }

  /**
   * Forgets what a pool reported (it was removed or re-configured), so a pool that is no longer
   * watched, or no longer points where it did, is never named as a sibling.
   */
  void forget(String poolId) {
    siblings.values().forEach(byPool -> byPool.remove(poolId));
    changes.incrementAndGet();
  }

  /** Forgets every value (the service is closing). */
  void clear() {
    remote.synchronous().invalidateAll();
    siblings.clear();
    changes.incrementAndGet();
  }

  // ------------------------------------------------------------------ filling

  private static boolean needsFill(DashboardTileData t) {
    return t.healthStatus() && t.networkDifficulty() == null;
  }

  private static PoolTileSet markPool(PoolTileSet set) {
    DashboardTileData t = set.tiles();
    return t.networkDifficulty() != null && set.network() == null
        ? set.withTiles(t, NetworkOrigin.pool())
        : set;
  }

  /**
   * Fills {@code network_difficulty} and, where the pool left them {@code null}, the pool's share,
   * its time to a block and the user's time and odds. Pure.
   *
   * @param set a pool's tiles
   * @param f the coin's figures, or {@code null} when the source has none
   * @param coin the coin symbol
   * @return the filled set, or {@code set} itself when there is nothing to fill
   */
  static PoolTileSet apply(PoolTileSet set, @Nullable NetworkFigures f, String coin) {
    DashboardTileData t = set.tiles();
    if (!needsFill(t)) {
      return markPool(set);
    }
    if (f == null) {
      return set;
    }
    double d = f.difficulty();
    Double networkHashrate = f.networkHashrate();
    if (networkHashrate == null) {
      networkHashrate = Coin.find(coin).map(c -> MiningMath.networkHashrate(d, c.blockTime())).orElse(null);
    }
    DashboardTileData.Builder b = t.toBuilder().networkDifficulty(d);
    List<String> filled = new ArrayList<>(List.of("network_difficulty"));
    if (t.poolPercentage() == null) {
      Double share = MiningMath.poolPercentage(t.poolHashrate(), networkHashrate);
      if (share != null && Double.isFinite(share)) {
        b.poolPercentage(share);
        filled.add("pool_percentage");
      }
    }
    if (t.estimatedTimeToBlockSeconds() == null && t.estimatedTimeToBlock() == null) {
      Double seconds = MiningMath.timeToBlockSecondsOrNull(d, t.poolHashrate());
      if (seconds != null) {
        b.estimatedTimeToBlockSeconds(seconds);
        filled.add("estimated_time_to_block");
        filled.add("estimated_time_to_block_seconds");
      }
    }
    if (t.userEstimatedTimeToBlockSeconds() == null
        && t.userEstimatedTimeToBlock() == null
        && t.userBlockOdds24h() == null) {
      Double seconds = MiningMath.timeToBlockSecondsOrNull(d, t.userHashrate());
      if (seconds != null) {
        b.userEstimatedTimeToBlockSeconds(seconds);
        filled.add("user_estimated_time_to_block");
        filled.add("user_estimated_time_to_block_seconds");
        filled.add("user_block_odds_24h");
      }
    }
    return set.withTiles(b.build(), new NetworkOrigin(f.source(), f.detail(), filled));
  }

  /**
   * @param set a pool's tiles
   * @return the coin of its figures: the tile's currency, else the plugin's only coin; upper case;
   *     {@code null} when neither says
   */
  static @Nullable String coinOf(PoolTileSet set) {
    String currency = set.tiles().currency();
    if (currency != null && !currency.isBlank()) {
      return currency.trim().toUpperCase(Locale.ROOT);
    }
    return set.supportedCoins().size() == 1
        ? set.supportedCoins().get(0).trim().toUpperCase(Locale.ROOT)
        : null;
  }

  // ------------------------------------------------------------------ sources

  private @Nullable NetworkFigures sibling(String coin, String poolId) {
    Sighting s = latestSibling(coin, poolId, ticker.read());
    return s == null ? null : s.figures();
  }

  private @Nullable Sighting latestSibling(String coin, @Nullable String excludedPool, long now) {
    Map<String, Sighting> byPool = siblings.get(coin);
    if (byPool == null) {
      return null;
    }
    long maxAge = ttl.toNanos();
    return byPool.values().stream()
        .filter(s -> !s.poolId.equals(excludedPool))
        .filter(s -> now - s.tickerNanos <= maxAge)
        .max(Comparator.comparing((Sighting s) -> s.at).thenComparingLong(s -> s.tickerNanos))
        .orElse(null);
  }

  private static String noSibling(String coin) {
    return "no other watched " + coin + " pool has reported a network difficulty recently";
  }

  private CompletableFuture<Reading> remoteReading(String coin) {
    // the cache's future is shared; a caller never completes or cancels it
    return remote.get(coin).exceptionally(t -> new Reading(null, Failures.describe(t), ticker.read()));
  }

  private CompletableFuture<Reading> read(String coin, Executor executor) {
    NetworkSource source = sourceFor(coin);
    return GuardedCall.run(
            () ->
                source
                    .fetch(coin, contexts.apply("network:" + coin))
                    .thenApply(f -> new Reading(f, null, ticker.read())),
            executor,
            deadline,
            message -> new Reading(null, message, ticker.read()),
            source.secretValues())
        .whenComplete(
            (r, t) -> {
              changes.incrementAndGet(); // a read that waits for it sees it (the cache holds the future)
              if (r != null) {
                lastRemote.put(coin, r);
                if (r.figures != null) {
                  lastGoodRemote.put(coin, r);
                } else {
                  LOG.debug("network source {} of {} failed: {}", source.kind(), coin, r.error);
                }
              }
            });
  }

  private static NetworkSourceStatus status(
      String coin,
      NetworkSource source,
      @Nullable NetworkFigures f,
      @Nullable Double ageSeconds,
      @Nullable String error) {
    Double hashrate = null;
    if (f != null) {
      hashrate = f.networkHashrate();
      if (hashrate == null) {
        hashrate = Coin.find(coin).map(c -> MiningMath.networkHashrate(f.difficulty(), c.blockTime())).orElse(null);
      }
    }
    return new NetworkSourceStatus(
        coin,
        source.kind(),
        source.description(),
        f == null ? null : f.difficulty(),
        hashrate,
        f == null ? null : f.observedAt(),
        ageSeconds,
        error);
  }

  /** A difficulty one pool reported itself. */
  private record Sighting(String poolId, double difficulty, Instant at, long tickerNanos) {
    NetworkFigures figures() {
      return new NetworkFigures(
          difficulty, null, at, NetworkSource.SIBLING, "sibling pool '" + poolId + "'");
    }
  }

  /** One read of a remote source: figures, or why there are none. */
  private record Reading(@Nullable NetworkFigures figures, @Nullable String error, long tickerNanos) {}
}
