package dev.danvic.hmm.pools;

import org.jspecify.annotations.Nullable;

/**
 * A call to a pool's API failed. {@link #kind()} says how, so a plugin can turn it into a tile
 * message ("Braiins rejected the API token") and the transport can decide whether to retry.
 *
 * <p>The message names the URL without its query and never contains a secret.
 */
public final class PoolApiException extends HmmPoolsException {
  private static final long serialVersionUID = 1L;

  /** How a call failed. */
  public enum Kind {
    /** The connection could not be made or broke (refused, reset, unknown host, TLS). Retried. */
    CONNECTION,
    /** No complete answer within the time allowed. Retried while the deadline allows. */
    TIMEOUT,
    /** A status other than 2xx that no other kind covers. 5xx is retried; 4xx is not. */
    HTTP_STATUS,
    /** 401 or 403: the credential is missing or was rejected. Never retried. */
    AUTH_REJECTED,
    /** 404: the resource (an account, an endpoint) does not exist. Never retried. */
    NOT_FOUND,
    /** 429, or the transport's own per-key limit would be exceeded within the deadline. */
    RATE_LIMITED,
    /** The body is not the JSON expected (HTML, truncated, wrong shape). Never retried. */
    MALFORMED_RESPONSE,
    /** The body exceeds the transport's size cap. Never retried. */
    BODY_TOO_LARGE
  }

  private final Kind kind;
  private final int statusCode;
  private final @Nullable String url;

  /**
   * @param kind how the call failed
   * @param statusCode the HTTP status, or 0 when no response was received
   * @param url the URL without query (see {@link PoolRequest#safeUrl()}), or {@code null}
   * @param message what went wrong, for a person; no secrets
   * @param cause the underlying failure, or {@code null}
   */
  public PoolApiException(
      Kind kind, int statusCode, @Nullable String url, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.statusCode = statusCode;
    this.url = url;
  }

  /**
   * @param kind how the call failed
   * @param statusCode the HTTP status, or 0
   * @param url the URL without query, or {@code null}
   * @param message what went wrong, for a person
   */
  public PoolApiException(Kind kind, int statusCode, @Nullable String url, String message) {
    this(kind, statusCode, url, message, null);
  }

  /**
   * The exception for a response whose status is not 2xx, with the kind the status implies
   * (401/403 {@code AUTH_REJECTED}, 404 {@code NOT_FOUND}, 429 {@code RATE_LIMITED}, else
   * {@code HTTP_STATUS}) and a message such as {@code "HTTP 503 from https://host/api/stats"}.
   * Core's transport and test doubles share it, so every plugin sees the same failures.
   *
   * @param status the HTTP status
   * @param safeUrl the URL without query ({@link PoolRequest#safeUrl()})
   * @return the exception, not thrown
   */
  public static PoolApiException forStatus(int status, String safeUrl) {
    Kind kind;
    String what;
    if (status == 401 || status == 403) {
      kind = Kind.AUTH_REJECTED;
      what = "credential rejected";
    } else if (status == 404) {
      kind = Kind.NOT_FOUND;
      what = "not found";
    } else if (status == 429) {
      kind = Kind.RATE_LIMITED;
      what = "too many requests";
    } else {
      kind = Kind.HTTP_STATUS;
      what = status >= 500 ? "server error" : "unexpected status";
    }
    return new PoolApiException(kind, status, safeUrl, "HTTP " + status + " (" + what + ") from " + safeUrl);
  }

  /** @return how the call failed */
  public Kind kind() {
    return kind;
  }

  /** @return the HTTP status, or 0 when no response was received */
  public int statusCode() {
    return statusCode;
  }

  /** @return the URL without query, or {@code null} */
  public @Nullable String url() {
    return url;
  }

  /**
   * @return whether trying again may help: connection failures, timeouts, 5xx and 429. Never for
   *     401/403, 404, other 4xx, malformed or oversized bodies.
   */
  public boolean isRetryable() {
    switch (kind) {
      case CONNECTION:
      case TIMEOUT:
        return true;
      case RATE_LIMITED:
        return statusCode == 429;
      case HTTP_STATUS:
        return statusCode >= 500;
      default:
        return false;
    }
  }
}
