package dev.danvic.hmm.pools;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** Turns a failure into words a person can act on. Shared by plugins and core. */
public final class Failures {
  private Failures() {}

  /**
   * Calls code that returns a future, so that it keeps the "never throws" half of the plugin
   * contract: an exception thrown by the call (or a {@code null} future) becomes a failed future.
   * Plugins wrap every {@link PoolContext} call in it.
   *
   * @param call code returning a future, for example {@code () -> context.getJson(request)}
   * @param <T> the future's value type
   * @return the call's future, or a future failed with what the call threw
   */
  public static <T> CompletableFuture<T> guard(Supplier<? extends CompletableFuture<T>> call) {
    try {
      CompletableFuture<T> f = call.get();
      return f != null
          ? f
          : CompletableFuture.failedFuture(new IllegalStateException("the call returned no future"));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * @param t a failure, possibly wrapped by {@link CompletionException} or {@link ExecutionException}
   * @return the failure underneath the wrappers
   */
  public static Throwable unwrap(Throwable t) {
    Throwable cur = t;
    while ((cur instanceof CompletionException || cur instanceof ExecutionException)
        && cur.getCause() != null) {
      cur = cur.getCause();
    }
    return cur;
  }

  /**
   * A one-line message for a tile or a health status. A {@link HmmPoolsException}'s own message is
   * used as is (it is written for people and carries no secrets); anything else is described by its
   * kind, not its message, since foreign messages may carry URLs with secrets.
   *
   * @param t a failure, possibly wrapped
   * @return the message
   */
  public static String describe(Throwable t) {
    Throwable u = unwrap(t);
    if (u instanceof HmmPoolsException && u.getMessage() != null) {
      return u.getMessage();
    }
    if (u instanceof TimeoutException) {
      return "timed out";
    }
    if (u instanceof CancellationException) {
      return "cancelled";
    }
    if (u instanceof UnsupportedOperationException && u.getMessage() != null) {
      return u.getMessage();
    }
    if (u instanceof IllegalStateException && u.getMessage() != null && u.getMessage().length() <= 120) {
      // a closed transport or service ("HttpPoolTransport is closed"): say what, not which class
      return "unexpected error: " + u.getMessage();
    }
    if (u instanceof IllegalArgumentException) {
      return "the pool returned data that cannot be shown (" + u.getClass().getSimpleName() + ")";
    }
    return "unexpected error: " + u.getClass().getSimpleName();
  }
}
