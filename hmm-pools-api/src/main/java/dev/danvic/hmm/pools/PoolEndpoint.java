package dev.danvic.hmm.pools;

import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Where a miner is pointed: a host and a stratum port, normalised once from whatever the user typed.
 *
 * <p>Accepted forms: a bare host ({@code btc.solopool.org}), {@code host:port}, or a URL with a
 * {@code stratum+tcp://}, {@code stratum+ssl://}, {@code stratum2+tcp://}, {@code tcp://},
 * {@code http://} or {@code https://} scheme, with or without a port, user info or path. The host
 * is lower-cased; IPv6 literals are written in brackets ({@code [::1]:3333}).
 *
 * @param host the host name or IP literal, lower case, without brackets
 * @param port the stratum port, 1&ndash;65535
 * @param scheme the scheme as typed, lower case (for example {@code "stratum+tcp"}), or
 *     {@code null} when none was typed
 */
public record PoolEndpoint(String host, int port, @Nullable String scheme) {
  private static final Pattern HOST =
      Pattern.compile("[a-z0-9]([a-z0-9_-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9_-]*[a-z0-9])?)*\\.?");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]+(%[a-z0-9]+)?");
  private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9+.-]*");

  /** Validates and normalises the components. */
  public PoolEndpoint {
    if (host == null || host.isBlank()) {
      throw new InvalidPoolConfigException("url", "host must not be blank");
    }
    host = host.trim().toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (!HOST.matcher(host).matches() && !(host.contains(":") && IPV6.matcher(host).matches())) {
      throw new InvalidPoolConfigException("url", "'" + host + "' is not a valid host name");
    }
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    checkPort(port);
    scheme = scheme == null || scheme.isBlank() ? null : scheme.trim().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses what a user typed as a pool URL, plus the stratum port column.
   *
   * @param url a bare host, {@code host:port}, or a URL with one of the accepted schemes
   * @param port the stratum port; when {@code null} the port is taken from {@code url}
   * @return the normalised endpoint
   * @throws InvalidPoolConfigException naming {@code url} or {@code port} when the input is blank,
   *     unparseable, has an unsupported scheme, or no port is known
   */
  public static PoolEndpoint parse(String url, @Nullable Integer port) {
    if (url == null || url.isBlank()) {
      throw new InvalidPoolConfigException("url", "must not be blank");
    }
    String rest = url.trim();
    String scheme = null;
    int sep = rest.indexOf("://");
    if (sep >= 0) {
      scheme = rest.substring(0, sep).toLowerCase(Locale.ROOT);
      if (!SCHEME.matcher(scheme).matches()) {
        // not echoed: the rest of the URL may carry user info with a password
        throw new InvalidPoolConfigException(
            "url", "the scheme before '://' is not valid; use stratum+tcp, stratum+ssl, http, https or none");
      }
      if (!isSupportedScheme(scheme)) {
        throw new InvalidPoolConfigException(
            "url",
            "scheme '"
                + scheme
                + "' is not supported; use stratum+tcp, stratum+ssl, http, https or none");
      }
      rest = rest.substring(sep + 3);
    }
    // strip path, query and fragment
    int end = indexOfAny(rest, '/', '?', '#');
    if (end >= 0) {
      rest = rest.substring(0, end);
    }
    // strip user info (user:password@host); never echo it, it may hold a password
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      rest = rest.substring(at + 1);
    }
    String host;
    Integer urlPort = null;
    if (rest.startsWith("[")) {
      int close = rest.indexOf(']');
      if (close < 0) {
        throw new InvalidPoolConfigException("url", "unterminated IPv6 literal in '" + rest + "'");
      }
      host = rest.substring(1, close);
      String after = rest.substring(close + 1);
      if (after.startsWith(":")) {
        urlPort = parsePort(after.substring(1));
      } else if (!after.isEmpty()) {
        throw new InvalidPoolConfigException("url", "unexpected '" + after + "' after the host");
      }
    } else {
      int colon = rest.lastIndexOf(':');
      if (colon >= 0 && rest.indexOf(':') == colon) {
        host = rest.substring(0, colon);
        urlPort = parsePort(rest.substring(colon + 1));
      } else {
        host = rest;
      }
    }
    Integer chosen = port != null ? port : urlPort;
    if (chosen == null) {
      chosen = defaultPort(scheme);
    }
    if (chosen == null) {
      throw new InvalidPoolConfigException(
          "port", "no port given and '" + host + "' has none; the stratum port is required");
    }
    return new PoolEndpoint(host, chosen, scheme);
  }

  /**
   * @return whether the host is one of {@code domain} or a sub-domain of it, matched on whole
   *     labels ({@code pool.braiins.com} is within {@code braiins.com}; {@code notbraiins.com} is not)
   * @param domain a domain such as {@code solopool.org}
   */
  public boolean isWithin(String domain) {
    String d = domain.toLowerCase(Locale.ROOT);
    return host.equals(d) || host.endsWith("." + d);
  }

  /** @return {@code host:port}, with brackets around an IPv6 literal */
  public String authority() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /** @return whether the miner connection uses TLS ({@code stratum+ssl} or {@code https}) */
  public boolean tls() {
    return "stratum+ssl".equals(scheme) || "https".equals(scheme) || "stratum+tls".equals(scheme);
  }

  @Override
  public String toString() {
    return (scheme == null ? "" : scheme + "://") + authority();
  }

  static void checkPort(int port) {
    if (port < 1 || port > 65_535) {
      throw new InvalidPoolConfigException("port", "must be between 1 and 65535, was " + port);
    }
  }

  private static Integer parsePort(String s) {
    try {
      int p = Integer.parseInt(s);
      checkPort(p);
      return p;
    } catch (NumberFormatException e) {
      throw new InvalidPoolConfigException("port", "'" + s + "' is not a port number");
    }
  }

  private static @Nullable Integer defaultPort(@Nullable String scheme) {
    if ("http".equals(scheme)) {
      return 80;
    }
    if ("https".equals(scheme)) {
      return 443;
    }
    return null;
  }

  private static boolean isSupportedScheme(String scheme) {
    switch (scheme) {
      case "stratum+tcp":
      case "stratum+ssl":
      case "stratum+tls":
      case "stratum2+tcp":
      case "stratum":
      case "tcp":
      case "ssl":
      case "http":
      case "https":
        return true;
      default:
        return false;
    }
  }

  private static int indexOfAny(String s, char... chars) {
    int best = -1;
    for (char c : chars) {
      int i = s.indexOf(c);
      if (i >= 0 && (best < 0 || i < best)) {
        best = i;
      }
    }
    return best;
  }
}
