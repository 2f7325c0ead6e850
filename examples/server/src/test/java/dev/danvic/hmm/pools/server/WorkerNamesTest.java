package dev.danvic.hmm.pools.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.danvic.hmm.pools.BasePoolIntegration;
import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.PoolContext;
import dev.danvic.hmm.pools.PoolEndpoint;
import dev.danvic.hmm.pools.PoolHealthStatus;
import dev.danvic.hmm.pools.PoolWorker;
import dev.danvic.hmm.pools.alerts.AlertRule;
import dev.danvic.hmm.pools.alerts.RuleKind;
import dev.danvic.hmm.pools.core.DashboardPoolService;
import dev.danvic.hmm.pools.core.PoolRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Where the server's worker_missing rules get worker names: the pool's plugin, asked only for pools
 * such a rule watches, the online workers only; unknown when the plugin does not list them.
 */
class WorkerNamesTest {
  /** Lists two workers, one offline (or, not listing, keeps the api's default); counts how often it is asked. */
  static final class Listing implements BasePoolIntegration {
    final AtomicInteger asked = new AtomicInteger();
    final String type;
    final boolean lists;

    Listing(String type, boolean lists) {
      this.type = type;
      this.lists = lists;
    }

    @Override public String poolType() {
      return type;
    }

    @Override public String displayName() {
      return type;
    }

    @Override public URI documentationUrl() {
      return URI.create("https://example.invalid");
    }

    @Override public List<String> supportedCoins() {
      return List.of("BTC");
    }

    @Override public boolean requiresApiKey() {
      return false;
    }

    @Override public CompletableFuture<Boolean> detect(PoolEndpoint endpoint, PoolContext context) {
      return CompletableFuture.completedFuture(false);
    }

    @Override public CompletableFuture<PoolHealthStatus> healthCheck(PoolConfig pool, PoolContext context) {
      return CompletableFuture.completedFuture(PoolHealthStatus.healthy(1.0, context.now()));
    }

    @Override public CompletableFuture<DashboardTileData> dashboardData(PoolConfig pool, PoolContext context) {
      return CompletableFuture.completedFuture(DashboardTileData.builder(context.now()).build());
    }

    @Override public CompletableFuture<List<PoolWorker>> workers(PoolConfig pool, PoolContext context) {
      asked.incrementAndGet();
      if (!lists) {
        return BasePoolIntegration.super.workers(pool, context);
      }
      return CompletableFuture.completedFuture(
          List.of(new PoolWorker("s21", true, 2e14, null), new PoolWorker("s9", false, 0.0, null)));
    }
  }

  private static PoolConfig pool(String id, String type) {
    return PoolConfig.builder().id(id).name(id).poolType(type).url("pool.example.invalid").port(3333).build();
  }

  private static AlertRule missing(String id, String poolId) {
    return new AlertRule(id, id, RuleKind.WORKER_MISSING, poolId, null, Duration.ofMinutes(5), "s21", null, List.of());
  }

  @Test
  void onlyPoolsAWorkerMissingRuleWatchesAreAskedAndOnlyOnlineWorkersCount() {
    Listing listing = new Listing("listing", true);
    List<AlertRule> rules = new ArrayList<>();
    try (PoolRegistry registry = PoolRegistry.builder().register(listing).register(new Listing("silent", false)).build();
        DashboardPoolService service = DashboardPoolService.builder(registry)
            .pools(List.of(pool("a", "listing"), pool("b", "listing"), pool("c", "silent"))).build()) {
      WorkerNames names = new WorkerNames(service, () -> rules);
      rules.add(new AlertRule("down", "down", RuleKind.POOL_UNHEALTHY, null, null, Duration.ZERO, null, null, List.of()));

      assertThat(names.apply("a")).as("no worker_missing rule: unknown").isNull();
      assertThat(listing.asked).as("and the pool is not asked").hasValue(0);

      rules.add(missing("m", "a"));
      assertThat(names.apply("a")).containsExactly("s21");
      assertThat(names.apply("b")).as("a rule on another pool does not make this one read").isNull();
      assertThat(listing.asked).hasValue(1);

      rules.add(missing("all", null));
      assertThat(names.apply("b")).containsExactly("s21");
      assertThat(names.apply("c")).as("a plugin that does not list workers: unknown, never 'nobody'").isNull();
      assertThat(names.apply("gone")).isNull();
      assertThat(Set.copyOf(names.apply("a"))).doesNotContain("s9");
    }
  }
}
