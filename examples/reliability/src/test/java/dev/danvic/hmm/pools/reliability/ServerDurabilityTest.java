package dev.danvic.hmm.pools.reliability;

import static dev.danvic.hmm.pools.reliability.Scorecard.Section.SERVER_INPUT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Section 5, durability: the server runs in a JVM of its own; four clients send a burst of
 * {@code POST}, {@code PUT} and {@code DELETE} requests; right after the {@value #KILL_AFTER}th
 * acknowledged write the server is killed with SIGKILL; a new server on the same database must
 * show every acknowledged write. A request that was in flight at the kill may have happened or not.
 */
class ServerDurabilityTest {
  private static final int CLIENTS = 4;
  private static final int KILL_AFTER = 240;
  /** The state of a pool that is not stored. */
  private static final String ABSENT = "(absent)";

  @TempDir Path dir;

  @Test
  void h2() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("pools").toAbsolutePath();
    Scorecard.check(SERVER_INPUT, 10, "kill -9 of the server right after an acknowledged write (H2 file, the default)",
        "after a restart every write answered 2xx is there (created, renamed, deleted); only the requests in flight at"
            + " the kill may have happened or not",
        () -> killMidBurst(url));
  }

  @Test
  void postgres() throws Exception {
    String admin = System.getenv("HMM_TEST_POSTGRES_URL");
    Assumptions.assumeTrue(admin != null && !admin.isBlank(), "HMM_TEST_POSTGRES_URL is not set (.ci/run sets it)");
    String schema = "hmm_kill_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(admin); Statement st = c.createStatement()) {
      st.executeUpdate("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      Assumptions.abort("PostgreSQL does not answer: " + e.getMessage());
    }
    try {
      String url = admin + (admin.contains("?") ? "&" : "?") + "currentSchema=" + schema;
      Scorecard.check(SERVER_INPUT, 11, "kill -9 of the server right after an acknowledged write (PostgreSQL)",
          "after a restart every write answered 2xx is there; only the requests in flight at the kill may have happened or not",
          () -> killMidBurst(url));
    } finally {
      try (Connection c = DriverManager.getConnection(admin); Statement st = c.createStatement()) {
        st.executeUpdate("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  private static String killMidBurst(String jdbcUrl) throws Exception {
    Map<String, String> acknowledged = new ConcurrentHashMap<>();
    Map<String, Set<String>> inFlight = new ConcurrentHashMap<>();
    AtomicInteger acks = new AtomicInteger();
    ChildServer first = ChildServer.start(jdbcUrl, Map.of());
    String base = first.baseUrl();
    HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).connectTimeout(Duration.ofSeconds(5)).build();
    List<Thread> clients = new ArrayList<>();
    for (int t = 0; t < CLIENTS; t++) {
      int client = t;
      clients.add(new Thread(() -> burst(http, base, client, first, acks, acknowledged, inFlight), "durability-client-" + t));
    }
    clients.forEach(Thread::start);
    for (Thread c : clients) {
      c.join(120_000);
    }
    assertThat(acks.get()).as("writes acknowledged before the kill").isGreaterThanOrEqualTo(KILL_AFTER);
    first.kill();

    try (ChildServer second = ChildServer.start(jdbcUrl, Map.of())) {
      String base2 = second.baseUrl();
      HttpResponse<String> listed = http.send(HttpRequest.newBuilder(URI.create(base2 + "/pools")).build(), HttpResponse.BodyHandlers.ofString());
      Map<String, String> after = new TreeMap<>();
      for (JsonNode p : ServerInputTest.JSON.readTree(listed.body())) {
        after.put(p.get("id").asText(), p.get("name").asText());
      }
      List<String> lost = new ArrayList<>();
      for (Map.Entry<String, String> e : new TreeMap<>(acknowledged).entrySet()) {
        String now = after.getOrDefault(e.getKey(), ABSENT);
        Set<String> allowed = inFlight.getOrDefault(e.getKey(), Set.of(e.getValue()));
        if (!allowed.contains(now)) {
          lost.add(e.getKey() + ": acknowledged " + e.getValue() + ", found " + now);
        }
      }
      for (String id : after.keySet()) {
        if (!acknowledged.containsKey(id) && !inFlight.containsKey(id)) {
          lost.add(id + ": stored but never acknowledged nor in flight");
        }
      }
      assertThat(lost).as("acknowledged writes missing after kill -9 and restart (%s acknowledged)", acks.get()).isEmpty();
      long stored = acknowledged.values().stream().filter(v -> !v.equals(ABSENT)).count();
      return acks.get() + " writes acknowledged by 4 clients, SIGKILL right after the " + KILL_AFTER + "th; after the restart all "
          + acknowledged.size() + " pools as acknowledged (" + stored + " stored, " + (acknowledged.size() - stored) + " deleted), "
          + inFlight.size() + " in flight at the kill";
    }
  }

  /** One client: create a pool, rename it, delete every other one; stops at the first failed request. */
  private static void burst(HttpClient http, String base, int client, ChildServer server, AtomicInteger acks,
      Map<String, String> acknowledged, Map<String, Set<String>> inFlight) {
    for (int k = 0; ; k++) {
      String id = "c" + client + "-" + k;
      String create = "{\"id\":\"" + id + "\",\"pool_type\":\"solopool\",\"name\":\"v0\",\"url\":\"stratum+tcp://127.0.0.1\","
          + "\"port\":3334,\"enabled\":false,\"config\":{\"api_base_url\":\"http://127.0.0.1:1\",\"coin\":\"BTC\"}}";
      if (!write(http, "POST", base + "/pools", create, id, ABSENT, "v0", server, acks, acknowledged, inFlight)
          || !write(http, "PUT", base + "/pools/" + id, "{\"name\":\"v1\"}", id, "v0", "v1", server, acks, acknowledged, inFlight)
          || (k % 2 == 0 && !write(http, "DELETE", base + "/pools/" + id, null, id, "v1", ABSENT, server, acks, acknowledged, inFlight))) {
        return;
      }
    }
  }

  private static boolean write(HttpClient http, String method, String url, String body, String id, String before, String after,
      ChildServer server, AtomicInteger acks, Map<String, String> acknowledged, Map<String, Set<String>> inFlight) {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
    if (body != null) {
      r.header("Content-Type", "application/json");
    }
    r.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    inFlight.put(id, Set.of(before, after));
    int status;
    try {
      status = http.send(r.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    } catch (IOException e) {
      return false; // the server is gone: this write may have happened or not
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    if (status / 100 != 2) {
      throw new AssertionError(method + " " + url + " answered " + status + " before the kill");
    }
    acknowledged.put(id, after);
    inFlight.remove(id);
    if (acks.incrementAndGet() == KILL_AFTER) {
      try {
        server.kill(); // the next instant after the answer
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return true;
  }
}
