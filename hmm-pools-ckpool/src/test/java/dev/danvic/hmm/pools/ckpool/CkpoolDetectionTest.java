package dev.danvic.hmm.pools.ckpool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.danvic.hmm.pools.BasePoolIntegration;
import dev.danvic.hmm.pools.OfflineVerdict;
import dev.danvic.hmm.pools.PoolEndpoint;
import dev.danvic.hmm.pools.core.PoolRegistry;
import dev.danvic.hmm.pools.testkit.Fixtures;
import dev.danvic.hmm.pools.testkit.ScriptedPoolContext;
import org.junit.jupiter.api.Test;

/** solo.ckpool.org and its regional hosts are known offline; self-hosted ckpool is probed. */
class CkpoolDetectionTest {
  private final CkpoolIntegration plugin = new CkpoolIntegration();

  private static PoolEndpoint at(String url, int port) {
    return PoolEndpoint.parse(url, port);
  }

  @Test
  void thePublicHostsAreAnsweredOfflineOnWholeHostNamesOnly() {
    for (String host :
        new String[] {"solo.ckpool.org", "eusolo.ckpool.org", "AUSOLO.ckpool.org", "ussolo.ckpool.org", "solo.ckpool.org."}) {
      assertThat(plugin.detectOffline(at("stratum+tcp://" + host, 3333))).as(host).isEqualTo(OfflineVerdict.MATCH);
    }
    assertThat(plugin.detectOffline(at("solo.ckpool.org.example.com", 3333))).isEqualTo(OfflineVerdict.UNKNOWN);
    assertThat(plugin.detectOffline(at("notsolo.ckpool.org.evil", 3333))).isEqualTo(OfflineVerdict.UNKNOWN);
    assertThat(plugin.detectOffline(at("evilsolo.ckpool.org.attacker.com", 3333))).isEqualTo(OfflineVerdict.UNKNOWN);
    assertThat(plugin.detectOffline(at("notckpool.org", 3333))).isEqualTo(OfflineVerdict.UNKNOWN);
    assertThat(plugin.detectOffline(at("solockpool.org", 3333))).isEqualTo(OfflineVerdict.UNKNOWN);
    assertThat(CkpoolEndpoints.defaults().isPublicHost(at("pool.ckpool.org", 3333))).isFalse(); // not a solo host
    assertThat(plugin.detectOffline(at("public-pool.io", 21496))).isEqualTo(OfflineVerdict.NO_MATCH);
    assertThat(plugin.detectOffline(at("stratum.braiins.com", 3333))).isEqualTo(OfflineVerdict.NO_MATCH);
  }

  @Test
  void theRegistryAnswersEveryPublicHostWithoutAnyRequest() {
    try (PoolRegistry registry = PoolRegistry.builder().register(plugin).build()) {
      for (String host : new String[] {"solo.ckpool.org", "eusolo.ckpool.org", "ausolo.ckpool.org"}) {
        assertThat(registry.detectPool("stratum+tcp://" + host, 3333).join())
            .as(host)
            .map(BasePoolIntegration::poolType)
            .contains("ckpool");
      }
    }
  }

  @Test
  void aSelfHostedCkpoolIsProbedOnItsStatusFileWithoutCredentials() {
    ScriptedPoolContext ctx =
        ScriptedPoolContext.at(CkpoolTilesTest.NOW)
            .respond("http://192.168.1.30/pool/pool.status", 200, "text/plain", Fixtures.read("ckpool/pool.status"))
            .respond("http://192.168.1.31/pool/pool.status", 200, "text/plain", Fixtures.read("ckpool/pool-old.status"));
    assertThat(plugin.detect(at("192.168.1.30", 3333), ctx).join()).isTrue();
    assertThat(plugin.detect(at("192.168.1.31", 3333), ctx).join()).isTrue();
    assertThat(ctx.requests()).allSatisfy(r -> assertThat(r.headers()).isEmpty());
  }

  @Test
  void otherServersAreNotCkpool() {
    ScriptedPoolContext ctx =
        ScriptedPoolContext.at(CkpoolTilesTest.NOW)
            .json("http://10.0.0.1/pool/pool.status", "{\"status\":\"ok\"}")
            .status("http://10.0.0.2/pool/pool.status", 404)
            .respond("http://10.0.0.3/pool/pool.status", 200, "text/html", "<html>router</html>");
    for (String host : new String[] {"10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"}) {
      assertThat(plugin.detect(at(host, 3333), ctx).join()).as(host).isFalse();
    }
  }
}
