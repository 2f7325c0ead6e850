package dev.danvic.hmm.pools.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.PoolContext;
import dev.danvic.hmm.pools.PoolRequest;
import dev.danvic.hmm.pools.PoolResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link PoolContext} whose every call throws (as a closed transport does) instead of returning
 * a failed future. A plugin handed it must still never throw: detection answers {@code false},
 * health is unhealthy and the tiles are an error tile set.
 */
public final class ThrowingPoolContext implements PoolContext {
  private final Clock clock;

  private ThrowingPoolContext(Clock clock) {
    this.clock = clock;
  }

  /**
   * @param now the fixed "now" of the context's clock
   * @return a context that throws {@link IllegalStateException} on every call
   */
  public static ThrowingPoolContext at(Instant now) {
    return new ThrowingPoolContext(Clock.fixed(now, ZoneOffset.UTC));
  }

  @Override
  public CompletableFuture<JsonNode> getJson(PoolRequest request) {
    throw new IllegalStateException("transport closed");
  }

  @Override
  public CompletableFuture<PoolResponse> send(PoolRequest request) {
    throw new IllegalStateException("transport closed");
  }

  @Override
  public JsonNode readJson(PoolResponse response) {
    throw new IllegalStateException("transport closed");
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public Instant deadline() {
    return clock.instant().plusSeconds(10);
  }
}
