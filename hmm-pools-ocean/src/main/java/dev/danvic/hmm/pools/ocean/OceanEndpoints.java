package dev.danvic.hmm.pools.ocean;

import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.PoolEndpoint;
import dev.danvic.hmm.pools.PoolRequest;
import java.time.Instant;

/**
 * Where OCEAN's API is, as data: the stratum domain whose hosts are OCEAN ({@code ocean.xyz}: {@code
 * mine.ocean.xyz} and the regional hosts), the API origin and the paths. Immutable.
 *
 * <p>Every request goes to config {@code api_base_url} when set (a mirror, a proxy, a test server),
 * else to {@value #API_ORIGIN}. Paths start with {@code /v1}; the address is one percent-encoded
 * path segment.
 */
public final class OceanEndpoints {
  /** OCEAN's API origin. */
  public static final String API_ORIGIN = "https://api.ocean.xyz";

  /** The domain of OCEAN's stratum hosts, matched as a whole host name or a subdomain of it. */
  public static final String STRATUM_DOMAIN = "ocean.xyz";

  /** Pool-wide figures. */
  static final String POOL_STAT = "/v1/pool_stat";

  private OceanEndpoints() {}

  /**
   * @param endpoint a normalised endpoint
   * @return whether its host is {@code ocean.xyz} or one of its subdomains (any port)
   */
  public static boolean isOceanHost(PoolEndpoint endpoint) {
    return endpoint.isWithin(STRATUM_DOMAIN);
  }

  /**
   * @param pool a configured pool
   * @return {@code api_base_url} when set, else {@value #API_ORIGIN}
   */
  public static String apiOrigin(PoolConfig pool) {
    return pool.apiBaseUrl().orElse(API_ORIGIN);
  }

  /** {@code /v1/statsnap/{address}}: the account's snapshot. */
  static String statsnap(String address) {
    return "/v1/statsnap/" + PoolRequest.pathSegment(address);
  }

  /** {@code /v1/user_hashrate_full/{address}}: hash-rate windows per worker. */
  static String userHashrateFull(String address) {
    return "/v1/user_hashrate_full/" + PoolRequest.pathSegment(address);
  }

  /**
   * {@code /v1/earnpay/{address}/{start}/{end}}: earnings and payouts between two unix times
   * (seconds).
   */
  static String earnpay(String address, Instant start, Instant end) {
    return "/v1/earnpay/" + PoolRequest.pathSegment(address) + "/" + start.getEpochSecond() + "/" + end.getEpochSecond();
  }
}
