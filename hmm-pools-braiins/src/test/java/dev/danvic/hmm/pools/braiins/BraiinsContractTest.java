package dev.danvic.hmm.pools.braiins;

import static dev.danvic.hmm.pools.braiins.BraiinsIntegration.PROFILE_PATH;
import static dev.danvic.hmm.pools.braiins.BraiinsIntegration.REWARDS_PATH;
import static dev.danvic.hmm.pools.braiins.BraiinsIntegration.STATS_PATH;
import static dev.danvic.hmm.pools.braiins.BraiinsIntegration.WORKERS_PATH;

import dev.danvic.hmm.pools.BasePoolIntegration;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.testkit.Fixtures;
import dev.danvic.hmm.pools.testkit.PoolPluginContractTest;
import java.util.Map;

/**
 * Braiins Pool against the testkit's contract, over real HTTP to a local MockWebServer. The
 * transport's 5 s per-token spacing applies here too, so within the contract's 5 s bound only the
 * profile (and at most one optional endpoint) is fetched: the contract checks the tiles stay
 * healthy and honest under that limit.
 */
class BraiinsContractTest extends PoolPluginContractTest {

  @Override
  protected BasePoolIntegration plugin() {
    return new BraiinsIntegration();
  }

  @Override
  protected PoolConfig poolAt(String apiBaseUrl) {
    return BraiinsFixtures.pool().toBuilder().config(PoolConfig.API_BASE_URL, apiBaseUrl).build();
  }

  @Override
  protected Map<String, String> healthyAnswers() {
    return Map.of(
        PROFILE_PATH, Fixtures.read("braiins/profile-current.json"),
        WORKERS_PATH, Fixtures.read("braiins/workers-current.json"),
        REWARDS_PATH, Fixtures.read("braiins/rewards.json"),
        STATS_PATH, Fixtures.read("braiins/stats.json"));
  }
}
