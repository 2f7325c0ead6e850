package dev.danvic.hmm.pools.mmfp;

import dev.danvic.hmm.pools.BasePoolIntegration;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.testkit.PoolPluginContractTest;
import java.util.Map;

/** MMFP (GoSlimStratum) against the testkit's contract, over real HTTP to a local MockWebServer. */
class MmfpContractTest extends PoolPluginContractTest {

  @Override
  protected BasePoolIntegration plugin() {
    return new MmfpIntegration();
  }

  @Override
  protected PoolConfig poolAt(String apiBaseUrl) {
    return PoolConfig.builder()
        .poolType("mmfp")
        .url("stratum+tcp://127.0.0.1:3333")
        .port(3333)
        .config(PoolConfig.API_BASE_URL, apiBaseUrl)
        .config(PoolConfig.COIN, "BTC")
        .apiKey("mmfp-contract-key-42")
        .build();
  }

  @Override
  protected Map<String, String> healthyAnswers() {
    return Map.of(
        "/api/v1/health", Scripts.fixture("health-ok.json"),
        "/api/v1/BTC/metrics/pool", Scripts.fixture("metrics-pool-windowed.json"),
        "/api/v1/BTC/metrics/miners", Scripts.fixture("metrics-miners.json"));
  }
}
