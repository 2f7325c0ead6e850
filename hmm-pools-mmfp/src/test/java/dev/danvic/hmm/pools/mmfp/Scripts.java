package dev.danvic.hmm.pools.mmfp;

import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.testkit.Fixtures;
import dev.danvic.hmm.pools.testkit.ScriptedPoolContext;
import java.time.Instant;

/** Shared test setup: a fixed clock, a pool on a LAN host, and the MMFP URLs scripted per shape. */
final class Scripts {
  static final Instant NOW = Instant.parse("2026-02-05T12:00:00Z");
  static final String HOST = "192.168.1.50";
  static final String ORIGIN = "http://" + HOST + ":4004";
  static final String HEALTH = ORIGIN + "/api/v1/health";
  static final String METRICS_POOL = ORIGIN + "/api/v1/BTC/metrics/pool";
  static final String METRICS_MINERS = ORIGIN + "/api/v1/BTC/metrics/miners";
  static final String ENGINE_STATS = ORIGIN + "/api/v1/stats";
  static final String ENGINE_MINERS = ORIGIN + "/api/v1/miners";
  static final String SEED_STATS = ORIGIN + "/stats";
  static final String SEED_BLOCKS = ORIGIN + "/blocks/recent";

  private Scripts() {}

  static String fixture(String name) {
    return Fixtures.read("mmfp/" + name);
  }

  static ScriptedPoolContext context() {
    return ScriptedPoolContext.at(NOW);
  }

  /** A GoSlimStratum server: healthy, windowed metrics, a miners list. */
  static ScriptedPoolContext goSlimStratum() {
    return context()
        .json(HEALTH, fixture("health-ok.json"))
        .json(METRICS_POOL, fixture("metrics-pool-windowed.json"))
        .json(METRICS_MINERS, fixture("metrics-miners.json"));
  }

  /** A GoStratumEngine server: no metrics/pool, engine stats and miners. */
  static ScriptedPoolContext engine() {
    return context()
        .json(HEALTH, fixture("health-engine.json"))
        .status(METRICS_POOL, 404)
        .status(METRICS_MINERS, 404)
        .json(ENGINE_STATS, fixture("engine-stats.json"))
        .json(ENGINE_MINERS, fixture("engine-miners.json"));
  }

  /** A server that answers only the seed's endpoints. */
  static ScriptedPoolContext seed() {
    return context()
        .status(HEALTH, 404)
        .status(METRICS_POOL, 404)
        .status(METRICS_MINERS, 404)
        .status(ENGINE_STATS, 404)
        .status(ENGINE_MINERS, 404)
        .json(SEED_STATS, fixture("seed-stats.json"))
        .json(SEED_BLOCKS, fixture("seed-blocks-recent.json"));
  }

  static PoolConfig.Builder poolBuilder() {
    return PoolConfig.builder().poolType("mmfp").url("stratum+tcp://" + HOST).port(3333);
  }

  static PoolConfig pool() {
    return poolBuilder().build();
  }
}
