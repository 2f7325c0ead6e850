package dev.danvic.hmm.pools.core.internal;

import dev.danvic.hmm.pools.PoolApiException;
import dev.danvic.hmm.pools.PoolApiException.Kind;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLException;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * Turns what OkHttp throws into a {@link PoolApiException} with a message a person can act on.
 * Messages name the host, port and URL without query, never a header. Not API.
 */
public final class HttpFailures {
  /** The redirects OkHttp follows before giving up. */
  static final int MAX_REDIRECTS = 20;

  private HttpFailures() {}

  /**
   * @param safeUrl the URL without query
   * @param read bytes of the body that arrived, or -1 when not known (a compressed body)
   * @param declared bytes its {@code Content-Length} declared
   * @param cause what the read failed with
   * @return a {@code CONNECTION} exception (retried: a transfer cut short is usually transient)
   */
  public static PoolApiException shortBody(String safeUrl, long read, long declared, IOException cause) {
    return new PoolApiException(
        Kind.CONNECTION,
        0,
        safeUrl,
        "the response from " + safeUrl + " ended "
            + (read >= 0 ? "after " + read + " of the " : "before the ") + declared
            + " bytes its Content-Length declared (the connection closed early)",
        cause);
  }

  /**
   * @param safeUrl the URL without query
   * @param cause what decompressing failed with
   * @return a {@code MALFORMED_RESPONSE} exception: the server sent a body that is not valid gzip
   */
  public static PoolApiException brokenGzip(String safeUrl, IOException cause) {
    return new PoolApiException(
        Kind.MALFORMED_RESPONSE,
        0,
        safeUrl,
        "the gzip-compressed body from " + safeUrl + " is corrupt (it cannot be decompressed)",
        cause);
  }

  /**
   * @param e the failure OkHttp reported
   * @param url the request's URL (only host and port are shown)
   * @param safeUrl the URL without query
   * @param elapsed how long the attempt ran before failing
   * @return the exception, not thrown; {@code CONNECTION}, {@code TIMEOUT} or, for a peer that
   *     does not speak HTTP, {@code MALFORMED_RESPONSE}
   */
  public static PoolApiException map(IOException e, HttpUrl url, String safeUrl, Duration elapsed) {
    String hostPort = url.host() + ":" + url.port();
    if (e instanceof AddressGuard.RefusedAddressException) {
      return new PoolApiException(Kind.CONNECTION, 0, safeUrl, e.getMessage() + " (" + safeUrl + ")", e);
    }
    if (e instanceof UnknownHostException) {
      return new PoolApiException(Kind.CONNECTION, 0, safeUrl, "unknown host '" + url.host() + "'", e);
    }
    if (e instanceof SSLException) {
      return new PoolApiException(
          Kind.CONNECTION, 0, safeUrl, "TLS handshake with " + url.host() + " failed", e);
    }
    if (e instanceof InterruptedIOException) {
      // SocketTimeoutException (connect or read) and OkHttp's call timeout ("timeout")
      return timedOut(safeUrl, elapsed, e);
    }
    if (e instanceof NoRouteToHostException) {
      return new PoolApiException(Kind.CONNECTION, 0, safeUrl, "no route to host " + hostPort, e);
    }
    if (e instanceof ConnectException) {
      return new PoolApiException(Kind.CONNECTION, 0, safeUrl, "connection refused by " + hostPort, e);
    }
    if (e instanceof ProtocolException && String.valueOf(e.getMessage()).startsWith("Too many follow-up requests")) {
      // OkHttp follows at most 20 redirects; more is a loop (or as good as one)
      return new PoolApiException(
          Kind.HTTP_STATUS,
          0,
          safeUrl,
          "too many redirects from " + safeUrl + " (more than " + MAX_REDIRECTS
              + "): the server redirects in a loop",
          e);
    }
    if (e instanceof ProtocolException) {
      return new PoolApiException(
          Kind.MALFORMED_RESPONSE, 0, safeUrl, hostPort + " did not answer with valid HTTP", e);
    }
    String msg = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    if (e instanceof SocketException
        || e instanceof EOFException
        || msg.contains("reset")
        || msg.contains("unexpected end of stream")) {
      return new PoolApiException(
          Kind.CONNECTION, 0, safeUrl, "connection reset while reading " + safeUrl, e);
    }
    return new PoolApiException(
        Kind.CONNECTION,
        0,
        safeUrl,
        "connection to " + hostPort + " failed (" + e.getClass().getSimpleName() + ")",
        e);
  }

  /**
   * @param safeUrl the URL without query
   * @param waited how long was waited
   * @param cause the underlying failure, or {@code null}
   * @return a {@code TIMEOUT} exception: "timed out after 5 s waiting for URL"
   */
  public static PoolApiException timedOut(String safeUrl, Duration waited, @Nullable Throwable cause) {
    return new PoolApiException(
        Kind.TIMEOUT,
        0,
        safeUrl,
        "timed out after " + TransportText.seconds(waited) + " waiting for " + safeUrl,
        cause);
  }
}
