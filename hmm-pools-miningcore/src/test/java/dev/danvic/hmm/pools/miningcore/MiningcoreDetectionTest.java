package dev.danvic.hmm.pools.miningcore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.danvic.hmm.pools.OfflineVerdict;
import dev.danvic.hmm.pools.PoolEndpoint;
import dev.danvic.hmm.pools.testkit.Fixtures;
import dev.danvic.hmm.pools.testkit.ScriptedPoolContext;
import org.junit.jupiter.api.Test;

/** A Miningcore server is recognised only by probing /api/pools on port 4000, without credentials. */
class MiningcoreDetectionTest {
  private final MiningcoreIntegration plugin = new MiningcoreIntegration();
  private static final String PROBE = "http://192.168.1.40:4000/api/pools";

  @Test
  void knownHostedPoolsAreRefusedOfflineOthersAreProbed() {
    assertThat(plugin.detectOffline(PoolEndpoint.parse("mine.ocean.xyz", 3334))).isEqualTo(OfflineVerdict.NO_MATCH);
    assertThat(plugin.detectOffline(PoolEndpoint.parse("btc.solopool.org", 3334))).isEqualTo(OfflineVerdict.NO_MATCH);
    assertThat(plugin.detectOffline(PoolEndpoint.parse("pool.example.com", 3032))).isEqualTo(OfflineVerdict.UNKNOWN);
  }

  @Test
  void aServerAnsweringPoolsIsMiningcoreAndTheProbeCarriesNoSecret() {
    ScriptedPoolContext ctx =
        ScriptedPoolContext.at(MiningcoreTilesTest.NOW).json(PROBE, Fixtures.read("miningcore/pools-two.json"));
    assertThat(plugin.detect(PoolEndpoint.parse("stratum+tcp://192.168.1.40", 3032), ctx).join()).isTrue();
    assertThat(ctx.requests()).singleElement().satisfies(r -> assertThat(r.headers()).isEmpty());
  }

  @Test
  void otherServersAreNotMiningcore() {
    ScriptedPoolContext ctx =
        ScriptedPoolContext.at(MiningcoreTilesTest.NOW)
            .json(PROBE, "{\"pools\": {\"bitcoin\": {}}}"); // NOMP's shape: a map, not an array
    assertThat(plugin.detect(PoolEndpoint.parse("192.168.1.40", 3032), ctx).join()).isFalse();
    assertThat(plugin.detect(PoolEndpoint.parse("192.168.1.41", 3032), ScriptedPoolContext.at(MiningcoreTilesTest.NOW)).join())
        .isFalse();
  }
}
