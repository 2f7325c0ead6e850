package dev.danvic.hmm.pools.mmfp;

import static dev.danvic.hmm.pools.mmfp.Scripts.HEALTH;
import static dev.danvic.hmm.pools.mmfp.Scripts.SEED_STATS;
import static dev.danvic.hmm.pools.mmfp.Scripts.context;
import static dev.danvic.hmm.pools.mmfp.Scripts.fixture;
import static dev.danvic.hmm.pools.mmfp.Scripts.pool;
import static dev.danvic.hmm.pools.mmfp.Scripts.poolBuilder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.danvic.hmm.pools.BasePoolIntegration;
import dev.danvic.hmm.pools.InvalidPoolConfigException;
import dev.danvic.hmm.pools.OfflineVerdict;
import dev.danvic.hmm.pools.PoolApiException;
import dev.danvic.hmm.pools.PoolEndpoint;
import dev.danvic.hmm.pools.PoolHealthStatus;
import dev.danvic.hmm.pools.testkit.ScriptedPoolContext;
import dev.danvic.hmm.pools.testkit.ThrowingPoolContext;
import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.PoolContext;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Identity, detection and health checks of the MMFP plugin. */
class MmfpIntegrationTest {
  private final MmfpIntegration plugin = new MmfpIntegration();
  private final PoolEndpoint endpoint = PoolEndpoint.parse("stratum+tcp://192.168.1.50:3333", null);

  @Test
  void describesItself() {
    assertThat(plugin.poolType()).isEqualTo("mmfp");
    assertThat(plugin.displayName()).isEqualTo("MMFP Pool");
    assertThat(plugin.documentationUrl().getScheme()).isEqualTo("https");
    assertThat(plugin.supportedCoins()).containsExactly("BTC", "BCH", "DGB", "BC2");
    assertThat(plugin.requiresApiKey()).isFalse();
    assertThat(plugin.supportsEarnings()).isFalse();
    assertThat(plugin.supportsBalance()).isFalse();
  }

  @Test
  void serviceLoaderFindsThePlugin() {
    assertThat(ServiceLoader.load(BasePoolIntegration.class).stream().map(ServiceLoader.Provider::type))
        .contains(MmfpIntegration.class);
  }

  @Test
  void validateRefusesACoinMmfpDoesNotServe() {
    assertThatThrownBy(() -> plugin.validate(poolBuilder().config("coin", "ltc").build()))
        .isInstanceOf(InvalidPoolConfigException.class)
        .hasMessageContaining("LTC")
        .extracting(e -> ((InvalidPoolConfigException) e).field())
        .isEqualTo("coin");
    plugin.validate(poolBuilder().config("coin", "bc2").build()); // accepted
    plugin.validate(pool()); // no coin: accepted
  }

  @Test
  void offlineDetectionRulesOutHostedPoolsOnly() {
    assertThat(plugin.detectOffline(PoolEndpoint.parse("btc.solopool.org", 3334))).isEqualTo(OfflineVerdict.NO_MATCH);
    assertThat(plugin.detectOffline(PoolEndpoint.parse("eu.stratum.braiins.com", 3333))).isEqualTo(OfflineVerdict.NO_MATCH);
    assertThat(plugin.detectOffline(PoolEndpoint.parse("stratum.slushpool.com", 3333))).isEqualTo(OfflineVerdict.NO_MATCH);
    assertThat(plugin.detectOffline(endpoint)).isEqualTo(OfflineVerdict.UNKNOWN);
    assertThat(plugin.detectOffline(PoolEndpoint.parse("mysolopool.org", 3333))).isEqualTo(OfflineVerdict.UNKNOWN);
    assertThat(plugin.detectOffline(PoolEndpoint.parse("umbrel.local", 2018))).isEqualTo(OfflineVerdict.UNKNOWN);
  }

  @Test
  void detectsByHealthOnPort4004WhateverTheStratumPort() {
    ScriptedPoolContext ctx = context().json(HEALTH, fixture("health-ok.json"));
    assertThat(plugin.detect(endpoint, ctx).join()).isTrue();
    assertThat(ctx.requestedUrls()).containsExactly(HEALTH);
  }

  @Test
  void detectsTheEngineWhoseHealthSaysOnlyOk() {
    ScriptedPoolContext ctx = context().json(HEALTH, fixture("health-engine.json"));
    assertThat(plugin.detect(endpoint, ctx).join()).isTrue();
  }

  @Test
  void detectionFallsBackToTheSeedStatsWhenHealthIsNotOk() {
    ScriptedPoolContext ctx =
        context().json(HEALTH, fixture("health-degraded.json")).json(SEED_STATS, fixture("seed-stats.json"));
    assertThat(plugin.detect(endpoint, ctx).join()).isTrue();
    assertThat(ctx.requestedUrls()).containsExactly(HEALTH, SEED_STATS);

    ScriptedPoolContext seedOnly = context().status(HEALTH, 404).json(SEED_STATS, fixture("seed-stats.json"));
    assertThat(plugin.detect(endpoint, seedOnly).join()).isTrue();
  }

  @Test
  void detectionSaysNoToOtherServers() {
    assertThat(plugin.detect(endpoint, context().status(HEALTH, 404).status(SEED_STATS, 404)).join()).isFalse();
    assertThat(
            plugin.detect(endpoint, context().json(HEALTH, fixture("health-degraded.json")).status(SEED_STATS, 404)).join())
        .isFalse();
    // some web UI answering 200 with HTML everywhere
    String html = fixture("web-ui.html");
    assertThat(
            plugin.detect(endpoint, context().respond(HEALTH, 200, "text/html", html).respond(SEED_STATS, 200, "text/html", html))
                .join())
        .isFalse();
  }

  @Test
  void detectionDoesNotProbeFurtherWhenNothingListens() {
    ScriptedPoolContext ctx = context(); // every URL: connection refused
    assertThat(plugin.detect(endpoint, ctx).join()).isFalse();
    assertThat(ctx.requestedUrls()).containsExactly(HEALTH);
  }

  @Test
  void healthyWithTheProbesLatency() {
    PoolHealthStatus s = plugin.healthCheck(pool(), context().json(HEALTH, fixture("health-ok.json"))).join();
    assertThat(s.healthy()).isTrue();
    assertThat(s.latencyMs()).isEqualTo(12.5);
    assertThat(s.errorMessage()).isNull();
    assertThat(s.checkedAt()).isEqualTo(Scripts.NOW);
  }

  @Test
  void unhealthyWhenHealthReportsAnotherStatus() {
    ScriptedPoolContext ctx = context().json(HEALTH, fixture("health-degraded.json"));
    PoolHealthStatus s = plugin.healthCheck(pool(), ctx).join();
    assertThat(s.healthy()).isFalse();
    assertThat(s.errorMessage()).contains("'degraded'");
    assertThat(s.latencyMs()).isEqualTo(12.5);
    assertThat(ctx.requestedUrls()).containsExactly(HEALTH);
  }

  @Test
  void healthFallsBackToSeedStats() {
    ScriptedPoolContext ctx = context().status(HEALTH, 404).json(SEED_STATS, fixture("seed-stats.json"));
    PoolHealthStatus s = plugin.healthCheck(pool(), ctx).join();
    assertThat(s.healthy()).isTrue();
    assertThat(ctx.requestedUrls()).containsExactly(HEALTH, SEED_STATS);

    ScriptedPoolContext noStatus = context().json(HEALTH, fixture("health-no-status.json")).json(SEED_STATS, "{}");
    assertThat(plugin.healthCheck(pool(), noStatus).join().healthy()).isTrue();
  }

  @Test
  void unhealthyWithAnActionableMessageWhenNeitherAnswers() {
    PoolHealthStatus s = plugin.healthCheck(pool(), context().status(HEALTH, 404).status(SEED_STATS, 404)).join();
    assertThat(s.healthy()).isFalse();
    assertThat(s.errorMessage())
        .contains("no MMFP API found at http://192.168.1.50:4004", "/api/v1/health (HTTP 404)", "/stats (HTTP 404)", "api_port");
  }

  @Test
  void unhealthyOnServerErrorsWithoutFallingBack() {
    ScriptedPoolContext ctx = context().status(HEALTH, 503);
    PoolHealthStatus s = plugin.healthCheck(pool(), ctx).join();
    assertThat(s.healthy()).isFalse();
    assertThat(s.errorMessage()).contains("HTTP 503", HEALTH);
    assertThat(ctx.requestedUrls()).containsExactly(HEALTH);
  }

  @Test
  void unhealthyWhenTheServerCannotBeReached() {
    ScriptedPoolContext ctx =
        context().fail(HEALTH, new PoolApiException(PoolApiException.Kind.TIMEOUT, 0, HEALTH, "timed out after 5 s: " + HEALTH));
    PoolHealthStatus s = plugin.healthCheck(pool(), ctx).join();
    assertThat(s.healthy()).isFalse();
    assertThat(s.latencyMs()).isNull();
    assertThat(s.errorMessage()).contains("timed out after 5 s");
  }

  @Test
  void aRejectedKeyIsNamedWithoutTheKey() {
    String secret = "s3cr3t-mmfp-key";
    PoolHealthStatus withKey =
        plugin.healthCheck(poolBuilder().apiKey(secret).build(), context().status(HEALTH, 401)).join();
    assertThat(withKey.healthy()).isFalse();
    assertThat(withKey.errorMessage()).contains("rejected the API key", "api_key").doesNotContain(secret);

    PoolHealthStatus withoutKey = plugin.healthCheck(pool(), context().status(HEALTH, 403)).join();
    assertThat(withoutKey.errorMessage()).contains("requires an API key (X-API-Key)", "set config api_key");
  }

  @Test
  void aContextThatThrowsInsteadOfFailingNeverBreaksTheContract() {
    PoolContext throwing = ThrowingPoolContext.at(Scripts.NOW);
    assertThat(plugin.detect(endpoint, throwing).join()).isFalse();
    assertThat(plugin.healthCheck(pool(), throwing).join().healthy()).isFalse();
    DashboardTileData t = plugin.dashboardData(pool(), throwing).join();
    assertThat(t.healthStatus()).isFalse();
    assertThat(t.healthMessage()).isNotBlank();
  }
}
