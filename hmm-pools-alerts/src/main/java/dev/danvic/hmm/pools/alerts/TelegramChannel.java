package dev.danvic.hmm.pools.alerts;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * A Telegram bot: POSTs {@code {"chat_id": ..., "text": ...}} (at most 4096 characters) to the Bot
 * API's {@code sendMessage} method, {@code <api>/bot<token>/sendMessage}. The token is never shown.
 */
public final class TelegramChannel extends HttpChannel {
  /** The Bot API's address. */
  public static final String DEFAULT_API = "https://api.telegram.org";

  /** Telegram's limit on a message's text, characters. */
  public static final int MAX_TEXT = 4096;

  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final HttpUrl sendMessage;
  private final String chatId;

  /**
   * @param id the channel's id
   * @param apiBase the Bot API's address, {@link #DEFAULT_API} (tests use a local server)
   * @param botToken the bot's token, {@code <digits>:<letters>}
   * @param chatId the chat to write to: a numeric id or {@code @channelname}
   * @param client the application's shared HTTP client
   */
  public TelegramChannel(String id, String apiBase, String botToken, String chatId, OkHttpClient client) {
    super(id, "telegram", client);
    if (botToken == null || !botToken.matches("[0-9]{1,20}:[A-Za-z0-9_-]{1,100}")) {
      throw new IllegalArgumentException("token must be a bot token: digits, ':', letters");
    }
    if (chatId == null || !chatId.matches("-?[0-9]{1,20}|@[A-Za-z0-9_]{1,64}")) {
      throw new IllegalArgumentException("chat_id must be a numeric chat id or @channelname");
    }
    this.sendMessage =
        AlertHttp.url(apiBase, "api").newBuilder().addPathSegment("bot" + botToken).addPathSegment("sendMessage").build();
    this.chatId = chatId;
  }

  @Override
  public CompletableFuture<Void> send(AlertEvent event) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("chat_id", chatId.startsWith("@") ? chatId : (Object) Long.parseLong(chatId));
    body.put("text", AlertHttp.cut(event.text(), MAX_TEXT));
    Request request =
        new Request.Builder().url(sendMessage).post(RequestBody.create(AlertHttp.json(body), JSON)).build();
    return post(request);
  }
}
