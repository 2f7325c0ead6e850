package dev.danvic.hmm.pools.server;

import dev.danvic.hmm.pools.core.DashboardPoolService;
import dev.danvic.hmm.pools.micrometer.HmmPoolsMetrics;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * {@code GET /metrics}: every meter of {@link HmmPoolsMetrics} (per-pool gauges and the SDK's
 * counters) in the Prometheus text exposition format (version 0.0.4), for a Prometheus scrape.
 */
final class MetricsRoutes {
  /** The content type of the Prometheus text format. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  /**
   * @param metrics the meters; they start watching the service here
   * @param service the server's dashboard service
   */
  MetricsRoutes(HmmPoolsMetrics metrics, DashboardPoolService service) {
    metrics.watch(service).bindTo(prometheus);
  }

  void register(RoutesConfig r) {
    r.get("/metrics", this::scrape);
  }

  private void scrape(Context ctx) {
    ctx.contentType(CONTENT_TYPE);
    ctx.header("Cache-Control", "no-cache");
    ctx.result(prometheus.scrape());
  }

  /** Releases the registry's meters. */
  void close() {
    prometheus.close();
  }
}
