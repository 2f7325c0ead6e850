package dev.danvic.hmm.pools.publicpool;

import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.PoolEndpoint;
import dev.danvic.hmm.pools.PoolRequest;
import dev.danvic.hmm.pools.PublicHosts;
import java.util.Map;
import java.util.Optional;

/**
 * Where public-pool's API is, as data: the public instances (stratum host to API origin) and the
 * ports and paths of a self-hosted one. Immutable and thread-safe.
 *
 * <p>{@link #defaults()} knows {@code public-pool.io} (stratum port {@value #PUBLIC_STRATUM_PORT},
 * API {@code https://public-pool.io:40557}). A self-hosted instance serves its API on port
 * {@value #SELF_HOSTED_API_PORT} beside stratum {@value #SELF_HOSTED_STRATUM_PORT}; config
 * {@code api_port} or {@code api_base_url} says otherwise. Host names are matched whole, never as
 * substrings. A user adds a public instance this release does not know:
 *
 * <pre>{@code
 * PublicPoolEndpoints table = PublicPoolEndpoints.defaults().toBuilder()
 *     .publicHost("pool.example.org", "https://pool.example.org:40557")
 *     .build();
 * BasePoolIntegration plugin = PublicPoolIntegration.withEndpoints(table);
 * }</pre>
 */
public final class PublicPoolEndpoints {
  /** The public instance's stratum host. */
  public static final String PUBLIC_HOST = "public-pool.io";

  /** The public instance's stratum port. */
  public static final int PUBLIC_STRATUM_PORT = 21496;

  /** The public instance's API origin. */
  public static final String PUBLIC_API_ORIGIN = "https://public-pool.io:40557";

  /** A self-hosted instance's default stratum port. */
  public static final int SELF_HOSTED_STRATUM_PORT = 3333;

  /** A self-hosted instance's default API port (beside stratum 3333). */
  public static final int SELF_HOSTED_API_PORT = 3334;

  /** Pool-wide figures: {@code totalHashRate}, {@code totalMiners}, {@code blockHeight}, {@code fee}. */
  static final String POOL = "/api/pool";

  /** Network figures ({@code getmininginfo}): {@code difficulty}, {@code networkhashps}. */
  static final String NETWORK = "/api/network";

  /** The account's workers; the address is appended as one path segment. */
  static final String CLIENT = "/api/client/";

  private static final PublicPoolEndpoints DEFAULTS =
      builder().publicHost(PUBLIC_HOST, PUBLIC_API_ORIGIN).build();

  /** stratum host (lower case) to API origin; sorted, unmodifiable. */
  private final PublicHosts publicHosts;

  private PublicPoolEndpoints(PublicHosts publicHosts) {
    this.publicHosts = publicHosts;
  }

  /** @return the table this release knows (see the class documentation) */
  public static PublicPoolEndpoints defaults() {
    return DEFAULTS;
  }

  /** @return a builder with no public hosts */
  public static Builder builder() {
    return new Builder(PublicHosts.empty());
  }

  /** @return a builder holding this table */
  public Builder toBuilder() {
    return new Builder(publicHosts);
  }

  /** @return stratum host to API origin of every public instance, sorted by host */
  public Map<String, String> publicHosts() {
    return publicHosts.asMap();
  }

  /**
   * @param endpoint a normalised endpoint
   * @return whether its host is a known public instance (whole host name, any port)
   */
  public boolean isPublicHost(PoolEndpoint endpoint) {
    return publicHosts.contains(endpoint);
  }

  /**
   * The origin a configured pool's requests go to: {@code api_base_url}; else the public instance's
   * API origin; else {@code http://host:api_port}, port {@value #SELF_HOSTED_API_PORT} by default.
   *
   * @param pool a configured pool
   * @return the origin, without a trailing slash
   */
  public String apiOrigin(PoolConfig pool) {
    Optional<String> base = pool.apiBaseUrl();
    if (base.isPresent()) {
      return base.get();
    }
    PoolEndpoint endpoint = pool.endpoint();
    String known = publicHosts.origin(endpoint).orElse(null);
    if (known != null) {
      return known;
    }
    return selfHostedOrigin(endpoint, pool.apiPort().orElse(SELF_HOSTED_API_PORT));
  }

  /**
   * @param endpoint an endpoint being detected (no configuration: no key, default ports)
   * @return the origin a detection probe goes to: the public instance's, else
   *     {@code http://host:3334}
   */
  public String probeOrigin(PoolEndpoint endpoint) {
    String known = publicHosts.origin(endpoint).orElse(null);
    return known != null ? known : selfHostedOrigin(endpoint, SELF_HOSTED_API_PORT);
  }

  private static String selfHostedOrigin(PoolEndpoint endpoint, int apiPort) {
    return "http://" + new PoolEndpoint(endpoint.host(), apiPort, null).authority();
  }

  /**
   * @param address the payout address (the config's {@code username})
   * @return the path of the account's workers, the address percent-encoded as one segment
   */
  static String clientPath(String address) {
    return CLIENT + PoolRequest.pathSegment(address);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PublicPoolEndpoints other && publicHosts.equals(other.publicHosts);
  }

  @Override
  public int hashCode() {
    return publicHosts.hashCode();
  }

  @Override
  public String toString() {
    return "PublicPoolEndpoints[publicHosts=" + publicHosts.asMap() + "]";
  }

  /** Builds a {@link PublicPoolEndpoints}. Not thread-safe. */
  public static final class Builder {
    private final PublicHosts.Builder publicHosts;

    private Builder(PublicHosts hosts) {
      publicHosts = hosts.toBuilder();
    }

    /**
     * Adds (or replaces) a public instance.
     *
     * @param host its stratum host, any case
     * @param apiOrigin its API origin, {@code http(s)://host[:port]}; a trailing slash is dropped
     * @return this
     * @throws IllegalArgumentException when the origin is not an http(s) URL
     * @throws dev.danvic.hmm.pools.InvalidPoolConfigException when the host is not valid
     */
    public Builder publicHost(String host, String apiOrigin) {
      publicHosts.add(host, apiOrigin);
      return this;
    }

    /** @return the immutable table */
    public PublicPoolEndpoints build() {
      return new PublicPoolEndpoints(publicHosts.build());
    }
  }
}
