package dev.danvic.hmm.pools.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.simulator.PoolSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three servers started as {@code Main} starts them with {@code --redis} and one PostgreSQL
 * {@code --db} behave as one: a pool added, changed or removed through one is watched by the
 * others at once, their caches are invalidated together, every page's WebSocket hears every
 * change, and the pool's API is asked once per window for all three.
 */
class ClusterServersTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Main.Running> servers = new ArrayList<>();
  private final List<WebSocket> sockets = new ArrayList<>();
  private String adminUrl;
  private String schema;
  private PoolSimulator mmfp;
  private Path plugins;

  @BeforeEach
  void start() throws Exception {
    String redis = RedisFixture.url();
    adminUrl = System.getenv(PostgresPoolStoreTest.ENV);
    if (adminUrl == null || adminUrl.isBlank()) {
      String why = "several servers share PostgreSQL: " + PostgresPoolStoreTest.ENV + " is not set (.ci/run sets it)";
      System.out.println("SKIPPED " + why);
      Assumptions.abort(why);
    }
    schema = "hmm_cluster_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(adminUrl);
        Statement st = c.createStatement()) {
      st.executeUpdate("CREATE SCHEMA " + schema);
    }
    String db = adminUrl + (adminUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    mmfp = PoolSimulator.builder().kind(PoolSimulator.Kind.MMFP).coin(dev.danvic.hmm.pools.Coin.DGB).latency(Duration.ZERO).build().start();
    plugins = Files.createTempDirectory("hmm-cluster-plugins");
    for (int i = 0; i < 3; i++) {
      servers.add(Main.start(Main.Options.parse(
          new String[] {"--port", "0", "--db", db, "--redis", redis, "--plugins", plugins.toString()}, Map.of())));
    }
  }

  @AfterEach
  void stop() throws SQLException {
    sockets.forEach(WebSocket::abort);
    servers.forEach(Main.Running::close);
    if (mmfp != null) {
      mmfp.close();
    }
    if (schema != null) {
      try (Connection c = DriverManager.getConnection(adminUrl);
          Statement st = c.createStatement()) {
        st.executeUpdate("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  private String base(int i) {
    return servers.get(i).server.baseUrl();
  }

  private HttpResponse<String> send(HttpRequest.Builder r) throws Exception {
    return http.send(r.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private BlockingQueue<String> listen(int i) throws Exception {
    BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    sockets.add(http.newWebSocketBuilder()
        .buildAsync(URI.create(base(i).replace("http://", "ws://") + "/api/dashboard/updates"), PoolsServerRestTest.collector(messages))
        .get(10, TimeUnit.SECONDS));
    assertThat(messages.poll(10, TimeUnit.SECONDS)).isEqualTo("{\"type\":\"hello\"}");
    return messages;
  }

  private boolean watches(int i, String poolId) {
    return servers.get(i).server.service().pools().stream().anyMatch(p -> p.id().equals(poolId));
  }

  @Test
  void aPoolChangedThroughOneServerIsWatchedByEveryServerAndEveryPageHearsIt() throws Exception {
    List<BlockingQueue<String>> pages = List.of(listen(0), listen(1), listen(2));
    String body = "{\"pool_type\":\"mmfp\",\"name\":\"Shared\",\"url\":\"stratum+tcp://127.0.0.1\",\"port\":3333,"
        + "\"config\":{\"api_base_url\":\"" + mmfp.baseUrl() + "\",\"coin\":\"DGB\"}}";
    mmfp.resetCounts();
    long t0 = System.nanoTime();
    HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(base(0) + "/pools"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    assertThat(created.statusCode()).isEqualTo(201);
    String id = ServerFixture.json(created).get("id").asText();
    Poll.until(() -> watches(1, id) && watches(2, id), Duration.ofSeconds(5), "the other servers to watch the new pool");
    System.out.printf("cluster: a pool added through one server was watched by the two others after %d ms%n",
        (System.nanoTime() - t0) / 1_000_000);
    for (BlockingQueue<String> page : pages) {
      assertThat(PoolsServerRestTest.nextEvent(page, "added").get("pool_id").asText()).isEqualTo(id);
    }

    // every server serves its tiles; the pool's API was asked once per endpoint for all three
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 3; i++) {
        int server = i;
        Poll.until(() -> tilesOf(server, id).path("tile_1_health").path("health_state").asText().equals("healthy"),
            Duration.ofSeconds(10), "server " + i + " to serve the pool's tiles");
      }
    }
    assertThat(mmfp.requestCounts()).isNotEmpty();
    assertThat(mmfp.requestCounts().values()).allMatch(c -> c == 1);

    // changed through another server: every server watches the new configuration
    HttpResponse<String> changed = send(HttpRequest.newBuilder(URI.create(base(1) + "/pools/" + id))
        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"name\":\"Renamed\"}")));
    assertThat(changed.statusCode()).isEqualTo(200);
    for (int i = 0; i < 3; i++) {
      int server = i;
      Poll.until(() -> servers.get(server).server.service().pools().stream()
          .anyMatch(p -> p.id().equals(id) && p.name().equals("Renamed")), Duration.ofSeconds(5), "server " + i + " to watch the renamed pool");
    }
    for (BlockingQueue<String> page : pages) {
      assertThat(PoolsServerRestTest.nextEvent(page, "updated").get("pool_id").asText()).isEqualTo(id);
    }

    // invalidated in one: invalidated in all
    servers.get(2).server.service().invalidate(id);
    for (BlockingQueue<String> page : pages) {
      assertThat(PoolsServerRestTest.nextEvent(page, "invalidated").get("pool_id").asText()).isEqualTo(id);
    }

    // removed through the third: gone everywhere
    assertThat(send(HttpRequest.newBuilder(URI.create(base(2) + "/pools/" + id)).DELETE()).statusCode()).isEqualTo(204);
    Poll.until(() -> !watches(0, id) && !watches(1, id), Duration.ofSeconds(5), "the other servers to drop the pool");
    for (BlockingQueue<String> page : pages) {
      assertThat(PoolsServerRestTest.nextEvent(page, "removed").get("pool_id").asText()).isEqualTo(id);
    }
  }

  private JsonNode tilesOf(int server, String id) {
    try {
      HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base(server) + "/api/dashboard/pools?pool_id=" + id)).GET());
      JsonNode all = ServerFixture.json(r);
      return all.has(id) ? all.get(id) : all;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
