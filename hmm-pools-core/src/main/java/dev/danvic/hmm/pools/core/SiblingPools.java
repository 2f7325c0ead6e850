package dev.danvic.hmm.pools.core;

import dev.danvic.hmm.pools.PoolContext;
import java.util.concurrent.CompletableFuture;

/**
 * {@link NetworkSource#siblingPools()}: answered by the service from the tiles of its own pools, so
 * {@link #fetch} is never called.
 */
final class SiblingPools implements NetworkSource {
  static final SiblingPools INSTANCE = new SiblingPools();

  private SiblingPools() {}

  @Override
  public String kind() {
    return SIBLING;
  }

  @Override
  public String description() {
    return "sibling pools (another watched pool of the same coin)";
  }

  @Override
  public CompletableFuture<NetworkFigures> fetch(String coin, PoolContext http) {
    return CompletableFuture.failedFuture(
        new UnsupportedOperationException("sibling figures come from the service's own pools"));
  }

  @Override
  public String toString() {
    return "NetworkSource[sibling pools]";
  }
}
