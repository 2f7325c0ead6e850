package dev.danvic.hmm.pools.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.Failures;
import dev.danvic.hmm.pools.HmmPoolsException;
import dev.danvic.hmm.pools.InvalidPoolConfigException;
import dev.danvic.hmm.pools.LenientJson;
import dev.danvic.hmm.pools.PoolApiException;
import dev.danvic.hmm.pools.PoolApiException.Kind;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.PoolContext;
import dev.danvic.hmm.pools.PoolRequest;
import dev.danvic.hmm.pools.PoolResponse;
import dev.danvic.hmm.pools.core.internal.GuardedCall;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The user's own node as a {@link NetworkSource}: Bitcoin Core compatible JSON-RPC over HTTP, as
 * spoken by Bitcoin Core, Bitcoin Cash Node and DigiByte Core.
 *
 * <pre>{@code
 * NetworkSource node = BitcoinNodeSource.builder("http://127.0.0.1:8332/")
 *     .cookieFile(Path.of(System.getProperty("user.home"), ".bitcoin", ".cookie"))
 *     .build();
 * }</pre>
 *
 * <p>One read is a POST of {@code {"jsonrpc":"1.0","id":…,"method":"getmininginfo","params":[]}}
 * with HTTP basic authentication. From the result it takes {@code difficulty} (plain difficulty)
 * and {@code networkhashps} (H/s). A DigiByte node answers for its own mining algorithm, so for
 * DGB it takes {@code difficulties.sha256d} and {@code networkhashesps.sha256d} when present (else
 * {@code difficulty} / {@code networkhashps} only when {@code pow_algo} is {@code sha256d}). When
 * {@code getmininginfo} answers with a JSON-RPC error (a node whose {@code rpcwhitelist} does not
 * allow it), it asks {@code getblockchaininfo} for {@code difficulty} and core derives the network
 * hash rate from the coin's block time. Both JSON-RPC 1.0 replies ({@code result}, {@code error},
 * {@code id}) and 2.0 replies (no {@code error} on success) are read; a reply whose {@code id} is
 * not the request's is refused.
 *
 * <p><b>Credentials</b>: an RPC user and password ({@code rpcuser}/{@code rpcpassword} or an
 * {@code rpcauth} entry), or the node's cookie file (read at every request, since the node writes
 * a new one at each start). They are sent only in the {@code Authorization} header, which the
 * transport treats as a secret, and never appear in a message, a log line or {@link #toString()}.
 */
public final class BitcoinNodeSource implements NetworkSource {
  private static final AtomicLong IDS = new AtomicLong();
  private static final int MAX_COOKIE_BYTES = 1024;

  private final String url;
  private final String safeUrl;
  private final @Nullable String user;
  private final @Nullable String password;
  private final @Nullable Path cookieFile;
  private final String jsonRpcVersion;

  private BitcoinNodeSource(Builder b) {
    this.url = b.url;
    this.safeUrl = PoolRequest.get(b.url).safeUrl();
    this.user = b.user;
    this.password = b.password;
    this.cookieFile = b.cookieFile;
    this.jsonRpcVersion = b.jsonRpcVersion;
  }

  /**
   * @param url the node's RPC URL, for example {@code http://127.0.0.1:8332/} (BTC), {@code :8332}
   *     is also Bitcoin Cash Node's port, {@code :14022} DigiByte's
   * @return a builder
   * @throws InvalidPoolConfigException naming {@code node_url} when the URL is not http(s)
   */
  public static Builder builder(String url) {
    return new Builder(url);
  }

  @Override
  public String kind() {
    return NODE;
  }

  @Override
  public String description() {
    return "node " + safeUrl;
  }

  @Override
  public List<String> secretValues() {
    return password == null ? List.of() : List.of(password);
  }

  @Override
  public CompletableFuture<NetworkFigures> fetch(String coin, PoolContext http) {
    String authorization;
    try {
      authorization = authorization();
    } catch (HmmPoolsException e) {
      return CompletableFuture.failedFuture(e);
    }
    boolean dgb = "DGB".equals(coin);
    return call(http, "getmininginfo", authorization)
        .thenApply(result -> fromMiningInfo(result, dgb, http))
        .exceptionallyCompose(
            t -> {
              if (Failures.unwrap(t) instanceof RpcError) {
                return call(http, "getblockchaininfo", authorization)
                    .thenApply(result -> fromBlockchainInfo(result, dgb, http));
              }
              return CompletableFuture.failedFuture(t);
            });
  }

  @Override
  public String toString() {
    String auth =
        cookieFile != null
            ? "cookie file " + cookieFile
            : user != null ? "user " + PoolConfig.REDACTED : "no credentials";
    return "BitcoinNodeSource[" + safeUrl + ", " + auth + "]";
  }

  // ------------------------------------------------------------------ JSON-RPC

  private CompletableFuture<JsonNode> call(PoolContext http, String method, @Nullable String authorization) {
    String id = "hmm-pools-" + IDS.incrementAndGet();
    String body =
        "{\"jsonrpc\":\"" + jsonRpcVersion + "\",\"id\":\"" + id + "\",\"method\":\"" + method + "\",\"params\":[]}";
    PoolRequest request = PoolRequest.postJson(url, body);
    if (authorization != null) {
      request = request.withSecretHeader("Authorization", authorization);
    }
    return http.send(request).thenApply(response -> result(response, method, id));
  }

  private JsonNode result(PoolResponse response, String method, String id) {
    int status = response.status();
    if (status == 401) {
      throw new PoolApiException(
          Kind.AUTH_REJECTED,
          status,
          safeUrl,
          "the node at " + safeUrl + " refused the "
              + (cookieFile != null ? "cookie file's credentials" : "RPC user and password")
              + " (HTTP 401)");
    }
    if (status == 403 && response.body().isBlank()) {
      throw new PoolApiException(
          Kind.AUTH_REJECTED,
          status,
          safeUrl,
          "the node at " + safeUrl + " refused " + method + " (HTTP 403: check rpcallowip and rpcwhitelist)");
    }
    JsonNode reply;
    try {
      reply = LenientJson.parse(response, safeUrl);
    } catch (PoolApiException notJson) {
      throw response.isSuccessful() ? notJson : PoolApiException.forStatus(status, safeUrl);
    }
    JsonNode replyId = reply.get("id");
    if (replyId != null && !replyId.isNull() && !id.equals(replyId.asText())) {
      throw malformed("answered request " + id + " with the reply to " + replyId.asText());
    }
    JsonNode error = reply.get("error");
    if (error != null && !error.isNull()) {
      Double code = LenientJson.number(error, "code");
      String message = LenientJson.text(error, "message");
      throw new RpcError(
          "the node at " + safeUrl + " answered " + method + " with error "
              + (code == null ? "" : String.valueOf(code.longValue()))
              + (message == null ? "" : ": " + GuardedCall.redact(clip(message), secretValues())));
    }
    JsonNode result = reply.get("result");
    if (result == null || !result.isObject()) {
      throw response.isSuccessful()
          ? malformed("answered " + method + " with no result object")
          : PoolApiException.forStatus(status, safeUrl);
    }
    return result;
  }

  private NetworkFigures fromMiningInfo(JsonNode result, boolean dgb, PoolContext http) {
    Double difficulty;
    Double hashrate;
    if (dgb) {
      boolean sha256d = "sha256d".equalsIgnoreCase(LenientJson.text(result, "pow_algo"));
      difficulty = LenientJson.number(result, "difficulties.sha256d");
      hashrate = LenientJson.number(result, "networkhashesps.sha256d");
      if (difficulty == null && sha256d) {
        difficulty = LenientJson.number(result, "difficulty");
        hashrate = LenientJson.number(result, "networkhashps");
      }
      if (difficulty == null) {
        throw malformed("reports no SHA-256d difficulty (difficulties.sha256d) in getmininginfo");
      }
    } else {
      difficulty = LenientJson.number(result, "difficulty");
      hashrate = LenientJson.number(result, "networkhashps");
    }
    return figures(difficulty, hashrate, "getmininginfo", http);
  }

  private NetworkFigures fromBlockchainInfo(JsonNode result, boolean dgb, PoolContext http) {
    Double difficulty =
        dgb ? LenientJson.number(result, "difficulties.sha256d") : LenientJson.number(result, "difficulty");
    return figures(difficulty, null, "getblockchaininfo", http);
  }

  private NetworkFigures figures(
      @Nullable Double difficulty, @Nullable Double hashrate, String method, PoolContext http) {
    if (difficulty == null || !(difficulty > 0) || difficulty.isInfinite()) {
      throw malformed("answered " + method + " without a positive difficulty");
    }
    return new NetworkFigures(difficulty, NetworkFigures.usableHashrate(hashrate), http.now(), NODE, description());
  }

  private @Nullable String authorization() {
    String credentials;
    if (cookieFile != null) {
      credentials = readCookie(cookieFile);
    } else if (user != null) {
      credentials = user + ":" + Objects.requireNonNull(password);
    } else {
      return null;
    }
    return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }

  private static String readCookie(Path file) {
    String text;
    try {
      if (Files.size(file) > MAX_COOKIE_BYTES) {
        throw new HmmPoolsException("the node's cookie file " + file + " is larger than a cookie");
      }
      text = Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      // the exception's own message is only a path and a reason, never the content
      throw new HmmPoolsException(
          "cannot read the node's cookie file " + file + " (" + e.getClass().getSimpleName() + ")");
    }
    if (text.indexOf(':') <= 0) {
      throw new HmmPoolsException("the node's cookie file " + file + " does not hold 'user:password'");
    }
    return text;
  }

  private PoolApiException malformed(String what) {
    return new PoolApiException(Kind.MALFORMED_RESPONSE, 0, safeUrl, "the node at " + safeUrl + " " + what);
  }

  private static String clip(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "…";
  }

  /** A JSON-RPC error in the reply: the node understood the request and refused it. */
  private static final class RpcError extends HmmPoolsException {
    private static final long serialVersionUID = 1L;

    RpcError(String message) {
      super(message);
    }
  }

  /** Settings of a {@link BitcoinNodeSource}; {@link #build()} validates them. Not thread-safe. */
  public static final class Builder {
    private final String url;
    private @Nullable String user;
    private @Nullable String password;
    private @Nullable Path cookieFile;
    private String jsonRpcVersion = "1.0";

    private Builder(String url) {
      Objects.requireNonNull(url, "url");
      try {
        PoolRequest.get(url);
      } catch (IllegalArgumentException e) {
        throw new InvalidPoolConfigException("node_url", "the node's RPC URL must be http:// or https://");
      }
      if (url.contains("@")) {
        throw new InvalidPoolConfigException(
            "node_url", "put the node's RPC user and password in the credentials, not in the URL");
      }
      this.url = url;
    }

    /**
     * @param user the RPC user
     * @param password the RPC password; a secret, never shown
     * @return this
     */
    public Builder credentials(String user, String password) {
      this.user = Objects.requireNonNull(user, "user");
      this.password = Objects.requireNonNull(password, "password");
      this.cookieFile = null;
      return this;
    }

    /**
     * @param file the node's {@code .cookie} file ({@code user:password}), read at every request
     * @return this
     */
    public Builder cookieFile(Path file) {
      this.cookieFile = Objects.requireNonNull(file, "file");
      this.user = null;
      this.password = null;
      return this;
    }

    /**
     * @param version {@code "1.0"} (default, understood by every Bitcoin Core compatible node) or
     *     {@code "2.0"} (Bitcoin Core 28 and later)
     * @return this
     */
    public Builder jsonRpcVersion(String version) {
      if (!"1.0".equals(version) && !"2.0".equals(version)) {
        throw new InvalidPoolConfigException("node_jsonrpc", "JSON-RPC version must be 1.0 or 2.0");
      }
      this.jsonRpcVersion = version;
      return this;
    }

    /**
     * @return the source
     * @throws InvalidPoolConfigException when the user is blank or contains ':'
     */
    public BitcoinNodeSource build() {
      if (user != null && (user.isBlank() || user.contains(":"))) {
        throw new InvalidPoolConfigException("node_user", "the RPC user must be non-blank and have no ':'");
      }
      return new BitcoinNodeSource(this);
    }

    @Override
    public String toString() {
      return "BitcoinNodeSource.Builder[" + PoolRequest.get(url).safeUrl() + "]";
    }
  }
}
