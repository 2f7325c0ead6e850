package dev.danvic.hmm.pools.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/** A plain JDK HTTP client for the tests, talking only to simulators on loopback. */
final class Http {
  /** A fixed time the tests' clocks start at. */
  static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");

  static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .proxy(HttpClient.Builder.NO_PROXY)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Http() {}

  static HttpRequest request(PoolSimulator sim, String path, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(sim.baseUrl() + path)).timeout(Duration.ofSeconds(10)).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return b.build();
  }

  static HttpResponse<String> get(PoolSimulator sim, String path, String... headers) {
    try {
      return CLIENT.send(request(sim, path, headers), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** GETs a path that must answer 200 with JSON, and parses it. */
  static JsonNode json(PoolSimulator sim, String path, String... headers) {
    HttpResponse<String> r = get(sim, path, headers);
    if (r.statusCode() != 200) {
      throw new AssertionError("GET " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    if (!r.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
      throw new AssertionError("GET " + path + " is not JSON: " + r.headers().map());
    }
    return parse(r.body());
  }

  static JsonNode parse(String body) {
    try {
      return MAPPER.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
