package dev.danvic.hmm.pools.mmfp;

import dev.danvic.hmm.pools.Coin;
import dev.danvic.hmm.pools.InvalidPoolConfigException;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.PoolEndpoint;
import dev.danvic.hmm.pools.PoolRequest;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where one MMFP pool's API is and how to ask it: the origin, the optional {@code X-API-Key}, the
 * configured coin and the account. Built once per operation from a {@link PoolConfig} (or, for
 * detection, from an endpoint alone). {@link #toString()} never shows the key.
 */
final class MmfpEndpoints {
  /** GoSlimStratum's health endpoint. */
  static final String HEALTH = "/api/v1/health";
  /** GoStratumEngine's statistics. */
  static final String ENGINE_STATS = "/api/v1/stats";
  /** GoStratumEngine's miners. */
  static final String ENGINE_MINERS = "/api/v1/miners";
  /** The seed's statistics. */
  static final String SEED_STATS = "/stats";
  /** The seed's block list. */
  static final String SEED_BLOCKS = "/blocks/recent";

  private final String origin;
  private final @Nullable String apiKey;
  private final @Nullable Coin configuredCoin;
  private final @Nullable String username;

  private MmfpEndpoints(
      String origin, @Nullable String apiKey, @Nullable Coin configuredCoin, @Nullable String username) {
    this.origin = origin;
    this.apiKey = apiKey;
    this.configuredCoin = configuredCoin;
    this.username = username;
  }

  /**
   * @param pool a configured MMFP pool
   * @return its target
   * @throws InvalidPoolConfigException naming {@code coin} when the coin is not one MMFP serves
   */
  static MmfpEndpoints of(PoolConfig pool) {
    return new MmfpEndpoints(
        origin(pool), pool.apiKey().orElse(null), configuredCoin(pool), pool.username());
  }

  /**
   * @param endpoint an endpoint to probe (detection has no configuration)
   * @return a target on the endpoint's host, port {@value MmfpIntegration#DEFAULT_API_PORT}, no key
   */
  static MmfpEndpoints of(PoolEndpoint endpoint) {
    return new MmfpEndpoints(
        originOn(endpoint, MmfpIntegration.DEFAULT_API_PORT), null, null, null);
  }

  /**
   * The configured {@code api_base_url}; else {@code http://} the stratum host, port
   * {@code api_port} (default 4004).
   */
  static String origin(PoolConfig pool) {
    Optional<String> base = pool.apiBaseUrl();
    if (base.isPresent()) {
      return base.get();
    }
    int port = pool.apiPort().orElse(MmfpIntegration.DEFAULT_API_PORT);
    return originOn(pool.endpoint(), port);
  }

  private static String originOn(PoolEndpoint endpoint, int apiPort) {
    return "http://" + new PoolEndpoint(endpoint.host(), apiPort, null).authority();
  }

  /** The {@code coin} setting, refused when MMFP does not serve it; {@code null} when absent. */
  static @Nullable Coin configuredCoin(PoolConfig pool) {
    Optional<String> symbol = pool.configValue(PoolConfig.COIN);
    if (symbol.isEmpty()) {
      return null;
    }
    Optional<Coin> coin = Coin.find(symbol.get());
    if (coin.isEmpty() || !MmfpIntegration.COINS.contains(coin.get().symbol())) {
      throw new InvalidPoolConfigException(
          PoolConfig.COIN,
          "MMFP serves "
              + String.join(", ", MmfpIntegration.COINS)
              + "; '"
              + symbol.get().toUpperCase(Locale.ROOT)
              + "' is not one of them");
    }
    return coin.get();
  }

  /** @return the origin every request goes to, without a trailing slash */
  String origin() {
    return origin;
  }

  /** @return whether an API key is configured */
  boolean hasApiKey() {
    return apiKey != null;
  }

  /** @return the configured coin, or {@code null} */
  @Nullable Coin configuredCoin() {
    return configuredCoin;
  }

  /** @return the coin whose {@code /api/v1/{COIN}/...} endpoints are read: the configured one, else BTC */
  Coin metricsCoin() {
    return configuredCoin != null ? configuredCoin : MmfpIntegration.DEFAULT_COIN;
  }

  /** @return the account (wallet address) whose workers are the user's, or {@code null} */
  @Nullable String username() {
    return username;
  }

  /**
   * @param path a path as written in the API description, for example {@code /api/v1/health}
   * @return the absolute URL
   */
  String url(String path) {
    return origin + path;
  }

  /**
   * @param path a path, for example {@code /api/v1/health}
   * @return a GET of it, with {@code X-API-Key} (marked secret) when a key is configured
   */
  PoolRequest request(String path) {
    PoolRequest request = PoolRequest.get(url(path));
    return apiKey == null ? request : request.withSecretHeader(MmfpIntegration.API_KEY_HEADER, apiKey);
  }

  /** @return GoSlimStratum's pool metrics path for this target's coin */
  String metricsPool() {
    return "/api/v1/" + metricsCoin().symbol() + "/metrics/pool";
  }

  /** @return GoSlimStratum's miners metrics path for this target's coin */
  String metricsMiners() {
    return "/api/v1/" + metricsCoin().symbol() + "/metrics/miners";
  }

  @Override
  public String toString() {
    return "MmfpEndpoints[origin="
        + origin
        + ", apiKey="
        + (apiKey == null ? "none" : PoolConfig.REDACTED)
        + ", coin="
        + configuredCoin
        + "]";
  }
}
