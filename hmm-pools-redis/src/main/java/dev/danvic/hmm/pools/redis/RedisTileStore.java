package dev.danvic.hmm.pools.redis;

import dev.danvic.hmm.pools.core.TileStore;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A {@link TileStore} on Redis, through Lettuce: several processes (servers behind a load balancer)
 * share one tile cache and one politeness budget.
 *
 * <pre>{@code
 * try (RedisTileStore store = RedisTileStore.builder("redis://127.0.0.1:6379").build();
 *     PoolRegistry registry = PoolRegistry.builder()
 *         .transport(HttpPoolTransport.builder().sharedSpacing(store).build()).build();
 *     DashboardPoolService service = DashboardPoolService.builder(registry).tileStore(store).build()) {
 *   ...
 * }
 * }</pre>
 *
 * <p>What it keeps, under the key prefix (default {@value #DEFAULT_PREFIX}):
 *
 * <ul>
 *   <li>{@code v:<key>}: a value (tiles or a health status as JSON) with its TTL as the Redis expiry
 *       ({@code PX}, milliseconds).
 *   <li>{@code l:<key>}: the lease of a load, {@code SET NX PX} with a random token: exactly one
 *       process loads a key at a time; the lease expires after its duration, so a process that
 *       died mid-load is replaced by the next one that asks. The loader stores its value, deletes
 *       its lease (only if still its own) and announces the key on the channel {@code
 *       <prefix>done}; waiting processes then read the value at once (and check again every
 *       {@link Builder#pollInterval(Duration) poll interval}, default 100 ms, in case an
 *       announcement was missed).
 *   <li>{@code s:<digest>}: the next free start of a rate-limit key, milliseconds on Redis' clock,
 *       reserved by one Lua script (atomic for every process).
 * </ul>
 *
 * <p>No secret is ever written: keys hold a pool id and SHA-256 digests, values hold tiles and
 * health statuses. Commands time out after {@link Builder#commandTimeout(Duration)} (default 2 s)
 * and fail at once while Redis is unreachable; the service then loads the pool itself (one extra
 * request) and the transport spaces requests within its own process, until Redis is back (the
 * client reconnects by itself).
 *
 * <p>Thread-safe. {@link #close()} closes the connections and the client.
 */
public final class RedisTileStore implements TileStore {
  /** How long connecting (and its handshake) may take at least. */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** The default prefix of every key and of the channel. */
  public static final String DEFAULT_PREFIX = "hmm-pools:";

  /**
   * The value of KEYS[1], else the lease KEYS[2] for token ARGV[1] for ARGV[2] ms, in one step (so
   * a value stored and a lease released between a read and a SET NX never cause a second load):
   * {1, value}, {2, ''} (the lease is ours) or {0, ''} (another process holds it).
   */
  private static final String VALUE_OR_LEASE =
      "local v = redis.call('GET', KEYS[1])\n"
          + "if v then return {1, v} end\n"
          + "if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return {2, ''} end\n"
          + "return {0, ''}\n";

  /** Deletes the lease only when it still holds this loader's token. */
  private static final String RELEASE =
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

  /**
   * Reserves a start slot: ARGV = interval ms, max wait ms, now ms (empty: Redis' clock). Returns the
   * wait in ms, or -1 when the slot is past the max wait (not consumed).
   */
  private static final String RESERVE =
      "local now\n"
          + "if ARGV[3] ~= '' then now = tonumber(ARGV[3]) else\n"
          + "  local t = redis.call('TIME'); now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) end\n"
          + "local free = tonumber(redis.call('GET', KEYS[1]) or '0')\n"
          + "local start = now\n"
          + "if free > now then start = free end\n"
          + "if start - now >= tonumber(ARGV[2]) then return -1 end\n"
          + "local after = start + tonumber(ARGV[1])\n"
          + "redis.call('SET', KEYS[1], tostring(after), 'PX', after - now)\n"
          + "return start - now\n";

  private final ClientResources resources;
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisAsyncCommands<String, String> redis;
  private final StatefulRedisPubSubConnection<String, String> pubSub;
  private final String prefix;
  private final String channel;
  private final Duration pollInterval;
  private final @Nullable Clock spacingClock;
  private final ConcurrentHashMap<String, List<CompletableFuture<Void>>> waiting = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  private RedisTileStore(Builder b) {
    RedisURI uri = RedisURI.create(b.uri);
    // the handshake may take longer than a command on a busy machine; commands keep their timeout
    uri.setTimeout(b.commandTimeout.compareTo(CONNECT_TIMEOUT) > 0 ? b.commandTimeout : CONNECT_TIMEOUT);
    // after an outage, look for Redis again within 2 s at most (Lettuce's default grows to 30 s)
    this.resources =
        DefaultClientResources.builder()
            .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
            .build();
    this.client = RedisClient.create(resources, uri);
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            // while Redis is away a command fails at once: the service loads the pool itself
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(TimeoutOptions.enabled(b.commandTimeout))
            .build());
    this.prefix = b.prefix;
    this.channel = b.prefix + "done";
    this.pollInterval = b.pollInterval;
    this.spacingClock = b.spacingClock;
    try {
      this.connection = client.connect();
      this.redis = connection.async();
      this.pubSub = client.connectPubSub();
      pubSub.addListener(
          new RedisPubSubAdapter<>() {
            @Override
            public void message(String from, String key) {
              wake(key);
            }
          });
      pubSub.sync().subscribe(channel);
    } catch (RuntimeException e) {
      client.shutdown();
      resources.shutdown();
      throw new IllegalStateException("could not connect to Redis at " + safe(uri) + ": " + e.getMessage(), e);
    }
  }

  /**
   * @param redisUri the Redis server, for example {@code redis://127.0.0.1:6379} or {@code
   *     redis://:password@host:6379/0} (the password is never logged)
   * @return a builder with the defaults
   */
  public static Builder builder(String redisUri) {
    return new Builder(redisUri);
  }

  @Override
  public CompletableFuture<String> load(
      String key, Duration lease, Supplier<CompletableFuture<Loaded>> load) {
    ensureOpen();
    CompletableFuture<String> out = new CompletableFuture<>();
    long giveUpAt = System.nanoTime() + lease.multipliedBy(3).toNanos();
    attempt(key, lease, load, out, giveUpAt);
    return out;
  }

  private void attempt(
      String key,
      Duration lease,
      Supplier<CompletableFuture<Loaded>> load,
      CompletableFuture<String> out,
      long giveUpAt) {
    if (closed.get()) {
      out.completeExceptionally(new IllegalStateException("the Redis tile store is closed"));
      return;
    }
    // register before reading, so an announcement between the read and the wait is not missed
    CompletableFuture<Void> announced = waitFor(key);
    String token = UUID.randomUUID().toString();
    redis
        .<List<Object>>eval(
            VALUE_OR_LEASE,
            ScriptOutputType.MULTI,
            new String[] {prefix + "v:" + key, prefix + "l:" + key},
            token,
            Long.toString(Math.max(1, lease.toMillis())))
        .thenApply(
            r -> {
              long what = (Long) r.get(0);
              return what == 1 ? Step.done((String) r.get(1)) : what == 2 ? Step.load(token) : Step.WAIT;
            })
        .whenComplete(
            (step, t) -> {
              if (t != null) {
                forget(key, announced);
                out.completeExceptionally(t);
              } else if (step.value != null) {
                forget(key, announced);
                out.complete(step.value);
              } else if (step.token != null) {
                forget(key, announced);
                runLoad(key, step.token, load, out);
              } else if (System.nanoTime() - giveUpAt > 0) {
                forget(key, announced);
                out.completeExceptionally(
                    new IllegalStateException("gave up waiting for another process's load of " + key));
              } else {
                // another process holds the lease: wait for its announcement (or look again soon)
                announced
                    .completeOnTimeout(null, pollInterval.toMillis(), TimeUnit.MILLISECONDS)
                    .thenRun(
                        () -> {
                          forget(key, announced);
                          attempt(key, lease, load, out, giveUpAt);
                        });
              }
            });
  }

  /** What one look at Redis found: a value, the lease (its token), or another process's lease. */
  private record Step(@Nullable String value, @Nullable String token) {
    static final Step WAIT = new Step(null, null);

    static Step done(String value) {
      return new Step(value, null);
    }

    static Step load(String token) {
      return new Step(null, token);
    }
  }

  private void runLoad(
      String key, String token, Supplier<CompletableFuture<Loaded>> load, CompletableFuture<String> out) {
    CompletableFuture<Loaded> loading;
    try {
      loading = load.get();
    } catch (RuntimeException e) {
      loading = CompletableFuture.failedFuture(e);
    }
    loading.whenComplete(
        (loaded, t) -> {
          if (t != null) {
            release(key, token).whenComplete((r, e) -> announce(key));
            out.completeExceptionally(t);
            return;
          }
          redis
              .set(prefix + "v:" + key, loaded.value(), SetArgs.Builder.px(loaded.ttl().toMillis()))
              .thenCompose(ok -> release(key, token))
              .whenComplete(
                  (r, e) -> {
                    announce(key);
                    if (e != null) {
                      out.completeExceptionally(e); // the caller keeps what it loaded
                    } else {
                      out.complete(loaded.value());
                    }
                  });
        });
  }

  private CompletableFuture<Object> release(String key, String token) {
    return redis
        .eval(RELEASE, ScriptOutputType.INTEGER, new String[] {prefix + "l:" + key}, token)
        .toCompletableFuture();
  }

  private void announce(String key) {
    if (!closed.get()) {
      redis.publish(channel, key);
    }
  }

  @Override
  public CompletableFuture<Void> invalidate(String key) {
    ensureOpen();
    return redis.del(prefix + "v:" + key).thenAccept(n -> {}).toCompletableFuture();
  }

  @Override
  public CompletableFuture<Optional<Duration>> reserve(
      String keyDigest, Duration interval, Duration maxWait) {
    ensureOpen();
    Clock clock = spacingClock;
    String now = clock == null ? "" : Long.toString(clock.millis());
    return redis
        .<Long>eval(
            RESERVE,
            ScriptOutputType.INTEGER,
            new String[] {prefix + "s:" + keyDigest},
            Long.toString(Math.max(1, interval.toMillis())),
            Long.toString(Math.max(0, maxWait.toMillis())),
            now)
        .thenApply(wait -> wait < 0 ? Optional.<Duration>empty() : Optional.of(Duration.ofMillis(wait)))
        .toCompletableFuture();
  }

  /** Closes the connections and the client. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    waiting.values().forEach(list -> list.forEach(f -> f.complete(null)));
    try {
      pubSub.close();
      connection.close();
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
  }

  @Override
  public String toString() {
    return "RedisTileStore[" + prefix + (closed.get() ? ", closed" : "") + "]";
  }

  private CompletableFuture<Void> waitFor(String key) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    waiting.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(f);
    return f;
  }

  private void forget(String key, CompletableFuture<Void> f) {
    waiting.computeIfPresent(
        key,
        (k, list) -> {
          list.remove(f);
          return list.isEmpty() ? null : list;
        });
  }

  private void wake(String key) {
    List<CompletableFuture<Void>> list = waiting.get(key);
    if (list != null) {
      list.forEach(f -> f.complete(null));
    }
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("the Redis tile store is closed");
    }
  }

  private static String safe(RedisURI uri) {
    return uri.getHost() + ":" + uri.getPort(); // never the password
  }

  /** Settings of a {@link RedisTileStore}. Not thread-safe. */
  public static final class Builder {
    private final String uri;
    private String prefix = DEFAULT_PREFIX;
    private Duration pollInterval = Duration.ofMillis(100);
    private Duration commandTimeout = Duration.ofSeconds(2);
    private @Nullable Clock spacingClock;

    private Builder(String uri) {
      Objects.requireNonNull(uri, "redisUri");
      if (!uri.startsWith("redis://") && !uri.startsWith("rediss://")) {
        throw new IllegalArgumentException(
            "the Redis address must start with redis:// or rediss://, for example redis://127.0.0.1:6379");
      }
      this.uri = uri;
    }

    /**
     * @param prefix the start of every key and of the channel; processes that share tiles use the
     *     same; default {@value RedisTileStore#DEFAULT_PREFIX}
     * @return this
     */
    public Builder prefix(String prefix) {
      if (Objects.requireNonNull(prefix, "prefix").isBlank()) {
        throw new IllegalArgumentException("the key prefix must not be blank");
      }
      this.prefix = prefix;
      return this;
    }

    /**
     * @param interval how often a process waiting for another's load looks again when no
     *     announcement came; positive; default 100 ms
     * @return this
     */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = positive(interval, "pollInterval");
      return this;
    }

    /**
     * @param timeout the most time one Redis command may take before it fails (and the service
     *     loads the pool itself); positive; default 2 s
     * @return this
     */
    public Builder commandTimeout(Duration timeout) {
      this.commandTimeout = positive(timeout, "commandTimeout");
      return this;
    }

    /**
     * Tests only: the clock request spacing reads "now" from (milliseconds); every process must
     * share it. By default Redis' own clock ({@code TIME}), the same for every process.
     *
     * @param clock the clock
     * @return this
     */
    public Builder spacingClock(Clock clock) {
      this.spacingClock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * @return the store, connected
     * @throws IllegalStateException when Redis cannot be reached
     */
    public RedisTileStore build() {
      return new RedisTileStore(this);
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + d);
      }
      return d;
    }
  }
}
