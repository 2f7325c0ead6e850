package dev.danvic.hmm.pools.mmfp;

import static dev.danvic.hmm.pools.mmfp.Scripts.fixture;
import static dev.danvic.hmm.pools.mmfp.Scripts.poolBuilder;
import static org.assertj.core.api.Assertions.assertThat;

import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.PoolRequest;
import dev.danvic.hmm.pools.testkit.ScriptedPoolContext;
import org.junit.jupiter.api.Test;

/** Where requests go (api_port, api_base_url) and the optional X-API-Key. */
class MmfpConfigTest {
  private static final String SECRET = "k3y-9f2c-do-not-show";
  private final MmfpIntegration plugin = new MmfpIntegration();

  /** A GoSlimStratum server at an origin, plus the engine and seed paths answering 404. */
  private static ScriptedPoolContext serverAt(String origin) {
    return Scripts.context()
        .json(origin + "/api/v1/health", fixture("health-ok.json"))
        .json(origin + "/api/v1/BTC/metrics/pool", fixture("metrics-pool-windowed.json"))
        .json(origin + "/api/v1/BTC/metrics/miners", fixture("metrics-miners.json"));
  }

  @Test
  void theApiIsOnTheStratumHostAtPort4004ByDefault() {
    ScriptedPoolContext ctx = serverAt("http://192.168.1.50:4004");
    DashboardTileData t = plugin.dashboardData(Scripts.pool(), ctx).join();
    assertThat(t.healthStatus()).isTrue();
    assertThat(ctx.requestedUrls()).isNotEmpty().allMatch(u -> u.startsWith("http://192.168.1.50:4004/api/v1/"));
  }

  @Test
  void apiPortMovesTheApi() {
    ScriptedPoolContext ctx = serverAt("http://192.168.1.50:8080");
    PoolConfig pool = poolBuilder().config("api_port", "8080").build();
    assertThat(plugin.dashboardData(pool, ctx).join().poolHashrate()).isEqualTo(1e12);
    assertThat(plugin.healthCheck(pool, ctx).join().healthy()).isTrue();
    assertThat(ctx.requestedUrls()).isNotEmpty().allMatch(u -> u.startsWith("http://192.168.1.50:8080/"));
  }

  @Test
  void apiBaseUrlReceivesEveryRequestAndOverridesApiPort() {
    String base = "http://127.0.0.1:18080";
    ScriptedPoolContext ctx = serverAt(base).status(base + "/blocks/recent", 404);
    PoolConfig pool = poolBuilder().config("api_base_url", base + "/").config("api_port", "9999").build();

    assertThat(plugin.dashboardData(pool, ctx).join().healthStatus()).isTrue();
    plugin.healthCheck(pool, ctx).join();
    plugin.stats(pool, ctx).join();
    plugin.recentBlocks(pool, ctx).handle((v, e) -> null).join();

    assertThat(ctx.requestedUrls())
        .isNotEmpty()
        .allMatch(u -> u.startsWith(base + "/"), "goes to api_base_url")
        .contains(base + "/api/v1/health", base + "/api/v1/BTC/metrics/pool", base + "/blocks/recent");
  }

  @Test
  void anIpv6StratumHostGetsABracketedOrigin() {
    ScriptedPoolContext ctx = serverAt("http://[fd00::50]:4004");
    PoolConfig pool = PoolConfig.builder().poolType("mmfp").url("stratum+tcp://[fd00::50]:3333").port(3333).build();
    assertThat(plugin.dashboardData(pool, ctx).join().poolHashrate()).isEqualTo(1e12);
  }

  @Test
  void theApiKeyIsSentAsASecretHeaderOnEveryRequest() {
    ScriptedPoolContext ctx = Scripts.seed();
    PoolConfig pool = poolBuilder().apiKey(SECRET).build();
    plugin.dashboardData(pool, ctx).join();
    plugin.healthCheck(pool, ctx).join();

    assertThat(ctx.requests()).hasSizeGreaterThan(5);
    for (PoolRequest r : ctx.requests()) {
      assertThat(r.headers()).containsEntry("X-API-Key", SECRET);
      assertThat(r.isSecretHeader("X-API-Key")).isTrue();
      assertThat(r.toString()).doesNotContain(SECRET);
    }
  }

  @Test
  void noApiKeyNoHeader() {
    ScriptedPoolContext ctx = Scripts.seed();
    plugin.dashboardData(Scripts.pool(), ctx).join();
    assertThat(ctx.requests()).isNotEmpty().allMatch(r -> r.headers().isEmpty());
  }

  @Test
  void aRejectedKeyBecomesAnErrorTileThatNamesTheSettingButNotTheKey() {
    ScriptedPoolContext ctx = Scripts.goSlimStratum().status(Scripts.METRICS_POOL, 401);
    DashboardTileData withKey = plugin.dashboardData(poolBuilder().apiKey(SECRET).build(), ctx).join();
    assertThat(withKey.healthStatus()).isFalse();
    assertThat(withKey.healthMessage()).contains("rejected the API key", "api_key").doesNotContain(SECRET);
    assertThat(ctx.requestedUrls()).doesNotContain(Scripts.ENGINE_STATS); // not retried elsewhere

    DashboardTileData withoutKey = plugin.dashboardData(Scripts.pool(), ctx).join();
    assertThat(withoutKey.healthMessage()).contains("requires an API key (X-API-Key)");
  }
}
