package dev.danvic.hmm.pools.solopool;

import dev.danvic.hmm.pools.BasePoolIntegration;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.testkit.PoolPluginContractTest;
import java.util.Map;

/** Solopool.org against the testkit's contract, over real HTTP to a local MockWebServer. */
class SolopoolContractTest extends PoolPluginContractTest {

  @Override
  protected BasePoolIntegration plugin() {
    return new SolopoolIntegration();
  }

  @Override
  protected PoolConfig poolAt(String apiBaseUrl) {
    return PoolConfig.builder()
        .poolType("solopool")
        .url("stratum+tcp://btc.solopool.org:3334")
        .port(3334)
        .username(TestPools.WALLET)
        .config(PoolConfig.API_BASE_URL, apiBaseUrl)
        .build();
  }

  @Override
  protected Map<String, String> healthyAnswers() {
    return Map.of(
        "/api/stats", TestPools.fixture("stats-btc.json"),
        "/api/blocks", TestPools.fixture("blocks.json"),
        "/api/accounts/" + TestPools.WALLET, TestPools.fixture("account.json"));
  }
}
