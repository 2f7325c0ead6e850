package dev.danvic.hmm.pools.publicpool;

import dev.danvic.hmm.pools.BasePoolIntegration;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.testkit.Fixtures;
import dev.danvic.hmm.pools.testkit.PoolPluginContractTest;
import java.util.Map;

/** public-pool against the testkit's contract, over real HTTP to a local MockWebServer. */
class PublicPoolContractTest extends PoolPluginContractTest {
  static final String ADDRESS = "bc1qnerdminer0000000000000000000000000000";

  @Override
  protected BasePoolIntegration plugin() {
    return new PublicPoolIntegration();
  }

  @Override
  protected PoolConfig poolAt(String apiBaseUrl) {
    return PoolConfig.builder()
        .poolType("publicpool")
        .url("stratum+tcp://127.0.0.1:3333")
        .port(3333)
        .username(ADDRESS)
        .config(PoolConfig.API_BASE_URL, apiBaseUrl)
        .build();
  }

  @Override
  protected Map<String, String> healthyAnswers() {
    return Map.of(
        "/api/pool", Fixtures.read("publicpool/pool.json"),
        "/api/network", Fixtures.read("publicpool/network.json"),
        "/api/client/" + ADDRESS, Fixtures.read("publicpool/client.json"));
  }
}
