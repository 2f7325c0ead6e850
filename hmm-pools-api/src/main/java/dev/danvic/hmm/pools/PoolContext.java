package dev.danvic.hmm.pools;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

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
   * Like {@link #getJson}, for an endpoint the current operation can do without: never waits for
   * the network. Meant for slow-changing enrichments ({@link PoolRequest#refreshInterval()} set) of
   * a pool whose own limits make every request costly (Braiins: one per 5 s), so that its first
   * tiles do not wait for them and a refresh sends only what is due.
   *
   * <p>Core's contexts complete at once with the answer core keeps for this pool and request when
   * it is younger than twice the request's refresh interval, else with {@code null} (not known yet:
   * the plugin leaves the fields it feeds {@code null}, never a guess). When that answer is missing
   * or older than the refresh interval, core fetches it in the background, under the operation's
   * deadline and the request's rate limit, for a later operation; a failed background fetch leaves
   * what was kept as it was. A request without a refresh interval is fetched as {@link #getJson}
   * does.
   *
   * <p>The default, for a context that keeps no answers (test doubles), is {@link #getJson}.
   *
   * @param request what to send, normally with {@link PoolRequest#withRefreshInterval} set
   * @return the parsed body, or {@code null} when none is known yet
   */
  default CompletableFuture<@Nullable JsonNode> getJsonDeferred(PoolRequest request) {
    return getJson(request);
  }

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
