package dev.danvic.hmm.pools.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.PoolApiException;
import dev.danvic.hmm.pools.PoolContext;
import dev.danvic.hmm.pools.PoolRequest;
import dev.danvic.hmm.pools.PoolResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A transport without network: records the contexts it hands out; every request fails. */
final class FakeTransport implements PoolTransport {
  record Opened(String scope, Instant deadline) {}

  final List<Opened> opened = new CopyOnWriteArrayList<>();
  private final Clock clock;
  volatile boolean closed;

  FakeTransport(Clock clock) {
    this.clock = clock;
  }

  @Override
  public PoolContext context(String scope, Instant deadline) {
    if (closed) {
      throw new IllegalStateException("transport closed");
    }
    opened.add(new Opened(scope, deadline));
    return new PoolContext() {
      @Override
      public CompletableFuture<JsonNode> getJson(PoolRequest request) {
        return CompletableFuture.failedFuture(refused(request));
      }

      @Override
      public CompletableFuture<PoolResponse> send(PoolRequest request) {
        return CompletableFuture.failedFuture(refused(request));
      }

      @Override
      public JsonNode readJson(PoolResponse response) {
        throw new UnsupportedOperationException("no network in this test");
      }

      @Override
      public Clock clock() {
        return clock;
      }

      @Override
      public Instant deadline() {
        return deadline;
      }
    };
  }

  private static PoolApiException refused(PoolRequest request) {
    return new PoolApiException(
        PoolApiException.Kind.CONNECTION, 0, request.safeUrl(), "no network in this test");
  }

  @Override
  public void close() {
    closed = true;
  }
}
