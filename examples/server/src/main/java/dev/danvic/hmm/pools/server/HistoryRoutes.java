package dev.danvic.hmm.pools.server;

import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.core.DashboardPoolService;
import dev.danvic.hmm.pools.core.PoolChangeEvent;
import dev.danvic.hmm.pools.core.PoolChangeListener;
import dev.danvic.hmm.pools.core.history.HistoryMetric;
import dev.danvic.hmm.pools.core.history.HistoryPoint;
import dev.danvic.hmm.pools.core.history.HistoryQueries;
import dev.danvic.hmm.pools.core.history.HistoryRecorder;
import dev.danvic.hmm.pools.core.history.HistorySeries;
import dev.danvic.hmm.pools.core.history.HistoryStore;
import dev.danvic.hmm.pools.core.history.PoolComparison;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The history endpoints, fed by a {@link HistoryRecorder} on the server's dashboard service.
 *
 * <table>
 *   <caption>Endpoints</caption>
 *   <tr><th>request</th><th>answer</th></tr>
 *   <tr><td>{@code GET /api/dashboard/pools/{id}/history?range=24h&step=5m}</td><td>{@code {pool_id,
 *       from, to, step, step_seconds, samples: [{time, samples, healthy_samples, uptime_percent,
 *       <figure>, <figure>_min, <figure>_max, ...}]}}: one entry per step that holds a sample,
 *       oldest first; each figure the mean of the step, {@code null} when no sample gave it</td></tr>
 *   <tr><td>{@code GET /api/dashboard/comparison?range=7d}</td><td>{@code {from, to, range, pools:
 *       [one row per stored pool]}}, the figures of {@link PoolComparison}</td></tr>
 * </table>
 *
 * <p>{@code range} is a number and a unit {@code m}, {@code h} or {@code d} (default {@code 24h},
 * at most {@value #MAX_RANGE_DAYS} days); {@code step} also takes {@code s} (default: the range /
 * 288, at least 30 s). A step finer than the stored resolution of the range is widened to it (the
 * answer's {@code step_seconds} says). At most {@value #MAX_POINTS} steps per answer. A bad value
 * is a 400 naming the parameter.
 */
final class HistoryRoutes implements AutoCloseable {
  static final int MAX_RANGE_DAYS = 366;
  static final int MAX_POINTS = 10_000;
  /** Where the uPlot WebJar keeps its files; its version is the dependency's in the server's pom. */
  static final String UPLOT = "/META-INF/resources/webjars/uplot/1.6.30/";
  private static final Pattern DURATION = Pattern.compile("(\\d{1,6})([smhd])");

  private final DashboardPoolService service;
  private final HistoryStore history;
  private final PoolStore pools;
  private final HistoryRecorder recorder;
  private final PoolChangeListener.Registration forgetting;
  private final BiConsumer<Context, Object> answer;

  HistoryRoutes(DashboardPoolService service, HistoryStore history, PoolStore pools, BiConsumer<Context, Object> answer) {
    this.service = service;
    this.history = history;
    this.pools = pools;
    this.answer = answer;
    this.recorder = HistoryRecorder.attach(service, history);
    // a removed pool's history goes with it, so the table stays bounded by the pools held
    this.forgetting =
        service.addListener(
            e -> {
              if (e.kind() == PoolChangeEvent.Kind.REMOVED) {
                history.forget(e.poolId());
              }
            });
  }

  void routes(RoutesConfig r) {
    r.get("/api/dashboard/pools/{id}/history", this::series);
    r.get("/api/dashboard/comparison", this::comparison);
    r.get("/history.js", ctx -> asset(ctx, "/web/history.js", "text/javascript; charset=utf-8"));
    r.get("/history.css", ctx -> asset(ctx, "/web/history.css", "text/css; charset=utf-8"));
    r.get("/vendor/uplot/uPlot.iife.min.js", ctx -> asset(ctx, UPLOT + "dist/uPlot.iife.min.js", "text/javascript; charset=utf-8"));
    r.get("/vendor/uplot/uPlot.min.css", ctx -> asset(ctx, UPLOT + "dist/uPlot.min.css", "text/css; charset=utf-8"));
    r.get("/vendor/uplot/LICENSE", ctx -> asset(ctx, UPLOT + "LICENSE", "text/plain; charset=utf-8"));
  }

  /** A file of the page, or of the uPlot WebJar (MIT licence, served at /vendor/uplot/LICENSE). */
  private static void asset(Context ctx, String resource, String contentType) throws java.io.IOException {
    try (java.io.InputStream in = HistoryRoutes.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new ApiError(404, null, "no such file: " + ctx.path());
      }
      ctx.contentType(contentType);
      ctx.header("Cache-Control", "no-cache");
      ctx.result(in.readAllBytes());
    }
  }

  /** @return the store the routes read */
  HistoryStore store() {
    return history;
  }

  private void series(Context ctx) {
    String id = ctx.pathParam("id");
    pools.find(id).orElseThrow(() -> ApiError.unknownPool(id));
    Duration range = duration(ctx, "range", "24h", false);
    Duration step = duration(ctx, "step", null, true);
    if (step == null) {
      step = Duration.ofSeconds(Math.max(30, range.toSeconds() / 288));
    }
    if (range.toSeconds() / step.toSeconds() > MAX_POINTS) {
      throw ApiError.badRequest("step", "gives more than " + MAX_POINTS + " points over " + ctx.queryParam("range")
          + "; use a longer step");
    }
    HistorySeries s = HistoryQueries.series(history, id, range, step);
    List<Map<String, Object>> samples = new ArrayList<>();
    for (HistoryPoint p : s.points()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("time", p.time().toString());
      row.put("samples", p.samples());
      row.put("healthy_samples", p.healthySamples());
      row.put("uptime_percent", 100.0 * p.healthyShare());
      for (HistoryMetric m : HistoryMetric.values()) {
        row.put(m.jsonName(), p.avg(m));
        row.put(m.jsonName() + "_min", p.min(m));
        row.put(m.jsonName() + "_max", p.max(m));
      }
      samples.add(row);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("pool_id", id);
    out.put("from", s.from().toString());
    out.put("to", s.to().toString());
    out.put("step", text(Duration.ofSeconds(s.stepSeconds())));
    out.put("step_seconds", s.stepSeconds());
    out.put("samples", samples);
    answer.accept(ctx, out);
  }

  private void comparison(Context ctx) {
    Duration range = duration(ctx, "range", "7d", false);
    Instant to = history.now();
    Instant from = to.minus(range);
    List<PoolConfig> stored = pools.list();
    List<PoolComparison> rows = HistoryQueries.compare(history, stored.stream().map(PoolConfig::id).toList(), from, to);
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      PoolComparison c = rows.get(i);
      PoolConfig p = stored.get(i);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("pool_id", c.poolId());
      row.put("name", p.name());
      row.put("pool_type", p.poolType());
      row.put("samples", c.samples());
      row.put("uptime_percent", c.uptimePercent());
      row.put("avg_user_hashrate", c.avgUserHashrate());
      row.put("median_user_hashrate", c.medianUserHashrate());
      row.put("latency_p50_ms", c.latencyP50Ms());
      row.put("latency_p95_ms", c.latencyP95Ms());
      row.put("reject_rate_percent", c.rejectRatePercent());
      row.put("blocks_found", c.blocksFound());
      row.put("earnings_per_ths_per_day", c.earningsPerThsPerDay());
      row.put("luck_percent", c.luckPercent());
      out.add(row);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("from", from.toString());
    body.put("to", to.toString());
    body.put("range", text(range));
    body.put("pools", out);
    answer.accept(ctx, body);
  }

  private static @Nullable Duration duration(Context ctx, String param, @Nullable String fallback, boolean seconds) {
    String raw = ctx.queryParam(param);
    if (raw == null || raw.isBlank()) {
      return fallback == null ? null : parse(fallback);
    }
    Matcher m = DURATION.matcher(raw.trim());
    if (!m.matches() || (!seconds && m.group(2).equals("s"))) {
      throw ApiError.badRequest(param, "must be a number and a unit, " + (seconds ? "s, " : "")
          + "m, h or d (for example " + (seconds ? "5m" : "24h") + ")");
    }
    Duration d = parse(raw.trim());
    if (d.isZero()) {
      throw ApiError.badRequest(param, "must be more than 0");
    }
    if (d.compareTo(Duration.ofDays(MAX_RANGE_DAYS)) > 0) {
      throw ApiError.badRequest(param, "must be at most " + MAX_RANGE_DAYS + "d");
    }
    return d;
  }

  private static Duration parse(String text) {
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(text);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  /** "300" seconds -> "5m", 86400 -> "1d": the largest unit that divides evenly. */
  static String text(Duration d) {
    long s = d.toSeconds();
    if (s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s % 3600 == 0) {
      return s / 3600 + "h";
    }
    if (s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }

  @Override
  public void close() {
    forgetting.close();
    recorder.close();
  }
}
