package dev.danvic.hmm.pools.ckpool;

import dev.danvic.hmm.pools.BasePoolIntegration;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.testkit.Fixtures;
import dev.danvic.hmm.pools.testkit.PoolPluginContractTest;
import java.util.Map;

/** ckpool against the testkit's contract, over real HTTP to a local MockWebServer. */
class CkpoolContractTest extends PoolPluginContractTest {
  static final String ADDRESS = "bc1qbitaxe00000000000000000000000000000000";

  @Override
  protected BasePoolIntegration plugin() {
    return new CkpoolIntegration();
  }

  @Override
  protected PoolConfig poolAt(String apiBaseUrl) {
    return PoolConfig.builder()
        .poolType("ckpool")
        .url("stratum+tcp://127.0.0.1:3333")
        .port(3333)
        .username(ADDRESS)
        .config(PoolConfig.API_BASE_URL, apiBaseUrl)
        .config(CkpoolIntegration.NETWORK_DIFFICULTY, "1e14")
        .build();
  }

  @Override
  protected Map<String, String> healthyAnswers() {
    return Map.of(
        "/pool/pool.status", Fixtures.read("ckpool/pool.status"),
        "/users/" + ADDRESS, Fixtures.read("ckpool/user.json"));
  }
}
