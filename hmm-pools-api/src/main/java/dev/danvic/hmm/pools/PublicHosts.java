package dev.danvic.hmm.pools;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A pool's public instances as data: stratum host name to the origin of the HTTP API that serves
 * it. Hosts are matched whole after {@link PoolEndpoint}'s normalisation (lower case, no trailing
 * dot), never as substrings: {@code public-pool.io.example.com} is not {@code public-pool.io}.
 * Immutable and thread-safe; a plugin's endpoint table holds one, and a user extends it through
 * {@link #toBuilder()} when a pool opens a host this release does not know.
 */
public final class PublicHosts {
  /**
   * The domains of the hosted pools this project's plugins know. A plugin for a self-hosted pool
   * engine never probes a host within them ({@link #isHostedPoolOtherThan}).
   */
  public static final java.util.List<String> HOSTED_POOL_DOMAINS =
      java.util.List.of("solopool.org", "braiins.com", "slushpool.com", "public-pool.io", "ckpool.org", "ocean.xyz");

  private static final PublicHosts EMPTY = new PublicHosts(Map.of());

  private final Map<String, String> origins;

  private PublicHosts(Map<String, String> origins) {
    this.origins = Collections.unmodifiableMap(new TreeMap<>(origins));
  }

  /** @return a table with no hosts */
  public static PublicHosts empty() {
    return EMPTY;
  }

  /**
   * @param endpoint a normalised endpoint
   * @param own the calling plugin's own domains, left out of the check
   * @return whether the host lies within one of {@link #HOSTED_POOL_DOMAINS} other than {@code
   *     own} (whole labels: {@code notocean.xyz} is not {@code ocean.xyz}), so it is certainly
   *     another pool and must not be probed
   */
  public static boolean isHostedPoolOtherThan(PoolEndpoint endpoint, String... own) {
    for (String domain : HOSTED_POOL_DOMAINS) {
      if (endpoint.isWithin(domain) && !java.util.Arrays.asList(own).contains(domain)) {
        return true;
      }
    }
    return false;
  }

  /** @return a builder holding this table */
  public Builder toBuilder() {
    return new Builder(origins);
  }

  /** @return host to API origin, sorted by host */
  public Map<String, String> asMap() {
    return origins;
  }

  /**
   * @param endpoint a normalised endpoint
   * @return whether its host is in the table (any port)
   */
  public boolean contains(PoolEndpoint endpoint) {
    return origins.containsKey(endpoint.host());
  }

  /**
   * @param endpoint a normalised endpoint
   * @return the API origin of its host, or empty when the host is not in the table
   */
  public Optional<String> origin(PoolEndpoint endpoint) {
    return Optional.ofNullable(origins.get(endpoint.host()));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PublicHosts other && origins.equals(other.origins);
  }

  @Override
  public int hashCode() {
    return origins.hashCode();
  }

  @Override
  public String toString() {
    return "PublicHosts" + origins;
  }

  /** Builds a {@link PublicHosts}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, String> origins;

    private Builder(Map<String, String> origins) {
      this.origins = new TreeMap<>(origins);
    }

    /**
     * Adds (or replaces) a host.
     *
     * @param host the stratum host, any case
     * @param apiOrigin the origin of its HTTP API, {@code http(s)://host[:port]}; trailing slashes
     *     are dropped
     * @return this
     * @throws InvalidPoolConfigException when the host is not a valid host name
     * @throws IllegalArgumentException when the origin is not an http(s) URL
     */
    public Builder add(String host, String apiOrigin) {
      String h = new PoolEndpoint(Objects.requireNonNull(host, "host"), 1, null).host();
      String origin = Objects.requireNonNull(apiOrigin, "apiOrigin").trim();
      while (origin.endsWith("/")) {
        origin = origin.substring(0, origin.length() - 1);
      }
      PoolRequest.get(origin); // refuses anything but http(s), without echoing user info
      origins.put(h, origin);
      return this;
    }

    /** @return the immutable table */
    public PublicHosts build() {
      return new PublicHosts(origins);
    }
  }
}
