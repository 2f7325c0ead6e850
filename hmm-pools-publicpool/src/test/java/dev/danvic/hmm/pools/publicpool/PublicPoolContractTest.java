package dev.danvic.hmm.pools.publicpool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.danvic.hmm.pools.BasePoolIntegration;
import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.testkit.Fixtures;
import dev.danvic.hmm.pools.testkit.PoolPluginContractTest;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

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

  @Test
  void aPassingServerErrorOfThePoolEndpointIsRetriedByCore() throws Exception {
    Map<String, String> answers = healthyAnswers();
    AtomicInteger poolCalls = new AtomicInteger();
    server()
        .setDispatcher(
            new Dispatcher() {
              @Override
              public MockResponse dispatch(RecordedRequest request) {
                String target = request.getTarget();
                if ("/api/pool".equals(target) && poolCalls.incrementAndGet() == 1) {
                  return new MockResponse.Builder().code(503).body("restarting").build();
                }
                String body = answers.get(target);
                return body == null
                    ? new MockResponse.Builder().code(404).build()
                    : new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
              }
            });
    DashboardTileData t = plugin().dashboardData(poolAt(baseUrl()), context()).get(20, TimeUnit.SECONDS);
    assertThat(t.healthStatus()).as(t.healthMessage()).isTrue();
    assertThat(t.poolHashrate()).isEqualTo(3.2e15);
    assertThat(poolCalls.get()).isEqualTo(2);
  }
}
