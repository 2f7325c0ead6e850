package dev.danvic.hmm.pools.core.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The transport's own OkHttp client, split by host into clients that share everything (the
 * dispatcher with its limits and threads, interceptors, DNS, sockets, timeouts) except the
 * connection pool: each keeps the idle connections of its own hosts. Not API.
 *
 * <p>Why: OkHttp's connection pool looks through every connection it holds for each new call (and
 * its clean-up runs through every one each time a connection is added or falls idle). With
 * thousands of idle connections kept between refreshes, a cold fan-out over N pools paid about
 * 3N × 3N such checks (allocating iterators for every idle connection checked). Split into up to
 * {@value #MAX_SHARDS} pools, each check looks at a thirty-second of them.
 *
 * <p>The idle limit stays what the user set: the shards' limits add up to at most
 * {@code maxIdleConnections}, and each shard keeps at least as many as one host may use at once
 * ({@code maxConcurrentRequestsPerHost}, and never fewer than {@value #MIN_PER_SHARD}), so a host
 * can always keep every connection it uses. A small limit gives one pool, as before.
 */
final class ConnectionShards {
  /** The most connection pools one transport splits into. */
  static final int MAX_SHARDS = 32;
  /** The fewest idle connections a shard may keep (several hosts share a shard). */
  static final int MIN_PER_SHARD = 128;

  private final OkHttpClient first;
  private final AtomicReferenceArray<OkHttpClient> clients;
  private final int idlePerShard;
  private final long keepAliveMillis;

  private ConnectionShards(OkHttpClient first, int shards, int idlePerShard, long keepAliveMillis) {
    this.first = first;
    this.clients = new AtomicReferenceArray<>(shards);
    this.clients.set(0, first);
    this.idlePerShard = idlePerShard;
    this.keepAliveMillis = keepAliveMillis;
  }

  /**
   * @param maxIdle the transport's {@code maxIdleConnections}
   * @param perHost the transport's {@code maxConcurrentRequestsPerHost}
   * @return how many connection pools to split into: 1 to {@value #MAX_SHARDS}
   */
  static int shardCount(int maxIdle, int perHost) {
    return Math.max(1, Math.min(MAX_SHARDS, maxIdle / Math.max(MIN_PER_SHARD, perHost)));
  }

  /**
   * @param client the application's own client: used as it is, one pool (its own)
   * @return shards of one
   */
  static ConnectionShards single(OkHttpClient client) {
    return new ConnectionShards(client, 1, 0, 0);
  }

  /**
   * @param builder the transport's own client, without its connection pool
   * @param settings the transport's settings (idle limit and timeout, per-host limit)
   * @return the client split by host; shards past the first are built on first use
   */
  static ConnectionShards split(OkHttpClient.Builder builder, TransportSettings settings) {
    int shards = shardCount(settings.maxIdleConnections(), settings.maxConcurrentRequestsPerHost());
    int perShard = settings.maxIdleConnections() / shards;
    long keepAlive = settings.idleConnectionTimeout().toMillis();
    OkHttpClient first = builder.connectionPool(new ConnectionPool(perShard, keepAlive, TimeUnit.MILLISECONDS)).build();
    return new ConnectionShards(first, shards, perShard, keepAlive);
  }

  /** @return how many connection pools there are (built or not) */
  int shards() {
    return clients.length();
  }

  /** @return the idle connections each shard keeps at most */
  int idlePerShard() {
    return idlePerShard;
  }

  /** @return the first client: its dispatcher is every shard's */
  OkHttpClient first() {
    return first;
  }

  /**
   * @param url where a call goes
   * @return the client whose connection pool holds that host's connections
   */
  OkHttpClient client(HttpUrl url) {
    return clients.length() == 1 ? first : client(index(url));
  }

  /**
   * @param url where a call goes
   * @return the shard that holds that host's connections
   */
  int index(HttpUrl url) {
    int h = url.host().hashCode();
    return Math.floorMod(h ^ (h >>> 16), clients.length());
  }

  /**
   * @param i a shard, from {@link #index}
   * @return its client, built on first use
   */
  OkHttpClient client(int i) {
    OkHttpClient c = clients.get(i);
    if (c == null) {
      OkHttpClient made =
          first.newBuilder().connectionPool(new ConnectionPool(idlePerShard, keepAliveMillis, TimeUnit.MILLISECONDS)).build();
      c = clients.compareAndSet(i, null, made) ? made : clients.get(i);
    }
    return c;
  }

  /** @return connections, idle or in use, in every shard's pool */
  int connectionCount() {
    int sum = 0;
    for (int i = 0; i < clients.length(); i++) {
      OkHttpClient c = clients.get(i);
      if (c != null) {
        sum += c.connectionPool().connectionCount();
      }
    }
    return sum;
  }

  /** Closes the idle connections of every shard; connections in use carry on. */
  void evictAll() {
    for (int i = 0; i < clients.length(); i++) {
      OkHttpClient c = clients.get(i);
      if (c != null) {
        c.connectionPool().evictAll();
      }
    }
  }
}
