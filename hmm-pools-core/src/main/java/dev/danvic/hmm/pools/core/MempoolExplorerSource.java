package dev.danvic.hmm.pools.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.Failures;
import dev.danvic.hmm.pools.HmmPoolsException;
import dev.danvic.hmm.pools.InvalidPoolConfigException;
import dev.danvic.hmm.pools.LenientJson;
import dev.danvic.hmm.pools.PoolApiException;
import dev.danvic.hmm.pools.PoolApiException.Kind;
import dev.danvic.hmm.pools.PoolContext;
import dev.danvic.hmm.pools.PoolRequest;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A mempool-style block explorer as a {@link NetworkSource}: a self-hosted
 * <a href="https://github.com/mempool/mempool">mempool</a> (Umbrel, Start9, RaspiBlitz, …) or any
 * server with the same REST API. Bitcoin only (mempool serves one chain per instance).
 *
 * <p>Requests, relative to the base URL given (for example {@code http://umbrel.local:3006}):
 * <ol>
 *   <li>{@code GET /api/v1/mining/hashrate/3d}: {@code currentDifficulty} (plain difficulty) and
 *       {@code currentHashrate} (H/s, mempool's estimate from recent blocks).
 *   <li>Only when that answers 404 (an instance with mining statistics turned off):
 *       {@code GET /api/v1/blocks}, the newest blocks; the first block's {@code difficulty}. The
 *       network hash rate is then derived from the coin's block time by core.
 * </ol>
 * Transient failures are retried by the transport within the deadline. No credentials are sent.
 */
public final class MempoolExplorerSource implements NetworkSource {
  /** Path of the hash rate and difficulty statistics, relative to the base URL. */
  public static final String HASHRATE_PATH = "/api/v1/mining/hashrate/3d";
  /** Path of the newest blocks, relative to the base URL (the fallback). */
  public static final String BLOCKS_PATH = "/api/v1/blocks";

  private final String baseUrl;

  private MempoolExplorerSource(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /**
   * @param baseUrl the explorer's base URL ({@code http(s)://host[:port][/prefix]}); a trailing
   *     {@code /} is dropped and {@code /api/...} appended
   * @return the source
   * @throws InvalidPoolConfigException naming {@code explorer_url} when the URL is not http(s) or
   *     has a query
   */
  public static MempoolExplorerSource of(String baseUrl) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    String b = baseUrl.trim();
    while (b.endsWith("/")) {
      b = b.substring(0, b.length() - 1);
    }
    try {
      PoolRequest.get(b);
    } catch (IllegalArgumentException e) {
      throw new InvalidPoolConfigException("explorer_url", "the explorer URL must be http:// or https://");
    }
    if (b.contains("?") || b.contains("#") || b.contains("@")) {
      throw new InvalidPoolConfigException(
          "explorer_url", "the explorer URL must be a base URL without query, fragment or user info");
    }
    return new MempoolExplorerSource(b);
  }

  /** @return the base URL requests are sent to */
  public String baseUrl() {
    return baseUrl;
  }

  @Override
  public String kind() {
    return EXPLORER;
  }

  @Override
  public String description() {
    return "explorer " + baseUrl;
  }

  @Override
  public CompletableFuture<NetworkFigures> fetch(String coin, PoolContext http) {
    if (!"BTC".equals(coin)) {
      // mempool serves one Bitcoin chain; its difficulty is not another coin's
      return CompletableFuture.failedFuture(
          new HmmPoolsException("a mempool explorer gives Bitcoin's figures, not " + coin + "'s; use a node or the sibling pools"));
    }
    String hashrateUrl = baseUrl + HASHRATE_PATH;
    return http.getJson(PoolRequest.get(hashrateUrl))
        .thenApply(json -> fromHashrate(json, hashrateUrl, http))
        .exceptionallyCompose(
            t -> {
              if (Failures.unwrap(t) instanceof PoolApiException e && e.kind() == Kind.NOT_FOUND) {
                String blocksUrl = baseUrl + BLOCKS_PATH;
                return http.getJson(PoolRequest.get(blocksUrl)).thenApply(json -> fromBlocks(json, blocksUrl, http));
              }
              return CompletableFuture.failedFuture(t);
            });
  }

  private NetworkFigures fromHashrate(JsonNode json, String url, PoolContext http) {
    Double difficulty = LenientJson.number(json, "currentDifficulty");
    Double hashrate = LenientJson.number(json, "currentHashrate");
    return figures(difficulty, hashrate, url, "currentDifficulty", http);
  }

  private NetworkFigures fromBlocks(JsonNode json, String url, PoolContext http) {
    JsonNode newest = json.isArray() && json.size() > 0 ? json.get(0) : null;
    return figures(LenientJson.number(newest, "difficulty"), null, url, "a block with a difficulty", http);
  }

  private NetworkFigures figures(
      @Nullable Double difficulty, @Nullable Double hashrate, String url, String expected, PoolContext http) {
    if (difficulty == null || !(difficulty > 0) || difficulty.isInfinite()) {
      throw new PoolApiException(
          Kind.MALFORMED_RESPONSE, 200, url, "expected " + expected + " from " + url);
    }
    return new NetworkFigures(difficulty, NetworkFigures.usableHashrate(hashrate), http.now(), EXPLORER, description());
  }

  @Override
  public String toString() {
    return "MempoolExplorerSource[" + baseUrl + "]";
  }
}
