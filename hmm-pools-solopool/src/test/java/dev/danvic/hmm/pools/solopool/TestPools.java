package dev.danvic.hmm.pools.solopool;

import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.testkit.Fixtures;
import dev.danvic.hmm.pools.testkit.ScriptedPoolContext;
import java.time.Instant;
import java.util.Map;

/** Shared test data: the fixed clock, the default API origins and pool configurations. */
final class TestPools {
  /** The fixed "now" of every scripted context: 2026-02-05T12:00:00Z = 1770292800 s. */
  static final Instant NOW = Instant.parse("2026-02-05T12:00:00Z");

  static final String BTC = "https://btc.solopool.org";
  static final String DGB = "https://dgb-sha.solopool.org";
  static final String BCH = "https://bch.solopool.org";
  static final String BC2 = "https://bc2.solopool.org";

  static final String WALLET = "bc1qexamplewallet0000000000000000000000";

  private TestPools() {}

  static PoolConfig pool(String url, int port) {
    return pool(url, port, null, Map.of());
  }

  static PoolConfig pool(String url, int port, String username) {
    return pool(url, port, username, Map.of());
  }

  static PoolConfig pool(String url, int port, String username, Map<String, String> config) {
    return PoolConfig.builder()
        .id("test-pool")
        .poolType("solopool")
        .url(url)
        .port(port)
        .username(username)
        .config(config)
        .build();
  }

  static String fixture(String name) {
    return Fixtures.read("solopool/" + name);
  }

  /** A context answering stats and blocks of {@code origin} from fixtures. */
  static ScriptedPoolContext scripted(String origin, String statsFixture, String blocksFixture) {
    return ScriptedPoolContext.at(NOW)
        .json(origin + "/api/stats", fixture(statsFixture))
        .json(origin + "/api/blocks", fixture(blocksFixture));
  }
}
