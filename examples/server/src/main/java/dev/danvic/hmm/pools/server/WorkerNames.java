package dev.danvic.hmm.pools.server;

import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.PoolWorker;
import dev.danvic.hmm.pools.alerts.AlertRule;
import dev.danvic.hmm.pools.alerts.RuleKind;
import dev.danvic.hmm.pools.core.DashboardPoolService;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The names of a pool's workers online now, for the {@code worker_missing} rules: the tiles count
 * workers but do not name them, so the pool's plugin lists them ({@code workers()}, through the
 * registry and within its deadline). A pool is read only while some {@code worker_missing} rule
 * watches it, so the other pools get no extra request. Unknown ({@code null}: the rules keep their
 * state) when the plugin does not list workers or the read failed. Runs on the alert thread.
 */
final class WorkerNames implements Function<String, @Nullable Set<String>> {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerNames.class);

  private final DashboardPoolService service;
  private final Supplier<? extends Collection<AlertRule>> rules;

  /**
   * @param service the dashboard service, for the pools and their registry
   * @param rules the rules now (read at every call)
   */
  WorkerNames(DashboardPoolService service, Supplier<? extends Collection<AlertRule>> rules) {
    this.service = service;
    this.rules = rules;
  }

  @Override
  public @Nullable Set<String> apply(String poolId) {
    boolean wanted = rules.get().stream().anyMatch(r -> r.kind() == RuleKind.WORKER_MISSING && r.watches(poolId));
    if (!wanted) {
      return null;
    }
    PoolConfig pool = service.pools().stream().filter(p -> p.id().equals(poolId)).findFirst().orElse(null);
    if (pool == null) {
      return null;
    }
    try {
      Optional<List<PoolWorker>> workers = service.registry().poolWorkers(pool).join(); // bounded by the deadline
      return workers
          .map(list -> list.stream().filter(PoolWorker::online).map(PoolWorker::name).collect(Collectors.toUnmodifiableSet()))
          .orElse(null);
    } catch (RuntimeException e) {
      LOG.debug("workers of pool {} not read: {}", poolId, e.toString());
      return null;
    }
  }
}
