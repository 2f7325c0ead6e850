package dev.danvic.hmm.pools.braiins;

import dev.danvic.hmm.pools.Failures;
import dev.danvic.hmm.pools.HmmPoolsException;
import dev.danvic.hmm.pools.InvalidPoolConfigException;
import dev.danvic.hmm.pools.PoolApiException;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.PoolRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where one configured account's requests go and how they are sent: the origin, the token in both
 * header names Braiins accepts, and the rate-limit key every request of that token shares. Holds the secret, so {@link #toString()} never shows it
 * and every message leaving this class is scrubbed of it.
 */
final class BraiinsEndpoints {
  private final String origin;
  private final String token;
  private final String rateLimitKey;

  private BraiinsEndpoints(String origin, String token) {
    this.origin = origin;
    this.token = token;
    this.rateLimitKey = rateLimitKey(token);
  }

  /**
   * @param pool a Braiins pool configuration
   * @return the account's API access
   * @throws InvalidPoolConfigException naming {@code api_key} when the token is missing or cannot
   *     be sent in an HTTP header (the value itself is never quoted)
   */
  static BraiinsEndpoints of(PoolConfig pool) {
    String raw = pool.apiKey().orElse("");
    // a pasted token often carries a trailing newline or blank; the token itself never does
    String token = raw.strip();
    if (token.isEmpty()) {
      throw new InvalidPoolConfigException(
          PoolConfig.API_KEY,
          "Braiins Pool requires an API access token; none was given");
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new InvalidPoolConfigException(
            PoolConfig.API_KEY,
            "the Braiins access token contains a character (position "
                + (i + 1)
                + ") that cannot be sent in an HTTP header; paste the token again");
      }
    }
    return new BraiinsEndpoints(pool.apiBaseUrl().orElse(BraiinsIntegration.DEFAULT_API_BASE_URL), token);
  }

  /**
   * A GET of {@code path} on the configured origin, with the token in both header names Braiins
   * accepts (both marked secret) and the token's shared limit of one request per 5 s.
   *
   * @param path a path as {@code pool-apis.md} writes it, for example {@code /stats/json/btc/}
   * @return the request
   */
  PoolRequest request(String path) {
    return PoolRequest.get(origin + path)
        .withSecretHeader(BraiinsIntegration.TOKEN_HEADER, token)
        .withSecretHeader(BraiinsIntegration.LEGACY_TOKEN_HEADER, token)
        .withRateLimit(rateLimitKey, BraiinsIntegration.MIN_REQUEST_INTERVAL);
  }

  /**
   * A failure as an exception safe to hand to a caller: a rejected token becomes
   * {@value BraiinsIntegration#TOKEN_REJECTED_MESSAGE}; anything else keeps its kind and a message
   * scrubbed of the token.
   *
   * @param t a failure, possibly wrapped
   * @return the exception to fail with
   */
  Throwable translate(Throwable t) {
    Throwable u = Failures.unwrap(t);
    if (u instanceof PoolApiException p) {
      String message =
          p.kind() == PoolApiException.Kind.AUTH_REJECTED
              ? BraiinsIntegration.TOKEN_REJECTED_MESSAGE
              : redact(p.getMessage());
      return new PoolApiException(p.kind(), p.statusCode(), p.url(), message);
    }
    if (u instanceof HmmPoolsException) {
      return u; // written for people, without secrets
    }
    return new HmmPoolsException(describe(u));
  }

  /**
   * @param t a failure, possibly wrapped
   * @return one line for a tile or a health status; {@value BraiinsIntegration#TOKEN_REJECTED_MESSAGE}
   *     for a 401/403
   */
  String describe(Throwable t) {
    Throwable u = Failures.unwrap(t);
    if (u instanceof PoolApiException p && p.kind() == PoolApiException.Kind.AUTH_REJECTED) {
      return BraiinsIntegration.TOKEN_REJECTED_MESSAGE;
    }
    return redact(Failures.describe(u));
  }

  /**
   * @param text any text
   * @return the text with every occurrence of the token replaced by {@link PoolConfig#REDACTED}
   */
  String redact(String text) {
    // a token of a few characters would mangle ordinary words; real tokens are far longer
    return token.length() < 6 ? text : text.replace(token, PoolConfig.REDACTED);
  }

  /** @return the origin requests go to; no secret */
  String origin() {
    return origin;
  }

  /** @return the key the transport's limiter spaces this token's requests by; no secret */
  String rateLimitKey() {
    return rateLimitKey;
  }

  /**
   * The limiter key of a token: a digest, so the token itself is not kept in the transport's
   * limiter table, yet every request with one token, from every pool entry and health check,
   * shares one limit.
   *
   * @param token the access token
   * @return {@code "braiins:"} and 32 hexadecimal digits
   */
  static String rateLimitKey(String token) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return "braiins:" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }

  @Override
  public String toString() {
    return "BraiinsEndpoints[origin=" + origin + ", token=" + PoolConfig.REDACTED + "]";
  }
}
