package dev.danvic.hmm.pools.braiins;

import static dev.danvic.hmm.pools.braiins.BraiinsIntegration.PROFILE_PATH;
import static dev.danvic.hmm.pools.braiins.BraiinsIntegration.REWARDS_PATH;
import static dev.danvic.hmm.pools.braiins.BraiinsIntegration.STATS_PATH;
import static dev.danvic.hmm.pools.braiins.BraiinsIntegration.WORKERS_PATH;

import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.testkit.Fixtures;
import dev.danvic.hmm.pools.testkit.ScriptedPoolContext;
import java.time.Instant;

/** Shared set-up of the Braiins tests: a fixed clock, a loopback origin, a recognisable token. */
final class BraiinsFixtures {
  /** The context clock: 2026-02-05T12:00:00Z = unix 1770292800; the fixtures are relative to it. */
  static final Instant NOW = Instant.parse("2026-02-05T12:00:00Z");
  /** Never contacted: the scripted context answers in memory. */
  static final String BASE = "http://127.0.0.1:18080";
  static final String TOKEN = "SeCrEtT0kenBraiins9f8e7d6c5b4a";

  private BraiinsFixtures() {}

  static String url(String path) {
    return BASE + path;
  }

  static PoolConfig pool() {
    return pool(TOKEN);
  }

  static PoolConfig pool(String token) {
    return PoolConfig.builder()
        .poolType("braiins")
        .name("my braiins")
        .url("stratum+tcp://eu.stratum.braiins.com:3333")
        .port(3333)
        .username("alice")
        .config(PoolConfig.API_BASE_URL, BASE)
        .apiKey(token)
        .build();
  }

  static ScriptedPoolContext context() {
    return ScriptedPoolContext.at(NOW);
  }

  /** Every endpoint answered with a current-shape fixture. */
  static ScriptedPoolContext current() {
    return context()
        .json(url(PROFILE_PATH), Fixtures.read("braiins/profile-current.json"))
        .json(url(STATS_PATH), Fixtures.read("braiins/stats.json"))
        .json(url(WORKERS_PATH), Fixtures.read("braiins/workers-current.json"))
        .json(url(REWARDS_PATH), Fixtures.read("braiins/rewards.json"));
  }

  /** Every endpoint answered with a Slush-era fixture. */
  static ScriptedPoolContext slushEra() {
    return context()
        .json(url(PROFILE_PATH), Fixtures.read("braiins/profile-slush.json"))
        .json(url(STATS_PATH), Fixtures.read("braiins/stats-legacy.json"))
        .json(url(WORKERS_PATH), Fixtures.read("braiins/workers-slush.json"))
        .json(url(REWARDS_PATH), Fixtures.read("braiins/rewards.json"));
  }

  /** The answer Braiins gives a missing or bad token. */
  static ScriptedPoolContext forbidden(ScriptedPoolContext ctx, String path) {
    return ctx.respond(url(path), 403, "text/plain", Fixtures.read("braiins/forbidden.txt"));
  }
}
