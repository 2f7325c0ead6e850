package dev.danvic.hmm.pools.quickstart;

import dev.danvic.hmm.pools.BasePoolIntegration;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.core.DashboardPoolService;
import dev.danvic.hmm.pools.core.HmmPoolsJson;
import dev.danvic.hmm.pools.core.PlatformTiles;
import dev.danvic.hmm.pools.core.PoolRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The README's quick start: detect which pool an endpoint is, then print the platform tiles.
 *
 * <p>Against the real Solopool.org run it with no API override; {@link QuickstartDemo} runs it
 * against a local simulator so it works offline.
 */
public final class Quickstart {
  /** The wallet the quick start watches (a placeholder address). */
  static final String WALLET = "bc1qexamplewallet0000000000000000000000";

  private Quickstart() {}

  /**
   * @param apiOverride config entries added to the pool, e.g. {@code api_base_url} of a local
   *     simulator; empty for the real pool
   * @return the platform tiles as the seed's JSON
   * @throws Exception when the JSON cannot be written
   */
  /**
   * The README's detection step: the pool type of an endpoint, or an error that says what to do.
   *
   * @param registry the plugins
   * @param url the stratum URL or host
   * @param port the stratum port
   * @return the pool type
   * @throws IllegalArgumentException naming the endpoint and the installed plugins when none
   *     recognises it (never a bare {@code NoSuchElementException})
   */
  static String detectType(PoolRegistry registry, String url, int port) {
    return registry.detectPool(url, port).join()
        .map(BasePoolIntegration::poolType)
        .orElseThrow(() -> new IllegalArgumentException(url + ":" + port
            + " is not a pool any installed plugin recognises (plugins: "
            + registry.plugins().stream().map(BasePoolIntegration::poolType).toList()
            + "); add the pool's plugin, or set its pool_type yourself"));
  }

  public static String run(Map<String, String> apiOverride) throws Exception {
    try (PoolRegistry registry = PoolRegistry.discover()) {
      // Which pool is btc.solopool.org:3334? Answered from the plugins' host tables, no traffic.
      String type = detectType(registry, "stratum+tcp://btc.solopool.org", 3334);

      PoolConfig pool = PoolConfig.builder().poolType(type)
          .url("stratum+tcp://btc.solopool.org").port(3334)
          .username(WALLET)
          .config(apiOverride).build();

      try (DashboardPoolService service =
          DashboardPoolService.builder(registry).pools(List.of(pool))
              .readBudget(Duration.ofSeconds(15)).build()) { // a one-shot tool waits for its pool
        PlatformTiles tiles = service.platformTiles().join();
        return HmmPoolsJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(tiles);
      }
    }
  }
}
