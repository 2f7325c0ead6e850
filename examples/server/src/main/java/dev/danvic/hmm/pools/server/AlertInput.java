package dev.danvic.hmm.pools.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.alerts.AlertChannel;
import dev.danvic.hmm.pools.alerts.AlertEvent;
import dev.danvic.hmm.pools.alerts.AlertRule;
import dev.danvic.hmm.pools.alerts.DiscordChannel;
import dev.danvic.hmm.pools.alerts.NtfyChannel;
import dev.danvic.hmm.pools.alerts.RuleKind;
import dev.danvic.hmm.pools.alerts.TelegramChannel;
import dev.danvic.hmm.pools.alerts.WebhookChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * The JSON of the alert routes: a rule or a channel from a request body (a bad one is a 400 naming
 * its field), and the views the routes answer with, which never show a channel's secrets.
 */
final class AlertInput {
  static final Set<String> RULE_FIELDS =
      Set.of("id", "name", "kind", "pool_id", "threshold", "duration_minutes", "worker", "reminder_minutes", "channels");
  static final Set<String> CHANNEL_FIELDS = Set.of("id", "type", "url", "secret", "token", "chat_id", "api");
  static final Set<String> CHANNEL_TYPES = Set.of("webhook", "ntfy", "discord", "telegram");

  private AlertInput() {}

  /**
   * @param body the request's JSON
   * @param pathId the id from the path (PUT), or {@code null} (POST: the body's, or a new one)
   * @return the rule
   * @throws ApiError 400 naming the field that is wrong
   */
  static AlertRule rule(JsonNode body, @Nullable String pathId) {
    object(body, RULE_FIELDS);
    String id = pathId != null ? pathId : optText(body, "id");
    if (pathId != null && body.hasNonNull("id") && !pathId.equals(body.get("id").asText())) {
      throw ApiError.badRequest("id", "id in the body differs from the id in the path");
    }
    if (id == null) {
      id = "rule-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }
    String kindName = optText(body, "kind");
    if (kindName == null) {
      throw ApiError.badRequest("kind", "kind is required");
    }
    RuleKind kind;
    try {
      kind = RuleKind.parse(kindName);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("kind", e.getMessage());
    }
    String name = optText(body, "name");
    List<String> channels = new ArrayList<>();
    JsonNode ch = body.get("channels");
    if (ch != null && !ch.isNull()) {
      if (!ch.isArray()) {
        throw ApiError.badRequest("channels", "channels must be an array of channel ids");
      }
      for (JsonNode c : ch) {
        if (!c.isTextual()) {
          throw ApiError.badRequest("channels", "channels must be an array of channel ids");
        }
        channels.add(c.asText());
      }
    }
    try {
      return new AlertRule(
          id,
          name == null ? kind.jsonName().replace('_', ' ') : name,
          kind,
          optText(body, "pool_id"),
          optNumber(body, "threshold"),
          minutes(body, "duration_minutes", Duration.ZERO),
          optText(body, "worker"),
          minutes(body, "reminder_minutes", null),
          channels);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(fieldOf(e.getMessage()), e.getMessage());
    }
  }

  /** The rule's messages start with the field's JSON name. */
  private static String fieldOf(String message) {
    String first = message.split(" ", 2)[0];
    return switch (first) {
      case "duration" -> "duration_minutes";
      case "reminder" -> "reminder_minutes";
      default -> first;
    };
  }

  static Map<String, Object> view(AlertRule r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("name", r.name());
    m.put("kind", r.kind().jsonName());
    m.put("pool_id", r.poolId());
    m.put("threshold", r.threshold());
    m.put("duration_minutes", r.duration().toSeconds() / 60.0);
    m.put("worker", r.worker());
    m.put("reminder_minutes", r.reminder() == null ? null : r.reminder().toSeconds() / 60.0);
    m.put("channels", r.channels());
    return m;
  }

  /**
   * A channel as stored: its type and settings, secrets included.
   *
   * @param id the channel's id
   * @param type webhook, ntfy, discord or telegram
   * @param url the webhook, topic or Discord URL (a secret: it may hold a token); {@code null} for
   *     telegram
   * @param secret the webhook's HMAC key, or {@code null}
   * @param token the ntfy access token or the Telegram bot token, or {@code null}
   * @param chatId the Telegram chat, or {@code null}
   * @param api the Telegram Bot API's address, or {@code null} for the real one
   */
  record ChannelSpec(
      String id,
      String type,
      @Nullable String url,
      @Nullable String secret,
      @Nullable String token,
      @Nullable String chatId,
      @Nullable String api) {

    /** @return the channel; throws IllegalArgumentException naming the field when a setting is bad */
    AlertChannel build(OkHttpClient client) {
      return switch (type) {
        case "webhook" -> new WebhookChannel(id, require(url, "url"), require(secret, "secret"), client);
        case "ntfy" -> new NtfyChannel(id, require(url, "url"), token, client);
        case "discord" -> new DiscordChannel(id, require(url, "url"), client);
        case "telegram" -> new TelegramChannel(
            id, api == null ? TelegramChannel.DEFAULT_API : api, require(token, "token"), require(chatId, "chat_id"), client);
        default -> throw new IllegalArgumentException("type must be one of webhook, ntfy, discord, telegram");
      };
    }

    private static String require(@Nullable String v, String field) {
      if (v == null || v.isBlank()) {
        throw new IllegalArgumentException(field + " is required for this channel type");
      }
      return v;
    }

    /** @return the view for the page: the receiver's host only, never a URL, token or secret */
    Map<String, Object> view() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", id);
      m.put("type", type);
      String target = url != null ? url : api != null ? api : TelegramChannel.DEFAULT_API;
      HttpUrl parsed = HttpUrl.parse(target);
      m.put("host", parsed == null ? null : parsed.host());
      m.put("chat_id", chatId);
      m.put("has_secret", secret != null || token != null);
      return m;
    }

    @Override
    public String toString() {
      return type + " channel '" + id + "'";
    }
  }

  /**
   * @param body the request's JSON
   * @param client the HTTP client the channel will use (only to validate it here)
   * @return the channel spec, validated by building the channel
   * @throws ApiError 400 naming the field
   */
  static ChannelSpec channel(JsonNode body, OkHttpClient client) {
    object(body, CHANNEL_FIELDS);
    String id = optText(body, "id");
    if (id == null || !id.matches("[A-Za-z0-9_-]{1,64}")) {
      throw ApiError.badRequest("id", "id must be 1 to 64 letters, digits, '-' or '_'");
    }
    String type = optText(body, "type");
    if (type == null || !CHANNEL_TYPES.contains(type.toLowerCase(Locale.ROOT))) {
      throw ApiError.badRequest("type", "type must be one of webhook, ntfy, discord, telegram");
    }
    ChannelSpec spec =
        new ChannelSpec(
            id,
            type.toLowerCase(Locale.ROOT),
            optText(body, "url"),
            optText(body, "secret"),
            optText(body, "token"),
            optText(body, "chat_id"),
            optText(body, "api"));
    try {
      spec.build(client);
    } catch (IllegalArgumentException e) {
      // the channels' messages start with the field and never quote a secret
      throw ApiError.badRequest(e.getMessage().split(" ", 2)[0], e.getMessage());
    }
    return spec;
  }

  static Map<String, Object> view(long id, AlertEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.putAll(e.asJsonMap());
    return m;
  }

  private static void object(JsonNode body, Set<String> known) {
    if (body == null || !body.isObject()) {
      throw ApiError.badRequest(null, "the body must be a JSON object");
    }
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!known.contains(f)) {
        throw ApiError.badRequest(f, "unknown field '" + (f.length() > 40 ? f.substring(0, 40) + "..." : f) + "'");
      }
    }
  }

  private static @Nullable String optText(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw ApiError.badRequest(field, field + " must be a string");
    }
    String s = v.asText().trim();
    return s.isEmpty() ? null : s;
  }

  private static @Nullable Double optNumber(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isNumber()) {
      throw ApiError.badRequest(field, field + " must be a number");
    }
    double d = v.asDouble();
    if (!Double.isFinite(d)) {
      throw ApiError.badRequest(field, field + " must be a finite number");
    }
    return d;
  }

  private static @Nullable Duration minutes(JsonNode body, String field, @Nullable Duration absent) {
    Double m = optNumber(body, field);
    if (m == null) {
      return absent;
    }
    if (m < 0 || m > AlertRule.MAX_DURATION.toMinutes()) {
      throw ApiError.badRequest(field, field + " must be 0 to " + AlertRule.MAX_DURATION.toMinutes() + " minutes");
    }
    return Duration.ofSeconds(Math.round(m * 60));
  }
}
