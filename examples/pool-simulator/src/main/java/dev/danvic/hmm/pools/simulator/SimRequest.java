package dev.danvic.hmm.pools.simulator;

import com.sun.net.httpserver.Headers;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A GET request as a simulated API sees it.
 *
 * @param path the decoded path, without the query string
 * @param query the query parameters (the first value of each)
 * @param headers the request headers
 * @param now the simulator's clock time when the request arrived
 */
record SimRequest(String path, Map<String, String> query, Headers headers, Instant now) {

  /** The first value of a header, or {@code null}; header names are not case sensitive. */
  @Nullable String header(String name) {
    return headers.getFirst(name);
  }

  /** The path without a trailing slash (except for the root), for matching routes. */
  String route() {
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  /** Whether header {@code name} carries {@code expected}, compared in constant time. */
  boolean headerMatches(String name, byte[] expected) {
    String sent = header(name);
    return sent != null && MessageDigest.isEqual(expected, sent.trim().getBytes(StandardCharsets.UTF_8));
  }

  static Map<String, String> parseQuery(@Nullable String rawQuery) {
    Map<String, String> out = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return out;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      out.putIfAbsent(
          URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return out;
  }
}
