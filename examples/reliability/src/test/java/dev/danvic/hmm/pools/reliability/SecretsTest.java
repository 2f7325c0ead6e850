package dev.danvic.hmm.pools.reliability;

import static dev.danvic.hmm.pools.reliability.Scorecard.Section.SECRETS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.danvic.hmm.pools.BasePoolIntegration;
import dev.danvic.hmm.pools.Coin;
import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.PoolContext;
import dev.danvic.hmm.pools.PoolRequest;
import dev.danvic.hmm.pools.braiins.BraiinsIntegration;
import dev.danvic.hmm.pools.core.DashboardPoolService;
import dev.danvic.hmm.pools.core.HttpPoolTransport;
import dev.danvic.hmm.pools.core.PoolRegistry;
import dev.danvic.hmm.pools.mmfp.MmfpIntegration;
import dev.danvic.hmm.pools.simulator.PoolSimulator;
import dev.danvic.hmm.pools.solopool.SolopoolIntegration;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Section 4: the token in every place it could leak from. Standard output and error (where
 * slf4j-simple writes; the suite logs {@code dev.danvic.hmm} at DEBUG) are captured for the whole
 * class and read at the end.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecretsTest {
  private static final String TOKEN = Secrets.TOKEN;
  private static final ByteArrayOutputStream CAPTURED = new ByteArrayOutputStream();
  private static PrintStream originalOut;
  private static PrintStream originalErr;
  private static PoolSimulator braiins;
  private static PoolSimulator mmfp;
  private static HttpPoolTransport transport;
  private static PoolRegistry registry;
  /** Everything the cases produced (messages, toString, JSON), read again at the end. */
  private static final StringBuilder PRODUCED = new StringBuilder();

  @BeforeAll
  static void start() {
    originalOut = System.out;
    originalErr = System.err;
    System.setOut(new PrintStream(tee(originalOut), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(tee(originalErr), true, StandardCharsets.UTF_8));
    braiins = PoolSimulator.builder().kind(PoolSimulator.Kind.BRAIINS).token(TOKEN).clock(Sims.CLOCK).build().start();
    mmfp = PoolSimulator.builder().kind(PoolSimulator.Kind.MMFP).coin(Coin.DGB).apiKey(TOKEN).clock(Sims.CLOCK).build().start();
    transport = HttpPoolTransport.builder().defaultDeadline(Duration.ofSeconds(25)).build();
    registry =
        Sims.allPlugins()
            .transport(transport)
            .deadline(Duration.ofSeconds(3))
            .build();
    // the two slow cases (Braiins spaces one token's requests 5 s apart) run while the others do
    healthy = exerciseAsync(new BraiinsIntegration(), pool("braiins", braiins.baseUrl(), braiins.username()))
        .thenCombine(exerciseAsync(new MmfpIntegration(), pool("mmfp", mmfp.baseUrl(), mmfp.username())), String::concat);
    echoing = echoingRuns();
  }

  private static CompletableFuture<String> healthy;
  private static CompletableFuture<List<String>> echoing;
  private static final List<MockWebServer> ECHO_SERVERS = new ArrayList<>();

  /** Every plugin's every operation against servers that answer 401, 403, 500 or 200 and quote the token. */
  private static CompletableFuture<List<String>> echoingRuns() {
    List<CompletableFuture<String>> runs = new ArrayList<>();
    for (int status : new int[] {401, 403, 500, 200}) {
      for (boolean html : new boolean[] {true, false}) {
        MockWebServer echo;
        try {
          echo = echoServer(status, html);
        } catch (Exception e) {
          return CompletableFuture.failedFuture(e);
        }
        ECHO_SERVERS.add(echo);
        String base = echo.url("/").toString().replaceAll("/$", "");
        runs.add(exerciseAsync(new BraiinsIntegration(), pool("braiins", base, "someone")));
        runs.add(exerciseAsync(new MmfpIntegration(), pool("mmfp", base, "someone")));
        runs.add(exerciseAsync(new SolopoolIntegration(), pool("solopool", base, "bc1qsomeone")));
      }
    }
    return CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new))
        .thenApply(done -> runs.stream().map(CompletableFuture::join).toList());
  }

  @AfterAll
  static void stop() {
    ECHO_SERVERS.forEach(MockWebServer::close);
    registry.close();
    transport.close();
    braiins.close();
    mmfp.close();
    System.setOut(originalOut);
    System.setErr(originalErr);
  }

  private static OutputStream tee(PrintStream original) {
    return new OutputStream() {
      @Override
      public void write(int b) {
        synchronized (CAPTURED) {
          CAPTURED.write(b);
        }
        original.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        synchronized (CAPTURED) {
          CAPTURED.write(b, off, len);
        }
        original.write(b, off, len);
      }
    };
  }

  private static PoolConfig pool(String type, String base, String username) {
    return PoolConfig.builder().id(type + "-secret").poolType(type).url("stratum+tcp://127.0.0.1").port(3333)
        .username(username).apiKey(TOKEN).config(PoolConfig.API_BASE_URL, base).config(PoolConfig.COIN, type.equals("mmfp") ? "DGB" : "BTC")
        .build();
  }

  /**
   * Every operation at once, each through a transport of its own: under one transport Braiins' one
   * request per 5 s per token would queue them one after the other.
   */
  private static CompletableFuture<String> exerciseAsync(BasePoolIntegration plugin, PoolConfig pool) {
    List<CompletableFuture<String>> ops = new ArrayList<>();
    ops.add(CompletableFuture.completedFuture(pool + "\n" + pool.redactedConfig()));
    ops.add(op(plugin, (r, t) -> r.poolDashboardData(pool).thenApply(tiles -> tiles + "\n" + Tiles.json(tiles))));
    ops.add(op(plugin, (r, t) -> r.checkPoolHealth(pool).thenApply(String::valueOf)));
    ops.add(op(plugin, (r, t) -> r.detectPool(pool.url(), pool.port()).thenApply(String::valueOf)));
    ops.add(op(plugin, (r, t) -> plugin.recentBlocks(pool, t.context(pool.id())).thenApply(String::valueOf)));
    ops.add(op(plugin, (r, t) -> plugin.stats(pool, t.context(pool.id())).thenApply(String::valueOf)));
    ops.add(op(plugin, (r, t) -> t.context(pool.id()).toString() + " " + t + " " + r));
    if (plugin instanceof BraiinsIntegration b) {
      ops.add(op(plugin, (r, t) -> b.payouts(pool, t.context(pool.id())).thenApply(String::valueOf)));
    }
    return CompletableFuture.allOf(ops.toArray(CompletableFuture[]::new))
        .thenApply(done -> {
          StringBuilder all = new StringBuilder();
          ops.forEach(f -> all.append(f.join()).append('\n'));
          synchronized (PRODUCED) {
            PRODUCED.append(all);
          }
          return all.toString();
        });
  }

  @SuppressWarnings("unchecked")
  private static CompletableFuture<String> op(
      BasePoolIntegration plugin, java.util.function.BiFunction<PoolRegistry, HttpPoolTransport, Object> call) {
    HttpPoolTransport t = HttpPoolTransport.builder().defaultDeadline(Duration.ofSeconds(5)).build();
    PoolRegistry r = PoolRegistry.builder().register(plugin).transport(t).deadline(Duration.ofSeconds(3)).build();
    CompletableFuture<String> result;
    try {
      Object o = call.apply(r, t);
      result = o instanceof CompletableFuture<?> f
          ? ((CompletableFuture<Object>) f).thenApply(String::valueOf)
          : CompletableFuture.completedFuture(String.valueOf(o));
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    return result
        .handle((v, e) -> e == null ? v : chain(e))
        .whenComplete((v, e) -> {
          r.close();
          t.close();
        });
  }

  private static String chain(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c).append(" | ").append(c.getMessage()).append('\n');
    }
    return sb.toString();
  }

  @Test
  @Order(1)
  void healthyPools() throws Exception {
    Scorecard.check(SECRETS, 1, "Braiins and MMFP answering, every operation",
        "tiles, health, detection, blocks, stats, payouts, contexts and configs never show the token",
        () -> {
          String text = healthy.get(90, TimeUnit.SECONDS);
          assertThat(text).contains(PoolConfig.REDACTED);
          Secrets.assertNoToken("what the operations produced", text);
          return text.lines().count() + " lines of results; the token nowhere, [redacted] where a config is shown";
        });
  }

  @Test
  @Order(2)
  void hostileServersEchoingTheToken() throws Exception {
    Scorecard.check(SECRETS, 2, "servers that echo the token back (401, 403, 500, 200 HTML, 200 JSON error)",
        "no tile, health message, exception message or toString() carries the echoed token",
        () -> {
          for (String run : echoing.get(90, TimeUnit.SECONDS)) {
            Secrets.assertNoToken("the results against an echoing server", run);
          }
          assertThat(ECHO_SERVERS).allMatch(s -> s.getRequestCount() > 0);
          int n = ECHO_SERVERS.size();
          return n + " echoing servers x 3 plugins x every operation: the token nowhere in the results";
        });
  }

  /** Answers every request with {@code status} and a body quoting the token the request carried. */
  private static MockWebServer echoServer(int status, boolean html) throws Exception {
    MockWebServer s = new MockWebServer();
    s.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest r) {
            String token = String.valueOf(r.getHeaders().get(BraiinsIntegration.TOKEN_HEADER)) + " "
                + r.getHeaders().get(MmfpIntegration.API_KEY_HEADER);
            String body = html
                ? "<html><body>Invalid token " + token + "</body></html>"
                : "{\"error\":\"invalid token " + token + "\",\"btc\":{\"username\":\"" + token + "\"},\"status\":\"" + token + "\"}";
            return new MockResponse.Builder().code(status).setHeader("Content-Type", html ? "text/html" : "application/json")
                .setHeader("X-Echo", token).body(body).build();
          }
        });
    s.start(InetAddress.getByName("127.0.0.1"), 0);
    return s;
  }

  @Test
  @Order(3)
  void aRedirectToAnotherOriginDropsTheToken() throws Exception {
    Scorecard.check(SECRETS, 3, "a redirect to another origin",
        "the token goes to the pool's origin only, never to where it redirects",
        () -> {
          try (MockWebServer elsewhere = new MockWebServer(); MockWebServer pool = new MockWebServer()) {
            elsewhere.start(InetAddress.getByName("127.0.0.1"), 0);
            pool.start(InetAddress.getByName("127.0.0.1"), 0);
            String target = elsewhere.url("/stolen").toString();
            pool.setDispatcher(new Dispatcher() {
              @Override
              public MockResponse dispatch(RecordedRequest r) {
                return new MockResponse.Builder().code(302).setHeader("Location", target).build();
              }
            });
            elsewhere.setDispatcher(new Dispatcher() {
              @Override
              public MockResponse dispatch(RecordedRequest r) {
                return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body("{}").build();
              }
            });
            PoolRequest request = PoolRequest.get(pool.url("/accounts/profile/json/btc/").toString())
                .withSecretHeader(BraiinsIntegration.TOKEN_HEADER, TOKEN).withSecretHeader(MmfpIntegration.API_KEY_HEADER, TOKEN);
            Object result = transport.context("redirect").getJson(request).handle((v, e) -> e == null ? v : chain(e)).get(30, TimeUnit.SECONDS);
            RecordedRequest first = pool.takeRequest(5, TimeUnit.SECONDS);
            RecordedRequest second = elsewhere.takeRequest(5, TimeUnit.SECONDS);
            assertThat(first).isNotNull();
            assertThat(first.getHeaders().get(BraiinsIntegration.TOKEN_HEADER)).isEqualTo(TOKEN);
            assertThat(second).as("the redirect was followed").isNotNull();
            Secrets.assertNoToken("the headers sent to the other origin", second.getHeaders().toString());
            Secrets.assertNoToken("the result", String.valueOf(result));
            return "the pool got the token; the other origin got the request without it (" + second.getHeaders().size() + " headers)";
          }
        });
  }

  @Test
  @Order(4)
  void brokenTokensAreRefusedWithoutBeingQuoted() throws Exception {
    Scorecard.check(SECRETS, 4, "tokens that cannot be sent (space, newline, non-ASCII inside)",
        "refused with a message naming api_key and the position, never the token",
        () -> {
          List<String> messages = new ArrayList<>();
          for (String bad : List.of(TOKEN + " x", TOKEN + "\nx", TOKEN + "é")) {
            PoolConfig p = pool("braiins", braiins.baseUrl(), "u").toBuilder().apiKey(bad).build();
            DashboardTileData t = registry.poolDashboardData(p).get(30, TimeUnit.SECONDS);
            assertThat(t.healthStatus()).isFalse();
            String text = t.healthMessage() + " " + p + " " + p.redactedConfig();
            Secrets.assertNoToken("the refusal", text);
            messages.add(t.healthMessage());
            PRODUCED.append(text).append('\n');
          }
          return "e.g. \"" + messages.get(0) + "\"";
        });
  }

  @Test
  @Order(5)
  void theServerNeverReturnsTheToken(@TempDir Path dir) throws Exception {
    Scorecard.check(SECRETS, 5, "reference server: add, list, read, change, dashboards, refusals",
        "no response body or header carries the token",
        () -> {
          List<HttpResponse<String>> responses = new ArrayList<>();
          try (ServerRig rig = new ServerRig(dir); MockWebServer echo = echoServer(403, false)) {
            String pool = echo.url("/").toString().replaceAll("/$", "");
            String body = "{\"pool_type\":\"braiins\",\"name\":\"b\",\"url\":\"stratum+tcp://127.0.0.1\",\"port\":3333,"
                + "\"username\":\"" + braiins.username() + "\",\"api_key\":\"" + TOKEN + "\",\"config\":{\"api_base_url\":\""
                + pool + "\"}}";
            HttpResponse<String> created = rig.post("/pools", body);
            assertThat(created.statusCode()).isEqualTo(201);
            String id = ServerInputTest.JSON.readTree(created.body()).get("id").asText();
            responses.add(created);
            responses.add(rig.get("/pools"));
            responses.add(rig.get("/pools/" + id));
            responses.add(rig.put("/pools/" + id, "{\"name\":\"renamed\",\"api_key\":\"" + TOKEN + "\"}"));
            responses.add(rig.put("/pools/" + id, "{\"config\":{\"api_key\":\"" + TOKEN + "\",\"coin\":\"DOGE\"}}"));
            responses.add(rig.post("/pools", body.replace("\"port\":3333", "\"port\":99999")));
            responses.add(rig.post("/pools", body.replace(TOKEN, TOKEN + "\\u0001")));
            responses.add(rig.post("/pools", body.replace("\"pool_type\":\"braiins\"", "\"pool_type\":\"nope\"")));
            responses.add(rig.post("/pools", body.substring(0, body.indexOf(TOKEN) + TOKEN.length() + 3)));
            responses.add(rig.get("/api/dashboard/pools"));
            responses.add(rig.get("/api/dashboard/pools/platform-tiles"));
            responses.add(rig.get("/api/dashboard/pools?pool_id=" + id));
          }
          StringBuilder all = new StringBuilder();
          for (HttpResponse<String> r : responses) {
            all.append(r.statusCode()).append(' ').append(r.headers().map()).append(' ').append(r.body()).append('\n');
          }
          Secrets.assertNoToken("the server's responses", all.toString());
          assertThat(all.toString()).contains(PoolConfig.REDACTED);
          return responses.size() + " responses (" + responses.stream().map(r -> String.valueOf(r.statusCode())).reduce((a, b) -> a + ", " + b).orElse("")
              + "): the token in none";
        });
  }

  @Test
  @Order(6)
  void aDashboardServiceOverFailingPools() throws Exception {
    Scorecard.check(SECRETS, 6, "dashboard service: tiles, platform tiles and change events of failing pools",
        "no tile JSON, event or toString() carries the token",
        () -> {
          try (MockWebServer echo = echoServer(403, false);
              DashboardPoolService svc = DashboardPoolService.builder(registry)
                  .pools(List.of(pool("mmfp", echo.url("/").toString().replaceAll("/$", ""), "u"),
                      pool("braiins", echo.url("/").toString().replaceAll("/$", ""), "u")))
                  .readBudget(Duration.ofSeconds(60))
                  .build()) {
            StringBuilder events = new StringBuilder();
            svc.addListener(e -> events.append(e).append('\n'));
            String text = Tiles.json(svc.poolTiles().get(60, TimeUnit.SECONDS)) + Tiles.json(svc.platformTiles().get(60, TimeUnit.SECONDS))
                + svc.pools() + svc + svc.health("mmfp-secret").get(60, TimeUnit.SECONDS);
            svc.invalidateAll();
            text += events;
            Secrets.assertNoToken("the service's output", text);
            PRODUCED.append(text);
            return "tiles, platform tiles, health, pools(), events: the token in none";
          }
        });
  }

  @Test
  @Order(7)
  void keylessPluginsGivenAnApiKeyAnyway() throws Exception {
    Scorecard.check(SECRETS, 7, "Solopool, public-pool, ckpool, OCEAN, Miningcore, NOMP (they take no secret) given an api_key anyway",
        "the key is never sent to the pool (request line and headers, as a relay in front of the simulator saw them);"
            + " tiles, health, detection, blocks, stats, contexts and configs never show it",
        () -> {
          List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
          StringBuilder out = new StringBuilder();
          List<String> plugins = new ArrayList<>();
          for (Sims.Plugin p : Sims.Plugin.values()) {
            if (p.takesSecret()) {
              continue;
            }
            try (PoolSimulator sim = PoolSimulator.builder().kind(p.kind).coin(p.coin).clock(Sims.CLOCK).build().start();
                MockWebServer relay = relay(sim, seen)) {
              PoolConfig pool = PoolConfig.builder().id(p.kind.poolType() + "-secret").poolType(p.kind.poolType())
                  .url("stratum+tcp://127.0.0.1").port(3333).username(sim.username()).apiKey(TOKEN)
                  .config(PoolConfig.API_BASE_URL, relay.url("/").toString().replaceAll("/$", ""))
                  .config(PoolConfig.COIN, p.coin.symbol()).build();
              String text = exerciseAsync(Sims.integration(p), pool).get(60, TimeUnit.SECONDS);
              assertThat(text).as("the config is shown redacted").contains(PoolConfig.REDACTED);
              assertThat(relay.getRequestCount()).as("requests %s sent", p.label).isPositive();
              out.append(text);
              plugins.add(p.label);
            }
          }
          Secrets.assertNoToken("what the operations produced", out.toString());
          synchronized (seen) {
            Secrets.assertNoToken("the requests the pools received", String.join("\n", seen));
          }
          return plugins.size() + " keyless plugins (" + String.join(", ", plugins) + "), " + seen.size()
              + " requests relayed: the key in none, and nowhere in the results";
        });
  }

  /** Relays every request to {@code sim} (status and body), keeping its request line and headers in {@code seen}. */
  private static MockWebServer relay(PoolSimulator sim, List<String> seen) throws Exception {
    MockWebServer s = new MockWebServer();
    s.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest r) {
            seen.add(r.getRequestLine() + "\n" + r.getHeaders());
            try {
              java.net.HttpURLConnection c = (java.net.HttpURLConnection)
                  java.net.URI.create(sim.baseUrl() + r.getTarget()).toURL().openConnection(java.net.Proxy.NO_PROXY);
              c.setConnectTimeout(5000);
              c.setReadTimeout(5000);
              int code = c.getResponseCode();
              java.io.InputStream in = code < 400 ? c.getInputStream() : c.getErrorStream();
              byte[] body = in == null ? new byte[0] : in.readAllBytes();
              String type = c.getContentType() == null ? "application/json" : c.getContentType();
              return new MockResponse.Builder().code(code).setHeader("Content-Type", type)
                  .body(new okio.Buffer().write(body)).build();
            } catch (java.io.IOException e) {
              return new MockResponse.Builder().code(502).body("relay: " + e.getMessage()).build();
            }
          }
        });
    s.start(InetAddress.getByName("127.0.0.1"), 0);
    return s;
  }

  @Test
  @Order(8)
  void noLogLineCarriesTheToken() throws Exception {
    Scorecard.check(SECRETS, 8, "every log line of this section (DEBUG)",
        "the captured output has the transport's DEBUG lines, and none carries the token",
        () -> {
          String log;
          synchronized (CAPTURED) {
            log = CAPTURED.toString(StandardCharsets.UTF_8);
          }
          List<String> lines = log.lines().toList();
          assertThat(lines).as("the capture works: DEBUG lines of the transport").anyMatch(l -> l.contains("DEBUG") && l.contains("HttpPoolTransport"));
          Secrets.assertNoToken("the log", log);
          Secrets.assertNoToken("everything the cases produced", PRODUCED.toString());
          return lines.size() + " captured lines (" + lines.stream().filter(l -> l.contains("DEBUG")).count()
              + " at DEBUG): the token in none";
        });
  }
}
