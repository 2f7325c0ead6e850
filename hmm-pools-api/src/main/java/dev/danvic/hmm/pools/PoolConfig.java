package dev.danvic.hmm.pools;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One pool the user watches: a row of the seed's {@code pools} table. Immutable and validated on
 * construction, so an instance that exists is usable.
 *
 * <p>{@code config} holds pool-specific settings as strings; the keys every plugin understands are
 * {@link #API_BASE_URL}, {@link #API_KEY}, {@link #COIN} and {@link #API_PORT}. Secret values (see
 * {@link #isSecretKey(String)}) never appear in {@link #toString()}; use {@link #redactedConfig()}
 * for anything shown or serialised.
 *
 * <p>Whether the {@code pool_type} exists and whether its plugin needs an API key is checked by the
 * registry in core, which knows the plugins.
 *
 * @param id stable identifier (the seed uses a UUID), non-blank
 * @param poolType the plugin's {@code pool_type}, lower case, for example {@code "solopool"}
 * @param name a name for people; defaults to {@code url}
 * @param url what the miner is pointed at (bare host or URL, see {@link PoolEndpoint})
 * @param port the stratum port, 1&ndash;65535
 * @param username the account: a Braiins user name, a Solopool wallet address; or {@code null}
 * @param config pool-specific settings, including secrets; never {@code null}, unmodifiable
 * @param enabled whether the pool is watched
 * @param createdAt when the row was created, or {@code null} when not stored
 * @param updatedAt when the row was last changed, or {@code null} when not stored
 */
public record PoolConfig(
    String id,
    String poolType,
    String name,
    String url,
    int port,
    @Nullable String username,
    Map<String, String> config,
    boolean enabled,
    @Nullable Instant createdAt,
    @Nullable Instant updatedAt) {

  /** Config key: the origin ({@code scheme://host:port}) API requests go to instead of the default. */
  public static final String API_BASE_URL = "api_base_url";
  /** Config key: the secret API token (Braiins access token, MMFP {@code X-API-Key}). */
  public static final String API_KEY = "api_key";
  /** Config key: the coin symbol, when the endpoint alone does not say. */
  public static final String COIN = "coin";
  /** Config key: the port of the pool's HTTP API, when not the plugin's default (MMFP: 4004). */
  public static final String API_PORT = "api_port";
  /** What replaces a secret value wherever a configuration is shown. */
  public static final String REDACTED = "[redacted]";

  private static final Pattern POOL_TYPE = Pattern.compile("[a-z][a-z0-9_-]{0,49}");
  private static final Pattern CONFIG_KEY = Pattern.compile("[a-z][a-z0-9_.-]{0,99}");
  private static final int MAX_TEXT = 255;

  /** Validates every field; see the class documentation. */
  public PoolConfig {
    id = requireText(id, "id", MAX_TEXT);
    poolType = requireText(poolType, "pool_type", 50);
    if (!POOL_TYPE.matcher(poolType).matches()) {
      throw new InvalidPoolConfigException(
          "pool_type", "'" + poolType + "' must be lower case letters, digits, '_' or '-'");
    }
    url = requireText(url, "url", MAX_TEXT);
    PoolEndpoint.checkPort(port);
    PoolEndpoint.parse(url, port); // refuses an unparseable url
    name = name == null || name.isBlank() ? url : requireText(name, "name", MAX_TEXT);
    if (username != null) {
      username = username.isBlank() ? null : requireText(username, "username", MAX_TEXT);
    }
    config = copyConfig(config);
  }

  /** @return a builder with no fields set but a random UUID as {@code id} and {@code enabled=true} */
  public static Builder builder() {
    return new Builder();
  }

  /** @return a builder holding this configuration's values */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** @return the normalised endpoint of {@code url} and {@code port} */
  public PoolEndpoint endpoint() {
    return PoolEndpoint.parse(url, port);
  }

  /**
   * @param key a config key
   * @return its value, or empty when absent
   */
  public Optional<String> configValue(String key) {
    return Optional.ofNullable(config.get(key));
  }

  /** @return the secret API token, or empty; never log or show it */
  public Optional<String> apiKey() {
    return configValue(API_KEY);
  }

  /** @return the {@link #COIN} setting, when it names a known coin */
  public Optional<Coin> coin() {
    return configValue(COIN).flatMap(Coin::find);
  }

  /** @return the {@link #API_BASE_URL} setting without a trailing slash, or empty */
  public Optional<String> apiBaseUrl() {
    return configValue(API_BASE_URL);
  }

  /** @return the {@link #API_PORT} setting, or empty */
  public Optional<Integer> apiPort() {
    return configValue(API_PORT).map(Integer::valueOf);
  }

  /** @return the config with every secret value replaced by {@link #REDACTED}; safe to show */
  public Map<String, String> redactedConfig() {
    Map<String, String> out = new TreeMap<>();
    config.forEach((k, v) -> out.put(k, isSecretKey(k) ? REDACTED : v));
    return Collections.unmodifiableMap(out);
  }

  /** @return the secret values of this configuration (to scrub them from any text), possibly none */
  public java.util.List<String> secretValues() {
    return config.entrySet().stream()
        .filter(e -> isSecretKey(e.getKey()))
        .map(Map.Entry::getValue)
        .toList();
  }

  /**
   * Whether a config key holds a secret: {@code api_key}, or any key whose name contains
   * {@code key}, {@code token}, {@code secret} or {@code password}.
   *
   * @param key a config key
   * @return true when its value must never be shown
   */
  public static boolean isSecretKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("key") // api_key, apikey, x-api-key: a secret missed leaks, one too many does not
        || k.contains("token")
        || k.contains("secret")
        || k.contains("password");
  }

  @Override
  public String toString() {
    return "PoolConfig[id="
        + id
        + ", poolType="
        + poolType
        + ", name="
        + name
        + ", url="
        + url
        + ", port="
        + port
        + ", username="
        + username
        + ", config="
        + redactedConfig()
        + ", enabled="
        + enabled
        + ", createdAt="
        + createdAt
        + ", updatedAt="
        + updatedAt
        + "]";
  }

  private static String requireText(@Nullable String value, String field, int max) {
    if (value == null || value.isBlank()) {
      throw new InvalidPoolConfigException(field, "must not be blank");
    }
    String v = value.trim();
    if (v.length() > max) {
      throw new InvalidPoolConfigException(field, "must be at most " + max + " characters");
    }
    for (int i = 0; i < v.length(); i++) {
      if (Character.isISOControl(v.charAt(i))) {
        throw new InvalidPoolConfigException(field, "must not contain control characters");
      }
    }
    requireUnicode(v, field);
    return v;
  }

  /** Refuses a lone UTF-16 surrogate: it is not text, and no UTF-8 store or JSON reader keeps it. */
  private static void requireUnicode(String v, String field) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < v.length() && Character.isLowSurrogate(v.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new InvalidPoolConfigException(field, "is not valid Unicode text (a lone surrogate at position " + i + ")");
      }
    }
  }

  private static Map<String, String> copyConfig(@Nullable Map<String, String> config) {
    if (config == null || config.isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : new TreeMap<>(config).entrySet()) {
      String key = e.getKey();
      if (key == null || !CONFIG_KEY.matcher(key).matches()) {
        throw new InvalidPoolConfigException(
            "config", "key '" + key + "' must be lower case letters, digits, '_', '.' or '-'");
      }
      String value = e.getValue();
      if (value == null) {
        continue; // an absent value is the same as an absent key
      }
      if (value.length() > 4096) {
        throw new InvalidPoolConfigException(key, "must be at most 4096 characters");
      }
      requireUnicode(value, key);
      out.put(key, isSecretKey(key) ? value : value.trim());
    }
    validateStandardKeys(out);
    return Collections.unmodifiableMap(out);
  }

  private static void validateStandardKeys(Map<String, String> config) {
    String base = config.get(API_BASE_URL);
    if (base != null) {
      config.put(API_BASE_URL, normaliseOrigin(base));
    }
    String apiPort = config.get(API_PORT);
    if (apiPort != null) {
      try {
        int p = Integer.parseInt(apiPort);
        if (p < 1 || p > 65_535) {
          throw new InvalidPoolConfigException(API_PORT, "must be between 1 and 65535, was " + p);
        }
      } catch (NumberFormatException e) {
        throw new InvalidPoolConfigException(API_PORT, "'" + apiPort + "' is not a port number");
      }
    }
    String coin = config.get(COIN);
    if (coin != null) {
      if (coin.isBlank()) {
        config.remove(COIN);
      } else {
        config.put(COIN, coin.toUpperCase(Locale.ROOT));
      }
    }
    String key = config.get(API_KEY);
    if (key != null && key.isBlank()) {
      config.remove(API_KEY);
    }
  }

  private static String normaliseOrigin(String base) {
    URI uri;
    try {
      uri = new URI(base.trim());
    } catch (URISyntaxException e) {
      throw new InvalidPoolConfigException(API_BASE_URL, shown(base) + " is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new InvalidPoolConfigException(
          API_BASE_URL, "must start with http:// or https://, was " + shown(base));
    }
    if (uri.getHost() == null) {
      throw new InvalidPoolConfigException(API_BASE_URL, shown(base) + " has no host");
    }
    if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new InvalidPoolConfigException(
          API_BASE_URL, "must be an origin (scheme://host:port) without user info, query or fragment");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return scheme + "://" + uri.getRawAuthority().toLowerCase(Locale.ROOT) + path;
  }

  /** A refused URL, quoted for a message, without the user info (a password) it may carry. */
  private static String shown(String url) {
    String s = url.trim();
    int at = s.lastIndexOf('@');
    if (at < 0) {
      return "'" + s + "'";
    }
    int scheme = s.indexOf("://");
    String prefix = scheme >= 0 && scheme < at ? s.substring(0, scheme + 3) : "";
    return "'" + prefix + "***@" + s.substring(at + 1) + "'";
  }

  /** Builds a {@link PoolConfig}; {@link #build()} validates. Not thread-safe. */
  public static final class Builder {
    private String id = UUID.randomUUID().toString();
    private @Nullable String poolType;
    private @Nullable String name;
    private @Nullable String url;
    private int port;
    private @Nullable String username;
    private final Map<String, String> config = new LinkedHashMap<>();
    private boolean enabled = true;
    private @Nullable Instant createdAt;
    private @Nullable Instant updatedAt;

    private Builder() {}

    private Builder(PoolConfig c) {
      id = c.id;
      poolType = c.poolType;
      name = c.name;
      url = c.url;
      port = c.port;
      username = c.username;
      config.putAll(c.config);
      enabled = c.enabled;
      createdAt = c.createdAt;
      updatedAt = c.updatedAt;
    }

    /** @param id stable identifier @return this */
    public Builder id(String id) {
      this.id = id;
      return this;
    }

    /** @param poolType the plugin's pool_type, for example {@code "braiins"} @return this */
    public Builder poolType(String poolType) {
      this.poolType = poolType;
      return this;
    }

    /** @param name a name for people @return this */
    public Builder name(@Nullable String name) {
      this.name = name;
      return this;
    }

    /** @param url what the miner is pointed at @return this */
    public Builder url(String url) {
      this.url = url;
      return this;
    }

    /** @param port the stratum port, 1&ndash;65535 @return this */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** @param username the account or wallet address @return this */
    public Builder username(@Nullable String username) {
      this.username = username;
      return this;
    }

    /**
     * @param key a config key
     * @param value its value; {@code null} removes the key
     * @return this
     */
    public Builder config(String key, @Nullable String value) {
      if (value == null) {
        config.remove(key);
      } else {
        config.put(key, value);
      }
      return this;
    }

    /** @param values config entries to add or replace @return this */
    public Builder config(Map<String, String> values) {
      config.putAll(values);
      return this;
    }

    /** @param apiKey the secret token (stored under {@link #API_KEY}) @return this */
    public Builder apiKey(@Nullable String apiKey) {
      return config(API_KEY, apiKey);
    }

    /** @param enabled whether the pool is watched @return this */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /** @param createdAt creation time @return this */
    public Builder createdAt(@Nullable Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    /** @param updatedAt last change time @return this */
    public Builder updatedAt(@Nullable Instant updatedAt) {
      this.updatedAt = updatedAt;
      return this;
    }

    /**
     * @return the validated configuration
     * @throws InvalidPoolConfigException naming the first invalid field
     */
    @SuppressWarnings("NullAway") // the record's constructor refuses null with a clear message
    public PoolConfig build() {
      return new PoolConfig(
          id, poolType, name, url, port, username, config, enabled, createdAt, updatedAt);
    }
  }
}
