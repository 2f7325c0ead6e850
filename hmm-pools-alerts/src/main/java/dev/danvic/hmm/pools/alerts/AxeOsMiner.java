package dev.danvic.hmm.pools.alerts;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A miner running AxeOS (Bitaxe, NerdAxe: the ESP-Miner firmware), moved to another pool through
 * its HTTP API: {@code PATCH /api/system} with {@code stratumURL}, {@code stratumPort} and
 * {@code stratumUser}, then {@code POST /api/system/restart}. In dry-run mode (the default) it
 * only logs what it would send. Every action is logged with the advice's reason.
 */
public final class AxeOsMiner {
  private static final Logger LOG = LoggerFactory.getLogger(AxeOsMiner.class);
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final HttpUrl base;
  private final OkHttpClient client;
  private final boolean dryRun;

  /**
   * Where a miner should point: a pool's stratum endpoint and the miner's user there.
   *
   * @param url the stratum host, with or without {@code stratum+tcp://} (AxeOS wants the host)
   * @param port the stratum port, 1 to 65535
   * @param user the stratum user, e.g. {@code bc1q….bitaxe}
   */
  public record Stratum(String url, int port, String user) {
    /** Validates the port and requires the strings. */
    public Stratum {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(user, "user");
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port must be 1 to 65535");
      }
    }

    /** @return the host AxeOS expects in {@code stratumURL}: the URL without its scheme and path */
    public String host() {
      String h = url.trim();
      int scheme = h.indexOf("://");
      if (scheme >= 0) {
        h = h.substring(scheme + 3);
      }
      int slash = h.indexOf('/');
      return (slash >= 0 ? h.substring(0, slash) : h).toLowerCase(Locale.ROOT);
    }
  }

  /**
   * @param baseUrl the miner's web address, e.g. {@code http://192.168.1.50}
   * @param client the application's shared HTTP client
   * @param dryRun {@code true} to only log what would be sent
   */
  public AxeOsMiner(String baseUrl, OkHttpClient client, boolean dryRun) {
    this.base = AlertHttp.url(baseUrl, "url");
    this.client = Objects.requireNonNull(client, "client");
    this.dryRun = dryRun;
  }

  /** @return whether this miner only logs */
  public boolean dryRun() {
    return dryRun;
  }

  /**
   * Points the miner at the advice's pool and restarts it (or, dry, says it would).
   *
   * @param advice why
   * @param target the new pool's stratum endpoint
   * @return completes with what was done, for the log and the page
   */
  public CompletableFuture<String> apply(FailoverAdvice advice, Stratum target) {
    String what = String.format(Locale.ROOT, "%s %s to %s:%d as %s (%s)",
        dryRun ? "dry run: would point" : "pointing", advice.miner(), target.host(), target.port(), target.user(), advice.reason());
    LOG.info("failover {}: {}", advice.groupId(), what);
    if (dryRun) {
      return CompletableFuture.completedFuture(what);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("stratumURL", target.host());
    body.put("stratumPort", target.port());
    body.put("stratumUser", target.user());
    Request patch =
        new Request.Builder()
            .url(base.newBuilder().encodedPath("/api/system").build())
            .patch(RequestBody.create(AlertHttp.json(body), JSON))
            .build();
    Request restart =
        new Request.Builder()
            .url(base.newBuilder().encodedPath("/api/system/restart").build())
            .post(RequestBody.create(new byte[0], null))
            .build();
    String label = "AxeOS miner " + advice.miner();
    return AlertHttp.post(client, patch, label)
        .thenCompose(ok -> AlertHttp.post(client, restart, label))
        .thenApply(ok -> {
          LOG.info("failover {}: {} restarted on {}:{}", advice.groupId(), advice.miner(), target.host(), target.port());
          return what;
        });
  }
}
