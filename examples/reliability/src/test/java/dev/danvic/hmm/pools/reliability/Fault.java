package dev.danvic.hmm.pools.reliability;

import dev.danvic.hmm.pools.PoolApiException.Kind;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The faults of the matrix: how the {@link FaultServer} (or the network) misbehaves, and
 * what a plugin's tile and the transport should make of it.
 */
enum Fault {
  REFUSED("connection refused", Outcome.ERROR, Kind.CONNECTION, "refused"),
  UNRESOLVABLE("name that cannot resolve (.invalid)", Outcome.ERROR, Kind.CONNECTION, "unknown host"),
  TLS("TLS failure (self-signed server)", Outcome.ERROR, Kind.CONNECTION, "tls"),
  RESET("reset in the middle of the body", Outcome.ERROR, Kind.CONNECTION, "reset", "connection"),
  TRICKLE("body trickles past the deadline", Outcome.ERROR, Kind.TIMEOUT, "timed out", "deadline"),
  SILENT("server never answers", Outcome.ERROR, Kind.TIMEOUT, "timed out", "deadline"),
  HTTP_500("HTTP 500", Outcome.ERROR, Kind.HTTP_STATUS, "500"),
  HTTP_502("HTTP 502", Outcome.ERROR, Kind.HTTP_STATUS, "502"),
  HTTP_503("HTTP 503", Outcome.ERROR, Kind.HTTP_STATUS, "503"),
  HTTP_429("HTTP 429 without Retry-After", Outcome.ERROR, Kind.RATE_LIMITED, "429"),
  HTTP_429_RETRY_AFTER("HTTP 429 with Retry-After: 1", Outcome.ERROR, Kind.RATE_LIMITED, "429"),
  HTTP_401("HTTP 401", Outcome.ERROR, Kind.AUTH_REJECTED, "401", "token", "credential", "key"),
  HTTP_403("HTTP 403", Outcome.ERROR, Kind.AUTH_REJECTED, "403", "token", "credential", "key"),
  HTML_200("HTML error page with status 200", Outcome.ERROR, Kind.MALFORMED_RESPONSE, "html", "json"),
  TRUNCATED("truncated JSON", Outcome.ERROR, Kind.MALFORMED_RESPONSE, "json"),
  WRONG_SHAPE("JSON of the wrong shape (array for object)", Outcome.ERROR, null, "not", "json", "unreadable", "shape", "expected"),
  STRING_NUMBERS("wrong type: string for every number", Outcome.SAME_FIGURES, null),
  NAN("wrong type: NaN hash rates", Outcome.HASH_RATES_UNKNOWN, null),
  NEGATIVE("negative hash rates", Outcome.HASH_RATES_UNKNOWN, null),
  HUGE("1e308 for every number", Outcome.FINITE, null),
  BIG_BODY("50 MiB body", Outcome.ERROR, Kind.BODY_TOO_LARGE, "larger than", "too large", "limit"),
  NO_CONTENT("204 with no body", Outcome.ERROR, Kind.MALFORMED_RESPONSE, "empty", "204", "json"),
  HOSTILE_EXPONENT("1e99999999 for every number (13 bytes asking for a 10^8-digit value)", Outcome.BOUNDED, null),
  LONG_DIGITS("a 999-digit number for every number", Outcome.BOUNDED, null),
  CORRUPT_GZIP("gzip body that cannot be decompressed", Outcome.ERROR, Kind.MALFORMED_RESPONSE, "gzip"),
  SHORT_BODY("body shorter than its Content-Length (connection closed early)", Outcome.ERROR, Kind.CONNECTION, "content-length"),
  REDIRECT_LOOP("redirect loop (302 to itself)", Outcome.ERROR, Kind.HTTP_STATUS, "redirect"),
  METADATA("pool host resolving to 169.254.169.254 (cloud metadata)", Outcome.ERROR, Kind.CONNECTION, "link-local", "metadata");

  /** What a plugin's tile must look like. */
  enum Outcome {
    /** An error-state tile whose message names the fault (one of the hints). */
    ERROR,
    /** A healthy tile with the same figures as without the fault (numbers sent as strings are read). */
    SAME_FIGURES,
    /** A healthy tile, the hash rates unknown ({@code null}), every other figure as without the fault. */
    HASH_RATES_UNKNOWN,
    /** A healthy tile whose figures are all finite and not negative (the record refuses anything else). */
    FINITE,
    /**
     * A tile in time that is neither a timeout nor an "unexpected error"; amounts unknown or within
     * LenientJson's range, times plausible, the tile JSON small.
     */
    BOUNDED
  }

  final String label;
  final Outcome outcome;
  /** What the transport fails with, or {@code null} when it hands the JSON over as it is. */
  final @Nullable Kind transportKind;
  /** Words one of which a readable error message names (lower case). */
  final List<String> hints;

  Fault(String label, Outcome outcome, @Nullable Kind transportKind, String... hints) {
    this.label = label;
    this.outcome = outcome;
    this.transportKind = transportKind;
    this.hints = List.of(hints);
  }

  /** @return whether the server's answer is built from the healthy pool's own body */
  boolean mutatesBody() {
    return this == TRUNCATED || this == RESET || this == TRICKLE || this == WRONG_SHAPE
        || this == STRING_NUMBERS || this == NAN || this == NEGATIVE || this == HUGE
        || this == HOSTILE_EXPONENT || this == LONG_DIGITS || this == SHORT_BODY;
  }

  /** @return whether the fault is that no HTTP server is reachable at all */
  boolean noServer() {
    return this == REFUSED || this == UNRESOLVABLE || this == METADATA;
  }

  String expectedForPlugin() {
    switch (outcome) {
      case ERROR:
        return "error tile naming it (" + String.join(" / ", hints) + ")";
      case SAME_FIGURES:
        return "healthy tile, figures as without the fault";
      case HASH_RATES_UNKNOWN:
        return "healthy tile degraded: hash rates null, other figures as without the fault";
      case BOUNDED:
        return "a tile in time, no timeout or 'unexpected error'; amounts and times unknown or in range; tile JSON under 16 KiB";
      default:
        return "healthy tile, every figure finite and not negative";
    }
  }

  String expectedForTransport() {
    if (transportKind == null) {
      return "the JSON handed over as it is (plugins judge it)";
    }
    String extra = "";
    if (this == HTTP_401 || this == HTTP_403) {
      extra = ", sent once (never retried)";
    } else if (this == HTTP_500 || this == HTTP_502 || this == HTTP_503 || this == HTTP_429) {
      extra = ", after 3 attempts";
    } else if (this == HTTP_429_RETRY_AFTER) {
      extra = ", attempts at least 1 s apart";
    } else if (this == BIG_BODY) {
      extra = ", reading stops near the 4 MiB cap";
    } else if (this == REDIRECT_LOOP) {
      extra = ", the 20 redirects followed once (never retried)";
    } else if (this == CORRUPT_GZIP) {
      extra = ", sent once (never retried)";
    } else if (this == SHORT_BODY) {
      extra = ", after 3 attempts";
    } else if (this == METADATA) {
      extra = ", refused before connecting: no socket opened";
    }
    return transportKind + extra;
  }
}
