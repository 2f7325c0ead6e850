package dev.danvic.hmm.pools.publicpool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.danvic.hmm.pools.BasePoolIntegration;
import dev.danvic.hmm.pools.OfflineVerdict;
import dev.danvic.hmm.pools.PoolEndpoint;
import dev.danvic.hmm.pools.core.PoolRegistry;
import dev.danvic.hmm.pools.testkit.Fixtures;
import dev.danvic.hmm.pools.testkit.ScriptedPoolContext;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** public-pool.io is known offline; a self-hosted instance is recognised by probing /api/pool. */
class PublicPoolDetectionTest {
  private final PublicPoolIntegration plugin = new PublicPoolIntegration();

  private static PoolEndpoint at(String url, int port) {
    return PoolEndpoint.parse(url, port);
  }

  @Test
  void thePublicInstanceIsAnsweredOfflineOnWholeHostNamesOnly() {
    assertThat(plugin.detectOffline(at("stratum+tcp://public-pool.io", 21496))).isEqualTo(OfflineVerdict.MATCH);
    assertThat(plugin.detectOffline(at("PUBLIC-POOL.IO.", 21496))).isEqualTo(OfflineVerdict.MATCH);
    assertThat(plugin.detectOffline(at("public-pool.io.example.com", 21496))).isEqualTo(OfflineVerdict.UNKNOWN);
    assertThat(plugin.detectOffline(at("notpublic-pool.io", 21496))).isEqualTo(OfflineVerdict.UNKNOWN);
    assertThat(plugin.detectOffline(at("solo.ckpool.org", 3333))).isEqualTo(OfflineVerdict.NO_MATCH);
    assertThat(plugin.detectOffline(at("btc.solopool.org", 3334))).isEqualTo(OfflineVerdict.NO_MATCH);
  }

  @Test
  void theRegistryAnswersThePublicHostWithoutAnyRequest() {
    try (PoolRegistry registry = PoolRegistry.builder().register(plugin).build()) {
      Optional<BasePoolIntegration> found = registry.detectPool("stratum+tcp://public-pool.io", 21496).join();
      assertThat(found).map(BasePoolIntegration::poolType).contains("publicpool");
    }
  }

  @Test
  void aSelfHostedInstanceIsProbedOnApiPort3334WithoutCredentials() {
    ScriptedPoolContext ctx =
        ScriptedPoolContext.at(PublicPoolTilesTest.NOW)
            .json("http://192.168.1.20:3334/api/pool", Fixtures.read("publicpool/pool.json"));
    assertThat(plugin.detect(at("stratum+tcp://192.168.1.20", 3333), ctx).join()).isTrue();
    assertThat(ctx.requests()).singleElement().satisfies(r -> assertThat(r.headers()).isEmpty());
  }

  @Test
  void numbersAsStringsStillLookLikePublicPool() {
    ScriptedPoolContext ctx =
        ScriptedPoolContext.at(PublicPoolTilesTest.NOW)
            .json("http://192.168.1.20:3334/api/pool", Fixtures.read("publicpool/pool-strings.json"));
    assertThat(plugin.detect(at("192.168.1.20", 3333), ctx).join()).isTrue();
  }

  @Test
  void otherServersAreNotPublicPool() {
    ScriptedPoolContext ctx =
        ScriptedPoolContext.at(PublicPoolTilesTest.NOW)
            .json("http://10.0.0.1:3334/api/pool", "{\"status\":\"ok\"}")
            .status("http://10.0.0.2:3334/api/pool", 404)
            .respond("http://10.0.0.3:3334/api/pool", 200, "text/html", "<html>router</html>");
    for (String host : new String[] {"10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"}) {
      assertThat(plugin.detect(at(host, 3333), ctx).join()).as(host).isFalse();
    }
  }
}
