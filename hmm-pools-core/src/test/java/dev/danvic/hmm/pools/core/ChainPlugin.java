package dev.danvic.hmm.pools.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.PoolContext;
import dev.danvic.hmm.pools.PoolRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tiles that keep a plugin working: {@value #STEPS} requests one after the other, each answer
 * parsed and counted before the next is sent. So a test can count the work done after the
 * operation was given up (deadline, pool removed). Install with {@link #plugin()}.
 */
final class ChainPlugin {
  static final int STEPS = 1000;

  /** Answers the plugin parsed (continuations that ran). */
  final AtomicInteger steps = new AtomicInteger();
  /** Completes when a chain stops, by finishing or failing. */
  final CompletableFuture<Void> chainEnded = new CompletableFuture<>();

  /** @return a plugin of type {@code chain} whose tiles are this chain */
  FakePlugin plugin() {
    return new FakePlugin("chain").tiles(this::tiles);
  }

  private CompletableFuture<DashboardTileData> tiles(PoolConfig pool, PoolContext context) {
    String url = pool.apiBaseUrl().orElseThrow() + "/step";
    CompletableFuture<JsonNode> chain = context.getJson(PoolRequest.get(url));
    for (int i = 1; i < STEPS; i++) {
      chain =
          chain.thenCompose(
              json -> {
                steps.incrementAndGet();
                return context.getJson(PoolRequest.get(url));
              });
    }
    chain.whenComplete((v, t) -> chainEnded.complete(null));
    return chain.thenApply(json -> DashboardTileData.builder(context.now()).currency("BTC").build());
  }
}
