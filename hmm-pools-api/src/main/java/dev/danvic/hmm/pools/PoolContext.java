package dev.danvic.hmm.pools;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * What a plugin is handed for every operation: HTTP, JSON and time. Core implements it once, with
 * one shared HTTP client, timeouts, retries, rate limits, a body size cap and redaction of secrets,
 * so a plugin never builds a client, a thread pool or a cache of its own.
 *
 * <p>Futures returned here complete on the transport's threads; a plugin chains pure work onto
 * them and must not block.
 */
public interface PoolContext {

  /**
   * Sends a GET and parses a 2xx JSON body, retrying transient failures (connection errors,
   * timeouts, 5xx, 429 honouring {@code Retry-After}) with exponential backoff and jitter, within
   * the operation's {@link #deadline()}.
   *
   * @param request what to send
   * @return the parsed body; fails with {@link PoolApiException} whose {@link PoolApiException#kind()}
   *     says why (for example {@code AUTH_REJECTED} for 401/403, {@code NOT_FOUND} for 404,
   *     {@code MALFORMED_RESPONSE} for a body that is not JSON)
   */
  CompletableFuture<JsonNode> getJson(PoolRequest request);

  /**
   * Sends a GET once, without retries, and completes with the response whatever its status. For
   * detection and health probes, where a fast, honest answer beats a retried one.
   *
   * @param request what to send
   * @return the response; fails with {@link PoolApiException} only when no usable response arrived
   *     ({@code CONNECTION}, {@code TIMEOUT}, {@code BODY_TOO_LARGE}, {@code RATE_LIMITED}, or
   *     {@code MALFORMED_RESPONSE} for a peer that does not speak HTTP)
   */
  CompletableFuture<PoolResponse> send(PoolRequest request);

  /**
   * Parses a response body as JSON.
   *
   * @param response a response from {@link #send(PoolRequest)}
   * @return the parsed body
   * @throws PoolApiException of kind {@code MALFORMED_RESPONSE} when the body is not JSON
   */
  JsonNode readJson(PoolResponse response);

  /** @return the clock for "now" and for 24 h windows; tests inject a fixed one */
  Clock clock();

  /** @return the current time of {@link #clock()} */
  default Instant now() {
    return clock().instant();
  }

  /**
   * @return when the current operation is cut off; a plugin may skip optional requests that cannot
   *     finish before it
   */
  Instant deadline();
}
