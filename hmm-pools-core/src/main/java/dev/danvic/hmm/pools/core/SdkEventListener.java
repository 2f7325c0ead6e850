package dev.danvic.hmm.pools.core;

import java.time.Duration;

/**
 * Hears what the SDK itself does, for metrics: every HTTP request the transport sends and how it
 * ended, every retry, and every read of the dashboard service's tile and health caches. Give one
 * to {@link HttpPoolTransport.Builder#eventListener(SdkEventListener)} and {@link
 * DashboardPoolService.Builder#eventListener(SdkEventListener)}; {@code hmm-pools-micrometer}
 * implements it.
 *
 * <p>Every method has an empty default, so an implementation overrides only what it needs. Methods
 * are called on the SDK's own threads, often several at once, and must return quickly without
 * blocking; an exception thrown by one is logged and ignored. Nothing passed here ever holds a
 * secret: outcomes are fixed words, never URLs or messages.
 */
public interface SdkEventListener {
  /** A listener that ignores everything: the default. */
  SdkEventListener NONE = new SdkEventListener() {};

  /**
   * One HTTP request (one attempt; a retried request is reported once per attempt) ended.
   *
   * @param outcome how it ended: {@code "2xx"}, {@code "3xx"}, {@code "4xx"} or {@code "5xx"} for
   *     an answer with that status class, or for a failure without a usable answer the lower-case
   *     {@link dev.danvic.hmm.pools.PoolApiException.Kind} name ({@code "connection"}, {@code
   *     "timeout"}, {@code "rate_limited"}, {@code "malformed_response"}, ...), {@code
   *     "body_too_large"}, {@code "cancelled"} (the operation ended first) or {@code "refused"} (a
   *     request that could not be sent)
   * @param duration from sending to the end, or {@link Duration#ZERO} when nothing was sent
   */
  default void requestCompleted(String outcome, Duration duration) {}

  /** The transport is about to send a request again after a failed attempt (one per retry). */
  default void requestRetried() {}

  /**
   * Reads of a cache of the dashboard service that found an entry (tiles or health).
   *
   * @param count how many
   */
  default void cacheHits(int count) {}

  /**
   * Reads of a cache of the dashboard service that found no entry and so started a load.
   *
   * @param count how many
   */
  default void cacheMisses(int count) {}

  /**
   * One load of a pool's tiles or health (a plugin call, including its requests) ended.
   *
   * @param duration how long it took
   * @param success {@code false} when it failed or was cancelled (an error-state tile set follows)
   */
  default void cacheLoaded(Duration duration, boolean success) {}
}
