package dev.danvic.hmm.pools.micrometer;

import dev.danvic.hmm.pools.BasePoolIntegration;
import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.PoolContext;
import dev.danvic.hmm.pools.PoolEndpoint;
import dev.danvic.hmm.pools.PoolHealthStatus;
import dev.danvic.hmm.pools.PoolRequest;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A plugin that reads {@code GET {api_base_url}/stats} ({@code {"hashrate": H/s, "workers": n}}). */
final class StatsPlugin implements BasePoolIntegration {
  @Override
  public String poolType() {
    return "statsfake";
  }

  @Override
  public String displayName() {
    return "Stats fake";
  }

  @Override
  public URI documentationUrl() {
    return URI.create("https://example.invalid/docs");
  }

  @Override
  public List<String> supportedCoins() {
    return List.of("BTC");
  }

  @Override
  public boolean requiresApiKey() {
    return false;
  }

  @Override
  public CompletableFuture<Boolean> detect(PoolEndpoint endpoint, PoolContext context) {
    return CompletableFuture.completedFuture(false);
  }

  @Override
  public CompletableFuture<PoolHealthStatus> healthCheck(PoolConfig pool, PoolContext context) {
    return CompletableFuture.completedFuture(PoolHealthStatus.healthy(1, context.now()));
  }

  @Override
  public CompletableFuture<DashboardTileData> dashboardData(PoolConfig pool, PoolContext context) {
    return context
        .getJson(PoolRequest.get(pool.apiBaseUrl().orElseThrow() + "/stats"))
        .thenApply(
            s ->
                DashboardTileData.builder(context.now())
                    .latencyMs(250.0)
                    .poolHashrate(s.path("hashrate").asDouble())
                    .userHashrate(s.path("user_hashrate").asDouble())
                    .activeWorkers(s.path("workers").asInt())
                    .shares(90L, 6L, 4L)
                    .rejectRate(10.0)
                    .estimatedTimeToBlockSeconds(3600.0)
                    .userEstimatedTimeToBlockSeconds(86_400.0)
                    .build());
  }
}
