package dev.danvic.hmm.pools.ocean;

import dev.danvic.hmm.pools.BasePoolIntegration;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.testkit.Fixtures;
import dev.danvic.hmm.pools.testkit.PoolPluginContractTest;
import java.util.Map;

/** OCEAN against the testkit's contract, over real HTTP to a local MockWebServer. */
class OceanContractTest extends PoolPluginContractTest {
  @Override
  protected BasePoolIntegration plugin() {
    return new OceanIntegration();
  }

  @Override
  protected PoolConfig poolAt(String apiBaseUrl) {
    return OceanTilesTest.pool(OceanTilesTest.ADDRESS).toBuilder().config(PoolConfig.API_BASE_URL, apiBaseUrl).build();
  }

  @Override
  protected Map<String, String> healthyAnswers() {
    // earnpay's path holds the real clock's window: it answers 404 here, which leaves earnings unknown
    return Map.of(
        "/v1/pool_stat", Fixtures.read("ocean/pool_stat.json"),
        "/v1/statsnap/" + OceanTilesTest.ADDRESS, Fixtures.read("ocean/statsnap.json"),
        "/v1/user_hashrate_full/" + OceanTilesTest.ADDRESS, Fixtures.read("ocean/user_hashrate_full.json"));
  }
}
