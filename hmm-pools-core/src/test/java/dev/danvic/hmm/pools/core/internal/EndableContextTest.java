package dev.danvic.hmm.pools.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.PoolContext;
import dev.danvic.hmm.pools.PoolRequest;
import dev.danvic.hmm.pools.PoolResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EndableContextTest {
  /** A context whose calls never answer, counting them. */
  static final class Pending implements PoolContext {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public CompletableFuture<JsonNode> getJson(PoolRequest request) {
      calls.incrementAndGet();
      return new CompletableFuture<>();
    }

    @Override
    public CompletableFuture<PoolResponse> send(PoolRequest request) {
      calls.incrementAndGet();
      return new CompletableFuture<>();
    }

    @Override
    public JsonNode readJson(PoolResponse response) {
      calls.incrementAndGet();
      throw new IllegalStateException("not in this test");
    }

    @Override
    public Clock clock() {
      return Clock.fixed(Instant.parse("2026-11-30T00:00:00Z"), ZoneOffset.UTC);
    }

    @Override
    public Instant deadline() {
      return Instant.parse("2026-11-30T00:00:10Z");
    }
  }

  @Test
  void endingCancelsWhatIsInFlightAndRefusesWhatComesAfter() {
    Pending pending = new Pending();
    AtomicInteger opened = new AtomicInteger();
    EndableContext ctx = new EndableContext(() -> {
      opened.incrementAndGet();
      return pending;
    });
    assertThat(opened).hasValue(0); // opened when the plugin first needs it
    CompletableFuture<JsonNode> inFlight = ctx.open().getJson(PoolRequest.get("http://127.0.0.1:1/a"));
    AtomicInteger chained = new AtomicInteger();
    CompletableFuture<Integer> next = inFlight.thenApply(json -> chained.incrementAndGet());

    ctx.end();

    assertThat(inFlight).isCancelled();
    assertThat(next).isCompletedExceptionally();
    assertThat(chained).hasValue(0);
    assertThat(ctx.getJson(PoolRequest.get("http://127.0.0.1:1/b"))).isCompletedExceptionally();
    assertThat(ctx.send(PoolRequest.get("http://127.0.0.1:1/c"))).isCompletedExceptionally();
    assertThatThrownBy(() -> ctx.readJson(new PoolResponse(200, "application/json", "{}", Map.of(), 1)))
        .isInstanceOf(CancellationException.class)
        .hasMessageContaining("ended");
    assertThat(pending.calls).as("calls that reached the transport").hasValue(1);
    assertThat(opened).hasValue(1);
  }
}
