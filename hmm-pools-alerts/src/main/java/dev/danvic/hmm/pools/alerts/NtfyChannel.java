package dev.danvic.hmm.pools.alerts;

import java.util.concurrent.CompletableFuture;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.jspecify.annotations.Nullable;

/**
 * ntfy (ntfy.sh or a self-hosted server): POSTs the event's message as the plain-text body to the
 * topic URL, with the headers {@code Title} (the rule's name and what happened), {@code Priority}
 * ({@code high} when a rule fires, {@code default} otherwise) and {@code Tags} (an emoji short
 * code per event type), and {@code Authorization: Bearer} when the topic needs an access token.
 */
public final class NtfyChannel extends HttpChannel {
  private static final MediaType TEXT = MediaType.get("text/plain; charset=utf-8");

  private final HttpUrl topicUrl;
  private final @Nullable String token;

  /**
   * @param id the channel's id
   * @param topicUrl the topic's URL, e.g. {@code https://ntfy.sh/my-rigs} (the topic name is a
   *     secret of sorts: it is never shown)
   * @param token an access token, or {@code null}
   * @param client the application's shared HTTP client
   */
  public NtfyChannel(String id, String topicUrl, @Nullable String token, OkHttpClient client) {
    super(id, "ntfy", client);
    this.topicUrl = AlertHttp.url(topicUrl, "url");
    if (this.topicUrl.pathSegments().stream().allMatch(String::isEmpty)) {
      throw new IllegalArgumentException("url must name the topic, e.g. https://ntfy.sh/my-rigs");
    }
    this.token = token == null || token.isBlank() ? null : token;
  }

  @Override
  public CompletableFuture<Void> send(AlertEvent event) {
    Request.Builder b =
        new Request.Builder()
            .url(topicUrl)
            .header("Title", ascii(event.ruleName() + " " + event.type().jsonName() + " (" + event.poolId() + ")"))
            .header("Priority", event.type() == AlertEvent.Type.FIRED ? "high" : "default")
            .header("Tags", tag(event))
            .post(RequestBody.create(event.message(), TEXT));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return post(b.build());
  }

  private static String tag(AlertEvent event) {
    if (event.kind() == RuleKind.BLOCK_FOUND || event.kind() == RuleKind.BALANCE_INCREASED) {
      return "tada";
    }
    return switch (event.type()) {
      case FIRED -> "rotating_light";
      case REMINDER -> "bell";
      case RESOLVED -> "white_check_mark";
    };
  }

  /** HTTP header values are ASCII; a name in another script is not worth a failed delivery. */
  private static String ascii(String s) {
    return s.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
