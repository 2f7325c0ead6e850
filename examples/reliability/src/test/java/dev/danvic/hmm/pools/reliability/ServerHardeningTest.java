package dev.danvic.hmm.pools.reliability;

import static dev.danvic.hmm.pools.reliability.Scorecard.Section.SECRETS;
import static dev.danvic.hmm.pools.reliability.Scorecard.Section.SERVER_INPUT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.server.PoolStore;
import dev.danvic.hmm.pools.server.PoolsServer;
import dev.danvic.hmm.pools.server.SecretCipher;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sections 4 and 5, the reference server against an attacker: secrets that follow a pool to a new
 * address, the database file's permissions and encryption at rest, the pool cap, slow clients, an
 * unknown charset, other origins and discovery by {@code GET}.
 */
class ServerHardeningTest {
  private static final String TOKEN = Secrets.TOKEN;
  private static final String EVIL = "http://evil.example";

  @TempDir Path dir;

  // ------------------------------------------------------------------ section 4: secrets

  @Test
  void aPutThatSendsThePoolElsewhereDropsItsToken() throws Exception {
    Scorecard.check(SECRETS, 8, "PUT that changes where a pool's requests go (api_base_url, url) without sending the token again",
        "a pool that needs a key: 400 naming api_key, nothing changed; a pool whose key is optional: changed, the token"
            + " dropped, and the new address never receives it",
        () -> {
          try (ServerRig rig = new ServerRig(dir); MockWebServer before = recorder(); MockWebServer after = recorder()) {
            String a = origin(before);
            String b = origin(after);
            String braiins = created(rig.post("/pools", "{\"pool_type\":\"braiins\",\"url\":\"stratum+tcp://127.0.0.1\",\"port\":3333,"
                + "\"username\":\"u\",\"api_key\":\"" + TOKEN + "\",\"config\":{\"api_base_url\":\"" + a + "\"}}"));
            List<String> refused = new ArrayList<>();
            for (String put : List.of("{\"config\":{\"api_base_url\":\"" + b + "\"}}", "{\"url\":\"stratum+tcp://127.0.0.2\"}",
                "{\"port\":3334}", "{\"api_key\":\"[redacted]\",\"config\":{\"api_base_url\":\"" + b + "\",\"api_key\":\"[redacted]\"}}")) {
              HttpResponse<String> r = rig.put("/pools/" + braiins, put);
              assertThat(r.statusCode()).as("PUT %s -> %s", put, r.body()).isEqualTo(400);
              assertThat(ServerInputTest.JSON.readTree(r.body()).get("field").asText()).isEqualTo("api_key");
              refused.add(String.valueOf(r.statusCode()));
            }
            assertThat(rig.store.find(braiins).orElseThrow().config()).containsEntry(PoolConfig.API_KEY, TOKEN).containsEntry(PoolConfig.API_BASE_URL, a);
            HttpResponse<String> renamed = rig.put("/pools/" + braiins, "{\"name\":\"same place\"}");
            assertThat(renamed.statusCode()).isEqualTo(200);
            assertThat(rig.store.find(braiins).orElseThrow().config()).containsEntry(PoolConfig.API_KEY, TOKEN);

            String mmfp = created(rig.post("/pools", "{\"pool_type\":\"mmfp\",\"url\":\"stratum+tcp://127.0.0.1\",\"port\":3333,"
                + "\"api_key\":\"" + TOKEN + "\",\"config\":{\"coin\":\"DGB\",\"api_base_url\":\"" + a + "\"}}"));
            HttpResponse<String> moved = rig.put("/pools/" + mmfp, "{\"config\":{\"coin\":\"DGB\",\"api_base_url\":\"" + b + "\"}}");
            assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
            assertThat(rig.store.find(mmfp).orElseThrow().config()).doesNotContainKey(PoolConfig.API_KEY);
            rig.get("/api/dashboard/pools?pool_id=" + mmfp);
            List<String> seen = drain(after);
            assertThat(seen).as("requests the new address received").isNotEmpty();
            Secrets.assertNoToken("the requests to the new address", String.join("\n", seen));
            return "key-needing pool: " + refused.size() + " moves answered 400 api_key, stored key and address unchanged, a rename"
                + " kept the key; optional-key pool moved: key dropped, the new address got " + seen.size()
                + " requests, none with the token";
          }
        });
  }

  @Test
  void theDatabaseFileIsTheOwnersOnly() throws Exception {
    Scorecard.check(SECRETS, 9, "permissions of the H2 database the server creates",
        "folder created 700 (rwx------), every database file 600 (rw-------)",
        () -> {
          Path fresh = dir.resolve("fresh");
          try (ServerRig rig = new ServerRig(fresh)) {
            rig.post("/pools", "{\"pool_type\":\"solopool\",\"url\":\"stratum+tcp://127.0.0.1\",\"port\":3334,\"config\":{\"coin\":\"BTC\"}}");
            List<String> files = new ArrayList<>();
            try (var list = Files.list(fresh)) {
              for (Path f : (Iterable<Path>) list::iterator) {
                String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(f));
                files.add(f.getFileName() + " " + perms);
                assertThat(perms).as("permissions of %s", f.getFileName()).isEqualTo("rw-------");
              }
            }
            String folder = PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh));
            assertThat(folder).isEqualTo("rwx------");
            assertThat(files).isNotEmpty();
            return "folder " + folder + "; " + String.join(", ", files);
          }
        });
  }

  @Test
  void secretsAtRestAreEncryptedWithTheOperatorsKey() throws Exception {
    Scorecard.check(SECRETS, 10, "secrets at rest: server started with " + SecretCipher.ENV + ", then killed; the file read raw; restarts with a"
            + " wrong key and with none",
        "the token is not in the database file (without a key it is, as the README says); a wrong or missing key stops the start"
            + " with a message naming " + SecretCipher.ENV + " and no secret; the right key reads the token back",
        () -> {
          String key = Base64.getEncoder().encodeToString(bytes(32, 7));
          String wrong = Base64.getEncoder().encodeToString(bytes(32, 9));
          String url = "jdbc:h2:file:" + dir.resolve("enc").toAbsolutePath();
          String plainUrl = "jdbc:h2:file:" + dir.resolve("plain").toAbsolutePath();
          String body = "{\"id\":\"b1\",\"pool_type\":\"braiins\",\"url\":\"stratum+tcp://127.0.0.1\",\"port\":3333,\"enabled\":false,"
              + "\"api_key\":\"" + TOKEN + "\",\"config\":{\"api_base_url\":\"http://127.0.0.1:1\"}}";
          boolean encryptedHasToken = storeAndKill(url, Map.of(SecretCipher.ENV, key), body, dir.resolve("enc.mv.db"));
          boolean plainHasToken = storeAndKill(plainUrl, Map.of(), body, dir.resolve("plain.mv.db"));
          assertThat(plainHasToken).as("without a key the token is in the file (the scan works)").isTrue();
          assertThat(encryptedHasToken).as("the token in the file written with a key").isFalse();
          List<String> refusals = new ArrayList<>();
          for (Map<String, String> env : List.of(Map.of(SecretCipher.ENV, wrong), Map.<String, String>of())) {
            ChildServer child = ChildServer.start(url, env);
            int exit = child.exit();
            String out = child.output();
            assertThat(exit).as("exit code; output: %s", out).isNotZero();
            assertThat(out).contains(SecretCipher.ENV).contains("b1");
            Secrets.assertNoToken("the refused start's output", out);
            refusals.add("exit " + exit + ": \"" + out.lines().filter(l -> l.contains(SecretCipher.ENV)).findFirst().orElse("").trim() + "\"");
          }
          try (PoolStore store = PoolStore.open(url, Clock.systemUTC(), SecretCipher.fromBase64(key))) {
            assertThat(store.find("b1").orElseThrow().config()).containsEntry(PoolConfig.API_KEY, TOKEN);
          }
          return "token in the file: with the key no, without a key yes; wrong key " + refusals.get(0) + "; no key " + refusals.get(1)
              + "; the right key reads it back";
        });
  }

  // ------------------------------------------------------------------ section 5: the server's resources and doors

  @Test
  void thePoolCountIsCapped() throws Exception {
    Scorecard.check(SERVER_INPUT, 12, "POST /pools past the default cap of " + PoolsServer.DEFAULT_MAX_POOLS + " pools",
        "the first " + PoolsServer.DEFAULT_MAX_POOLS + " are stored; the next answers 409 with a JSON error naming the cap and"
            + " stores nothing; after a DELETE there is room for one",
        () -> {
          try (ServerRig rig = new ServerRig(dir)) {
            String body = "{\"pool_type\":\"solopool\",\"url\":\"stratum+tcp://127.0.0.1\",\"port\":3334,\"config\":{\"coin\":\"BTC\"},\"enabled\":false}";
            String first = null;
            for (int i = 0; i < PoolsServer.DEFAULT_MAX_POOLS; i++) {
              String id = created(rig.post("/pools", body));
              first = first == null ? id : first;
            }
            HttpResponse<String> over = rig.post("/pools", body);
            assertThat(over.statusCode()).as(over.body()).isEqualTo(409);
            String error = ServerInputTest.JSON.readTree(over.body()).get("error").asText();
            assertThat(error).contains(String.valueOf(PoolsServer.DEFAULT_MAX_POOLS));
            assertThat(rig.store.count()).isEqualTo(PoolsServer.DEFAULT_MAX_POOLS);
            assertThat(rig.send("DELETE", "/pools/" + first, null, null).statusCode()).isEqualTo(204);
            assertThat(rig.post("/pools", body).statusCode()).isEqualTo(201);
            return PoolsServer.DEFAULT_MAX_POOLS + " stored, then " + over.statusCode() + " \"" + error + "\"; room again after a DELETE";
          }
        });
  }

  @Test
  void slowClientsDoNotStarveTheServer() throws Exception {
    int clients = 300;
    Scorecard.check(SERVER_INPUT, 13, clients + " clients sending POST bodies one byte every 100 ms, on loopback",
        "GET /health keeps answering in well under a second (every one of 20 probes under 1 s) while they trickle; the server"
            + " closes every slow connection at its body's deadline",
        () -> {
          try (ServerRig rig = new ServerRig(dir)) {
            int port = rig.server.port();
            List<Socket> sockets = new ArrayList<>();
            ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor(CaseRig.named("slow-clients"));
            AtomicInteger closedByServer = new AtomicInteger();
            long t0Connect = System.nanoTime();
            try {
              for (int i = 0; i < clients; i++) {
                Socket s = new Socket(InetAddress.getByName("127.0.0.1"), port);
                s.getOutputStream().write(("POST /pools HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 10000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
                sockets.add(s);
              }
              trickle.scheduleAtFixedRate(() -> {
                for (Socket s : sockets) {
                  if (s.isClosed()) {
                    continue;
                  }
                  try {
                    OutputStream out = s.getOutputStream();
                    out.write(' ');
                    out.flush();
                  } catch (IOException e) {
                    closeQuietly(s);
                    closedByServer.incrementAndGet();
                  }
                }
              }, 100, 100, TimeUnit.MILLISECONDS);
              HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).version(HttpClient.Version.HTTP_1_1).build();
              List<Long> millis = new ArrayList<>();
              // the 300 are connected and trickling; probe over the next four seconds (their deadline is ~12 s away)
              trickle.schedule(() -> { }, 1, TimeUnit.SECONDS).get();
              long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
              for (int probe = 0; probe < 20; probe++) {
                long t0 = System.nanoTime();
                HttpResponse<String> r;
                try {
                  r = http.sendAsync(HttpRequest.newBuilder(URI.create(rig.server.baseUrl() + "/health")).build(),
                      HttpResponse.BodyHandlers.ofString()).get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                  throw new AssertionError("GET /health did not answer within 30 s while " + clients + " clients trickled");
                }
                millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                assertThat(r.statusCode()).isEqualTo(200);
                // spread the probes over about four seconds of trickling: wait on the trickle's own clock
                long next = t0 + (end - t0) / Math.max(1, 20 - probe);
                trickle.schedule(() -> { }, Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS).get();
              }
              long max = millis.stream().mapToLong(Long::longValue).max().orElseThrow();
              int openWhileProbing = clients - closedByServer.get();
              assertThat(openWhileProbing).as("slow clients still trickling when the probes ended").isEqualTo(clients);
              assertThat(max).as("slowest /health of %s ms", millis).isLessThan(1000);
              // each body needs 1000 s at this pace; the server ends it at its deadline instead
              long waitedFrom = System.nanoTime();
              long giveUp = waitedFrom + TimeUnit.SECONDS.toNanos(30);
              while (closedByServer.get() < clients && System.nanoTime() < giveUp) {
                trickle.schedule(() -> { }, 100, TimeUnit.MILLISECONDS).get();
              }
              long closedAfter = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0Connect);
              assertThat(closedByServer.get()).as("slow connections the server closed within 30 s more").isEqualTo(clients);
              return "20 probes over 4 s with all " + clients + " trickling: slowest " + max + " ms, median " + millis.stream().sorted().toList().get(10) + " ms; all "
                  + clients + " slow connections closed by the server within " + closedAfter + " s of connecting (their bodies needed 1000 s)";
            } finally {
              trickle.shutdownNow();
              sockets.forEach(ServerHardeningTest::closeQuietly);
            }
          }
        });
  }

  @Test
  void anUnknownCharsetIs415() throws Exception {
    Scorecard.check(SERVER_INPUT, 14, "POST and PUT with Content-Type application/json; charset=x-no-such-charset (and utf-16, latin1)",
        "415 with a JSON error, never 5xx; nothing stored",
        () -> {
          try (ServerRig rig = new ServerRig(dir)) {
            String body = "{\"pool_type\":\"solopool\",\"url\":\"stratum+tcp://127.0.0.1\",\"port\":3334,\"config\":{\"coin\":\"BTC\"}}";
            String id = created(rig.post("/pools", body));
            List<String> seen = new ArrayList<>();
            for (String charset : List.of("x-no-such-charset", "utf-16", "latin1", "\"bogus")) {
              for (String[] req : List.of(new String[] {"POST", "/pools"}, new String[] {"PUT", "/pools/" + id})) {
                HttpResponse<String> r = rig.send(req[0], req[1], "application/json; charset=" + charset, body);
                assertThat(r.statusCode()).as("%s %s charset=%s: %s", req[0], req[1], charset, r.body()).isEqualTo(415);
                assertThat(ServerInputTest.JSON.readTree(r.body()).get("error").asText()).isNotBlank();
                seen.add(String.valueOf(r.statusCode()));
              }
            }
            assertThat(rig.store.count()).isEqualTo(1);
            return seen.size() + " requests, all " + String.join("/", new java.util.TreeSet<>(seen)) + "; nothing stored";
          }
        });
  }

  @Test
  void otherOriginsGetNothing() throws Exception {
    Scorecard.check(SERVER_INPUT, 15, "requests carrying Origin: " + EVIL + " (another site's page in the user's browser)",
        "POST, PUT, DELETE, POST /pools/discover and the WebSocket upgrade refused with 403, nothing changed; the same"
            + " requests from the server's own origin and without Origin pass",
        () -> {
          try (ServerRig rig = new ServerRig(dir)) {
            String base = rig.server.baseUrl();
            String body = "{\"pool_type\":\"solopool\",\"url\":\"stratum+tcp://127.0.0.1\",\"port\":3334,\"config\":{\"coin\":\"BTC\"}}";
            String id = created(rig.post("/pools", body));
            HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).version(HttpClient.Version.HTTP_1_1).build();
            List<String> refused = new ArrayList<>();
            for (String[] req : List.of(new String[] {"POST", "/pools", body}, new String[] {"PUT", "/pools/" + id, "{\"name\":\"evil\"}"},
                new String[] {"DELETE", "/pools/" + id, null}, new String[] {"POST", "/pools/discover", "{\"url\":\"127.0.0.1\",\"port\":1}"})) {
              HttpResponse<String> r = http.send(request(base, req, EVIL), HttpResponse.BodyHandlers.ofString());
              assertThat(r.statusCode()).as("%s %s from %s: %s", req[0], req[1], EVIL, r.body()).isEqualTo(403);
              refused.add(req[0] + " " + req[1]);
            }
            assertThat(rig.store.count()).isEqualTo(1);
            assertThat(rig.store.find(id).orElseThrow().name()).isNotEqualTo("evil");
            String ws = base.replace("http://", "ws://") + "/api/dashboard/updates";
            boolean evilSocket = opens(http, ws, EVIL);
            assertThat(evilSocket).as("a WebSocket from " + EVIL + " opened").isFalse();
            assertThat(opens(http, ws, base)).as("a WebSocket from the server's own origin").isTrue();
            HttpResponse<String> own = http.send(request(base, new String[] {"PUT", "/pools/" + id, "{\"name\":\"mine\"}"}, base),
                HttpResponse.BodyHandlers.ofString());
            assertThat(own.statusCode()).isEqualTo(200);
            return refused.size() + " requests (" + String.join(", ", refused) + ") and the WebSocket upgrade refused; the server's own"
                + " origin passes";
          }
        });
  }

  @Test
  void discoveryIsNotAGet() throws Exception {
    Scorecard.check(SERVER_INPUT, 16, "GET /pools/discover?url=127.0.0.1&port=P (discovery connects out; a GET can come from an <img> tag)",
        "405 naming POST, and port P receives no connection",
        () -> {
          try (ServerRig rig = new ServerRig(dir); ServerSocket target = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            HttpResponse<String> r = rig.get("/pools/discover?url=127.0.0.1&port=" + target.getLocalPort() + "&ports=4004");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(405);
            assertThat(r.body()).contains("POST");
            target.setSoTimeout(500);
            boolean connected;
            try (Socket s = target.accept()) {
              connected = true;
            } catch (SocketTimeoutException e) {
              connected = false;
            }
            assertThat(connected).as("the server connected to the port named in the GET").isFalse();
            return r.statusCode() + " \"" + ServerInputTest.JSON.readTree(r.body()).get("error").asText() + "\"; no connection";
          }
        });
  }

  // ------------------------------------------------------------------ helpers

  private static HttpRequest request(String base, String[] req, String origin) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + req[1])).timeout(Duration.ofSeconds(30)).header("Origin", origin);
    if (req[2] != null) {
      b.header("Content-Type", "application/json");
    }
    return b.method(req[0], req[2] == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(req[2])).build();
  }

  private static boolean opens(HttpClient http, String url, String origin) {
    try {
      WebSocket ws = http.newWebSocketBuilder().header("Origin", origin).connectTimeout(Duration.ofSeconds(10))
          .buildAsync(URI.create(url), new WebSocket.Listener() { }).join();
      ws.abort();
      return true;
    } catch (CompletionException e) {
      return false;
    }
  }

  /** Starts a server with {@code env}, stores {@code body}, kills it; @return whether the token is in {@code file} */
  private static boolean storeAndKill(String url, Map<String, String> env, String body, Path file) throws Exception {
    try (ChildServer child = ChildServer.start(url, env)) {
      HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(child.baseUrl() + "/pools"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
      child.kill();
    }
    byte[] raw = Files.readAllBytes(file);
    return new String(raw, StandardCharsets.ISO_8859_1).contains(TOKEN);
  }

  private static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    new java.util.Random(seed).nextBytes(b);
    return b;
  }

  private static String created(HttpResponse<String> r) throws IOException {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode n = ServerInputTest.JSON.readTree(r.body());
    return n.get("id").asText();
  }

  /** A server that answers 403 (no retry) to everything and keeps what it was sent. */
  private static MockWebServer recorder() throws IOException {
    MockWebServer s = new MockWebServer();
    s.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().code(403).body("{}").build();
      }
    });
    s.start(InetAddress.getByName("127.0.0.1"), 0);
    return s;
  }

  private static String origin(MockWebServer s) {
    return s.url("/").toString().replaceAll("/$", "");
  }

  /** @return every request the server received so far: request line and headers */
  private static List<String> drain(MockWebServer s) throws InterruptedException {
    List<String> out = new ArrayList<>();
    RecordedRequest r;
    while ((r = s.takeRequest(0, TimeUnit.SECONDS)) != null) {
      out.add(r.getMethod() + " " + r.getUrl() + " " + r.getHeaders().toString().toLowerCase(Locale.ROOT));
    }
    return out;
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing
    }
  }
}
