package dev.danvic.hmm.pools.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.LenientJson;
import dev.danvic.hmm.pools.PoolApiException;
import dev.danvic.hmm.pools.PoolContext;
import dev.danvic.hmm.pools.PoolRequest;
import dev.danvic.hmm.pools.PoolResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory {@link PoolContext} for unit tests of a plugin: answers are scripted per URL (query
 * included), requests are recorded, time is a fixed clock. No thread, no socket: a plugin's parsing
 * is tested in microseconds. Non-2xx answers fail {@link #getJson} exactly as core's transport does
 * ({@link PoolApiException#forStatus}), without retries.
 *
 * <pre>{@code
 * ScriptedPoolContext ctx = ScriptedPoolContext.at(Instant.parse("2026-02-05T12:00:00Z"))
 *     .json("https://btc.solopool.org/api/stats", Fixtures.read("solopool/stats.json"))
 *     .status("https://btc.solopool.org/api/blocks", 503);
 * DashboardTileData tiles = plugin.dashboardData(pool, ctx).join();
 * }</pre>
 *
 * <p>A URL with no scripted answer fails like a refused connection. Thread-safe.
 */
public final class ScriptedPoolContext implements PoolContext {
  private final Clock clock;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final List<PoolRequest> requests = new CopyOnWriteArrayList<>();
  private final List<PoolRequest> deferred = new CopyOnWriteArrayList<>();
  private volatile Duration deadlineAfter = Duration.ofSeconds(10);
  private volatile boolean deferredUnknown;

  private ScriptedPoolContext(Clock clock) {
    this.clock = clock;
  }

  /**
   * @param now the fixed "now" of the context's clock
   * @return an empty context
   */
  public static ScriptedPoolContext at(Instant now) {
    return new ScriptedPoolContext(Clock.fixed(now, java.time.ZoneOffset.UTC));
  }

  /**
   * @param clock the clock the plugin sees
   * @return an empty context
   */
  public static ScriptedPoolContext withClock(Clock clock) {
    return new ScriptedPoolContext(clock);
  }

  /**
   * @param url the exact URL, query included
   * @param body a JSON body answered with status 200
   * @return this
   */
  public ScriptedPoolContext json(String url, String body) {
    return respond(url, 200, "application/json", body);
  }

  /**
   * @param url the exact URL
   * @param status the status, answered with an empty body
   * @return this
   */
  public ScriptedPoolContext status(String url, int status) {
    return respond(url, status, null, "");
  }

  /**
   * @param url the exact URL
   * @param status the status
   * @param contentType the content type, or {@code null}
   * @param body the body
   * @return this
   */
  public ScriptedPoolContext respond(String url, int status, @Nullable String contentType, String body) {
    Map<String, List<String>> headers =
        contentType == null ? Map.of() : Map.of("content-type", List.of(contentType));
    answers.put(url, new Answer(new PoolResponse(status, contentType, body, headers, 12.5), null));
    return this;
  }

  /**
   * @param url the exact URL
   * @param failure what the transport reports, for example a {@code TIMEOUT}
   * @return this
   */
  public ScriptedPoolContext fail(String url, PoolApiException failure) {
    answers.put(url, new Answer(null, failure));
    return this;
  }

  /**
   * @param after how long after "now" the operation's deadline lies (default 10 s)
   * @return this
   */
  public ScriptedPoolContext deadlineAfter(Duration after) {
    this.deadlineAfter = after;
    return this;
  }

  /**
   * Makes {@link #getJsonDeferred} answer {@code null}, as core does for an endpoint it has not
   * fetched yet (a pool's first refresh): the plugin must then leave the fields it feeds {@code
   * null}. By default it answers as {@link #getJson} does, as core does once it keeps the answer.
   *
   * @return this
   */
  public ScriptedPoolContext deferredUnknown() {
    this.deferredUnknown = true;
    return this;
  }

  /**
   * @return the requests asked for through {@link #getJsonDeferred}, in order (also in {@link
   *     #requests()} unless {@link #deferredUnknown()} made them unanswered)
   */
  public List<PoolRequest> deferredRequests() {
    return new ArrayList<>(deferred);
  }

  /** @return every request received, in order */
  public List<PoolRequest> requests() {
    return new ArrayList<>(requests);
  }

  /** @return the URLs requested, in order */
  public List<String> requestedUrls() {
    return requests.stream().map(PoolRequest::url).toList();
  }

  @Override
  public CompletableFuture<JsonNode> getJson(PoolRequest request) {
    return send(request)
        .thenApply(
            response -> {
              if (!response.isSuccessful()) {
                throw PoolApiException.forStatus(response.status(), request.safeUrl());
              }
              return LenientJson.parse(response, request.safeUrl());
            });
  }

  /**
   * Records the request; answers {@code null} after {@link #deferredUnknown()}, else as {@link
   * #getJson}.
   */
  @Override
  public CompletableFuture<@Nullable JsonNode> getJsonDeferred(PoolRequest request) {
    deferred.add(request);
    if (deferredUnknown) {
      return CompletableFuture.completedFuture(null);
    }
    return getJson(request);
  }

  @Override
  public CompletableFuture<PoolResponse> send(PoolRequest request) {
    requests.add(request);
    Answer a = answers.get(request.url());
    if (a == null) {
      return CompletableFuture.failedFuture(
          new PoolApiException(
              PoolApiException.Kind.CONNECTION,
              0,
              request.safeUrl(),
              "connection refused by " + request.safeUrl() + " (no scripted answer)"));
    }
    if (a.failure != null) {
      return CompletableFuture.failedFuture(a.failure);
    }
    return CompletableFuture.completedFuture(a.response);
  }

  @Override
  public JsonNode readJson(PoolResponse response) {
    return LenientJson.parse(response, "the response");
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public Instant deadline() {
    return clock.instant().plus(deadlineAfter);
  }

  private record Answer(@Nullable PoolResponse response, @Nullable PoolApiException failure) {}
}
