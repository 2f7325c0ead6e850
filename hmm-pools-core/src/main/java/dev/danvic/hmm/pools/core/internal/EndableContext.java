package dev.danvic.hmm.pools.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.PoolContext;
import dev.danvic.hmm.pools.PoolRequest;
import dev.danvic.hmm.pools.PoolResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The context a plugin is handed for one guarded operation, which the registry ends as soon as
 * the operation's result is settled: by the plugin's answer, the per-pool deadline, or the caller
 * cancelling it (a pool removed or replaced, a service closed). Ending cancels every request the
 * plugin still has in flight (the transport then cancels the HTTP call), and every later
 * {@code getJson}, {@code send} or {@code readJson} fails at once with
 * {@link CancellationException}, so continuations a plugin chained onto them never run their
 * work. Work stops with the wait, not only the wait. Not API.
 */
public final class EndableContext implements PoolContext {
  /** What a call on an ended context fails with. */
  public static final String ENDED =
      "the operation has ended (its deadline passed, or its pool was removed or changed)";

  private final Supplier<PoolContext> opener;
  private final Set<CompletableFuture<?>> live = ConcurrentHashMap.newKeySet();
  private volatile @Nullable PoolContext delegate;
  private volatile boolean ended;

  /**
   * @param opener makes the transport's context; called once, when the plugin first needs it (so
   *     a transport that refuses, closed, fails inside the guarded call, not before it)
   */
  public EndableContext(Supplier<PoolContext> opener) {
    this.opener = opener;
  }

  /**
   * Opens the transport's context now.
   *
   * @return this context
   * @throws RuntimeException what the transport throws (for example when it is closed)
   */
  public EndableContext open() {
    PoolContext d = delegate;
    if (d == null) {
      synchronized (this) {
        if (delegate == null) {
          delegate = opener.get();
        }
      }
    }
    return this;
  }

  private PoolContext delegate() {
    PoolContext d = delegate;
    if (d == null) {
      open();
      d = delegate;
    }
    return d;
  }

  /** @return whether {@link #end()} was called */
  public boolean isEnded() {
    return ended;
  }

  /** Cancels every call in flight and refuses every later one. Idempotent. */
  public void end() {
    ended = true;
    for (CompletableFuture<?> f : live) {
      f.cancel(false);
    }
  }

  @Override
  public CompletableFuture<JsonNode> getJson(PoolRequest request) {
    if (ended) {
      return CompletableFuture.failedFuture(new CancellationException(ENDED));
    }
    return track(delegate().getJson(request));
  }

  @Override
  public CompletableFuture<@Nullable JsonNode> getJsonDeferred(PoolRequest request) {
    if (ended) {
      return CompletableFuture.failedFuture(new CancellationException(ENDED));
    }
    return track(delegate().getJsonDeferred(request));
  }

  @Override
  public CompletableFuture<PoolResponse> send(PoolRequest request) {
    if (ended) {
      return CompletableFuture.failedFuture(new CancellationException(ENDED));
    }
    return track(delegate().send(request));
  }

  @Override
  public JsonNode readJson(PoolResponse response) {
    if (ended) {
      throw new CancellationException(ENDED);
    }
    return delegate().readJson(response);
  }

  @Override
  public Clock clock() {
    return delegate().clock();
  }

  @Override
  public Instant deadline() {
    return delegate().deadline();
  }

  private <T> CompletableFuture<T> track(CompletableFuture<T> f) {
    live.add(f);
    f.whenComplete((v, e) -> live.remove(f));
    if (ended) { // checked after add, so end() cannot miss it
      f.cancel(false);
    }
    return f;
  }

  @Override
  public String toString() {
    PoolContext d = delegate;
    return "EndableContext[" + (d != null ? d : "not opened") + (ended ? ", ended" : "") + "]";
  }
}
