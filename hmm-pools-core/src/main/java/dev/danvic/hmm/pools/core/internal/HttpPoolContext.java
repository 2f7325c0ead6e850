package dev.danvic.hmm.pools.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.LenientJson;
import dev.danvic.hmm.pools.PoolApiException;
import dev.danvic.hmm.pools.PoolContext;
import dev.danvic.hmm.pools.PoolRequest;
import dev.danvic.hmm.pools.PoolResponse;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The {@link PoolContext} an {@code HttpPoolTransport} hands a plugin for one operation of one
 * scope (pool).
 *
 * <ul>
 *   <li>{@link #send} makes one attempt and completes with whatever status came back.
 *   <li>{@link #getJson} retries transient failures (connection errors, timeouts, 5xx, 429) with
 *       the scope's resilience4j {@code Retry}: exponential backoff with jitter, or the server's
 *       {@code Retry-After} when it is longer. A wait that would end past the deadline is not
 *       taken; the call fails at once with the last error. A resilience4j {@code TimeLimiter}
 *       cuts the whole call off at the deadline.
 * </ul>
 *
 * <p>Cancelling a returned future cancels the HTTP call in flight. Not API.
 */
public final class HttpPoolContext implements PoolContext {
  private static final int REMEMBERED_RESPONSES = 64;

  private final TransportEngine engine;
  private final String scope;
  private final Instant deadline;
  /** The deadline on the engine's monotonic ticker: what every wait and cut-off is measured by. */
  private final long deadlineNanos;
  private final Duration budget;
  /** The URL each response of {@link #send} came from, for {@link #readJson}'s messages. */
  private final Map<PoolResponse, String> sources = new IdentityHashMap<>(); // guarded by itself
  /** Told when a request the operation waits for is held back by its rate limit; {@code null}: nobody. */
  private volatile @Nullable RateLimitHolds holds;

  /**
   * @param engine the transport's engine
   * @param scope who the operation is for, usually a pool id
   * @param deadline when the operation is cut off
   */
  public HttpPoolContext(TransportEngine engine, String scope, Instant deadline) {
    this.engine = engine;
    this.scope = scope;
    this.deadline = deadline;
    // the only use of the wall clock: how much time the deadline leaves, read once; from here on
    // the monotonic ticker counts it down (a fixed or jumping clock cannot freeze or skip waits)
    Duration b = Duration.between(engine.clock().instant(), deadline);
    this.budget = b.isNegative() ? Duration.ZERO : b;
    this.deadlineNanos = engine.nanoTime() + budget.toNanos();
  }

  /** @return who the operation is for */
  public String scope() {
    return scope;
  }

  /**
   * Tells an observer when a request this operation waits for ({@link #send}, {@link #getJson}; not
   * the fetches {@link #getJsonDeferred} starts behind it) is held back by its rate limit.
   *
   * @param observer the observer; set before the plugin is called
   */
  public void watchHolds(RateLimitHolds observer) {
    this.holds = observer;
  }

  private TransportOperation begin(CompletableFuture<?> result, String safeUrl, boolean waitedFor) {
    TransportOperation op = engine.begin(result, safeUrl);
    RateLimitHolds h = holds;
    if (h != null && waitedFor) {
      op.watchHolds(h);
    }
    return op;
  }

  @Override
  public CompletableFuture<PoolResponse> send(PoolRequest request) {
    String safeUrl = request.safeUrl();
    CompletableFuture<PoolResponse> result = new CompletableFuture<>();
    TransportOperation op = begin(result, safeUrl, true);
    if (result.isDone()) {
      return result;
    }
    engine
        .attempt(op, request, deadlineNanos)
        .whenComplete(
            (response, error) -> {
              if (error == null) {
                remember(response, safeUrl);
                result.complete(response);
              } else {
                result.completeExceptionally(TransportEngine.unwrap(error));
              }
            });
    return result;
  }

  /**
   * {@inheritDoc}
   *
   * <p>A request with a {@linkplain PoolRequest#refreshInterval() refresh interval} is answered from
   * the transport's {@link ResponseMemo} while its kept answer is fresh, and joins a fetch of the
   * same request for the same scope that is already running.
   */
  @Override
  public CompletableFuture<JsonNode> getJson(PoolRequest request) {
    if (request.refreshInterval() != null) {
      return engine.memo().get(scope, request, () -> fetchJson(request, true));
    }
    return fetchJson(request, true);
  }

  @Override
  public CompletableFuture<@Nullable JsonNode> getJsonDeferred(PoolRequest request) {
    if (request.refreshInterval() == null) {
      return fetchJson(request, true);
    }
    try {
      // fetched behind the operation, which does not wait for it: not a hold of the operation
      return CompletableFuture.completedFuture(engine.memo().deferred(scope, request, () -> fetchJson(request, false)));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private CompletableFuture<JsonNode> fetchJson(PoolRequest request, boolean waitedFor) {
    String safeUrl = request.safeUrl();
    CompletableFuture<JsonNode> result = new CompletableFuture<>();
    TransportOperation op = begin(result, safeUrl, waitedFor);
    if (result.isDone()) {
      return result;
    }
    Duration remaining = Duration.ofNanos(deadlineNanos - engine.nanoTime());
    if (remaining.isNegative() || remaining.isZero()) {
      result.completeExceptionally(TransportEngine.deadlinePassed(safeUrl));
      return result;
    }
    ScheduledExecutorService scheduler;
    try {
      scheduler = engine.scheduler();
    } catch (IllegalStateException closed) {
      result.completeExceptionally(closed);
      return result;
    }
    Retry retry = engine.retry(scope);
    Supplier<CompletionStage<JsonNode>> oneAttempt =
        () -> engine.attempt(op, request, deadlineNanos).handle((r, e) -> toJson(r, e, safeUrl));
    TimeLimiter limiter =
        TimeLimiter.of(
            scope,
            TimeLimiterConfig.custom().timeoutDuration(remaining).cancelRunningFuture(true).build());
    limiter
        .executeCompletionStage(scheduler, () -> retry.executeCompletionStage(scheduler, oneAttempt))
        .whenComplete(
            (json, error) -> {
              if (error == null) {
                result.complete(json);
              } else {
                result.completeExceptionally(finalError(error, safeUrl, remaining));
              }
            });
    return result;
  }

  /** One attempt's outcome as the {@code Retry} needs it: a value or an {@link AttemptFailure}. */
  private JsonNode toJson(@Nullable PoolResponse response, @Nullable Throwable error, String safeUrl) {
    if (error != null) {
      Throwable cause = TransportEngine.unwrap(error);
      if (cause instanceof PoolApiException pe) {
        // a refused address stays refused: asking again would only repeat the answer
        boolean retry = pe.isRetryable() && !(pe.getCause() instanceof AddressGuard.RefusedAddressException);
        throw new AttemptFailure(pe, retry, null, deadlineNanos);
      }
      throw cause instanceof RuntimeException re ? re : new CompletionException(cause);
    }
    if (response == null) {
      throw new IllegalStateException("no response and no error from " + safeUrl);
    }
    if (!response.isSuccessful()) {
      throw statusFailure(response, safeUrl);
    }
    try {
      return LenientJson.parse(response, safeUrl);
    } catch (PoolApiException pe) {
      throw new AttemptFailure(pe, false, null, deadlineNanos);
    }
  }

  private AttemptFailure statusFailure(PoolResponse response, String safeUrl) {
    PoolApiException e = PoolApiException.forStatus(response.status(), safeUrl);
    if (!e.isRetryable()) {
      return new AttemptFailure(e, false, null, deadlineNanos);
    }
    // an HTTP date in Retry-After is a wall-clock fact; the wait it implies runs on the ticker
    Duration asked = RetryAfter.parse(response.header("Retry-After"), engine.clock().instant());
    if (asked != null
        && engine.nanoTime() + asked.toNanos() + TransportEngine.MIN_ATTEMPT_TIME.toNanos() - deadlineNanos > 0) {
      PoolApiException beyond =
          new PoolApiException(
              e.kind(),
              e.statusCode(),
              safeUrl,
              e.getMessage()
                  + "; the pool asked to wait "
                  + TransportText.seconds(asked)
                  + ", beyond the "
                  + TransportText.seconds(budget)
                  + " deadline");
      return new AttemptFailure(beyond, false, null, deadlineNanos);
    }
    return new AttemptFailure(e, true, asked, deadlineNanos);
  }

  private Throwable finalError(Throwable error, String safeUrl, Duration allowed) {
    Throwable cause = TransportEngine.unwrap(error);
    if (cause instanceof AttemptFailure f) {
      return f.error();
    }
    if (cause instanceof TimeoutException) {
      return HttpFailures.timedOut(safeUrl, allowed, null);
    }
    return cause;
  }

  @Override
  public JsonNode readJson(PoolResponse response) {
    String url;
    synchronized (sources) {
      url = sources.get(response);
    }
    return LenientJson.parse(response, url != null ? url : "the response for " + scope);
  }

  private void remember(PoolResponse response, String safeUrl) {
    synchronized (sources) {
      if (sources.size() >= REMEMBERED_RESPONSES) {
        sources.clear(); // a context serves one operation; this only bounds a misuse
      }
      sources.put(response, safeUrl);
    }
  }

  @Override
  public Clock clock() {
    return engine.clock();
  }

  @Override
  public Instant deadline() {
    return deadline;
  }

  @Override
  public String toString() {
    return "HttpPoolContext[" + scope + ", deadline " + deadline + "]";
  }
}
