package dev.danvic.hmm.pools.reliability;

import dev.danvic.hmm.pools.BasePoolIntegration;
import dev.danvic.hmm.pools.Coin;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.braiins.BraiinsIntegration;
import dev.danvic.hmm.pools.ckpool.CkpoolIntegration;
import dev.danvic.hmm.pools.miningcore.MiningcoreIntegration;
import dev.danvic.hmm.pools.core.PoolRegistry;
import dev.danvic.hmm.pools.mmfp.MmfpIntegration;
import dev.danvic.hmm.pools.nomp.NompIntegration;
import dev.danvic.hmm.pools.ocean.OceanIntegration;
import dev.danvic.hmm.pools.publicpool.PublicPoolIntegration;
import dev.danvic.hmm.pools.simulator.PoolSimulator;
import dev.danvic.hmm.pools.solopool.SolopoolIntegration;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One running simulator per plugin, on 127.0.0.1, whose clock stands still so every answer is the
 * same throughout a run; and the pool configurations that point at them (or at a fault server in
 * their place).
 */
final class Sims implements AutoCloseable {
  /** Where the simulators' clocks stand. */
  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  /** The plugins, in the order the scorecard lists them. */
  enum Plugin {
    SOLOPOOL("Solopool", PoolSimulator.Kind.SOLOPOOL, Coin.BTC, SolopoolIntegration::new),
    BRAIINS("Braiins", PoolSimulator.Kind.BRAIINS, Coin.BTC, BraiinsIntegration::new),
    MMFP("MMFP", PoolSimulator.Kind.MMFP, Coin.DGB, MmfpIntegration::new),
    PUBLICPOOL("public-pool", PoolSimulator.Kind.PUBLICPOOL, Coin.BTC, PublicPoolIntegration::new),
    CKPOOL("ckpool", PoolSimulator.Kind.CKPOOL, Coin.BTC, CkpoolIntegration::new),
    OCEAN("OCEAN", PoolSimulator.Kind.OCEAN, Coin.BTC, OceanIntegration::new),
    MININGCORE("Miningcore", PoolSimulator.Kind.MININGCORE, Coin.BTC, MiningcoreIntegration::new),
    NOMP("NOMP", PoolSimulator.Kind.NOMP, Coin.BTC, NompIntegration::new);

    final String label;
    final PoolSimulator.Kind kind;
    final Coin coin;
    private final java.util.function.Supplier<BasePoolIntegration> plugin;

    Plugin(String label, PoolSimulator.Kind kind, Coin coin, java.util.function.Supplier<BasePoolIntegration> plugin) {
      this.label = label;
      this.kind = kind;
      this.coin = coin;
      this.plugin = plugin;
    }

    /** @return whether the plugin takes a secret ({@code api_key}); Solopool and the five newer ones take none */
    boolean takesSecret() {
      return this == BRAIINS || this == MMFP;
    }
  }

  private final Map<Plugin, PoolSimulator> sims = new ConcurrentHashMap<>();
  private final Map<String, byte[]> answers = new ConcurrentHashMap<>();

  Sims() {
    this(1);
  }

  Sims(long seed) {
    for (Plugin p : Plugin.values()) {
      sims.put(
          p,
          PoolSimulator.builder().kind(p.kind).coin(p.coin).clock(CLOCK).seed(seed).build().start());
    }
  }

  PoolSimulator sim(Plugin p) {
    return sims.get(p);
  }

  /**
   * A pool of {@code plugin} whose API is at {@code apiBaseUrl}, with the simulator's account and
   * the given token as {@code api_key}.
   */
  PoolConfig pool(Plugin plugin, String id, String apiBaseUrl, String token) {
    PoolSimulator sim = sim(plugin);
    PoolConfig.Builder b =
        PoolConfig.builder()
            .id(id)
            .name(id)
            .poolType(plugin.kind.poolType())
            .url("stratum+tcp://127.0.0.1")
            .port(3333)
            .username(sim.username())
            .config(PoolConfig.API_BASE_URL, apiBaseUrl)
            .config(PoolConfig.COIN, plugin.coin.symbol())
            .apiKey(token);
    return b.build();
  }

  /** A pool that reads the simulator itself. */
  PoolConfig healthyPool(Plugin plugin, String id) {
    String token = plugin == Plugin.BRAIINS ? sim(plugin).token() : null;
    return pool(plugin, id, sim(plugin).baseUrl(), token);
  }

  /**
   * The simulator's own answer to {@code target} (path and query), fetched once with its
   * credential and kept: the clock stands still, so it never changes.
   */
  byte[] answer(Plugin plugin, String target) {
    return answers.computeIfAbsent(plugin + " " + target, k -> fetch(sim(plugin), target));
  }

  private static byte[] fetch(PoolSimulator sim, String target) {
    try {
      HttpURLConnection c =
          (HttpURLConnection) URI.create(sim.baseUrl() + target).toURL().openConnection(Proxy.NO_PROXY);
      if (sim.token() != null) {
        c.setRequestProperty(BraiinsIntegration.TOKEN_HEADER, sim.token());
        c.setRequestProperty(MmfpIntegration.API_KEY_HEADER, sim.token());
      }
      c.setConnectTimeout(5000);
      c.setReadTimeout(5000);
      InputStream in = c.getResponseCode() < 400 ? c.getInputStream() : c.getErrorStream();
      try (InputStream body = in) {
        return body == null ? new byte[0] : body.readAllBytes();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the simulator did not answer " + target, e);
    }
  }

  /** @return a new instance of {@code p}'s plugin */
  static BasePoolIntegration integration(Plugin p) {
    return p.plugin.get();
  }

  /** @return a registry builder with the eight plugins registered explicitly */
  static PoolRegistry.Builder allPlugins() {
    PoolRegistry.Builder b = PoolRegistry.builder();
    for (Plugin p : Plugin.values()) {
      b.register(integration(p));
    }
    return b;
  }

  @Override
  public void close() {
    sims.values().forEach(PoolSimulator::close);
  }
}
