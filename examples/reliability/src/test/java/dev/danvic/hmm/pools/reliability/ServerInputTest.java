package dev.danvic.hmm.pools.reliability;

import static dev.danvic.hmm.pools.reliability.Scorecard.Section.SERVER_INPUT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.server.PoolsServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Section 5: a few thousand mutated {@code POST /pools} and {@code PUT /pools/{id}} bodies, generated
 * from a fixed seed (fields dropped, duplicated, retyped; huge strings; broken JSON; unicode;
 * nested junk), bounded by count and time. Every answer must be 2xx or 4xx; the database must then
 * hold exactly the pools the server said it stored, each a whole, valid pool; and a server opened
 * again on the same H2 file must list them all.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServerInputTest {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final long SEED = 20261130L;
  private static final int COUNT = 3000;
  private static final Duration BOUND = Duration.ofSeconds(60);
  private static final String LONE_SURROGATE = "LONE-SURROGATE-MARK";
  /** Replaced, once written, by arrays nested 1 500 deep (more than a JSON writer would write). */
  private static final String DEEP = "DEEP-NESTING-MARK";
  private static final String SHALLOW = "SHALLOW-NESTING-MARK";

  @TempDir static Path dir;
  private static ServerRig rig;
  /** What the server said it stored: pool id to its last 2xx view, in order of creation. */
  private static final Map<String, JsonNode> STORED = new LinkedHashMap<>();
  private static final Map<Integer, Integer> STATUSES = new TreeMap<>();
  /** Bodies over the server's 64 KiB cap: what became of them. */
  private static final Map<String, Integer> OVERSIZED = new TreeMap<>();
  private static final List<String> BAD_ANSWERS = new ArrayList<>();
  private static int sent;
  private static String previous = "none";
  private static Duration took;

  @BeforeAll
  static void send() throws Exception {
    rig = new ServerRig(dir);
    Random random = new Random(SEED);
    long t0 = System.nanoTime();
    long end = t0 + BOUND.toNanos();
    for (sent = 0; sent < COUNT && System.nanoTime() < end; sent++) {
      one(random, sent);
    }
    took = Duration.ofNanos(System.nanoTime() - t0);
  }

  @AfterAll
  static void stop() {
    if (rig != null) {
      rig.close();
    }
  }

  private static void one(Random random, int n) throws Exception {
    List<String> ids = new ArrayList<>(STORED.keySet());
    int what = random.nextInt(100);
    String method;
    String path;
    String id = null;
    if (what < 62 || ids.isEmpty()) {
      method = "POST";
      path = "/pools";
    } else if (what < 95) {
      method = "PUT";
      id = random.nextInt(10) == 0 ? "no-such-pool-" + n : ids.get(random.nextInt(ids.size()));
      path = "/pools/" + id;
    } else {
      method = "DELETE";
      id = ids.get(random.nextInt(ids.size()));
      path = "/pools/" + id;
    }
    String body = method.equals("DELETE") ? null : body(random, n, method.equals("PUT"), ids);
    String type = method.equals("DELETE") ? null : contentType(random);
    boolean oversized = body != null && body.getBytes(StandardCharsets.UTF_8).length > PoolsServer.DEFAULT_MAX_BODY_BYTES;
    HttpResponse<String> r;
    try {
      r = rig.send(method, path, type, body);
    } catch (java.io.UncheckedIOException e) {
      if (oversized) {
        OVERSIZED.merge("closed without an answer", 1, Integer::sum);
        return;
      }
      BAD_ANSWERS.add(method + " " + path + " -> no answer (" + e.getCause().getMessage() + ") for body "
          + abbreviate(String.valueOf(body)) + " (" + (body == null ? 0 : body.length()) + " chars, " + type + "); the request before: " + previous);
      previous = method + " " + abbreviate(String.valueOf(body));
      return;
    }
    previous = method + " " + abbreviate(String.valueOf(body)) + " -> " + r.statusCode();
    int status = r.statusCode();
    if (oversized) {
      OVERSIZED.merge(String.valueOf(status), 1, Integer::sum);
    }
    STATUSES.merge(status, 1, Integer::sum);
    if (status >= 500 || status < 200 || (status >= 300 && status < 400)) {
      BAD_ANSWERS.add(method + " " + path + " -> " + status + " " + abbreviate(r.body()) + " for body " + abbreviate(String.valueOf(body)));
      return;
    }
    if (status >= 400) {
      JsonNode error = parse(r.body());
      if (error == null || !error.hasNonNull("error") || error.get("error").asText().isBlank()) {
        BAD_ANSWERS.add(method + " " + path + " -> " + status + " without a JSON error: " + abbreviate(r.body()));
      }
      return;
    }
    if (method.equals("DELETE")) {
      STORED.remove(id);
    } else {
      JsonNode view = parse(r.body());
      STORED.put(view.get("id").asText(), view);
    }
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      return null;
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 160 ? s.substring(0, 157) + "..." : s;
  }

  private static String contentType(Random random) {
    int k = random.nextInt(40);
    return k == 0 ? "text/plain" : k == 1 ? null : k == 2 ? "application/json; charset=utf-8"
        : k == 3 ? "application/json; charset=" + List.of("x-no-such-charset", "utf-16", "\"latin1\"", "", "utf-8; q=\"").get(random.nextInt(5))
        : "application/json";
  }

  // ------------------------------------------------------------------ the generator

  private static ObjectNode template(Random random, int n) {
    ObjectNode b = JsonNodeFactory.instance.objectNode();
    ObjectNode config = JsonNodeFactory.instance.objectNode();
    switch (random.nextInt(3)) {
      case 0:
        b.put("pool_type", "solopool").put("url", "stratum+tcp://127.0.0.1").put("port", 3334).put("username", "bc1qexample" + n);
        config.put("api_base_url", "http://127.0.0.1:1").put("coin", "BTC");
        break;
      case 1:
        b.put("pool_type", "braiins").put("url", "stratum+tcp://eu.stratum.braiins.com").put("port", 3333).put("username", "miner" + n)
            .put("api_key", "token-" + n);
        config.put("api_base_url", "http://127.0.0.1:1");
        break;
      default:
        b.put("pool_type", "mmfp").put("url", "stratum+tcp://192.168.1.50").put("port", 3333);
        config.put("coin", "DGB").put("api_port", "4004");
        break;
    }
    b.put("name", "pool " + n).put("enabled", random.nextBoolean());
    b.set("config", config);
    return b;
  }

  private static String body(Random random, int n, boolean put, List<String> ids) throws Exception {
    ObjectNode b = template(random, n);
    if (put && random.nextBoolean()) { // a PUT changes a few fields only
      ObjectNode partial = JsonNodeFactory.instance.objectNode();
      for (String f : List.of("name", "port", "enabled", "config", "username")) {
        if (random.nextBoolean()) {
          partial.set(f, b.get(f) == null ? JsonNodeFactory.instance.nullNode() : b.get(f));
        }
      }
      b = partial;
    }
    if (!put && random.nextInt(20) == 0 && !ids.isEmpty()) {
      b.put("id", ids.get(random.nextInt(ids.size()))); // a taken id: 409
    }
    int mutations = random.nextInt(4);
    for (int i = 0; i < mutations; i++) {
      mutateTree(random, b);
    }
    String text = JSON.writeValueAsString(b).replace(LONE_SURROGATE, "\\ud800")
        .replace("\"" + DEEP + "\"", "[".repeat(1_500) + "]".repeat(1_500))
        .replace("\"" + SHALLOW + "\"", "[".repeat(40) + "{\"a\":" + "[".repeat(40) + "]".repeat(40) + "}" + "]".repeat(40));
    if (random.nextInt(4) == 0) {
      text = mutateText(random, text);
    }
    return text;
  }

  private static final List<String> FIELDS = List.of("pool_type", "name", "url", "port", "username", "api_key", "config", "enabled", "id");

  private static void mutateTree(Random random, ObjectNode b) {
    String field = FIELDS.get(random.nextInt(FIELDS.size()));
    JsonNodeFactory f = JsonNodeFactory.instance;
    switch (random.nextInt(9)) {
      case 0 -> b.remove(field);
      case 1 -> b.set(field, retyped(random));
      case 2 -> b.put(field, "x".repeat(List.of(256, 5_000, 70_000).get(random.nextInt(3))));
      case 3 -> b.put(field, unicode(random));
      case 4 -> b.put(field, random.nextBoolean() ? DEEP : SHALLOW);
      case 5 -> b.put(random.nextBoolean() ? "extra" : "Pool_Type", 1);
      case 6 -> {
        ObjectNode config = b.get("config") instanceof ObjectNode c ? c : f.objectNode();
        String key = List.of("UPPER", "a b", "", "x".repeat(200), "api_port", "api_base_url", "coin", "api_key", "secret_token").get(random.nextInt(9));
        config.set(key, List.of(
            f.textNode("abc"), f.textNode("70000"), f.textNode("ftp://x"), f.textNode("http://"), f.textNode("javascript:alert(1)"),
            f.textNode("XYZ"), f.textNode("btc"), f.arrayNode().add(1), f.objectNode().put("a", 1), f.textNode("x".repeat(5000)),
            f.textNode(unicode(random)), f.textNode("[redacted]"), f.numberNode(7), f.booleanNode(true), f.nullNode()).get(random.nextInt(15)));
        b.set("config", config);
      }
      case 7 -> b.set("port", List.of(f.textNode("3333"), f.textNode("abc"), f.numberNode(65_536), f.numberNode(0), f.numberNode(-5),
          f.numberNode(3333.0), f.numberNode(3333.5), f.numberNode(Long.MAX_VALUE), f.textNode(" 3333 ")).get(random.nextInt(9)));
      default -> b.put("url", List.of("", " ", "stratum+tcp://", "http://[::1", "javascript:alert(1)", "stratum+tcp://host:99999",
          "ftp://pool.example", "pool.example.invalid", "stratum+ssl://127.0.0.1:3333/path?q=1", "127.0.0.1:3333").get(random.nextInt(10)));
    }
  }

  private static JsonNode retyped(Random random) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    return List.<JsonNode>of(f.numberNode(42), f.numberNode(-1), f.numberNode(3.5), f.numberNode(1e20), f.booleanNode(true),
        f.nullNode(), f.arrayNode(), f.objectNode(), f.arrayNode().add(1).add("a"), f.objectNode().put("a", 1), f.textNode(""),
        f.textNode(" "), f.textNode("3333")).get(random.nextInt(13));
  }

  private static String unicode(Random random) {
    return List.of("😀⛏️ pool", "\u202Eevil", "zero\u200bwidth", "nul\u0000byte", LONE_SURROGATE, "line\nbreak", "tab\there",
        "  padded  ", "ユーザー", "<script>alert(1)</script>", "'; DROP TABLE pools; --", "\uFEFFbom", "e\u0301").get(random.nextInt(13));
  }

  private static String mutateText(Random random, String text) {
    switch (random.nextInt(8)) {
      case 0:
        return text.substring(0, random.nextInt(Math.max(1, text.length())));
      case 1:
        return text.replaceFirst("\\{", "{\"name\":\"dup\",");
      case 2:
        char[] c = text.toCharArray();
        c[random.nextInt(c.length)] = (char) (32 + random.nextInt(95));
        return new String(c);
      case 3:
        return "[" + text + "]";
      case 4:
        return List.of("null", "42", "\"a string\"", "", "{}", "[]", "true").get(random.nextInt(7));
      case 5:
        return text + List.of("}}", " x", ",", "\u0000").get(random.nextInt(4));
      case 6:
        return text.replaceFirst("\"port\":[^,}]*", "\"port\":1e400");
      default:
        return text.replaceFirst("\\{", "{\"config\":{\"a\":{\"b\":{\"c\":[[[[[[[[[[[[[[[[{}]]]]]]]]]]]]]]]]}}},");
    }
  }

  // ------------------------------------------------------------------ the cases

  @Test
  @Order(1)
  void everyAnswerIs2xxOr4x() throws Exception {
    Scorecard.check(SERVER_INPUT, 1, sent + " mutated POST / PUT (and a few DELETE) requests, seed " + SEED,
        "every answer 2xx or 4xx (4xx with a JSON error), never 5xx; at most " + COUNT + " requests or "
            + BOUND.toSeconds() + " s",
        () -> {
          assertThat(BAD_ANSWERS).as("answers that are neither 2xx nor a 4xx JSON error").isEmpty();
          assertThat(sent).isGreaterThanOrEqualTo(1000);
          return sent + " requests in " + Scorecard.seconds(took) + "; statuses " + STATUSES + "; " + STORED.size() + " pools stored";
        });
  }

  @Test
  @Order(2)
  void oversizedBodiesAreRefused() throws Exception {
    String name = "bodies over the server's 64 KiB cap (among the above)";
    String expected = "413 with a JSON error (or another 4xx), never stored";
    int closed = OVERSIZED.getOrDefault("closed without an answer", 0);
    int total = OVERSIZED.values().stream().mapToInt(Integer::intValue).sum();
    assertThat(total).as("oversized bodies sent").isPositive();
    assertThat(OVERSIZED.keySet()).as("outcomes").allMatch(k -> k.startsWith("4") || k.equals("closed without an answer"));
    // the server reads (and drops) a refused body before answering, so the client always sees the 4xx
    Scorecard.check(SERVER_INPUT, 2, name, expected, () -> {
      assertThat(closed).as("oversized bodies that got no answer (outcomes %s)", OVERSIZED).isZero();
      return total + " bodies, outcomes " + OVERSIZED;
    });
  }

  @Test
  @Order(3)
  void theDatabaseHoldsOnlyWholePools() throws Exception {
    Scorecard.check(SERVER_INPUT, 3, "the pools table after the storm",
        "every row builds a valid PoolConfig that its plugin accepts, and the rows are exactly what the server answered",
        () -> {
          Map<String, PoolConfig> rows = readRows();
          assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(STORED.keySet());
          for (PoolConfig row : rows.values()) {
            rig.registry.validate(row);
            assertMatches(row, STORED.get(row.id()));
            if (hasLoneSurrogate(row.toString())) {
              SURROGATE_ROWS.add(row.id());
            }
          }
          return rows.size() + " rows, each a whole valid pool equal to the server's last answer for it";
        });
  }

  @Test
  @Order(4)
  void aRestartedServerKeepsEveryPool() throws Exception {
    Scorecard.check(SERVER_INPUT, 4, "server closed and opened again on the same H2 file",
        "GET /pools lists every stored pool, unchanged, and the dashboard watches them",
        () -> {
          rig.close();
          rig = new ServerRig(dir);
          JsonNode listed = JSON.readTree(rig.get("/pools").body());
          Map<String, JsonNode> byId = new LinkedHashMap<>();
          listed.forEach(p -> byId.put(p.get("id").asText(), p));
          assertThat(byId.keySet()).containsExactlyInAnyOrderElementsOf(STORED.keySet());
          for (Map.Entry<String, JsonNode> e : STORED.entrySet()) {
            assertThat(byId.get(e.getKey())).as("pool %s", e.getKey()).isEqualTo(e.getValue());
          }
          assertThat(rig.server.service().pools()).hasSize(STORED.size());
          return byId.size() + " pools listed after the restart, each as it was; " + rig.server.service().pools().size()
              + " watched by the dashboard";
        });
  }

  private static final List<String> SURROGATE_ROWS = new ArrayList<>();

  @Test
  @Order(5)
  void textThatIsNotUnicodeIsRefusedOrKept() throws Exception {
    String name = "text with an unpaired surrogate (JSON \"\\ud800\") in a name, user name or config value";
    String expected = "refused with 400, or stored and shown back as sent";
    // PoolConfig refuses a lone surrogate (field named), so the server answers 400 and stores nothing
    Scorecard.check(SERVER_INPUT, 5, name, expected, () -> {
      assertThat(SURROGATE_ROWS).as("pools stored holding a lone surrogate").isEmpty();
      return "no such pool was stored";
    });
  }

  private static boolean hasLoneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1)))) {
        return true;
      }
      if (Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)))) {
        return true;
      }
      if (Character.isHighSurrogate(c)) {
        i++;
      }
    }
    return false;
  }

  /** What a value looks like after a trip through UTF-8, as every response makes it. */
  private static String utf8(String s) {
    return s == null ? null : new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }

  private static Map<String, PoolConfig> readRows() throws Exception {
    Map<String, PoolConfig> rows = new LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection(rig.jdbcUrl);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT id, pool_type, name, url, port, username, config, enabled FROM pools")) {
      while (rs.next()) {
        Map<String, String> config = JSON.readValue(rs.getString("config"), new TypeReference<Map<String, String>>() {});
        PoolConfig p = PoolConfig.builder().id(rs.getString("id")).poolType(rs.getString("pool_type")).name(rs.getString("name"))
            .url(rs.getString("url")).port(rs.getInt("port")).username(rs.getString("username")).config(config)
            .enabled(rs.getBoolean("enabled")).build();
        rows.put(p.id(), p);
      }
    }
    return rows;
  }

  private static void assertMatches(PoolConfig row, JsonNode view) {
    assertThat(utf8(row.poolType())).isEqualTo(view.get("pool_type").asText());
    assertThat(utf8(row.name())).isEqualTo(view.get("name").asText());
    assertThat(utf8(row.url())).isEqualTo(view.get("url").asText());
    assertThat(row.port()).isEqualTo(view.get("port").asInt());
    assertThat(utf8(row.username())).isEqualTo(view.get("username").isNull() ? null : view.get("username").asText());
    assertThat(row.enabled()).isEqualTo(view.get("enabled").asBoolean());
    Map<String, String> shown = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = view.get("config").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      shown.put(e.getKey(), e.getValue().asText());
    }
    Map<String, String> stored = new TreeMap<>();
    row.redactedConfig().forEach((k, v) -> stored.put(utf8(k), utf8(v)));
    assertThat(stored).as("config of %s", row.id()).isEqualTo(shown);
  }
}
