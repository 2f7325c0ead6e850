package dev.danvic.hmm.pools.braiins;

import static dev.danvic.hmm.pools.braiins.BraiinsFixtures.TOKEN;
import static dev.danvic.hmm.pools.braiins.BraiinsFixtures.url;
import static dev.danvic.hmm.pools.braiins.BraiinsIntegration.PROFILE_PATH;
import static dev.danvic.hmm.pools.braiins.BraiinsIntegration.REWARDS_PATH;
import static dev.danvic.hmm.pools.braiins.BraiinsIntegration.STATS_PATH;
import static dev.danvic.hmm.pools.braiins.BraiinsIntegration.WORKERS_PATH;
import static org.assertj.core.api.Assertions.assertThat;

import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.PoolApiException;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.PoolHealthStatus;
import dev.danvic.hmm.pools.PoolRequest;
import dev.danvic.hmm.pools.testkit.ScriptedPoolContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BraiinsRequestsTest {
  private final BraiinsIntegration plugin = new BraiinsIntegration();

  @Test
  void sendsTheTokenInBothHeadersMarkedSecret() {
    ScriptedPoolContext ctx = BraiinsFixtures.current();
    plugin.dashboardData(BraiinsFixtures.pool(), ctx).join();
    plugin.healthCheck(BraiinsFixtures.pool(), ctx).join();

    assertThat(ctx.requests()).hasSize(5);
    for (PoolRequest r : ctx.requests()) {
      assertThat(r.headers())
          .containsEntry("SlushPool-Auth-Token", TOKEN)
          .containsEntry("Pool-Auth-Token", TOKEN);
      assertThat(r.isSecretHeader("SlushPool-Auth-Token")).isTrue();
      assertThat(r.isSecretHeader("Pool-Auth-Token")).isTrue();
      assertThat(r.toString()).doesNotContain(TOKEN);
    }
  }

  @Test
  void everyRequestSharesOneFiveSecondLimitPerToken() {
    ScriptedPoolContext ctx = BraiinsFixtures.current();
    plugin.dashboardData(BraiinsFixtures.pool(), ctx).join();
    plugin.healthCheck(BraiinsFixtures.pool(), ctx).join();
    plugin.recentBlocks(BraiinsFixtures.pool(), ctx).join();
    plugin.stats(BraiinsFixtures.pool(), ctx).join();
    // a second pool entry with the same token (another stratum host) shares the limit
    PoolConfig sameToken = BraiinsFixtures.pool().toBuilder().id("other").url("stratum.braiins.com").build();
    plugin.healthCheck(sameToken, ctx).join();

    List<PoolRequest> requests = ctx.requests();
    String key = requests.get(0).rateLimitKey();
    assertThat(key).startsWith("braiins:").doesNotContain(TOKEN);
    assertThat(requests)
        .hasSize(8)
        .allSatisfy(
            r -> {
              assertThat(r.rateLimitKey()).isEqualTo(key);
              assertThat(r.minInterval()).isEqualTo(Duration.ofSeconds(5));
            });

    ScriptedPoolContext other = BraiinsFixtures.current();
    plugin.healthCheck(BraiinsFixtures.pool("AnotherToken0123456789abcdef"), other).join();
    assertThat(other.requests().get(0).rateLimitKey()).startsWith("braiins:").isNotEqualTo(key);
  }

  @Test
  void asksForTheProfileThenStatsThenWorkersAndRewardsDeferredEachWithItsInterval() {
    ScriptedPoolContext ctx = BraiinsFixtures.current();
    plugin.dashboardData(BraiinsFixtures.pool(), ctx).join();
    assertThat(ctx.requestedUrls())
        .containsExactly(url(PROFILE_PATH), url(STATS_PATH), url(WORKERS_PATH), url(REWARDS_PATH));
    // the profile changes every tile window: no interval, asked for on every refresh
    assertThat(ctx.requests().get(0).refreshInterval()).isNull();
    assertThat(ctx.requests().get(1).refreshInterval()).isEqualTo(Duration.ofMinutes(5));
    // workers (20 s) and rewards (1 h) never hold a refresh up
    assertThat(ctx.deferredRequests())
        .extracting(r -> r.url(), r -> r.refreshInterval())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(url(WORKERS_PATH), Duration.ofSeconds(20)),
            org.assertj.core.groups.Tuple.tuple(url(REWARDS_PATH), Duration.ofHours(1)));
  }

  @Test
  void statsBlocksAndPayoutsDeclareTheirRefreshIntervals() {
    ScriptedPoolContext ctx = BraiinsFixtures.current();
    plugin.stats(BraiinsFixtures.pool(), ctx).join();
    plugin.recentBlocks(BraiinsFixtures.pool(), ctx).join();
    plugin.payouts(BraiinsFixtures.pool(), ctx).handle((v, e) -> v).join();
    assertThat(ctx.requests())
        .extracting(r -> r.refreshInterval())
        .containsExactly(Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofHours(1));
  }

  @Test
  void sendsEveryRequestToTheConfiguredOriginOnly() {
    ScriptedPoolContext ctx = BraiinsFixtures.current();
    plugin.dashboardData(BraiinsFixtures.pool(), ctx).join();
    plugin.healthCheck(BraiinsFixtures.pool(), ctx).join();
    plugin.payouts(BraiinsFixtures.pool(), ctx).handle((v, t) -> null).join();
    assertThat(ctx.requestedUrls()).allSatisfy(u -> assertThat(u).startsWith("http://127.0.0.1:18080/"));
  }

  @Test
  void defaultsToPoolBraiinsCom() {
    PoolConfig noBase = BraiinsFixtures.pool().toBuilder().config(PoolConfig.API_BASE_URL, null).build();
    ScriptedPoolContext ctx = BraiinsFixtures.context(); // answers nothing: no request leaves the test
    plugin.healthCheck(noBase, ctx).join();
    assertThat(ctx.requestedUrls()).containsExactly("https://pool.braiins.com/accounts/profile/json/btc/");
  }

  @Test
  void aRejectedTokenIsOneRequestAndAClearMessage() {
    ScriptedPoolContext ctx = BraiinsFixtures.forbidden(BraiinsFixtures.context(), PROFILE_PATH);
    DashboardTileData t = plugin.dashboardData(BraiinsFixtures.pool(), ctx).join();

    assertThat(t.healthStatus()).isFalse();
    assertThat(t.healthMessage()).isEqualTo("Braiins rejected the API token");
    assertThat(t.activeWorkers()).isNull();
    assertThat(t.confirmedBalance()).isNull();
    assertThat(t.poolHashrate()).isNull();
    assertThat(t.latencyMs()).isNull();
    assertThat(t.supportsBalance()).isTrue();
    // not retried, and the other endpoints are not tried with the rejected token
    assertThat(ctx.requestedUrls()).containsExactly(url(PROFILE_PATH));
  }

  @Test
  void aRejectedTokenFailsTheHealthCheckOnce() {
    ScriptedPoolContext ctx = BraiinsFixtures.forbidden(BraiinsFixtures.context(), PROFILE_PATH);
    PoolHealthStatus h = plugin.healthCheck(BraiinsFixtures.pool(), ctx).join();
    assertThat(h.healthy()).isFalse();
    assertThat(h.errorMessage()).isEqualTo("Braiins rejected the API token");
    assertThat(h.latencyMs()).isEqualTo(12.5);
    assertThat(ctx.requests()).hasSize(1);
  }

  @Test
  void a401IsARejectedTokenToo() {
    ScriptedPoolContext ctx = BraiinsFixtures.context().status(url(PROFILE_PATH), 401);
    DashboardTileData t = plugin.dashboardData(BraiinsFixtures.pool(), ctx).join();
    assertThat(t.healthMessage()).isEqualTo("Braiins rejected the API token");
    assertThat(ctx.requests()).hasSize(1);
  }

  @Test
  void aHealthyCheckReportsLatencyAndActiveWorkers() {
    ScriptedPoolContext ctx = BraiinsFixtures.current();
    PoolHealthStatus h = plugin.healthCheck(BraiinsFixtures.pool(), ctx).join();
    assertThat(h.healthy()).isTrue();
    assertThat(h.latencyMs()).isEqualTo(12.5);
    assertThat(h.activeWorkers()).isEqualTo(4); // ok_workers 3 + low_workers 1
    assertThat(h.errorMessage()).isNull();
    assertThat(ctx.requestedUrls()).containsExactly(url(PROFILE_PATH));
  }

  @Test
  void aTransientProfileFailureIsHandedToTheRetryingTransportOnce() {
    ScriptedPoolContext ctx = BraiinsFixtures.context().status(url(PROFILE_PATH), 503);
    DashboardTileData t = plugin.dashboardData(BraiinsFixtures.pool(), ctx).join();
    assertThat(t.healthStatus()).isFalse();
    assertThat(t.healthMessage())
        .isEqualTo("HTTP 503 (server error) from http://127.0.0.1:18080/accounts/profile/json/btc/");
    // one measured try, then getJson (the real transport retries with backoff within the deadline)
    assertThat(ctx.requestedUrls()).containsExactly(url(PROFILE_PATH), url(PROFILE_PATH));
  }

  @Test
  void aProfileTheLimiterCannotFitIsAnErrorWithoutRetry() {
    ScriptedPoolContext ctx =
        BraiinsFixtures.context()
            .fail(
                url(PROFILE_PATH),
                new PoolApiException(
                    PoolApiException.Kind.RATE_LIMITED, 0, url(PROFILE_PATH), "rate limit: no slot before the deadline"));
    DashboardTileData t = plugin.dashboardData(BraiinsFixtures.pool(), ctx).join();
    assertThat(t.healthStatus()).isFalse();
    assertThat(t.healthMessage()).isEqualTo("rate limit: no slot before the deadline");
    assertThat(ctx.requests()).hasSize(1);
  }

  @Test
  void withoutTokenNothingIsSent() {
    PoolConfig noToken = BraiinsFixtures.pool().toBuilder().apiKey(null).build();
    ScriptedPoolContext ctx = BraiinsFixtures.current();
    DashboardTileData t = plugin.dashboardData(noToken, ctx).join();
    PoolHealthStatus h = plugin.healthCheck(noToken, ctx).join();
    assertThat(t.healthStatus()).isFalse();
    assertThat(t.healthMessage()).startsWith("api_key: ").contains("requires an API access token");
    assertThat(h.healthy()).isFalse();
    assertThat(h.errorMessage()).isEqualTo(t.healthMessage());
    assertThat(ctx.requests()).isEmpty();
  }

  @Test
  void stripsBlanksAroundAPastedToken() {
    ScriptedPoolContext ctx = BraiinsFixtures.current();
    plugin.healthCheck(BraiinsFixtures.pool("  " + TOKEN + "\n"), ctx).join();
    assertThat(ctx.requests().get(0).headers()).containsEntry("Pool-Auth-Token", TOKEN);
  }

  @Test
  void refusesATokenThatCannotBeAHeaderWithoutQuotingIt() {
    String broken = "abcdef\r\nX-Injected: 1";
    ScriptedPoolContext ctx = BraiinsFixtures.current();
    DashboardTileData t = plugin.dashboardData(BraiinsFixtures.pool(broken), ctx).join();
    assertThat(t.healthStatus()).isFalse();
    assertThat(t.healthMessage()).startsWith("api_key: ").doesNotContain("abcdef").doesNotContain("Injected");
    assertThat(ctx.requests()).isEmpty();
  }

  @Test
  void theTokenAppearsInNoTileMessageOrToString() {
    List<String> shown = new ArrayList<>();
    // success, partial failure, rejection, transport failure echoing the URL and, by accident, the token
    shown.add(plugin.dashboardData(BraiinsFixtures.pool(), BraiinsFixtures.current()).join().toString());
    ScriptedPoolContext leaky =
        BraiinsFixtures.context()
            .fail(
                url(PROFILE_PATH),
                new PoolApiException(PoolApiException.Kind.HTTP_STATUS, 400, url(PROFILE_PATH), "HTTP 400: bad token " + TOKEN));
    shown.add(plugin.dashboardData(BraiinsFixtures.pool(), leaky).join().toString());
    shown.add(plugin.healthCheck(BraiinsFixtures.pool(), leaky).join().toString());
    ScriptedPoolContext partial =
        BraiinsFixtures.current()
            .fail(url(STATS_PATH), new PoolApiException(PoolApiException.Kind.HTTP_STATUS, 400, url(STATS_PATH), "token " + TOKEN));
    shown.add(plugin.dashboardData(BraiinsFixtures.pool(), partial).join().toString());
    ScriptedPoolContext rejected = BraiinsFixtures.forbidden(BraiinsFixtures.current(), STATS_PATH);
    shown.add(plugin.dashboardData(BraiinsFixtures.pool(), rejected).join().toString());
    Throwable blocksFailure = plugin.recentBlocks(BraiinsFixtures.pool(), partial).handle((v, e) -> e).join();
    shown.add(blocksFailure.getMessage());
    Throwable statsFailure = plugin.stats(BraiinsFixtures.pool(), rejected).handle((v, e) -> e).join();
    shown.add(statsFailure.getMessage());
    shown.add(plugin.toString());
    shown.add(BraiinsEndpoints.of(BraiinsFixtures.pool()).toString());
    shown.add(BraiinsFixtures.pool().toString());

    assertThat(shown).hasSize(10).allSatisfy(s -> assertThat(s).doesNotContain(TOKEN));
    assertThat(shown.get(1)).contains("HTTP 400: bad token [redacted]");
    assertThat(shown.get(3)).contains("pool statistics (HTTP 400)");
    assertThat(shown.get(4)).contains("pool statistics (token rejected)");
    assertThat(shown.get(5)).isEqualTo("token [redacted]");
    assertThat(shown.get(6)).isEqualTo("Braiins rejected the API token");
  }
}
