package dev.danvic.hmm.pools;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP request a plugin (or a core network source) asks the transport to send: a GET, or a POST
 * of a JSON body ({@link #postJson(String, String)}, for JSON-RPC). Immutable; every
 * {@code with...} method returns a copy.
 *
 * <pre>{@code
 * PoolRequest req = PoolRequest.get(base + "/accounts/profile/json/btc/")
 *     .withSecretHeader("Pool-Auth-Token", token)
 *     .withRateLimit("braiins:" + token, Duration.ofSeconds(5));
 * }</pre>
 *
 * <p>Values of secret headers and the rate-limit key are never logged, put in an exception message
 * or shown by {@link #toString()}.
 *
 * @param url absolute {@code http} or {@code https} URL
 * @param headers request headers, name to value (unmodifiable)
 * @param secretHeaders names of headers whose values are secrets, lower case (unmodifiable)
 * @param rateLimitKey requests sharing this key are spaced at least {@code minInterval} apart,
 *     across every pool and every caller of one transport; {@code null} for no limit
 * @param minInterval the spacing for {@code rateLimitKey}, or {@code null}
 * @param jsonBody the body of a POST, sent as {@code application/json}; {@code null} for a GET. It
 *     must not hold a secret (put credentials in a secret header): it is not redacted, although
 *     neither {@link #toString()} nor the transport's messages show it
 * @param refreshInterval how often the pool's answer to this request can change, or {@code null}
 *     (the default) when it may change at any moment. Core keeps a successful answer of
 *     {@link PoolContext#getJson} per pool and request and hands it out again, without a request,
 *     while it is younger than this; {@link PoolContext#getJsonDeferred} never waits for it. A plugin
 *     sets it on endpoints that change slowly (pool statistics: minutes; daily rewards and payouts:
 *     an hour) so that a polite pool is asked only for what changed. Positive when set.
 */
public record PoolRequest(
    String url,
    Map<String, String> headers,
    Set<String> secretHeaders,
    @Nullable String rateLimitKey,
    @Nullable Duration minInterval,
    @Nullable String jsonBody,
    @Nullable Duration refreshInterval) {

  /** Validates the URL and copies the collections. */
  public PoolRequest {
    Objects.requireNonNull(url, "url");
    String lower = url.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
      throw new IllegalArgumentException("only http and https URLs can be requested: " + safeUrl(url));
    }
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    secretHeaders = Collections.unmodifiableSet(new TreeSet<>(secretHeaders));
    if ((rateLimitKey == null) != (minInterval == null)) {
      throw new IllegalArgumentException("rateLimitKey and minInterval go together");
    }
    if (minInterval != null && (minInterval.isNegative() || minInterval.isZero())) {
      throw new IllegalArgumentException("minInterval must be positive");
    }
    if (refreshInterval != null && (refreshInterval.isNegative() || refreshInterval.isZero())) {
      throw new IllegalArgumentException("refreshInterval must be positive");
    }
  }

  /**
   * A request whose answer may change at any moment (no refresh interval), as before refresh
   * intervals existed.
   *
   * @param url absolute http(s) URL
   * @param headers request headers
   * @param secretHeaders names of secret headers
   * @param rateLimitKey the rate-limit key, or {@code null}
   * @param minInterval the spacing for the key, or {@code null}
   * @param jsonBody the body of a POST, or {@code null} for a GET
   */
  public PoolRequest(
      String url,
      Map<String, String> headers,
      Set<String> secretHeaders,
      @Nullable String rateLimitKey,
      @Nullable Duration minInterval,
      @Nullable String jsonBody) {
    this(url, headers, secretHeaders, rateLimitKey, minInterval, jsonBody, null);
  }

  /**
   * A GET, as before POST bodies existed.
   *
   * @param url absolute http(s) URL
   * @param headers request headers
   * @param secretHeaders names of secret headers
   * @param rateLimitKey the rate-limit key, or {@code null}
   * @param minInterval the spacing for the key, or {@code null}
   */
  public PoolRequest(
      String url,
      Map<String, String> headers,
      Set<String> secretHeaders,
      @Nullable String rateLimitKey,
      @Nullable Duration minInterval) {
    this(url, headers, secretHeaders, rateLimitKey, minInterval, null);
  }

  /**
   * @param url absolute http(s) URL
   * @param jsonBody the JSON text to POST (not a secret)
   * @return a POST of {@code jsonBody} as {@code application/json}, with no headers and no rate limit
   */
  public static PoolRequest postJson(String url, String jsonBody) {
    return new PoolRequest(
        url, Map.of(), Set.of(), null, null, Objects.requireNonNull(jsonBody, "jsonBody"), null);
  }

  /** @return {@code "POST"} when there is a body, else {@code "GET"} */
  public String method() {
    return jsonBody == null ? "GET" : "POST";
  }

  /**
   * @param url absolute http(s) URL
   * @return a GET with no headers and no rate limit
   */
  public static PoolRequest get(String url) {
    return new PoolRequest(url, Map.of(), Set.of(), null, null);
  }

  /**
   * @param name header name
   * @param value header value (not secret)
   * @return a copy with the header added or replaced
   */
  public PoolRequest withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new PoolRequest(url, h, secretHeaders, rateLimitKey, minInterval, jsonBody, refreshInterval);
  }

  /**
   * @param name header name, for example {@code Pool-Auth-Token}
   * @param value the secret value; never logged or shown
   * @return a copy with the header added or replaced and marked secret
   */
  public PoolRequest withSecretHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    Set<String> s = new TreeSet<>(secretHeaders);
    s.add(name.toLowerCase(Locale.ROOT));
    return new PoolRequest(url, h, s, rateLimitKey, minInterval, jsonBody, refreshInterval);
  }

  /**
   * @param key requests with the same key share one limit; may contain a secret (never shown)
   * @param interval the least time between two requests with this key, retries included
   * @return a copy with the rate limit set
   */
  public PoolRequest withRateLimit(String key, Duration interval) {
    return new PoolRequest(url, headers, secretHeaders, key, interval, jsonBody, refreshInterval);
  }

  /**
   * Declares how often the pool's answer to this request can change; see {@link #refreshInterval()}.
   * Braiins, for example: pool statistics every 5 minutes, daily rewards and payouts every hour.
   *
   * @param interval positive; core reuses a successful answer (per pool) younger than this
   * @return a copy with the refresh interval set
   */
  public PoolRequest withRefreshInterval(Duration interval) {
    return new PoolRequest(
        url, headers, secretHeaders, rateLimitKey, minInterval, jsonBody, Objects.requireNonNull(interval, "interval"));
  }

  /**
   * Percent-encodes a value (a wallet address, a user name) as one URL path segment: ASCII letters,
   * digits and {@code -._~:} stay as they are, every other byte of its UTF-8 form becomes
   * {@code %XX}, so a {@code /} or {@code ?} in it can never change the path or add a query.
   *
   * @param value the value
   * @return the encoded segment
   */
  public static String pathSegment(String value) {
    StringBuilder sb = new StringBuilder(value.length());
    for (byte b : value.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean plain =
          c < 0x80 && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~:".indexOf(c) >= 0);
      if (plain) {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return sb.toString();
  }

  /** @return whether the named header holds a secret */
  public boolean isSecretHeader(String name) {
    return secretHeaders.contains(name.toLowerCase(Locale.ROOT));
  }

  /** @return the URL without query or fragment, safe to show in a message */
  public String safeUrl() {
    return safeUrl(url);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("PoolRequest[").append(method()).append(' ').append(safeUrl());
    headers.forEach(
        (k, v) ->
            sb.append(", ").append(k).append('=').append(isSecretHeader(k) ? PoolConfig.REDACTED : v));
    if (minInterval != null) {
      sb.append(", rateLimit=1 per ").append(minInterval);
    }
    if (refreshInterval != null) {
      sb.append(", refresh every ").append(refreshInterval);
    }
    return sb.append(']').toString();
  }

  private static String safeUrl(String url) {
    int cut = url.length();
    for (char c : new char[] {'?', '#'}) {
      int i = url.indexOf(c);
      if (i >= 0 && i < cut) {
        cut = i;
      }
    }
    String s = url.substring(0, cut);
    int scheme = s.indexOf("://");
    int at = s.indexOf('@');
    int slash = s.indexOf('/', scheme + 3);
    if (scheme >= 0 && at > scheme && (slash < 0 || at < slash)) {
      s = s.substring(0, scheme + 3) + s.substring(at + 1); // drop user info
    }
    return s;
  }
}
