package dev.danvic.hmm.pools.server;

import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.core.DashboardPoolService;
import dev.danvic.hmm.pools.core.HmmPoolsJson;
import dev.danvic.hmm.pools.core.HttpPoolTransport;
import dev.danvic.hmm.pools.core.PoolRegistry;
import dev.danvic.hmm.pools.core.PoolTileSet;
import dev.danvic.hmm.pools.redis.RedisTileStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * One "process" of the cross-process tests: a registry, a transport, a Redis tile store and a
 * dashboard service of its own. {@link Nodes} loads it in a class loader of its own, so three
 * nodes share no class, no static and no cache: only Redis and the simulators. It speaks in JDK
 * types only (strings, maps, clocks, schedulers), which every class loader shares.
 */
public final class IsolatedNode implements AutoCloseable {
  private final RedisTileStore store;
  private final HttpPoolTransport transport;
  private final PoolRegistry registry;
  private final DashboardPoolService service;

  /**
   * @param redisUrl the shared Redis
   * @param prefix the key prefix every node of a test shares
   * @param tileTtlMs the tile TTL, ms
   * @param deadlineMs the per-pool deadline, ms (the lease is this and 2 s)
   * @param scheduler the transport's scheduler (a test's recording one), or null for its own
   * @param spacingClock the clock request spacing reads, or null for Redis' clock
   * @param ticker nanoseconds for the node's own cache (a test's shared fake time), or null for
   *     the system's; the shared entries expire on Redis' clock
   */
  public IsolatedNode(
      String redisUrl,
      String prefix,
      long tileTtlMs,
      long deadlineMs,
      @Nullable ScheduledExecutorService scheduler,
      @Nullable Clock spacingClock,
      @Nullable LongSupplier ticker) {
    RedisTileStore.Builder sb = RedisTileStore.builder(redisUrl).prefix(prefix);
    if (spacingClock != null) {
      sb.spacingClock(spacingClock);
    }
    this.store = sb.build();
    HttpPoolTransport.Builder tb = HttpPoolTransport.builder().sharedSpacing(store).maxAttempts(1);
    if (scheduler != null) {
      tb.scheduler(scheduler);
    }
    this.transport = tb.build();
    this.registry =
        PoolRegistry.builder().discover().transport(transport).deadline(Duration.ofMillis(deadlineMs)).build();
    this.service =
        DashboardPoolService.builder(registry)
            .tileStore(store)
            .tileTtl(Duration.ofMillis(tileTtlMs))
            .deadline(Duration.ofMillis(deadlineMs))
            .readBudget(Duration.ofMillis(deadlineMs))
            .ticker(ticker != null ? ticker::getAsLong : com.github.benmanes.caffeine.cache.Ticker.systemTicker())
            .build();
  }

  /** Watches a pool of a simulator: its type, API origin, coin, user and (Braiins) token. */
  public void put(String id, String type, String apiBaseUrl, String coin, String username, @Nullable String token) {
    PoolConfig.Builder b =
        PoolConfig.builder()
            .id(id)
            .name(id)
            .poolType(type)
            .url("stratum+tcp://127.0.0.1")
            .port(3333)
            .username(username)
            .config(Map.of(PoolConfig.API_BASE_URL, apiBaseUrl, PoolConfig.COIN, coin));
    if (token != null) {
      b.apiKey(token);
    }
    service.putPool(b.build());
  }

  /** Reads every pool's tiles as a reader would; returns pool id to its tiles as JSON. */
  public Map<String, String> read() {
    Map<String, PoolTileSet> tiles = service.poolTiles().join();
    Map<String, String> out = new java.util.LinkedHashMap<>();
    tiles.forEach((id, set) -> out.put(id, json(set)));
    return out;
  }

  /** @return the pool's tiles as this node's cache holds them, as JSON, or null */
  public @Nullable String cached(String poolId) {
    Optional<PoolTileSet> set = service.cachedPoolTiles(poolId);
    return set.map(IsolatedNode::json).orElse(null);
  }

  /** Kills the node's connection to Redis as a crashed process would lose it (its lease stays). */
  public void loseRedis() {
    store.close();
  }

  @Override
  public void close() {
    service.close();
    registry.close();
    transport.close();
    store.close();
  }

  /** @return the class loader this node runs in (so a test can check they differ) */
  public String loaderName() {
    return String.valueOf(System.identityHashCode(getClass().getClassLoader()));
  }

  private static String json(PoolTileSet set) {
    try {
      return HmmPoolsJson.mapper().writeValueAsString(set);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
