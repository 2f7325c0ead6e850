package dev.danvic.hmm.pools.core;

import static dev.danvic.hmm.pools.core.TransportTestSupport.apiFailureOf;
import static dev.danvic.hmm.pools.core.TransportTestSupport.failureOf;
import static dev.danvic.hmm.pools.core.TransportTestSupport.json;
import static dev.danvic.hmm.pools.core.TransportTestSupport.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.InvalidPoolConfigException;
import dev.danvic.hmm.pools.PoolApiException;
import dev.danvic.hmm.pools.PoolConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node source against a loopback server speaking Bitcoin Core's JSON-RPC. */
class BitcoinNodeSourceTest extends LoopbackSourceFixture {
  static final String PASSWORD = "rpc-pa55word-do-not-show";
  static final ObjectMapper MAPPER = new ObjectMapper();
  /** Bitcoin Core's reply shape (JSON-RPC 1.0: result, error, id), with real mainnet magnitudes. */
  static final String MINING_INFO =
      """
      {"result":{"blocks":933586,"bits":"1701fca1","difficulty":141668107417558.2,\
      "networkhashps":9.345129552133705E20,"pooledtx":1094,"chain":"main","warnings":""},\
      "error":null,"id":"%s"}""";


  String url() {
    return server.url("/").toString();
  }


  static <T> T await(CompletableFuture<T> f) throws Exception {
    return f.get(20, TimeUnit.SECONDS);
  }

  /** The request's id, so a reply can echo it as a node does. */
  static String idOf(RecordedRequest r) throws Exception {
    return MAPPER.readTree(r.getBody().utf8()).get("id").asText();
  }

  /** Answers every request through {@code reply(method, id)}. */
  void answer(java.util.function.BiFunction<String, String, mockwebserver3.MockResponse> reply) {
    server.setDispatcher(
        new mockwebserver3.Dispatcher() {
          @Override
          public mockwebserver3.MockResponse dispatch(RecordedRequest r) {
            try {
              JsonNode body = MAPPER.readTree(r.getBody().utf8());
              return reply.apply(body.get("method").asText(), body.get("id").asText());
            } catch (Exception e) {
              return status(400);
            }
          }
        });
  }

  @Test
  void readsGetMiningInfoWithBasicAuthAndAJsonRpcPost() throws Exception {
    answer((method, id) -> json(200, MINING_INFO.formatted(id)));
    BitcoinNodeSource node = BitcoinNodeSource.builder(url()).credentials("alice", PASSWORD).build();

    NetworkFigures f = await(node.fetch("BTC", ctx()));

    assertThat(f.difficulty()).isEqualTo(141668107417558.2);
    assertThat(f.networkHashrate()).isEqualTo(9.345129552133705E20);
    assertThat(f.source()).isEqualTo("node");
    assertThat(f.detail()).isEqualTo("node " + url());
    RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(r.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(r.getHeaders().get("Authorization"))
        .isEqualTo("Basic " + Base64.getEncoder().encodeToString(("alice:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    JsonNode body = MAPPER.readTree(r.getBody().utf8());
    assertThat(body.get("jsonrpc").asText()).isEqualTo("1.0");
    assertThat(body.get("method").asText()).isEqualTo("getmininginfo");
    assertThat(body.get("params").isArray()).isTrue();
  }

  @Test
  void readsAJsonRpc2ReplyWhichHasNoErrorKey() throws Exception {
    answer(
        (method, id) ->
            json(200, "{\"jsonrpc\":\"2.0\",\"result\":{\"difficulty\":1.2e14,\"networkhashps\":8.6e20},\"id\":\"" + id + "\"}"));
    BitcoinNodeSource node = BitcoinNodeSource.builder(url()).credentials("alice", PASSWORD).jsonRpcVersion("2.0").build();

    NetworkFigures f = await(node.fetch("BTC", ctx()));

    assertThat(f.difficulty()).isEqualTo(1.2e14);
    assertThat(MAPPER.readTree(server.takeRequest(5, TimeUnit.SECONDS).getBody().utf8()).get("jsonrpc").asText())
        .isEqualTo("2.0");
  }

  @Test
  void fallsBackToGetBlockchainInfoWhenGetMiningInfoIsRefusedByTheNode() throws Exception {
    answer(
        (method, id) ->
            method.equals("getmininginfo")
                // Bitcoin Core answers an RPC error with HTTP 500 (404 for an unknown method) and the envelope
                ? json(404, "{\"result\":null,\"error\":{\"code\":-32601,\"message\":\"Method not found\"},\"id\":\"" + id + "\"}")
                : json(200, "{\"result\":{\"chain\":\"main\",\"blocks\":933586,\"difficulty\":1.4e14},\"error\":null,\"id\":\"" + id + "\"}"));
    BitcoinNodeSource node = BitcoinNodeSource.builder(url()).credentials("alice", PASSWORD).build();

    NetworkFigures f = await(node.fetch("BCH", ctx()));

    assertThat(f.difficulty()).isEqualTo(1.4e14);
    assertThat(f.networkHashrate()).isNull(); // core derives it from the block time
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void anRpcErrorOnBothMethodsSaysWhatTheNodeAnswered() throws Exception {
    answer(
        (method, id) ->
            json(500, "{\"result\":null,\"error\":{\"code\":-28,\"message\":\"Loading block index...\"},\"id\":\"" + id + "\"}"));
    BitcoinNodeSource node = BitcoinNodeSource.builder(url()).credentials("alice", PASSWORD).build();

    Throwable t = failureOf(node.fetch("BTC", ctx()));

    assertThat(t).hasMessage("the node at " + url() + " answered getblockchaininfo with error -28: Loading block index...");
  }

  @Test
  void aDigiByteNodeGivesTheSha256dFiguresNotThoseOfItsOwnAlgorithm() throws Exception {
    answer(
        (method, id) ->
            json(
                200,
                "{\"result\":{\"blocks\":20000000,\"pow_algo\":\"scrypt\",\"difficulty\":5000.5,\"networkhashps\":1.1e12,"
                    + "\"difficulties\":{\"sha256d\":2.5e9,\"scrypt\":5000.5,\"skein\":1e5,\"qubit\":1e4,\"odo\":1e5},"
                    + "\"networkhashesps\":{\"sha256d\":1.4e17,\"scrypt\":1.1e12}},\"error\":null,\"id\":\"" + id + "\"}"));
    BitcoinNodeSource node = BitcoinNodeSource.builder(url()).credentials("alice", PASSWORD).build();

    NetworkFigures f = await(node.fetch("DGB", ctx()));

    assertThat(f.difficulty()).isEqualTo(2.5e9);
    assertThat(f.networkHashrate()).isEqualTo(1.4e17);
  }

  @Test
  void usesTheCookieFileReadAtEachRequest(@TempDir Path dir) throws Exception {
    Path cookie = dir.resolve(".cookie");
    Files.writeString(cookie, "__cookie__:abc123\n");
    answer((method, id) -> json(200, MINING_INFO.formatted(id)));
    BitcoinNodeSource node = BitcoinNodeSource.builder(url()).cookieFile(cookie).build();

    await(node.fetch("BTC", ctx()));
    Files.writeString(cookie, "__cookie__:def456"); // the node restarted
    await(node.fetch("BTC", ctx()));

    String first = server.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("Authorization");
    String second = server.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("Authorization");
    assertThat(first).isEqualTo("Basic " + Base64.getEncoder().encodeToString("__cookie__:abc123".getBytes(StandardCharsets.UTF_8)));
    assertThat(second).isEqualTo("Basic " + Base64.getEncoder().encodeToString("__cookie__:def456".getBytes(StandardCharsets.UTF_8)));
    assertThat(node.toString()).contains("cookie file").doesNotContain("abc123").doesNotContain("def456");
  }

  @Test
  void aMissingOrBadCookieFileIsAClearErrorWithoutItsContent(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("nope.cookie");
    Throwable t = failureOf(BitcoinNodeSource.builder(url()).cookieFile(missing).build().fetch("BTC", ctx()));
    assertThat(t).hasMessage("cannot read the node's cookie file " + missing + " (NoSuchFileException)");

    Path bad = dir.resolve("bad.cookie");
    Files.writeString(bad, "justasecretwithoutcolon");
    Throwable t2 = failureOf(BitcoinNodeSource.builder(url()).cookieFile(bad).build().fetch("BTC", ctx()));
    assertThat(t2.getMessage()).contains("does not hold 'user:password'").doesNotContain("justasecret");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void refusedCredentialsSayWhatWasRefusedAndNeverShowThePassword() throws Exception {
    server.enqueue(status(401)); // Bitcoin Core: 401 with an empty body
    BitcoinNodeSource node = BitcoinNodeSource.builder(url()).credentials("alice", PASSWORD).build();

    PoolApiException e = apiFailureOf(node.fetch("BTC", ctx()));

    assertThat(e.kind()).isEqualTo(PoolApiException.Kind.AUTH_REJECTED);
    assertThat(e).hasMessage("the node at " + url() + " refused the RPC user and password (HTTP 401)");
    assertThat(node.toString()).isEqualTo("BitcoinNodeSource[" + url() + ", user [redacted]]");
    assertThat(node.secretValues()).containsExactly(PASSWORD);
  }

  @Test
  void aReplyToAnotherRequestOrWithoutAResultIsRefused() throws Exception {
    answer((method, id) -> json(200, MINING_INFO.formatted("someone-else")));
    BitcoinNodeSource node = BitcoinNodeSource.builder(url()).credentials("alice", PASSWORD).build();
    assertThat(apiFailureOf(node.fetch("BTC", ctx())).kind()).isEqualTo(PoolApiException.Kind.MALFORMED_RESPONSE);

    answer((method, id) -> json(200, "<html>not a node</html>"));
    assertThat(apiFailureOf(node.fetch("BTC", ctx())).getMessage()).contains("expected JSON");
  }

  @Test
  void badSettingsAreRefusedNamingTheField() {
    assertThatThrownBy(() -> BitcoinNodeSource.builder("ftp://127.0.0.1/"))
        .isInstanceOf(InvalidPoolConfigException.class)
        .hasMessageContaining("node_url");
    assertThatThrownBy(() -> BitcoinNodeSource.builder("http://alice:" + PASSWORD + "@127.0.0.1:8332/"))
        .isInstanceOf(InvalidPoolConfigException.class)
        .hasMessageNotContaining(PASSWORD);
    assertThatThrownBy(() -> BitcoinNodeSource.builder(url()).credentials("a:b", "x").build())
        .isInstanceOf(InvalidPoolConfigException.class)
        .hasMessageContaining("node_user");
    assertThatThrownBy(() -> BitcoinNodeSource.builder(url()).jsonRpcVersion("3.0"))
        .isInstanceOf(InvalidPoolConfigException.class);
  }

  @Test
  void throughTheServiceAFailingNodeLeavesTheFiguresNullAndTheStatusHasNoSecret() throws Exception {
    server.enqueue(status(401));
    try (PoolRegistry registry = registryWithABraiinsPoolOf(1e15);
        DashboardPoolService svc = serviceWithTheNode(registry)) {
      PoolTileSet set = await(svc.poolTiles()).get("b");
      assertThat(set.tiles().networkDifficulty()).isNull();
      assertThat(set.tiles().healthStatus()).isTrue();
      NetworkSourceStatus s = svc.networkStatus().get(0);
      assertThat(s.source()).isEqualTo("node");
      assertThat(s.error()).contains("refused the RPC user and password");
      assertThat(HmmPoolsJson.mapper().writeValueAsString(svc.networkStatus()) + s).doesNotContain(PASSWORD);
    }
  }

  @Test
  void throughTheServiceANodeFillsTheTileAndNamesItself() throws Exception {
    answer((method, id) -> json(200, MINING_INFO.formatted(id)));
    try (PoolRegistry registry = registryWithABraiinsPoolOf(9.345129552133705E18);
        DashboardPoolService svc = serviceWithTheNode(registry)) {
      PoolTileSet set = await(svc.poolTiles()).get("b");
      assertThat(set.tiles().networkDifficulty()).isEqualTo(141668107417558.2);
      assertThat(set.tiles().poolPercentage()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(set.network().source()).isEqualTo("node");
      assertThat(set.network().detail()).isEqualTo("node " + url());
    }
  }

  /** A registry whose one plugin reports a BTC pool of {@code hashrate} H/s and no difficulty. */
  PoolRegistry registryWithABraiinsPoolOf(double hashrate) {
    FakePlugin braiins = new FakePlugin("braiins", List.of("BTC"), false);
    braiins.tiles(
        (p, c) ->
            CompletableFuture.completedFuture(
                DashboardTileData.builder(c.now()).currency("BTC").poolHashrate(hashrate).build()));
    return PoolRegistry.builder().register(braiins).transport(transport).build();
  }

  DashboardPoolService serviceWithTheNode(PoolRegistry registry) {
    return DashboardPoolService.builder(registry)
        .pools(List.of(PoolConfig.builder().id("b").name("b").poolType("braiins").url("pool.example.invalid").port(3333).build()))
        .networkSource("BTC", BitcoinNodeSource.builder(url()).credentials("alice", PASSWORD).build())
        .deadline(Duration.ofSeconds(20))
        .budgetTimer(budget -> new java.util.concurrent.CompletableFuture<>()) // reads wait for the node, however slow the machine
        .build();
  }
}
