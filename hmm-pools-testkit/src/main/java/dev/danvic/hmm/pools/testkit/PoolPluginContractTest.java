package dev.danvic.hmm.pools.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.danvic.hmm.pools.BasePoolIntegration;
import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.LenientJson;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.PoolContext;
import dev.danvic.hmm.pools.PoolEndpoint;
import dev.danvic.hmm.pools.PoolHealthStatus;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.danvic.hmm.pools.core.HmmPoolsJson;
import dev.danvic.hmm.pools.core.HttpPoolTransport;
import dev.danvic.hmm.pools.core.PoolRegistry;
import dev.danvic.hmm.pools.core.PoolTransport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every hmm-pools plugin passes, ours or a third party's. Extend it in your plugin's
 * tests and supply the plugin, a configuration pointing at a local server, and the answers of a
 * healthy pool:
 *
 * <pre>{@code
 * class MyPoolContractTest extends PoolPluginContractTest {
 *   protected BasePoolIntegration plugin() { return new MyPoolIntegration(); }
 *   protected PoolConfig poolAt(String apiBaseUrl) {
 *     return PoolConfig.builder().poolType("mypool").url("stratum+tcp://127.0.0.1").port(3333)
 *         .config(PoolConfig.API_BASE_URL, apiBaseUrl).apiKey("tok-123").build();
 *   }
 *   protected Map<String, String> healthyAnswers() {
 *     return Map.of("/api/stats", Fixtures.read("mypool/stats.json"));
 *   }
 * }
 * }</pre>
 *
 * <p>Each test starts a {@link MockWebServer} on 127.0.0.1 and a real {@link HttpPoolTransport} with
 * short timeouts; nothing leaves the machine. The contract:
 * <ul>
 *   <li>the plugin is found by {@link ServiceLoader} and its metadata is sane;</li>
 *   <li>{@code detect} never throws and answers within its bound, whatever the endpoint does;</li>
 *   <li>health is true on the healthy answers and false, with a message, on 500, a timeout, a
 *       refused connection and a garbage body;</li>
 *   <li>{@code dashboardData} never throws and turns every failure into an error-state tile with a
 *       message a person can act on; the healthy answers give a healthy tile;</li>
 *   <li>the tiles' {@code supports_earnings} and {@code supports_balance}, error tiles included, are
 *       {@link BasePoolIntegration#supportsEarnings(PoolConfig)} and {@link
 *       BasePoolIntegration#supportsBalance(PoolConfig)} for the pool, and a figure the pool does
 *       not support is absent;</li>
 *   <li>a first refresh, before core has fetched the endpoints a plugin reads with {@link
 *       PoolContext#getJsonDeferred}, still gives a healthy tile, and each deferred request
 *       declares its refresh interval;</li>
 *   <li>through core (a {@link PoolRegistry}), an error tile's and an unhealthy status's message
 *       start with the plugin's display name;</li>
 *   <li>a context that throws (a closed transport) never makes the plugin throw;</li>
 *   <li>absent data is {@code null}, not {@code 0};</li>
 *   <li>hostile numbers ({@code 1e99999999}, {@code 1e999999999}, {@code 1e-999999999}, a
 *       thousand digits, as JSON numbers and as numeric strings) in every field of the healthy
 *       answers cost bounded work: no exception (not even one the plugin catches and reports as
 *       "unexpected error"), an answer within the bound, amounts and times unknown ({@code null}) or within
 *       {@link LenientJson#bounded(BigDecimal) LenientJson's range}, never garbage, and tiles whose
 *       JSON stays small;</li>
 *   <li>the API token never appears in captured log output, messages, {@code toString()} or the
 *       tiles' JSON.</li>
 * </ul>
 */
public abstract class PoolPluginContractTest {
  /** When every test's clock stands. */
  protected static final Instant NOW = Instant.parse("2026-02-05T12:00:00Z");

  /** How long a detection, health check or tile fetch may take in these tests. */
  protected static final Duration BOUND = Duration.ofSeconds(5);

  static {
    // Let slf4j-simple, when it is the backend, print everything so the secret test sees it all.
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
    }
  }

  private static final ObjectMapper JSON = HmmPoolsJson.mapper();

  private MockWebServer server;
  private PoolTransport transport;

  /** @return the plugin under test, built as ServiceLoader builds it */
  protected abstract BasePoolIntegration plugin();

  /**
   * @param apiBaseUrl the origin of the local server, for {@link PoolConfig#API_BASE_URL}
   * @return a configuration of the plugin's type whose API requests all go to {@code apiBaseUrl};
   *     include a username and an API key when the plugin uses them
   */
  protected abstract PoolConfig poolAt(String apiBaseUrl);

  /**
   * @return the answers of a healthy pool: request path (with query, as the plugin sends it) to a
   *     JSON body served with status 200. Any other path answers 404.
   */
  protected abstract Map<String, String> healthyAnswers();

  @BeforeEach
  void startServer() throws IOException {
    server = new MockWebServer();
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    transport = newTransport();
  }

  private static PoolTransport newTransport() {
    return HttpPoolTransport.builder()
        .connectTimeout(Duration.ofMillis(500))
        .readTimeout(Duration.ofSeconds(1))
        .build();
  }

  /**
   * A context of a new transport, so a plugin's per-key rate limit (Braiins: one request per 5 s)
   * does not make the many calls of one test wait on each other.
   */
  private PoolContext freshContext() {
    transport.close();
    transport = newTransport();
    return context();
  }

  @AfterEach
  void stopServer() {
    transport.close();
    server.close();
  }

  /** @return the local server's origin, for example {@code http://127.0.0.1:41234} */
  protected final String baseUrl() {
    String u = server.url("/").toString();
    return u.substring(0, u.length() - 1);
  }

  /** @return the local server, to read back requests */
  protected final MockWebServer server() {
    return server;
  }

  /** @return a context of the real transport with a deadline {@link #BOUND} from now */
  protected final PoolContext context() {
    return transport.context("contract-test", Instant.now().plus(BOUND));
  }

  // ---------------------------------------------------------------- metadata

  @Test
  void isFoundByServiceLoader() {
    List<String> found = new ArrayList<>();
    for (BasePoolIntegration p : ServiceLoader.load(BasePoolIntegration.class)) {
      found.add(p.getClass().getName());
    }
    assertThat(found)
        .as("META-INF/services/%s must list the plugin", BasePoolIntegration.class.getName())
        .contains(plugin().getClass().getName());
  }

  @Test
  void metadataIsSane() {
    BasePoolIntegration p = plugin();
    assertThat(p.poolType()).matches("[a-z][a-z0-9_-]*");
    assertThat(p.displayName()).isNotBlank();
    URI doc = p.documentationUrl();
    assertThat(doc.getScheme()).isEqualTo("https");
    assertThat(doc.getHost()).isNotBlank();
    assertThat(p.supportedCoins()).isNotEmpty().allSatisfy(c -> assertThat(c).matches("[A-Z0-9]{2,10}"));
    PoolConfig config = poolAt(baseUrl());
    assertThat(config.poolType()).isEqualTo(p.poolType());
    p.validate(config); // the contract's own configuration is valid
  }

  // ---------------------------------------------------------------- detection

  @Test
  void detectNeverThrowsAndAnswersWithinItsBound() throws Exception {
    server.setDispatcher(fixed(() -> new MockResponse.Builder().code(200).body("garbage{").build()));
    List<PoolEndpoint> endpoints =
        List.of(
            PoolEndpoint.parse("127.0.0.1", server.getPort()),
            PoolEndpoint.parse("127.0.0.1", closedPort()),
            PoolEndpoint.parse("stratum+tcp://pool.example.invalid", 3333));
    for (PoolEndpoint e : endpoints) {
      Boolean answer = call(() -> plugin().detect(e, context()));
      assertThat(answer).as("detect(%s)", e).isNotNull();
    }
  }

  // ---------------------------------------------------------------- health

  @Test
  void healthyOnTheHealthyAnswers() throws Exception {
    serveHealthy();
    PoolHealthStatus h = call(() -> plugin().healthCheck(poolAt(baseUrl()), context()));
    assertThat(h.healthy()).as("health on healthy answers: %s", h.errorMessage()).isTrue();
    assertThat(h.latencyMs()).isNotNull();
  }

  @Test
  void unhealthyWithAMessageOnServerError() throws Exception {
    server.setDispatcher(fixed(() -> new MockResponse.Builder().code(500).body("oops").build()));
    assertUnhealthy(call(() -> plugin().healthCheck(poolAt(baseUrl()), context())));
  }

  @Test
  void unhealthyWithAMessageOnTimeout() throws Exception {
    server.setDispatcher(fixed(() -> new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build()));
    assertUnhealthy(call(() -> plugin().healthCheck(poolAt(baseUrl()), context())));
  }

  @Test
  void unhealthyWithAMessageOnConnectionRefused() throws Exception {
    String refused = "http://127.0.0.1:" + closedPort();
    assertUnhealthy(call(() -> plugin().healthCheck(poolAt(refused), context())));
  }

  @Test
  void unhealthyWithAMessageOnGarbage() throws Exception {
    server.setDispatcher(
        fixed(() -> new MockResponse.Builder().code(200).addHeader("Content-Type", "text/html").body("<html>maintenance</html>").build()));
    assertUnhealthy(call(() -> plugin().healthCheck(poolAt(baseUrl()), context())));
  }

  // ---------------------------------------------------------------- tiles

  @Test
  void healthyTilesOnTheHealthyAnswers() throws Exception {
    serveHealthy();
    DashboardTileData t = call(() -> plugin().dashboardData(poolAt(baseUrl()), context()));
    assertThat(t.healthStatus()).as("tiles on healthy answers: %s", t.healthMessage()).isTrue();
    assertSupportsAsDeclared(t, poolAt(baseUrl()));
  }

  @Test
  void errorTilesSayWhatThisPoolSupports() throws Exception {
    server.setDispatcher(fixed(() -> new MockResponse.Builder().code(503).body("down").build()));
    assertSupportsAsDeclared(call(() -> plugin().dashboardData(poolAt(baseUrl()), context())), poolAt(baseUrl()));
  }

  @Test
  void aFirstRefreshWithoutTheSlowEndpointsIsStillAnswered() throws Exception {
    // core answers getJsonDeferred with null until it has fetched the endpoint: the tiles are still
    // made (healthy), the fields it feeds are unknown, never a guess
    ScriptedPoolContext scripted = ScriptedPoolContext.at(NOW).deferredUnknown();
    healthyAnswers().forEach((path, body) -> scripted.json(baseUrl() + path, body));
    DashboardTileData t = call(() -> plugin().dashboardData(poolAt(baseUrl()), scripted));
    assertThat(t.healthStatus()).as("tiles with deferred endpoints unknown: %s", t.healthMessage()).isTrue();
    assertThat(scripted.deferredRequests())
        .as("a deferred request declares its refresh interval")
        .allSatisfy(r -> assertThat(r.refreshInterval()).isNotNull());
  }

  @Test
  void errorMessagesReachUsersNamedAfterThePool() throws Exception {
    // through core, as users see them: the tile's and the status's message start with the display
    // name. A refusal (403) is never retried, so even a pool with a request spacing answers at once.
    server.setDispatcher(fixed(() -> new MockResponse.Builder().code(403).body("forbidden").build()));
    PoolConfig pool = poolAt(baseUrl());
    try (PoolRegistry registry = PoolRegistry.builder().register(plugin()).transport(transport).deadline(BOUND).build()) {
      DashboardTileData t = call(() -> registry.poolDashboardData(pool));
      assertThat(t.healthStatus()).isFalse();
      assertThat(t.healthMessage()).startsWith(plugin().displayName());
    }
    freshContext(); // a new transport: no request spacing left from the tile read
    try (PoolRegistry registry = PoolRegistry.builder().register(plugin()).transport(transport).deadline(BOUND).build()) {
      PoolHealthStatus h = call(() -> registry.checkPoolHealth(pool));
      assertThat(h.healthy()).isFalse();
      assertThat(h.errorMessage()).startsWith(plugin().displayName());
    }
  }

  /**
   * The tiles' {@code supports_*} flags are the plugin's answer for this pool, never true where the
   * plugin as a whole supports nothing, and a figure it says it cannot give is absent.
   */
  private void assertSupportsAsDeclared(DashboardTileData t, PoolConfig pool) {
    BasePoolIntegration p = plugin();
    assertThat(t.supportsEarnings()).as("supports_earnings").isEqualTo(p.supportsEarnings(pool));
    assertThat(t.supportsBalance()).as("supports_balance").isEqualTo(p.supportsBalance(pool));
    if (!p.supportsEarnings()) {
      assertThat(p.supportsEarnings(pool)).as("supportsEarnings(pool) without supportsEarnings()").isFalse();
    }
    if (!p.supportsBalance()) {
      assertThat(p.supportsBalance(pool)).as("supportsBalance(pool) without supportsBalance()").isFalse();
    }
    if (!t.supportsEarnings()) {
      assertThat(t.estimatedEarnings24h()).as("earnings of a pool that does not support them").isNull();
    }
    if (!t.supportsBalance()) {
      assertThat(t.confirmedBalance()).as("balance of a pool that does not support it").isNull();
      assertThat(t.pendingBalance()).as("balance of a pool that does not support it").isNull();
    }
  }

  @Test
  void errorTileOnServerError() throws Exception {
    server.setDispatcher(fixed(() -> new MockResponse.Builder().code(503).body("down").build()));
    assertErrorTile(call(() -> plugin().dashboardData(poolAt(baseUrl()), context())));
  }

  @Test
  void errorTileOnTimeout() throws Exception {
    server.setDispatcher(fixed(() -> new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build()));
    assertErrorTile(call(() -> plugin().dashboardData(poolAt(baseUrl()), context())));
  }

  @Test
  void errorTileOnConnectionRefused() throws Exception {
    String refused = "http://127.0.0.1:" + closedPort();
    assertErrorTile(call(() -> plugin().dashboardData(poolAt(refused), context())));
  }

  @Test
  void errorTileOnGarbage() throws Exception {
    server.setDispatcher(fixed(() -> new MockResponse.Builder().code(200).body("{\"truncated\": ").build()));
    assertErrorTile(call(() -> plugin().dashboardData(poolAt(baseUrl()), context())));
  }

  @Test
  void aContextThatThrowsNeverMakesThePluginThrow() throws Exception {
    // a closed transport throws instead of failing its future: the plugin still answers
    PoolContext throwing = ThrowingPoolContext.at(NOW);
    PoolConfig pool = poolAt(baseUrl());
    assertThat(call(() -> plugin().detect(PoolEndpoint.parse("127.0.0.1", server.getPort()), throwing))).isFalse();
    assertUnhealthy(call(() -> plugin().healthCheck(pool, throwing)));
    assertErrorTile(call(() -> plugin().dashboardData(pool, throwing)));
  }

  @Test
  void absentDataIsNullNotZero() throws Exception {
    // Every endpoint answers an empty object: nothing is known, so nothing may read as 0.
    server.setDispatcher(fixed(() -> json("{}")));
    DashboardTileData t = call(() -> plugin().dashboardData(poolAt(baseUrl()), context()));
    List<String> zeros = new ArrayList<>();
    check(zeros, "latency_ms", null); // latency is measured, not reported: may be anything
    check(zeros, "active_workers", t.activeWorkers());
    check(zeros, "network_difficulty", t.networkDifficulty());
    check(zeros, "pool_hashrate", t.poolHashrate());
    check(zeros, "pool_percentage", t.poolPercentage());
    check(zeros, "estimated_time_to_block_seconds", t.estimatedTimeToBlockSeconds());
    check(zeros, "shares_valid", t.sharesValid());
    check(zeros, "shares_invalid", t.sharesInvalid());
    check(zeros, "shares_stale", t.sharesStale());
    check(zeros, "reject_rate", t.rejectRate());
    check(zeros, "blocks_found_24h", t.blocksFound24h());
    check(zeros, "estimated_earnings_24h", t.estimatedEarnings24h());
    check(zeros, "confirmed_balance", t.confirmedBalance());
    check(zeros, "pending_balance", t.pendingBalance());
    check(zeros, "user_hashrate", t.userHashrate());
    assertThat(zeros).as("fields reported as 0 although the pool said nothing").isEmpty();
  }

  // ---------------------------------------------------------------- hostile numbers

  /** Numbers that are short to write and ruinous to compute with. */
  private static final List<String> HOSTILE_NUMBERS =
      List.of("1e99999999", "1e999999999", "-1e999999999", "1e-999999999", "9".repeat(999));

  @Test
  void hostileNumbersCostBoundedWorkAndReadAsUnknown() throws Exception {
    // A plugin that does arithmetic on 10^999999999 (toBigInteger, toPlainString, movePointLeft)
    // pins a core for minutes: call() then fails on the bound.
    for (String hostile : HOSTILE_NUMBERS) {
      Map<String, String> answers = new java.util.HashMap<>();
      for (Map.Entry<String, String> e : healthyAnswers().entrySet()) {
        answers.put(e.getKey(), withEveryNumber(e.getValue(), hostile));
      }
      serve(answers);
      PoolConfig pool = poolAt(baseUrl());
      PoolHealthStatus h = call(() -> plugin().healthCheck(pool, freshContext()));
      DashboardTileData t = call(() -> plugin().dashboardData(pool, freshContext()));
      String as = "tiles with every number " + abbreviated(hostile);
      // an exception the plugin caught itself still means it did arithmetic on garbage
      assertThat(String.valueOf(t.healthMessage())).as(as).doesNotContain("unexpected error").doesNotContain("Exception");
      assertThat(String.valueOf(h.errorMessage())).as("health with every number %s", abbreviated(hostile))
          .doesNotContain("unexpected error").doesNotContain("Exception");
      for (BigDecimal amount : java.util.Arrays.asList(t.estimatedEarnings24h(), t.confirmedBalance(), t.pendingBalance())) {
        if (amount != null) {
          assertThat(LenientJson.bounded(amount)).as("%s: an amount beyond LenientJson's range", as).isNotNull();
        }
      }
      if (t.poolPercentage() != null) {
        // MiningMath.percentageOrNull: a share of the network is 0-100 %, else unknown
        assertThat(t.poolPercentage()).as("%s: pool_percentage", as).isBetween(0.0, 100.0);
      }
      if (t.lastBlockTime() != null) {
        assertThat(t.lastBlockTime()).as("%s: last block time", as)
            .isAfter(Instant.parse("2009-01-01T00:00:00Z")).isBefore(Instant.parse("3000-01-01T00:00:00Z"));
      }
      assertThat(JSON.writeValueAsString(t).length()).as("%s: the tile JSON grew", as).isLessThan(16 * 1024);
    }
  }

  /**
   * The healthy answer with every JSON number, and every string that is a number, replaced by
   * {@code hostile} (written as a number or as a string, as the original was).
   */
  private static String withEveryNumber(String body, String hostile) {
    com.fasterxml.jackson.databind.JsonNode tree;
    try {
      tree = PLAIN.readTree(body);
    } catch (IOException e) {
      return body; // not JSON: served as it is
    }
    replaceNumbers(tree);
    String marker = "\"" + MARKER + "\"";
    String text = tree.toString();
    return text.replace(marker, hostile).replace(MARKER_TEXT, hostile);
  }

  private static final String MARKER = "@@hostile-number@@";
  private static final String MARKER_TEXT = "@@hostile-text@@";
  private static final ObjectMapper PLAIN = new ObjectMapper();

  private static void replaceNumbers(com.fasterxml.jackson.databind.JsonNode node) {
    if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        com.fasterxml.jackson.databind.JsonNode child = o.get(name);
        if (child.isNumber()) {
          o.put(name, MARKER);
        } else if (child.isTextual() && LenientJson.number(child) != null) {
          o.put(name, MARKER_TEXT);
        } else {
          replaceNumbers(child);
        }
      }
    } else if (node instanceof com.fasterxml.jackson.databind.node.ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        com.fasterxml.jackson.databind.JsonNode child = a.get(i);
        if (child.isNumber()) {
          a.set(i, com.fasterxml.jackson.databind.node.TextNode.valueOf(MARKER));
        } else if (child.isTextual() && LenientJson.number(child) != null) {
          a.set(i, com.fasterxml.jackson.databind.node.TextNode.valueOf(MARKER_TEXT));
        } else {
          replaceNumbers(child);
        }
      }
    }
  }

  private static String abbreviated(String s) {
    return s.length() > 20 ? s.substring(0, 8) + "…(" + s.length() + " chars)" : s;
  }

  // ---------------------------------------------------------------- secrets

  @Test
  void theApiTokenNeverLeaks() throws Exception {
    PoolConfig config = poolAt(baseUrl());
    List<String> secrets = config.secretValues();
    if (secrets.isEmpty()) {
      config = config.toBuilder().apiKey("contract-token-7Hq2Zx9").build();
      secrets = config.secretValues();
    }
    PoolConfig pool = config;
    List<String> texts = new ArrayList<>();
    texts.add(pool.toString());
    String logs =
        captureStdErrAndOut(
            () -> {
              for (Supplier<MockResponse> answer :
                  List.<Supplier<MockResponse>>of(
                      () -> new MockResponse.Builder().code(403).addHeader("Content-Type", "text/plain").body("Invalid Access Profile token").build(),
                      () -> new MockResponse.Builder().code(500).body("error").build(),
                      () -> new MockResponse.Builder().code(200).body("not json").build())) {
                server.setDispatcher(fixed(answer));
                collect(texts, () -> plugin().healthCheck(pool, freshContext()));
                collect(texts, () -> plugin().dashboardData(pool, freshContext()));
              }
              serveHealthy();
              collect(texts, () -> plugin().healthCheck(pool, freshContext()));
              collect(texts, () -> plugin().dashboardData(pool, freshContext()));
            });
    texts.add(logs);
    for (String secret : secrets) {
      assertThat(texts).allSatisfy(t -> assertThat(t).doesNotContain(secret));
    }
  }

  // ---------------------------------------------------------------- helpers

  /** Serves {@link #healthyAnswers()}; other paths answer 404. */
  protected final void serveHealthy() {
    serve(healthyAnswers());
  }

  /** Serves {@code answers} (path with query to a JSON body); other paths answer 404. */
  private void serve(Map<String, String> answers) {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String body = answers.get(request.getTarget());
            return body == null ? new MockResponse.Builder().code(404).build() : json(body);
          }
        });
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
  }

  private static Dispatcher fixed(Supplier<MockResponse> answer) {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return answer.get();
      }
    };
  }

  private static <T> T call(Supplier<CompletableFuture<T>> call) throws Exception {
    CompletableFuture<T> f;
    try {
      f = call.get();
    } catch (RuntimeException e) {
      throw new AssertionError("the plugin threw instead of answering: " + e, e);
    }
    assertThat(f).as("the plugin returned no future").isNotNull();
    try {
      // the bound plus a margin for a slow machine; a plugin that ignores its deadline fails here
      return f.get(BOUND.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new AssertionError("the plugin's future failed instead of answering: " + e.getCause(), e.getCause());
    }
  }

  private static void collect(List<String> texts, Supplier<CompletableFuture<?>> call) {
    Object result;
    try {
      result = call.get().get(BOUND.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      texts.add(String.valueOf(e));
      for (Throwable c = e; c != null; c = c.getCause()) {
        texts.add(String.valueOf(c.getMessage()));
      }
      return;
    }
    texts.add(String.valueOf(result));
    if (!(result instanceof DashboardTileData)) {
      return;
    }
    try {
      texts.add(JSON.writeValueAsString(result)); // the tile JSON a server would return
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError("cannot write " + result.getClass().getSimpleName() + " as JSON", e);
    }
  }

  private static void assertUnhealthy(PoolHealthStatus h) {
    assertThat(h.healthy()).isFalse();
    assertThat(h.errorMessage()).as("an unhealthy status says why").isNotBlank();
  }

  private static void assertErrorTile(DashboardTileData t) {
    assertThat(t.healthStatus()).isFalse();
    assertThat(t.healthMessage()).as("an error tile says why").isNotBlank();
    assertThat(t.healthMessage()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(t.poolHashrate()).isNull();
    assertThat(t.sharesValid()).isNull();
    assertThat(t.blocksFound24h()).isNull();
    assertThat(t.lastUpdated()).isNotNull();
  }

  private static void check(List<String> zeros, String name, @Nullable Number value) {
    if (value != null && value.doubleValue() == 0) {
      zeros.add(name);
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  private static String captureStdErrAndOut(Runnable r) {
    PrintStream err = System.err;
    PrintStream out = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8);
    System.setErr(capture);
    System.setOut(capture);
    try {
      r.run();
    } finally {
      System.setErr(err);
      System.setOut(out);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }
}
