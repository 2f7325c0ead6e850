package dev.danvic.hmm.pools.benchmarks;

import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.core.DashboardPoolService;
import dev.danvic.hmm.pools.core.PoolRegistry;
import dev.danvic.hmm.pools.server.PoolStore;
import dev.danvic.hmm.pools.server.PoolsServer;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * The reference server, in this process on {@code 127.0.0.1} and a free port, over an in-memory
 * H2 database that holds the given pools.
 */
final class ServerUnderTest implements AutoCloseable {
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private final PoolStore store;
  private final PoolRegistry registry;
  private final PoolsServer server;

  private ServerUnderTest(PoolStore store, PoolRegistry registry, PoolsServer server) {
    this.store = store;
    this.registry = registry;
    this.server = server;
  }

  /**
   * @param pools the pools to store and watch
   * @param service adjusts the server's dashboard service (TTL, ticker)
   * @return the running server
   */
  static ServerUnderTest start(List<PoolConfig> pools, UnaryOperator<DashboardPoolService.Builder> service) {
    PoolStore store = PoolStore.open("jdbc:h2:mem:benchmarks-" + DATABASES.incrementAndGet());
    PoolRegistry registry = null;
    try {
      for (PoolConfig p : pools) {
        store.insert(p);
      }
      registry = PoolRegistry.discover();
      PoolsServer server =
          PoolsServer.builder().store(store).registry(registry).host("127.0.0.1").port(0).service(service).build().start();
      return new ServerUnderTest(store, registry, server);
    } catch (RuntimeException e) {
      if (registry != null) {
        registry.close();
      }
      store.close();
      throw e;
    }
  }

  /**
   * @param path a path such as {@code /pools/types}
   * @return its address on this server
   */
  URI uri(String path) {
    return URI.create(server.baseUrl() + path);
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      registry.close();
      store.close();
    }
  }
}
