package dev.danvic.hmm.pools.ckpool;

import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.PoolEndpoint;
import dev.danvic.hmm.pools.PoolRequest;
import dev.danvic.hmm.pools.PublicHosts;
import java.util.Map;
import java.util.Optional;

/**
 * Where ckpool's status files are served, as data: the public instances (stratum host to the
 * origin of their web server) and the paths. Immutable and thread-safe.
 *
 * <p>The public instances are {@code solo.ckpool.org} and every host of {@code ckpool.org} whose name
 * ends in {@code solo.ckpool.org} ({@code eusolo.ckpool.org}, {@code ausolo.ckpool.org},
 * {@code ussolo.ckpool.org}, …; stratum 3333): their files are all served by
 * {@link #PUBLIC_API_ORIGIN}. This rule holds for every table; {@link #defaults()} also lists
 * {@code solo}, {@code eusolo} and {@code ausolo}, and a host added with
 * {@link Builder#publicHost} takes its own origin. A self-hosted ckpool writes the same files; the
 * web server that serves them is reached with config {@code api_base_url} (recommended), else
 * {@code http://host:api_port}, else {@code http://host} (port 80). Host names are matched whole
 * after normalisation, never as substrings: {@code evilsolo.ckpool.org.attacker.com} and
 * {@code notckpool.org} are not public instances.
 *
 * <pre>{@code
 * CkpoolEndpoints table = CkpoolEndpoints.defaults().toBuilder()
 *     .publicHost("btc.ckpool.org", "https://solo.ckpool.org")
 *     .build();
 * BasePoolIntegration plugin = CkpoolIntegration.withEndpoints(table);
 * }</pre>
 */
public final class CkpoolEndpoints {
  /** The origin of the public instances' web server. */
  public static final String PUBLIC_API_ORIGIN = "https://solo.ckpool.org";

  /** The public instances' hosts end in this, within {@link #PUBLIC_DOMAIN}. */
  private static final String PUBLIC_HOST_SUFFIX = "solo.ckpool.org";

  private static final String PUBLIC_DOMAIN = "ckpool.org";

  /** The port of a self-hosted web server when neither {@code api_base_url} nor {@code api_port} is set. */
  public static final int DEFAULT_WEB_PORT = 80;

  /** The pool's status: several JSON objects, one per line. */
  static final String POOL_STATUS = "/pool/pool.status";

  /** One account's figures; the address is appended as one path segment. */
  static final String USERS = "/users/";

  private static final CkpoolEndpoints DEFAULTS =
      builder()
          .publicHost("solo.ckpool.org", PUBLIC_API_ORIGIN)
          .publicHost("eusolo.ckpool.org", PUBLIC_API_ORIGIN)
          .publicHost("ausolo.ckpool.org", PUBLIC_API_ORIGIN)
          .build();

  private final PublicHosts publicHosts;

  private CkpoolEndpoints(PublicHosts publicHosts) {
    this.publicHosts = publicHosts;
  }

  /** @return the table this release knows (see the class documentation) */
  public static CkpoolEndpoints defaults() {
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

  /** @return stratum host to web origin of every public instance, sorted by host */
  public Map<String, String> publicHosts() {
    return publicHosts.asMap();
  }

  /**
   * @param endpoint a normalised endpoint
   * @return whether its host is a public instance: listed, or {@code solo.ckpool.org} or a host of
   *     {@code ckpool.org} ending in it (whole host name, any port)
   */
  public boolean isPublicHost(PoolEndpoint endpoint) {
    return publicHosts.contains(endpoint) || isPublicSoloHost(endpoint);
  }

  /** The listed origin of a public host, else the public origin for a {@code *solo.ckpool.org} host. */
  private Optional<String> publicOrigin(PoolEndpoint endpoint) {
    Optional<String> listed = publicHosts.origin(endpoint);
    return listed.isPresent() || !isPublicSoloHost(endpoint) ? listed : Optional.of(PUBLIC_API_ORIGIN);
  }

  /** {@code solo.ckpool.org} or a host of {@code ckpool.org} (whole labels) ending in it. */
  private static boolean isPublicSoloHost(PoolEndpoint endpoint) {
    return endpoint.isWithin(PUBLIC_DOMAIN) && endpoint.host().endsWith(PUBLIC_HOST_SUFFIX);
  }

  /**
   * @param pool a configured pool
   * @return {@code api_base_url}; else the public instance's origin; else {@code http://host:api_port}
   *     (port 80 when {@code api_port} is absent)
   */
  public String apiOrigin(PoolConfig pool) {
    Optional<String> base = pool.apiBaseUrl();
    if (base.isPresent()) {
      return base.get();
    }
    PoolEndpoint endpoint = pool.endpoint();
    String known = publicOrigin(endpoint).orElse(null);
    return known != null ? known : webOrigin(endpoint, pool.apiPort().orElse(DEFAULT_WEB_PORT));
  }

  /**
   * @param endpoint an endpoint being detected (no configuration)
   * @return the public instance's origin, else {@code http://host} (port 80)
   */
  public String probeOrigin(PoolEndpoint endpoint) {
    String known = publicOrigin(endpoint).orElse(null);
    return known != null ? known : webOrigin(endpoint, DEFAULT_WEB_PORT);
  }

  private static String webOrigin(PoolEndpoint endpoint, int port) {
    String authority = new PoolEndpoint(endpoint.host(), port, null).authority();
    return "http://" + (port == DEFAULT_WEB_PORT ? authority.substring(0, authority.lastIndexOf(':')) : authority);
  }

  /**
   * @param address the payout address (the config's {@code username})
   * @return the path of the account's file, the address percent-encoded as one segment
   */
  static String userPath(String address) {
    return USERS + PoolRequest.pathSegment(address);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CkpoolEndpoints other && publicHosts.equals(other.publicHosts);
  }

  @Override
  public int hashCode() {
    return publicHosts.hashCode();
  }

  @Override
  public String toString() {
    return "CkpoolEndpoints[publicHosts=" + publicHosts.asMap() + "]";
  }

  /** Builds a {@link CkpoolEndpoints}. Not thread-safe. */
  public static final class Builder {
    private final PublicHosts.Builder publicHosts;

    private Builder(PublicHosts hosts) {
      publicHosts = hosts.toBuilder();
    }

    /**
     * Adds (or replaces) a public instance.
     *
     * @param host its stratum host, any case
     * @param webOrigin the origin serving its status files, {@code http(s)://host[:port]}; a
     *     trailing slash is dropped
     * @return this
     * @throws IllegalArgumentException when the origin is not an http(s) URL
     * @throws dev.danvic.hmm.pools.InvalidPoolConfigException when the host is not valid
     */
    public Builder publicHost(String host, String webOrigin) {
      publicHosts.add(host, webOrigin);
      return this;
    }

    /** @return the immutable table */
    public CkpoolEndpoints build() {
      return new CkpoolEndpoints(publicHosts.build());
    }
  }
}
