package dev.danvic.hmm.pools.nomp;

import dev.danvic.hmm.pools.BasePoolIntegration;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.testkit.Fixtures;
import dev.danvic.hmm.pools.testkit.PoolPluginContractTest;
import java.util.Map;

/** NOMP against the testkit's contract, over real HTTP to a local MockWebServer. */
class NompContractTest extends PoolPluginContractTest {
  @Override
  protected BasePoolIntegration plugin() {
    return new NompIntegration();
  }

  @Override
  protected PoolConfig poolAt(String apiBaseUrl) {
    return NompTilesTest.pool("bitcoin")
        .username(NompTilesTest.ADDRESS)
        .config(PoolConfig.API_BASE_URL, apiBaseUrl)
        .build();
  }

  @Override
  protected Map<String, String> healthyAnswers() {
    return Map.of("/api/stats", Fixtures.read("nomp/stats.json"));
  }
}
