package dev.danvic.hmm.pools.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.danvic.hmm.pools.Coin;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.core.PoolRegistry;
import dev.danvic.hmm.pools.simulator.PoolSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A running server on 127.0.0.1 (free port) with an H2 database in a temporary folder, and three
 * simulated pools on loopback whose clock stands still, so the numbers they serve do not move
 * during a test. Stored at start: one Solopool pool pointing at the Solopool simulator.
 */
final class ServerFixture implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String BRAIINS_TOKEN = "braiins-TOKEN-for-tests-0001";
  static final String SOLOPOOL_ID = "11111111-1111-4111-8111-111111111111";

  final Path dir;
  final Clock simClock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
  final PoolSimulator solopool;
  final PoolSimulator braiins;
  final PoolSimulator mmfp;
  final PoolStore store;
  final PoolRegistry registry;
  final PoolsServer server;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ServerFixture(Path dir, @Nullable Clock serverClock) {
    this.dir = dir;
    this.solopool = PoolSimulator.builder().kind(PoolSimulator.Kind.SOLOPOOL).coin(Coin.BTC).clock(simClock).build().start();
    this.braiins =
        PoolSimulator.builder().kind(PoolSimulator.Kind.BRAIINS).token(BRAIINS_TOKEN).clock(simClock).build().start();
    this.mmfp = PoolSimulator.builder().kind(PoolSimulator.Kind.MMFP).coin(Coin.DGB).clock(simClock).build().start();
    this.store = PoolStore.open(jdbcUrl(dir));
    store.insert(solopoolPool());
    this.registry = serverClock == null ? PoolRegistry.discover() : PoolRegistry.builder().discover().clock(serverClock).build();
    // reads wait for a pool's first load however busy the machine: these tests check what the
    // routes answer for loaded pools (the read budget and `loading` are MainDemoTest's and core's)
    this.server = PoolsServer.builder().store(store).registry(registry).port(0)
        .service(s -> s.readBudget(Duration.ofSeconds(30))).build().start();
  }

  static ServerFixture start(Path dir) {
    return new ServerFixture(dir, null);
  }

  /**
   * @param serverClock the wall clock of the server and its registry (tile times, history samples,
   *     the end of history ranges); the simulators keep their own clock, which stands still
   */
  static ServerFixture start(Path dir, Clock serverClock) {
    return new ServerFixture(dir, serverClock);
  }

  static String jdbcUrl(Path dir) {
    return "jdbc:h2:file:" + dir.resolve("hmm-pools").toAbsolutePath();
  }

  PoolConfig solopoolPool() {
    return PoolConfig.builder()
        .id(SOLOPOOL_ID)
        .poolType("solopool")
        .name("Solo BTC")
        .url("stratum+tcp://127.0.0.1")
        .port(3334)
        .username(solopool.username())
        .config(Map.of(PoolConfig.API_BASE_URL, solopool.baseUrl(), PoolConfig.COIN, "BTC"))
        .build();
  }

  /** @return a POST /pools body for an MMFP pool on the MMFP simulator */
  String mmfpBody(String name) {
    return "{\"pool_type\":\"mmfp\",\"name\":\"" + name + "\",\"url\":\"stratum+tcp://127.0.0.1\",\"port\":3333,"
        + "\"config\":{\"api_base_url\":\"" + mmfp.baseUrl() + "\",\"coin\":\"DGB\"}}";
  }

  /** @return a POST /pools body for a Braiins pool with the simulator's token */
  String braiinsBody(String name) {
    return "{\"pool_type\":\"braiins\",\"name\":\"" + name + "\",\"url\":\"stratum+tcp://127.0.0.1\",\"port\":3333,"
        + "\"username\":\"" + braiins.username() + "\",\"api_key\":\"" + BRAIINS_TOKEN + "\","
        + "\"config\":{\"api_base_url\":\"" + braiins.baseUrl() + "\"}}";
  }

  String base() {
    return server.baseUrl();
  }

  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  HttpResponse<String> post(String path, String json) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  HttpResponse<String> put(String path, String json) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  HttpResponse<String> delete(String path) {
    return send(HttpRequest.newBuilder(uri(path)).DELETE());
  }

  HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  URI uri(String path) {
    return URI.create(base() + path);
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }

  /** @return the simulator's own answer to a GET, as JSON */
  JsonNode simulatorJson(PoolSimulator sim, String path) {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + path)).GET());
    return json(r);
  }

  @Override
  public void close() {
    server.close();
    registry.close();
    store.close();
    solopool.close();
    braiins.close();
    mmfp.close();
  }
}
