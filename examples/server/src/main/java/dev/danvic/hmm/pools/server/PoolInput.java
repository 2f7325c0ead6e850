package dev.danvic.hmm.pools.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.danvic.hmm.pools.InvalidPoolConfigException;
import dev.danvic.hmm.pools.PoolConfig;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The JSON body of {@code POST /pools} and {@code PUT /pools/{id}}, checked field by field.
 *
 * <pre>{@code
 * {
 *   "pool_type": "braiins",            // required on POST
 *   "name": "My Braiins account",
 *   "url": "stratum+tcp://eu.stratum.braiins.com",  // required on POST
 *   "port": 3333,                      // required on POST, 1-65535
 *   "username": "satoshi",
 *   "api_key": "...",                  // shorthand for config.api_key
 *   "config": {"coin": "BTC", "api_base_url": "http://127.0.0.1:8081"},
 *   "enabled": true
 * }
 * }</pre>
 *
 * <p>On {@code PUT}, a field that is absent keeps its stored value; {@code config} given replaces
 * the stored config, except that a secret key that is absent, or whose value is the marker
 * {@link PoolConfig#REDACTED} that {@code GET /pools} shows, keeps its stored value. So a client
 * can send back what it read, and a {@code PUT} without {@code api_key} keeps the stored key. A
 * secret is removed by sending it as {@code null}. But a {@code PUT} that changes where the pool's
 * requests go ({@code pool_type}, {@code url}, {@code port}, {@code config.api_base_url},
 * {@code config.api_port}) drops every stored secret it does not send again (the marker does not
 * count): a key is only ever sent where its owner sent it. The fields {@code id}, {@code created_at} and
 * {@code updated_at} that {@code GET /pools} shows are accepted and ignored on {@code PUT}.
 *
 * <p>Any other field is refused, so that a misspelt name is reported rather than silently ignored.
 * Error messages never quote the request body (it may hold an API key).
 */
final class PoolInput {
  private static final ObjectMapper JSON =
      new ObjectMapper(
              JsonFactory.builder()
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final Set<String> FIELDS =
      Set.of("id", "pool_type", "name", "url", "port", "username", "api_key", "config", "enabled",
          "created_at", "updated_at");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final ObjectNode body;
  private final Set<String> droppedSecrets = new java.util.TreeSet<>();

  private PoolInput(ObjectNode body) {
    this.body = body;
  }

  /**
   * @param body the request body, already limited in size
   * @return the parsed input
   * @throws ApiError 400 when the body is not a JSON object or a field is not allowed
   */
  static PoolInput parse(byte[] body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null || at.getLineNr() < 1
              ? ""
              : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      String what =
          e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
              ? "a field appears twice"
              : "malformed JSON";
      throw ApiError.badRequest(null, what + where + "; expected a JSON object");
    } catch (IOException e) {
      throw ApiError.badRequest(null, "the request body could not be read");
    }
    if (root == null || root.isMissingNode()) {
      throw ApiError.badRequest(null, "the request body is empty; expected a JSON object");
    }
    if (!root.isObject()) {
      throw ApiError.badRequest(null, "expected a JSON object, got " + kind(root));
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!FIELDS.contains(name)) {
        throw ApiError.badRequest(
            shortName(name),
            "unknown field '"
                + shortName(name)
                + "'; allowed: pool_type, name, url, port, username, api_key, config, enabled");
      }
    }
    return new PoolInput((ObjectNode) root);
  }

  /**
   * @param generatedId the id to use when the body gives none
   * @return the new pool's validated configuration
   * @throws ApiError 400 naming the first missing or invalid field
   */
  PoolConfig toNewPool(String generatedId) {
    require("pool_type");
    require("url");
    require("port");
    PoolConfig.Builder b = PoolConfig.builder().id(generatedId);
    if (body.hasNonNull("id")) {
      String id = text("id");
      if (!ID.matcher(id).matches()) {
        throw ApiError.badRequest(
            "id", "must be 1-64 letters, digits, '.', '_' or '-' (or leave it out for a UUID)");
      }
      b.id(id);
    }
    Map<String, String> config = new LinkedHashMap<>();
    if (body.has("config")) {
      config.putAll(configMap(Map.of()));
    }
    return apply(b, config, Map.of());
  }

  /**
   * @param stored the pool as stored
   * @return the updated, validated configuration (same id)
   * @throws ApiError 400 naming the first invalid field
   */
  PoolConfig applyTo(PoolConfig stored) {
    if (body.hasNonNull("id") && !text("id").equals(stored.id())) {
      throw ApiError.badRequest("id", "does not match the id in the path; a pool's id cannot change");
    }
    Map<String, String> config = new LinkedHashMap<>(stored.config());
    if (body.has("config")) {
      config = configMap(stored.config());
      // a secret that the client left out is kept: clients never see secrets, so cannot send them back
      for (Map.Entry<String, String> e : stored.config().entrySet()) {
        if (PoolConfig.isSecretKey(e.getKey()) && !body.get("config").has(e.getKey())) {
          config.put(e.getKey(), e.getValue());
        }
      }
    }
    PoolConfig changed = apply(stored.toBuilder(), config, stored.config());
    if (!routesChange(stored, changed)) {
      return changed;
    }
    // The request sends the pool's requests somewhere else: a stored secret goes only where it was
    // meant to go, so it is kept only when this request sends it again.
    PoolConfig.Builder b = changed.toBuilder();
    for (String key : changed.config().keySet()) {
      if (PoolConfig.isSecretKey(key) && !sendsSecret(key)) {
        b.config(key, null);
        droppedSecrets.add(key);
      }
    }
    try {
      return b.build();
    } catch (InvalidPoolConfigException e) {
      throw ApiError.badRequest(e.field(), e.getMessage());
    }
  }

  /**
   * @return the secrets {@link #applyTo} dropped because the request changes where the pool's
   *     requests go and did not send them again
   */
  Set<String> droppedSecrets() {
    return Set.copyOf(droppedSecrets);
  }

  /** The fields that decide where a pool's requests (and its secrets) go. */
  private static boolean routesChange(PoolConfig before, PoolConfig after) {
    return !before.poolType().equals(after.poolType())
        || !before.url().equals(after.url())
        || before.port() != after.port()
        || !Objects.equals(before.config().get(PoolConfig.API_BASE_URL), after.config().get(PoolConfig.API_BASE_URL))
        || !Objects.equals(before.config().get(PoolConfig.API_PORT), after.config().get(PoolConfig.API_PORT));
  }

  /** @return whether this request sends the secret itself (not the {@code "[redacted]"} marker) */
  private boolean sendsSecret(String key) {
    JsonNode v = key.equals(PoolConfig.API_KEY) && body.has(PoolConfig.API_KEY) ? body.get(PoolConfig.API_KEY) : null;
    JsonNode c = body.get("config");
    if (v == null && c != null && c.isObject()) {
      v = c.get(key);
    }
    return v != null && !v.isNull() && !(v.isTextual() && PoolConfig.REDACTED.equals(v.textValue()));
  }

  private PoolConfig apply(
      PoolConfig.Builder b, Map<String, String> config, Map<String, String> storedConfig) {
    if (body.has("pool_type")) {
      b.poolType(text("pool_type"));
    }
    if (body.has("name")) {
      b.name(optionalText("name"));
    }
    if (body.has("url")) {
      b.url(text("url"));
    }
    if (body.has("port")) {
      b.port(port());
    }
    if (body.has("username")) {
      b.username(optionalText("username"));
    }
    if (body.has("enabled")) {
      JsonNode e = body.get("enabled");
      if (!e.isBoolean()) {
        throw ApiError.badRequest("enabled", "must be true or false, got " + kind(e));
      }
      b.enabled(e.booleanValue());
    }
    if (body.has("api_key")) {
      JsonNode k = body.get("api_key");
      if (k.isNull()) {
        config.remove(PoolConfig.API_KEY);
      } else if (!k.isTextual()) {
        throw ApiError.badRequest("api_key", "must be a string, got " + kind(k));
      } else {
        putSecret(config, PoolConfig.API_KEY, k.textValue(), storedConfig);
      }
    }
    storedConfig.keySet().forEach(k -> b.config(k, null)); // the builder starts from the stored map
    b.config(config);
    try {
      return b.build();
    } catch (InvalidPoolConfigException e) {
      throw ApiError.badRequest(e.field(), e.getMessage());
    }
  }

  private Map<String, String> configMap(Map<String, String> storedConfig) {
    JsonNode c = body.get("config");
    Map<String, String> out = new LinkedHashMap<>();
    if (c.isNull()) {
      return out;
    }
    if (!c.isObject()) {
      throw ApiError.badRequest("config", "must be a JSON object of settings, got " + kind(c));
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      JsonNode v = e.getValue();
      if (v.isNull()) {
        continue; // null removes the setting
      }
      String value;
      if (v.isTextual()) {
        value = v.textValue();
      } else if (v.isNumber() || v.isBoolean()) {
        value = v.asText();
      } else {
        throw ApiError.badRequest(
            shortName(key), "config values must be strings, numbers or booleans, got " + kind(v));
      }
      if (PoolConfig.isSecretKey(key)) {
        putSecret(out, key, value, storedConfig);
      } else {
        out.put(key, value);
      }
    }
    return out;
  }

  private static void putSecret(
      Map<String, String> config, String key, String value, Map<String, String> storedConfig) {
    if (PoolConfig.REDACTED.equals(value)) {
      String old = storedConfig.get(key);
      if (old == null) {
        throw ApiError.badRequest(
            key,
            "'" + PoolConfig.REDACTED + "' is the marker shown in place of a secret; send the secret itself");
      }
      config.put(key, old);
    } else {
      config.put(key, value);
    }
  }

  private void require(String field) {
    if (!body.hasNonNull(field)) {
      throw ApiError.badRequest(field, "is required");
    }
  }

  private String text(String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      throw ApiError.badRequest(field, "must not be null");
    }
    if (!n.isTextual()) {
      throw ApiError.badRequest(field, "must be a string, got " + kind(n));
    }
    return n.textValue();
  }

  private @Nullable String optionalText(String field) {
    JsonNode n = body.get(field);
    return n == null || n.isNull() ? null : text(field);
  }

  private int port() {
    JsonNode n = body.get("port");
    long p;
    if (n.isIntegralNumber() && n.canConvertToLong()) {
      p = n.longValue();
    } else if (n.isTextual() && n.textValue().trim().matches("\\d{1,6}")) {
      p = Long.parseLong(n.textValue().trim()); // an HTML form sends numbers as text
    } else {
      throw ApiError.badRequest("port", "must be a whole number between 1 and 65535, got " + kind(n));
    }
    if (p < 1 || p > 65_535) {
      throw ApiError.badRequest("port", "must be between 1 and 65535, was " + p);
    }
    return (int) p;
  }

  private static String kind(JsonNode n) {
    if (n.isNull()) {
      return "null";
    }
    if (n.isObject()) {
      return "an object";
    }
    if (n.isArray()) {
      return "an array";
    }
    if (n.isBoolean()) {
      return "a boolean";
    }
    if (n.isNumber()) {
      return "a number";
    }
    return "a string";
  }

  private static String shortName(String name) {
    String s = name.length() > 40 ? name.substring(0, 40) + "..." : name;
    return s.replaceAll("\\p{Cntrl}", "?");
  }
}
