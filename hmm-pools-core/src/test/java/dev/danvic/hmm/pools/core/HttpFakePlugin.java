package dev.danvic.hmm.pools.core;

import com.fasterxml.jackson.databind.JsonNode;
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

/**
 * A plugin that talks HTTP like the real ones: tiles from {@code GET {api_base_url}/stats} and
 * {@code GET {api_base_url}/blocks}, read in parallel; detection by {@code GET
 * http://host:port/stats} answering 200.
 */
class HttpFakePlugin implements BasePoolIntegration {
  @Override
  public String poolType() {
    return "httpfake";
  }

  @Override
  public String displayName() {
    return "HTTP fake";
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
    String url = "http://" + endpoint.host() + ":" + endpoint.port() + "/stats";
    return context.send(PoolRequest.get(url)).thenApply(r -> r.status() == 200);
  }

  @Override
  public CompletableFuture<PoolHealthStatus> healthCheck(PoolConfig pool, PoolContext context) {
    return context
        .getJson(PoolRequest.get(base(pool) + "/stats"))
        .thenApply(json -> PoolHealthStatus.healthy(1.0, context.now()));
  }

  @Override
  public CompletableFuture<DashboardTileData> dashboardData(PoolConfig pool, PoolContext context) {
    CompletableFuture<JsonNode> stats = context.getJson(PoolRequest.get(base(pool) + "/stats"));
    CompletableFuture<JsonNode> blocks = context.getJson(PoolRequest.get(base(pool) + "/blocks"));
    return stats.thenCombine(
        blocks,
        (s, b) ->
            DashboardTileData.builder(context.now())
                .healthMessage(pool.name())
                .poolHashrate(s.path("hashrate").asDouble())
                .blocksFound24h(b.path("blocks").asInt())
                .currency("BTC")
                .build());
  }

  static String base(PoolConfig pool) {
    return pool.apiBaseUrl().orElseThrow();
  }
}
