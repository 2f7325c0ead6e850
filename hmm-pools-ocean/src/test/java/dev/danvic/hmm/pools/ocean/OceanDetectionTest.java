package dev.danvic.hmm.pools.ocean;

import static org.assertj.core.api.Assertions.assertThat;

import dev.danvic.hmm.pools.BasePoolIntegration;
import dev.danvic.hmm.pools.OfflineVerdict;
import dev.danvic.hmm.pools.PoolEndpoint;
import dev.danvic.hmm.pools.core.PoolRegistry;
import dev.danvic.hmm.pools.testkit.ScriptedPoolContext;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** OCEAN's stratum hosts are known offline; OCEAN is not self-hosted, so nothing is probed. */
class OceanDetectionTest {
  private final OceanIntegration plugin = new OceanIntegration();

  @Test
  void oceanXyzAndItsSubdomainsAreAnsweredOffline() {
    assertThat(plugin.detectOffline(PoolEndpoint.parse("stratum+tcp://mine.ocean.xyz", 3334))).isEqualTo(OfflineVerdict.MATCH);
    assertThat(plugin.detectOffline(PoolEndpoint.parse("eu.ocean.xyz", 3131))).isEqualTo(OfflineVerdict.MATCH);
    assertThat(plugin.detectOffline(PoolEndpoint.parse("MINE.OCEAN.XYZ.", 3334))).isEqualTo(OfflineVerdict.MATCH);
    assertThat(plugin.detectOffline(PoolEndpoint.parse("ocean.xyz.example.com", 3334))).isEqualTo(OfflineVerdict.NO_MATCH);
    assertThat(plugin.detectOffline(PoolEndpoint.parse("notocean.xyz", 3334))).isEqualTo(OfflineVerdict.NO_MATCH);
    assertThat(plugin.detectOffline(PoolEndpoint.parse("192.168.1.20", 3333))).isEqualTo(OfflineVerdict.NO_MATCH);
  }

  @Test
  void detectSendsNothing() {
    ScriptedPoolContext ctx = ScriptedPoolContext.at(OceanTilesTest.NOW);
    assertThat(plugin.detect(PoolEndpoint.parse("mine.ocean.xyz", 3334), ctx).join()).isTrue();
    assertThat(plugin.detect(PoolEndpoint.parse("192.168.1.20", 3333), ctx).join()).isFalse();
    assertThat(ctx.requests()).isEmpty();
  }

  @Test
  void theRegistryAnswersOceanWithoutAnyRequest() {
    try (PoolRegistry registry = PoolRegistry.builder().register(plugin).build()) {
      Optional<BasePoolIntegration> found = registry.detectPool("stratum+tcp://mine.ocean.xyz", 3334).join();
      assertThat(found).map(BasePoolIntegration::poolType).contains("ocean");
    }
  }
}
