package dev.danvic.hmm.pools.alerts;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * A generic webhook: POSTs the event as JSON ({@link AlertEvent#asJsonMap()}) and signs the exact
 * body bytes with HMAC-SHA256 under the hook's own secret, in the header
 * {@value #SIGNATURE_HEADER}: {@code sha256=<lower-case hex>}. A receiver computes the same HMAC
 * over the body it received and compares.
 */
public final class WebhookChannel extends HttpChannel {
  /** The header holding the body's signature. */
  public static final String SIGNATURE_HEADER = "X-Hmm-Signature";

  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final HttpUrl url;
  private final byte[] secret;

  /**
   * @param id the channel's id
   * @param url where to POST (may hold a token: it is never shown)
   * @param secret the HMAC key, at least 8 characters
   * @param client the application's shared HTTP client
   */
  public WebhookChannel(String id, String url, String secret, OkHttpClient client) {
    super(id, "webhook", client);
    this.url = AlertHttp.url(url, "url");
    if (secret == null || secret.length() < 8) {
      throw new IllegalArgumentException("secret must be at least 8 characters");
    }
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * @param secret the HMAC key
   * @param body the exact body bytes
   * @return the header value, {@code sha256=<hex>}
   */
  public static String signature(byte[] secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  @Override
  public CompletableFuture<Void> send(AlertEvent event) {
    byte[] body = AlertHttp.json(event.asJsonMap()).getBytes(StandardCharsets.UTF_8);
    Request request =
        new Request.Builder()
            .url(url)
            .header(SIGNATURE_HEADER, signature(secret, body))
            .post(RequestBody.create(body, JSON))
            .build();
    return post(request);
  }
}
