package dev.danvic.hmm.pools.miningcore;

import dev.danvic.hmm.pools.BasePoolIntegration;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.testkit.Fixtures;
import dev.danvic.hmm.pools.testkit.PoolPluginContractTest;
import java.util.Map;

/** Miningcore against the testkit's contract, over real HTTP to a local MockWebServer. */
class MiningcoreContractTest extends PoolPluginContractTest {
  @Override
  protected BasePoolIntegration plugin() {
    return new MiningcoreIntegration();
  }

  @Override
  protected PoolConfig poolAt(String apiBaseUrl) {
    return MiningcoreTilesTest.pool()
        .username(MiningcoreTilesTest.ADDRESS)
        .config(MiningcoreIntegration.POOL_ID, "btc1")
        .config(PoolConfig.API_BASE_URL, apiBaseUrl)
        .build();
  }

  @Override
  protected Map<String, String> healthyAnswers() {
    return Map.of(
        "/api/pools/btc1", Fixtures.read("miningcore/pool-btc1.json"),
        "/api/pools/btc1/blocks?page=0&pageSize=20", Fixtures.read("miningcore/blocks.json"),
        "/api/pools/btc1/miners/" + MiningcoreTilesTest.ADDRESS, Fixtures.read("miningcore/miner.json"));
  }
}
