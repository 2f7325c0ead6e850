package dev.danvic.hmm.pools.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.PoolHealthStatus;
import dev.danvic.hmm.pools.core.internal.KeyedRateLimiter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loads of a {@link DashboardPoolService} through a {@link TileStore}: keys that name a pool
 * version without its secrets, tiles and health as JSON, their TTLs, and the fallback to a load
 * of this process when the store cannot be reached. Without a store, a load simply runs.
 */
final class SharedTileLoads {
  private static final Logger LOG = LoggerFactory.getLogger(SharedTileLoads.class);

  /**
   * The mapper for the store's JSON, built on first use: a service without a store never needs it,
   * and building a configured Jackson mapper in a fresh JVM costs hundreds of classes.
   */
  private static final class Json {
    static final ObjectMapper MAPPER = HmmPoolsJson.mapper();

    private Json() {}
  }

  private final @Nullable TileStore store;
  private final Duration tileTtl;
  private final Duration healthTtl;
  private final Duration errorTtl;
  private final Function<PoolConfig, Duration> deadlineOf;

  /**
   * @param deadlineOf a pool's deadline (the service's, or its plugin's minimum when longer): its
   *     lease is that and 2 s, so it outlives a load that keeps its deadline, and a loader that
   *     died is replaced soon after
   */
  SharedTileLoads(
      @Nullable TileStore store,
      Duration tileTtl,
      Duration healthTtl,
      Duration errorTtl,
      Function<PoolConfig, Duration> deadlineOf) {
    this.store = store;
    this.tileTtl = tileTtl;
    this.healthTtl = healthTtl;
    this.errorTtl = errorTtl;
    this.deadlineOf = deadlineOf;
  }

  CompletableFuture<PoolTileSet> tiles(PoolConfig pool, Supplier<CompletableFuture<PoolTileSet>> load) {
    if (store == null) {
      return load.get();
    }
    Duration errorAge = errorTtl.compareTo(tileTtl) < 0 ? errorTtl : tileTtl;
    return shared(
        pool,
        tilesKey(pool),
        load,
        set -> new TileStore.Loaded(write(set), set.tiles().healthStatus() ? tileTtl : errorAge),
        text -> Json.MAPPER.readValue(text, PoolTileSet.class));
  }

  CompletableFuture<PoolHealthStatus> health(
      PoolConfig pool, Supplier<CompletableFuture<PoolHealthStatus>> load) {
    if (store == null) {
      return load.get();
    }
    Duration errorAge = errorTtl.compareTo(healthTtl) < 0 ? errorTtl : healthTtl;
    return shared(
        pool,
        key("health", pool),
        load,
        status -> new TileStore.Loaded(healthJson(status), status.healthy() ? healthTtl : errorAge),
        SharedTileLoads::readHealth);
  }

  /** Drops the pool's stored tiles and health, so every process asks the pool again. */
  void invalidate(PoolConfig pool) {
    if (store == null) {
      return;
    }
    for (String key : new String[] {tilesKey(pool), key("health", pool)}) {
      CompletableFuture<Void> dropped;
      try {
        dropped = store.invalidate(key);
      } catch (RuntimeException e) {
        dropped = CompletableFuture.failedFuture(e);
      }
      dropped.exceptionally(
          t -> {
            LOG.warn("could not drop the shared entry of pool '{}': {}", pool.id(), t.toString());
            return null;
          });
    }
  }

  private interface Reader<V> {
    V read(String text) throws JsonProcessingException;
  }

  private <V> CompletableFuture<V> shared(
      PoolConfig pool,
      String key,
      Supplier<CompletableFuture<V>> load,
      java.util.function.Function<V, TileStore.Loaded> toStored,
      Reader<V> reader) {
    // this process's own load, when it ran one: returned as it is (no round trip through JSON,
    // and its failure is the pool's, not the store's, so it is not loaded a second time)
    AtomicReference<CompletableFuture<V>> mine = new AtomicReference<>();
    CompletableFuture<String> stored;
    try {
      stored =
          store.load(
              key,
              deadlineOf.apply(pool).plusSeconds(2),
              () -> {
                CompletableFuture<V> loaded = load.get();
                mine.set(loaded);
                return loaded.thenApply(toStored);
              });
    } catch (RuntimeException e) {
      stored = CompletableFuture.failedFuture(e);
    }
    return stored
        .handle(
            (text, t) -> {
              CompletableFuture<V> own = mine.get();
              if (own != null) {
                return own;
              }
              if (t == null) {
                try {
                  return CompletableFuture.completedFuture(reader.read(text));
                } catch (JsonProcessingException e) {
                  LOG.warn("the shared entry {} could not be read ({}); loading the pool here", key, e.getOriginalMessage());
                  return load.get();
                }
              }
              Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
              LOG.warn("the shared tile store did not answer for {} ({}); loading the pool here", key, cause.toString());
              return load.get();
            })
        .thenCompose(f -> f);
  }

  static String tilesKey(PoolConfig pool) {
    return key("tiles", pool);
  }

  /**
   * A pool version's key: its id and the SHA-256 of its whole configuration. A changed
   * configuration gets a new key; the secrets are only ever hashed together with the rest.
   */
  static String key(String kind, PoolConfig pool) {
    StringBuilder b = new StringBuilder();
    b.append(pool.poolType()).append('\n').append(pool.url()).append('\n').append(pool.port()).append('\n');
    b.append(pool.username()).append('\n').append(pool.enabled()).append('\n');
    for (Map.Entry<String, String> e : new TreeMap<>(pool.config()).entrySet()) {
      b.append(e.getKey()).append('=').append(e.getValue()).append('\n');
    }
    return kind + ":" + pool.id() + ":" + KeyedRateLimiter.digest(b.toString());
  }

  private static String write(PoolTileSet set) {
    try {
      return Json.MAPPER.writeValueAsString(set);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("tiles could not be written as JSON", e);
    }
  }

  static String healthJson(PoolHealthStatus s) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("healthy", s.healthy());
    n.put("latency_ms", s.latencyMs());
    n.put("error_message", s.errorMessage());
    n.put("active_workers", s.activeWorkers());
    n.put("checked_at", s.checkedAt().toString());
    return n.toString();
  }

  static PoolHealthStatus readHealth(String text) throws JsonProcessingException {
    JsonNode n = Json.MAPPER.readTree(text);
    return new PoolHealthStatus(
        n.path("healthy").asBoolean(),
        n.path("latency_ms").isNumber() ? n.path("latency_ms").asDouble() : null,
        n.path("error_message").isTextual() ? n.path("error_message").asText() : null,
        n.path("active_workers").isNumber() ? n.path("active_workers").asInt() : null,
        Instant.parse(n.path("checked_at").asText()));
  }
}
