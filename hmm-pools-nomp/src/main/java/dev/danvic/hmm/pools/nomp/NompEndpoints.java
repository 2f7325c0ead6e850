package dev.danvic.hmm.pools.nomp;

import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.PoolEndpoint;

/**
 * Where a NOMP portal's API is, as data. NOMP is self-hosted: every portal is reached at config
 * {@code api_base_url} (recommended), else {@code http://host:api_port}, else
 * {@code http://host:}{@value #DEFAULT_WEB_PORT}.
 */
public final class NompEndpoints {
  /** The port NOMP's web portal and API listen on unless configured otherwise. */
  public static final int DEFAULT_WEB_PORT = 8080;

  /** Every pool of the portal, with its workers. */
  static final String STATS = "/api/stats";

  private NompEndpoints() {}

  /**
   * @param pool a configured pool
   * @return {@code api_base_url}, else {@code http://host:api_port} (port {@value #DEFAULT_WEB_PORT}
   *     without {@code api_port})
   */
  public static String apiOrigin(PoolConfig pool) {
    return pool.apiBaseUrl().orElseGet(() -> origin(pool.endpoint(), pool.apiPort().orElse(DEFAULT_WEB_PORT)));
  }

  /**
   * @param endpoint an endpoint being detected (no configuration)
   * @return {@code http://host:}{@value #DEFAULT_WEB_PORT}
   */
  public static String probeOrigin(PoolEndpoint endpoint) {
    return origin(endpoint, DEFAULT_WEB_PORT);
  }

  private static String origin(PoolEndpoint endpoint, int port) {
    return "http://" + new PoolEndpoint(endpoint.host(), port, null).authority();
  }
}
