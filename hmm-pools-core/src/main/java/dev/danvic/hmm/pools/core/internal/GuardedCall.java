package dev.danvic.hmm.pools.core.internal;

import dev.danvic.hmm.pools.Failures;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs one plugin operation so that it always completes, with a value, within a time limit: a
 * thrown exception, a failed or {@code null} future, or no answer in time all become the
 * fallback value built from a message a person can read. Not API.
 */
public final class GuardedCall {
  /** Runs the call on the calling thread. */
  public static final Executor DIRECT = Runnable::run;

  private GuardedCall() {}

  /**
   * @param call starts the operation; may throw or block before returning its future
   * @param launcher where {@code call} itself runs ({@link #DIRECT} for the calling thread)
   * @param timeout how long to wait, counted from this method's call (so time queued in
   *     {@code launcher} counts)
   * @param fallback builds the value for a failure, from a message for a person
   * @param secrets values that must never appear in a message (they are replaced)
   * @param <T> the result type
   * @return a future that never fails (unless {@code fallback} throws) and completes within
   *     {@code timeout}
   */
  public static <T> CompletableFuture<T> run(
      Supplier<CompletableFuture<T>> call,
      Executor launcher,
      Duration timeout,
      Function<String, T> fallback,
      Collection<String> secrets) {
    CompletableFuture<T> out = new CompletableFuture<>();
    CompletableFuture<T> started;
    try {
      started =
          CompletableFuture.supplyAsync(call, launcher)
              .thenCompose(
                  f ->
                      f != null
                          ? f
                          : CompletableFuture.failedFuture(
                              new IllegalStateException("the plugin returned no future")));
    } catch (RuntimeException rejected) { // launcher refused the task
      started = CompletableFuture.failedFuture(rejected);
    }
    started.whenComplete(
        (v, t) -> {
          try {
            if (t != null) {
              out.complete(fallback.apply(redact(Failures.describe(t), secrets)));
            } else if (v == null) {
              out.complete(fallback.apply("the plugin returned no result"));
            } else {
              out.complete(v);
            }
          } catch (RuntimeException e) {
            out.completeExceptionally(e);
          }
        });
    // `out` only ever fails through this timeout: every other outcome completes it normally.
    return out.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS)
        .exceptionally(
            t -> {
              if (Failures.unwrap(t) instanceof TimeoutException) {
                return fallback.apply("timed out after " + human(timeout));
              }
              throw new CompletionException(t);
            });
  }

  /**
   * @param d a duration
   * @return {@code "10 s"} for whole seconds, else {@code "250 ms"}
   */
  public static String human(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
  }

  /**
   * @param text a message
   * @param secrets values to hide
   * @return the message with every secret value replaced by {@code [redacted]}
   */
  public static String redact(String text, Collection<String> secrets) {
    String out = text;
    for (String s : secrets) {
      if (s != null && !s.isEmpty()) {
        out = out.replace(s, "[redacted]");
      }
    }
    return out;
  }
}
