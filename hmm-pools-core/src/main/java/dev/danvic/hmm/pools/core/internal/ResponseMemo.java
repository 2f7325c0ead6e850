package dev.danvic.hmm.pools.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.danvic.hmm.pools.LenientJson;
import dev.danvic.hmm.pools.PoolRequest;
import dev.danvic.hmm.pools.PoolResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.jspecify.annotations.Nullable;

/**
 * The answers of requests that declare a {@linkplain PoolRequest#refreshInterval() refresh
 * interval}, kept per scope (pool) and request so that each endpoint is fetched only as often as it
 * changes. One per transport; ages are read on the transport's monotonic ticker.
 *
 * <ul>
 *   <li>An answer younger than its interval is <em>fresh</em>: handed out again without a request.
 *   <li>Up to twice its interval it is still handed out by {@link #deferred} while a background
 *       fetch replaces it, so a slow endpoint's fields do not blink to {@code null} at every
 *       interval; after that it is dropped (never shown as current).
 *   <li>Endpoints are independent: one endpoint's failure never removes another's answer, and a
 *       failed fetch leaves the endpoint's own kept answer as it was (it ages out as above).
 *   <li>One fetch per scope and request at a time (single flight): a caller that needs the answer
 *       while a fetch runs joins it.
 * </ul>
 *
 * <p>Keys are SHA-256 digests of the scope, method, URL, headers (secret values included) and body,
 * so no secret is kept in a key. Bounded to {@value #MAX_ENTRIES} answers. Not API.
 */
public final class ResponseMemo {
  /** The most answers kept; the least recently used go first. */
  static final int MAX_ENTRIES = 10_000;

  /**
   * An answer as compact JSON text, deflated, not as the parsed tree: a block list kept as a tree
   * took about 50 KiB per pool (the retained heap per pool went from 9 to 62 KiB), as text still 39;
   * deflated it is a few KiB. Each reader gets a tree of its own that no other reader can change.
   * Numbers are written exactly as read (decimals as decimals, {@code NaN} as the bare token), so
   * the answer read back through {@link LenientJson#parse} equals the one that was kept.
   */
  private record Kept(byte[] deflated, String safeUrl, long fetchedAt, long intervalNanos) {
    JsonNode body() {
      return LenientJson.parse(new PoolResponse(200, "application/json", inflate(deflated), Map.of(), 0), safeUrl);
    }
  }

  private final Ticker ticker;
  private final Cache<String, Kept> kept;
  private final Map<String, Flight> inFlight = new ConcurrentHashMap<>();

  /** @param ticker the transport's monotonic ticker */
  public ResponseMemo(Ticker ticker) {
    this.ticker = ticker;
    this.kept =
        Caffeine.newBuilder()
            .maximumSize(MAX_ENTRIES)
            .ticker(ticker)
            .executor(Runnable::run)
            .expireAfter(
                new Expiry<String, Kept>() {
                  @Override
                  public long expireAfterCreate(String key, Kept value, long currentTime) {
                    return saturatedDouble(value.intervalNanos());
                  }

                  @Override
                  public long expireAfterUpdate(String key, Kept value, long currentTime, long currentDuration) {
                    return saturatedDouble(value.intervalNanos());
                  }

                  @Override
                  public long expireAfterRead(String key, Kept value, long currentTime, long currentDuration) {
                    return currentDuration;
                  }
                })
            .build();
  }

  /**
   * The answer for {@link dev.danvic.hmm.pools.PoolContext#getJson}: the kept one while fresh, else
   * the running fetch, else a new fetch whose success is kept.
   *
   * @param scope the pool the request is for
   * @param request a request with a refresh interval
   * @param fetch sends the request (with the transport's retries)
   * @return the answer
   */
  public CompletableFuture<JsonNode> get(String scope, PoolRequest request, Supplier<CompletableFuture<JsonNode>> fetch) {
    String key = key(scope, request);
    Kept k = kept.getIfPresent(key);
    JsonNode body = k != null && age(k) < k.intervalNanos() ? readBack(key, k) : null;
    return body != null ? CompletableFuture.completedFuture(body) : fetchOnce(key, request, fetch);
  }

  /**
   * The answer for {@link dev.danvic.hmm.pools.PoolContext#getJsonDeferred}: the kept one while
   * younger than twice its interval, else {@code null}; a fetch starts in the background when the
   * kept answer is missing or no longer fresh.
   *
   * @param scope the pool the request is for
   * @param request a request with a refresh interval
   * @param fetch sends the request (with the transport's retries)
   * @return the kept answer or {@code null}, never waiting for the network
   */
  public @Nullable JsonNode deferred(String scope, PoolRequest request, Supplier<CompletableFuture<JsonNode>> fetch) {
    String key = key(scope, request);
    Kept k = kept.getIfPresent(key);
    JsonNode body = k == null ? null : readBack(key, k);
    if (body == null || age(k) >= k.intervalNanos()) {
      fetchOnce(key, request, fetch);
    }
    return body;
  }

  /** @return how many answers are kept now */
  public long size() {
    kept.cleanUp();
    return kept.estimatedSize();
  }

  private CompletableFuture<JsonNode> fetchOnce(
      String key, PoolRequest request, Supplier<CompletableFuture<JsonNode>> fetch) {
    Flight mine = new Flight();
    Flight running = inFlight.putIfAbsent(key, mine);
    if (running != null) {
      return running.join();
    }
    long interval = request.refreshInterval().toNanos();
    CompletableFuture<JsonNode> sent;
    try {
      sent = fetch.get();
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    mine.sent = sent;
    sent.whenComplete(
        (body, failure) -> {
          if (failure == null && body != null) {
            keep(key, request, body, interval);
          }
          inFlight.remove(key, mine);
          if (failure == null) {
            mine.result.complete(body);
          } else {
            mine.result.completeExceptionally(failure);
          }
        });
    return mine.join();
  }

  /**
   * One fetch and the callers waiting for it. The fetch is cancelled (its HTTP call with it) only
   * when every caller that waits for it cancelled; a background fetch has none and runs on.
   */
  private static final class Flight {
    final CompletableFuture<JsonNode> result = new CompletableFuture<>();
    volatile @Nullable CompletableFuture<JsonNode> sent;
    private int waiting; // guarded by this

    CompletableFuture<JsonNode> join() {
      synchronized (this) {
        waiting++;
      }
      CompletableFuture<JsonNode> copy = result.copy();
      copy.whenComplete(
          (v, e) -> {
            if (copy.isCancelled()) {
              boolean last;
              synchronized (this) {
                last = --waiting == 0;
              }
              CompletableFuture<JsonNode> s = sent;
              if (last && s != null) {
                s.cancel(false);
              }
            }
          });
      return copy;
    }
  }

  private void keep(String key, PoolRequest request, JsonNode body, long interval) {
    try {
      kept.put(key, new Kept(deflate(TreeBytes.write(body)), request.safeUrl(), ticker.read(), interval));
    } catch (RuntimeException e) {
      kept.invalidate(key); // not kept: the next caller fetches again
    }
  }

  /** @return the kept answer as a tree of its own, or {@code null} (and dropped) if it cannot be read back */
  private @Nullable JsonNode readBack(String key, Kept k) {
    try {
      return k.body();
    } catch (RuntimeException e) {
      kept.invalidate(key);
      return null;
    }
  }

  private static byte[] deflate(byte[] json) {
    Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    try {
      deflater.setInput(json);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, json.length / 4));
      byte[] buffer = new byte[8192];
      while (!deflater.finished()) {
        out.write(buffer, 0, deflater.deflate(buffer));
      }
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }

  private static String inflate(byte[] deflated) {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(deflated);
      ByteArrayOutputStream out = new ByteArrayOutputStream(deflated.length * 4);
      byte[] buffer = new byte[8192];
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new IllegalStateException("a kept answer is truncated");
        }
        out.write(buffer, 0, n);
      }
      return out.toString(StandardCharsets.UTF_8);
    } catch (DataFormatException e) {
      throw new IllegalStateException("a kept answer is corrupt", e);
    } finally {
      inflater.end();
    }
  }

  private long age(Kept k) {
    return ticker.read() - k.fetchedAt();
  }

  private static long saturatedDouble(long nanos) {
    return nanos > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : nanos * 2;
  }

  private static String key(String scope, PoolRequest request) {
    StringBuilder sb = new StringBuilder();
    sb.append(scope).append('\n').append(request.method()).append(' ').append(request.url()).append('\n');
    new TreeMap<>(request.headers()).forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
    sb.append('\n').append(request.jsonBody() == null ? "" : request.jsonBody());
    return KeyedRateLimiter.digest(sb.toString());
  }

  @Override
  public String toString() {
    return "ResponseMemo[" + kept.estimatedSize() + " answers kept]";
  }
}
