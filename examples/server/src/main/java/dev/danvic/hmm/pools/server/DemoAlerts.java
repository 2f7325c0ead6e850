package dev.danvic.hmm.pools.server;

import dev.danvic.hmm.pools.alerts.AlertRule;
import dev.danvic.hmm.pools.alerts.RuleKind;
import dev.danvic.hmm.pools.simulator.PoolSimulator;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The alert rules the demo ships, delivering to the page only (no channel): one of each kind the
 * simulated pools can show. The simulators' admin endpoint ({@code POST /admin/down}, {@code /up},
 * {@code /drop-worker?name=s21}, {@code /find-block}) makes them fire and resolve within a minute.
 * The {@link RuleKind#WORKER_MISSING} rule watches the Solopool pool's rig {@value #DEMO_WORKER},
 * whose name the Solopool plugin lists ({@code workers()}): dropped, it fires after a minute.
 */
final class DemoAlerts {
  private DemoAlerts() {}

  static List<AlertRule> rules() {
    String solo = Main.demoId(PoolSimulator.Kind.SOLOPOOL);
    return List.of(
        rule("demo-pool-down", "pool down", RuleKind.POOL_UNHEALTHY, null, null, Duration.ZERO),
        rule("demo-workers", "a worker dropped", RuleKind.WORKERS_BELOW, solo, 3.0, Duration.ZERO),
        rule("demo-hashrate", "hash rate halved", RuleKind.HASHRATE_DROP, solo, 50.0, Duration.ofMinutes(1)),
        rule("demo-rejects", "many rejects", RuleKind.REJECT_RATE_ABOVE, null, 10.0, Duration.ofMinutes(1)),
        rule("demo-latency", "slow pool", RuleKind.LATENCY_ABOVE, null, 2000.0, Duration.ofMinutes(1)),
        rule("demo-block", "block found", RuleKind.BLOCK_FOUND, null, null, Duration.ZERO),
        rule("demo-balance", "balance up", RuleKind.BALANCE_INCREASED, null, null, Duration.ZERO),
        new AlertRule("demo-worker-missing", "rig " + DEMO_WORKER + " missing", RuleKind.WORKER_MISSING, solo, null,
            Duration.ofMinutes(1), DEMO_WORKER, null, List.of()));
  }

  /**
   * The demo's failover group: its simulated Bitaxe mines on the Solopool pool and moves to the
   * public-pool one when Solopool goes down (at once), back when Solopool has been well for a
   * minute, never twice within a minute; applied, not dry: the miner is simulated.
   *
   * @param axeosUrl the simulated miner's address
   * @return the group as a POST /failover/groups body
   */
  static String failoverGroup(String axeosUrl) {
    return "{\"id\":\"demo-bitaxe\",\"miner\":\"demo bitaxe\",\"pool_ids\":[\""
        + Main.demoId(PoolSimulator.Kind.SOLOPOOL) + "\",\"" + Main.demoId(PoolSimulator.Kind.PUBLICPOOL) + "\"],"
        + "\"fail_after_minutes\":0,\"recover_after_minutes\":1,\"min_dwell_minutes\":1,"
        + "\"axeos_url\":\"" + axeosUrl + "\",\"stratum_user\":\"" + DEMO_MINER_USER + "\",\"apply\":true}";
  }

  /** The simulated home rig the demo's worker_missing rule names (the simulators' biggest). */
  static final String DEMO_WORKER = "s21";

  /** The simulated Bitaxe's stratum user. */
  static final String DEMO_MINER_USER = "bc1qdemo.bitaxe";

  private static AlertRule rule(
      String id, String name, RuleKind kind, @Nullable String poolId, @Nullable Double threshold, Duration duration) {
    return new AlertRule(id, name, kind, poolId, threshold, duration, null, null, List.of());
  }
}
