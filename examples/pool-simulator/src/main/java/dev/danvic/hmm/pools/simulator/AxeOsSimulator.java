package dev.danvic.hmm.pools.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A simulated AxeOS miner (Bitaxe, NerdAxe) on 127.0.0.1, for the failover demo and tests: the
 * part of its HTTP API that moves it to another pool. {@code GET /api/system/info} answers its
 * stratum settings, {@code PATCH /api/system} changes {@code stratumURL}, {@code stratumPort} and
 * {@code stratumUser}, {@code POST /api/system/restart} counts a restart.
 */
public final class AxeOsSimulator implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor;
  private final AtomicInteger restarts = new AtomicInteger();
  private final AtomicInteger patches = new AtomicInteger();
  private volatile String stratumUrl;
  private volatile int stratumPort;
  private volatile String stratumUser;

  /**
   * Starts listening on 127.0.0.1, a free port.
   *
   * @param stratumUrl the stratum host it starts on
   * @param stratumPort the stratum port it starts on
   * @param stratumUser the stratum user it starts with
   */
  public AxeOsSimulator(String stratumUrl, int stratumPort, String stratumUser) {
    this.stratumUrl = stratumUrl;
    this.stratumPort = stratumPort;
    this.stratumUser = stratumUser;
    try {
      this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the simulated AxeOS miner", e);
    }
    this.executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "hmm-pools-axeos-sim");
      t.setDaemon(true);
      return t;
    });
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** @return {@code http://127.0.0.1:PORT} */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** @return the stratum host it mines on */
  public String stratumUrl() {
    return stratumUrl;
  }

  /** @return the stratum port it mines on */
  public int stratumPort() {
    return stratumPort;
  }

  /** @return the stratum user */
  public String stratumUser() {
    return stratumUser;
  }

  /** @return how many {@code PATCH /api/system} requests changed its settings */
  public int patches() {
    return patches.get();
  }

  /** @return how many restarts it was asked for */
  public int restarts() {
    return restarts.get();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      if (path.equals("/api/system/info") && method.equals("GET")) {
        ObjectNode o = JSON.createObjectNode();
        o.put("hostname", "bitaxe-demo");
        o.put("stratumURL", stratumUrl);
        o.put("stratumPort", stratumPort);
        o.put("stratumUser", stratumUser);
        o.put("restarts", restarts.get());
        send(ex, 200, o.toString());
      } else if (path.equals("/api/system") && method.equals("PATCH")) {
        JsonNode body;
        try (InputStream in = ex.getRequestBody()) {
          body = JSON.readTree(in.readNBytes(64 * 1024));
        } catch (IOException e) {
          send(ex, 400, "{\"error\":\"not JSON\"}");
          return;
        }
        if (body == null || !body.isObject()) {
          send(ex, 400, "{\"error\":\"not a JSON object\"}");
          return;
        }
        if (body.has("stratumURL")) {
          stratumUrl = body.get("stratumURL").asText();
        }
        if (body.has("stratumPort")) {
          stratumPort = body.get("stratumPort").asInt();
        }
        if (body.has("stratumUser")) {
          stratumUser = body.get("stratumUser").asText();
        }
        patches.incrementAndGet();
        send(ex, 200, "");
      } else if (path.equals("/api/system/restart") && method.equals("POST")) {
        restarts.incrementAndGet();
        send(ex, 200, "System will restart shortly.");
      } else {
        send(ex, 404, "{\"error\":\"not simulated\"}");
      }
    }
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
