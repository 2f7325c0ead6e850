package dev.danvic.hmm.pools.alerts;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * A Discord webhook: POSTs {@code {"content": "<text>"}} (at most 2000 characters, Discord's limit)
 * to the webhook URL, whose path holds the webhook's token and is therefore never shown.
 */
public final class DiscordChannel extends HttpChannel {
  /** Discord's limit on a message's content, characters. */
  public static final int MAX_CONTENT = 2000;

  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final HttpUrl url;

  /**
   * @param id the channel's id
   * @param webhookUrl {@code https://discord.com/api/webhooks/<id>/<token>}
   * @param client the application's shared HTTP client
   */
  public DiscordChannel(String id, String webhookUrl, OkHttpClient client) {
    super(id, "discord", client);
    this.url = AlertHttp.url(webhookUrl, "url");
  }

  @Override
  public CompletableFuture<Void> send(AlertEvent event) {
    String body = AlertHttp.json(Map.of("content", AlertHttp.cut(event.text(), MAX_CONTENT)));
    Request request = new Request.Builder().url(url).post(RequestBody.create(body, JSON)).build();
    return post(request);
  }
}
