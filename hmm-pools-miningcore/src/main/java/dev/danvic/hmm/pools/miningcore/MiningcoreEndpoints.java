package dev.danvic.hmm.pools.miningcore;

import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.PoolEndpoint;
import dev.danvic.hmm.pools.PoolRequest;

/**
 * Where a Miningcore server's API is, as data: the origin and the paths. Miningcore has no one
 * public instance: every server is reached at config {@code api_base_url} (recommended), else
 * {@code http://host:api_port}, else {@code http://host:}{@value #DEFAULT_API_PORT}.
 */
public final class MiningcoreEndpoints {
  /** The port Miningcore's API listens on unless configured otherwise. */
  public static final int DEFAULT_API_PORT = 4000;

  /** Every pool the server hosts. */
  static final String POOLS = "/api/pools";

  /** How many blocks one page of the block list holds. */
  static final int BLOCK_PAGE_SIZE = 20;

  /**
   * The most pages of the block list read for {@code blocks_found_24h} (so at most 100 blocks): a
   * further page is read only while a full page's oldest block is still within 24 h.
   */
  static final int MAX_BLOCK_PAGES = 5;

  private MiningcoreEndpoints() {}

  /**
   * @param pool a configured pool
   * @return {@code api_base_url}, else {@code http://host:api_port} (port {@value #DEFAULT_API_PORT}
   *     without {@code api_port})
   */
  public static String apiOrigin(PoolConfig pool) {
    return pool.apiBaseUrl().orElseGet(() -> origin(pool.endpoint(), pool.apiPort().orElse(DEFAULT_API_PORT)));
  }

  /**
   * @param endpoint an endpoint being detected (no configuration)
   * @return {@code http://host:}{@value #DEFAULT_API_PORT}
   */
  public static String probeOrigin(PoolEndpoint endpoint) {
    return origin(endpoint, DEFAULT_API_PORT);
  }

  private static String origin(PoolEndpoint endpoint, int port) {
    return "http://" + new PoolEndpoint(endpoint.host(), port, null).authority();
  }

  /** {@code /api/pools/{id}}: one pool, as {@code {pool: {…}}}. */
  static String pool(String poolId) {
    return POOLS + "/" + PoolRequest.pathSegment(poolId);
  }

  /** {@code /api/pools/{id}/blocks?page=0&pageSize=20}: the newest blocks, a bare array. */
  static String blocks(String poolId) {
    return blocks(poolId, 0);
  }

  /** {@code /api/pools/{id}/blocks?page=N&pageSize=20}: page N (0 = newest) of the blocks. */
  static String blocks(String poolId, int page) {
    return pool(poolId) + "/blocks?page=" + page + "&pageSize=" + BLOCK_PAGE_SIZE;
  }

  /** {@code /api/pools/{id}/miners/{address}}: one miner; 204 or an empty body when unknown. */
  static String miner(String poolId, String address) {
    return pool(poolId) + "/miners/" + PoolRequest.pathSegment(address);
  }
}
