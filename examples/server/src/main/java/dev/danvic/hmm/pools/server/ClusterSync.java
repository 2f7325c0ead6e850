package dev.danvic.hmm.pools.server;

import dev.danvic.hmm.pools.InvalidPoolConfigException;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.core.DashboardPoolService;
import dev.danvic.hmm.pools.core.PoolChangeEvent;
import dev.danvic.hmm.pools.core.PoolChangeListener;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the servers that share one pool database (PostgreSQL) and one Redis behave as one: a pool
 * added, changed or removed through one server, or its tiles invalidated there, is announced on the
 * Redis channel {@code <prefix>pools}; every other server then reads the pool from the database and
 * applies it to its dashboard service (or invalidates its cache), and its pages hear of it over
 * their WebSocket as of a change made there. It looks again 0.1, 0.4 and 1 s after an
 * announcement (the announcing server may not have committed yet) and compares every pool with the
 * database every 15 s, so an announcement lost while Redis was away is caught up too.
 *
 * <p>Messages hold a server's random id, the kind of change and the pool id: never a secret.
 */
final class ClusterSync implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterSync.class);
  private static final Set<PoolChangeEvent.Kind> SHARED =
      Set.of(PoolChangeEvent.Kind.ADDED, PoolChangeEvent.Kind.UPDATED, PoolChangeEvent.Kind.REMOVED, PoolChangeEvent.Kind.INVALIDATED);
  private static final long[] LOOK_AGAIN_MS = {100, 400, 1000};

  private final DashboardPoolService service;
  private final PoolStore store;
  private final String channel;
  private final String origin = UUID.randomUUID().toString();
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> publisher;
  private final StatefulRedisPubSubConnection<String, String> subscriber;
  private final ScheduledExecutorService worker;
  private final PoolChangeListener.Registration listening;
  /** Set while this server applies another's change, so it is not announced back. */
  private final ThreadLocal<Boolean> applying = ThreadLocal.withInitial(() -> false);

  private ClusterSync(String redisUrl, String prefix, DashboardPoolService service, PoolStore store, Duration fullCheck) {
    this.service = service;
    this.store = store;
    this.channel = prefix + "pools";
    this.client = RedisClient.create(redisUrl);
    this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "hmm-pools-cluster-sync");
      t.setDaemon(true);
      return t;
    });
    try {
      this.publisher = client.connect();
      this.subscriber = client.connectPubSub();
      subscriber.addListener(new RedisPubSubAdapter<>() {
        @Override
        public void message(String from, String message) {
          received(message);
        }
      });
      subscriber.sync().subscribe(channel);
    } catch (RuntimeException e) {
      worker.shutdownNow();
      client.shutdown();
      throw e;
    }
    this.listening = service.addListener(this::announce);
    worker.scheduleWithFixedDelay(this::checkAll, fullCheck.toMillis(), fullCheck.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * @param redisUrl the Redis every server shares
   * @param prefix the key prefix of the servers' tile store (their channel starts with it)
   * @param service this server's dashboard service
   * @param store the pool database every server shares
   * @return the running sync; close it before the service
   */
  static ClusterSync start(String redisUrl, String prefix, DashboardPoolService service, PoolStore store) {
    return new ClusterSync(redisUrl, prefix, service, store, Duration.ofSeconds(15));
  }

  private void announce(PoolChangeEvent event) {
    if (applying.get() || !SHARED.contains(event.kind())) {
      return;
    }
    publisher.async().publish(channel, origin + " " + event.kind().name() + " " + event.poolId())
        .exceptionally(t -> {
          LOG.warn("could not announce {} of pool {} to the other servers: {}", event.kind(), event.poolId(), t.toString());
          return null;
        });
  }

  private void received(String message) {
    String[] parts = message.split(" ", 3);
    if (parts.length != 3 || parts[0].equals(origin)) {
      return; // ours, or not a message of this protocol
    }
    String poolId = parts[2];
    try {
      if (PoolChangeEvent.Kind.INVALIDATED.name().equals(parts[1])) {
        worker.execute(() -> apply(() -> service.invalidate(poolId)));
        return;
      }
      worker.execute(() -> apply(() -> reconcile(poolId)));
      for (long ms : LOOK_AGAIN_MS) {
        worker.schedule(() -> apply(() -> reconcile(poolId)), ms, TimeUnit.MILLISECONDS);
      }
    } catch (RejectedExecutionException closed) {
      // closing
    }
  }

  private void apply(Runnable change) {
    applying.set(true);
    try {
      change.run();
    } catch (RuntimeException e) {
      LOG.warn("could not apply another server's change: {}", e.toString());
    } finally {
      applying.set(false);
    }
  }

  /** Makes the service's pool match the database's: added, replaced or removed. */
  private void reconcile(String poolId) {
    Optional<PoolConfig> stored = store.find(poolId);
    PoolConfig current = null;
    for (PoolConfig p : service.pools()) {
      if (p.id().equals(poolId)) {
        current = p;
      }
    }
    if (stored.isEmpty()) {
      if (current != null) {
        service.removePool(poolId);
      }
    } else if (!stored.get().equals(current)) {
      try {
        service.putPool(stored.get());
      } catch (InvalidPoolConfigException e) {
        LOG.warn("stored pool {} is not watched: {}", poolId, e.getMessage());
      }
    }
  }

  private void checkAll() {
    apply(() -> {
      Map<String, PoolConfig> watched = new HashMap<>();
      service.pools().forEach(p -> watched.put(p.id(), p));
      for (PoolConfig p : store.list()) {
        if (!p.equals(watched.remove(p.id()))) {
          reconcile(p.id());
        }
      }
      watched.keySet().forEach(this::reconcile);
    });
  }

  @Override
  public void close() {
    listening.close();
    worker.shutdownNow();
    try {
      subscriber.close();
      publisher.close();
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }
}
