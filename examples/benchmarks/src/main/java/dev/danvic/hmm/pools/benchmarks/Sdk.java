package dev.danvic.hmm.pools.benchmarks;

import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.core.DashboardPoolService;
import dev.danvic.hmm.pools.core.HttpPoolTransport;
import dev.danvic.hmm.pools.core.PlatformTiles;
import dev.danvic.hmm.pools.core.PoolRegistry;
import java.time.Duration;
import java.util.List;

/**
 * What an application builds, with every default: a registry of the discovered plugins (and its
 * own {@code HttpPoolTransport}) and a dashboard service over the given pools.
 */
final class Sdk implements AutoCloseable {
  final PoolRegistry registry;
  final DashboardPoolService service;

  private Sdk(PoolRegistry registry, DashboardPoolService service) {
    this.registry = registry;
    this.service = service;
  }

  /**
   * @param pools the pools to watch
   * @return a new registry, transport and service, with nothing cached
   */
  static Sdk start(List<PoolConfig> pools) {
    return start(pools, PoolRegistry.discover());
  }

  /**
   * @param pools the pools to watch
   * @param transport the transport, with its defaults, that the caller keeps a hand on (and closes)
   * @return a new registry and service over that transport, with nothing cached
   */
  static Sdk start(List<PoolConfig> pools, HttpPoolTransport transport) {
    return start(pools, PoolRegistry.builder().discover().transport(transport).build());
  }

  private static Sdk start(List<PoolConfig> pools, PoolRegistry registry) {
    try {
      return new Sdk(registry, DashboardPoolService.builder(registry).pools(pools).readBudget(Duration.ofMinutes(5)).build());
    } catch (RuntimeException e) {
      registry.close();
      throw e;
    }
  }

  /**
   * Drops every cached tile set and reads the platform tiles again: one refresh of every pool.
   *
   * @return the new platform tiles
   */
  PlatformTiles refresh() {
    service.invalidateAll();
    return service.platformTiles().join();
  }

  @Override
  public void close() {
    service.close();
    registry.close();
  }
}
