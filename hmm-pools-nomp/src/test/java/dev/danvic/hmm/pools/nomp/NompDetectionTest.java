package dev.danvic.hmm.pools.nomp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.danvic.hmm.pools.OfflineVerdict;
import dev.danvic.hmm.pools.PoolEndpoint;
import dev.danvic.hmm.pools.testkit.Fixtures;
import dev.danvic.hmm.pools.testkit.ScriptedPoolContext;
import org.junit.jupiter.api.Test;

/** A NOMP portal is recognised only by probing /api/stats on port 8080, without credentials. */
class NompDetectionTest {
  private final NompIntegration plugin = new NompIntegration();
  private static final String PROBE = "http://192.168.1.50:8080/api/stats";

  @Test
  void aPortalAnsweringAPoolsMapIsNompAndTheProbeCarriesNoSecret() {
    ScriptedPoolContext ctx = ScriptedPoolContext.at(NompTilesTest.NOW).json(PROBE, Fixtures.read("nomp/stats.json"));
    assertThat(plugin.detect(PoolEndpoint.parse("stratum+tcp://192.168.1.50", 3032), ctx).join()).isTrue();
    assertThat(ctx.requests()).singleElement().satisfies(r -> assertThat(r.headers()).isEmpty());
  }

  @Test
  void otherServersAndHostedPoolsAreNotNomp() {
    ScriptedPoolContext ctx = ScriptedPoolContext.at(NompTilesTest.NOW).json(PROBE, "{\"pools\": [{\"id\": \"btc1\"}]}");
    assertThat(plugin.detect(PoolEndpoint.parse("192.168.1.50", 3032), ctx).join()).isFalse(); // Miningcore's array
    assertThat(plugin.detectOffline(PoolEndpoint.parse("solo.ckpool.org", 3333))).isEqualTo(OfflineVerdict.NO_MATCH);
    assertThat(plugin.detectOffline(PoolEndpoint.parse("pool.example.com", 3333))).isEqualTo(OfflineVerdict.UNKNOWN);
  }
}
