package dev.danvic.hmm.pools.reliability;

import dev.danvic.hmm.pools.core.PoolRegistry;
import dev.danvic.hmm.pools.server.PoolStore;
import dev.danvic.hmm.pools.server.PoolsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** The reference server on 127.0.0.1 with its pools in an H2 file, and a client for it. */
final class ServerRig implements AutoCloseable {
  final String jdbcUrl;
  final PoolStore store;
  final PoolRegistry registry;
  final PoolsServer server;
  private final HttpClient http;

  ServerRig(Path dir) {
    this.jdbcUrl = "jdbc:h2:file:" + dir.resolve("pools").toAbsolutePath();
    this.store = PoolStore.open(jdbcUrl);
    this.registry =
Sims.allPlugins().build();
    this.server = PoolsServer.builder().store(store).registry(registry).port(0).build().start();
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  HttpResponse<String> send(String method, String path, String contentType, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(30));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<String> get(String path) {
    return send("GET", path, null, null);
  }

  HttpResponse<String> post(String path, String json) {
    return send("POST", path, "application/json", json);
  }

  HttpResponse<String> put(String path, String json) {
    return send("PUT", path, "application/json", json);
  }

  /** Stops the server as a kill would leave the file: no shutdown step of the store's own runs first. */
  @Override
  public void close() {
    server.close();
    registry.close();
    store.close();
  }
}
