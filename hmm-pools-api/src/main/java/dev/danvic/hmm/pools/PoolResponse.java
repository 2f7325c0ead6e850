package dev.danvic.hmm.pools;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A response the transport received, whatever its status.
 *
 * @param status the HTTP status code
 * @param contentType the {@code Content-Type} header, or {@code null}
 * @param body the body as text (UTF-8 unless the server said otherwise), possibly empty; the
 *     transport caps its size
 * @param headers response headers, name to values; stored with lower-case names
 * @param latencyMs time from sending the request to the end of the body, milliseconds
 */
public record PoolResponse(
    int status,
    @Nullable String contentType,
    String body,
    Map<String, List<String>> headers,
    double latencyMs) {

  /** Copies the headers, their names in lower case (values of names that differ only in case are joined). */
  public PoolResponse {
    Map<String, List<String>> lower = new LinkedHashMap<>();
    headers.forEach(
        (name, values) ->
            lower.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>()).addAll(values));
    Map<String, List<String>> copy = new LinkedHashMap<>();
    lower.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    headers = Collections.unmodifiableMap(copy);
  }

  /** @return whether the status is 2xx */
  public boolean isSuccessful() {
    return status >= 200 && status < 300;
  }

  /**
   * For a request sent once with {@link PoolContext#send(PoolRequest)} whose body the plugin reads
   * itself: a non-2xx status becomes the same failure {@link PoolContext#getJson(PoolRequest)}
   * reports.
   *
   * @param safeUrl the URL without query, for the message
   * @return this response when its status is 2xx
   * @throws PoolApiException from {@link PoolApiException#forStatus(int, String)} otherwise
   */
  public PoolResponse requireSuccess(String safeUrl) {
    if (!isSuccessful()) {
      throw PoolApiException.forStatus(status, safeUrl);
    }
    return this;
  }

  /**
   * @param name header name, any case
   * @return the first value of the header, or {@code null}
   */
  public @Nullable String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
