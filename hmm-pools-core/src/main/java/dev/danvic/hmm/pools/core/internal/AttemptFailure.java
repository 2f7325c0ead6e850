package dev.danvic.hmm.pools.core.internal;

import dev.danvic.hmm.pools.PoolApiException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How one attempt of a retried call failed, as the resilience4j {@code Retry} sees it: the
 * exception the caller will get if no further attempt is made, whether another attempt may help,
 * how long the server asked to wait, and the operation's deadline (the shared retry configuration
 * has no other way to know it). Never escapes the transport. Not API.
 */
public final class AttemptFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient PoolApiException error;
  private final boolean retryable;
  private final transient @Nullable Duration retryAfter;
  private final long deadlineNanos;

  /**
   * @param error what the caller gets when this is the last attempt
   * @param retryable whether another attempt may help
   * @param retryAfter the wait the server asked for ({@code Retry-After}), or {@code null}
   * @param deadlineNanos when the operation is cut off, a reading of the transport's ticker
   */
  public AttemptFailure(
      PoolApiException error, boolean retryable, @Nullable Duration retryAfter, long deadlineNanos) {
    super(error.getMessage(), null, false, false);
    this.error = error;
    this.retryable = retryable;
    this.retryAfter = retryAfter;
    this.deadlineNanos = deadlineNanos;
  }

  /** @return what the caller gets when no further attempt is made */
  public PoolApiException error() {
    return error;
  }

  /** @return whether another attempt may help */
  public boolean retryable() {
    return retryable;
  }

  /** @return the wait the server asked for, or {@code null} */
  public @Nullable Duration retryAfter() {
    return retryAfter;
  }

  /** @return when the operation is cut off, a reading of the transport's ticker (nanoseconds) */
  public long deadlineNanos() {
    return deadlineNanos;
  }
}
