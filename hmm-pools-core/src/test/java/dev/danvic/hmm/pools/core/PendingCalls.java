package dev.danvic.hmm.pools.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.PoolContext;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * Plugin answers the test completes by hand: every call is queued with its pool and context, and
 * its future stays open until the test completes it.
 *
 * @param <T> the answer type
 */
final class PendingCalls<T> implements BiFunction<PoolConfig, PoolContext, CompletableFuture<T>> {
  record Call<T>(PoolConfig pool, PoolContext context, CompletableFuture<T> answer) {}

  private final BlockingQueue<Call<T>> calls = new LinkedBlockingQueue<>();

  @Override
  public CompletableFuture<T> apply(PoolConfig pool, PoolContext context) {
    CompletableFuture<T> answer = new CompletableFuture<>();
    calls.add(new Call<>(pool, context, answer));
    return answer;
  }

  /** @return the next call, waiting up to 10 s for it */
  Call<T> next() throws InterruptedException {
    Call<T> call = calls.poll(10, TimeUnit.SECONDS);
    assertThat(call).as("a plugin call within 10 s").isNotNull();
    return call;
  }

  /** @return the number of calls not yet taken with {@link #next()} */
  int waiting() {
    return calls.size();
  }
}
