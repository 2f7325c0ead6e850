package dev.danvic.hmm.pools.core;

import static dev.danvic.hmm.pools.core.TransportTestSupport.T0;
import static dev.danvic.hmm.pools.core.TransportTestSupport.apiFailureOf;
import static dev.danvic.hmm.pools.core.TransportTestSupport.captureStdErr;
import static dev.danvic.hmm.pools.core.TransportTestSupport.json;
import static dev.danvic.hmm.pools.core.TransportTestSupport.messages;
import static dev.danvic.hmm.pools.core.TransportTestSupport.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.PoolApiException;
import dev.danvic.hmm.pools.PoolApiException.Kind;
import dev.danvic.hmm.pools.PoolContext;
import dev.danvic.hmm.pools.PoolRequest;
import dev.danvic.hmm.pools.PoolResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a plugin sees from the transport: retries, errors, messages, limits, secrets. */
class HttpPoolTransportTest {
  private static final String TOKEN = "tok-7f3a9c-SECRET";

  private MockWebServer server;
  private HttpPoolTransport transport;

  @BeforeEach
  void start() throws Exception {
    server = TransportTestSupport.startServer();
  }

  @AfterEach
  void stop() {
    if (transport != null) {
      transport.close();
    }
    server.close();
  }

  /** A transport on the real clock whose retries wait only 10 ms, so tests stay quick. */
  private HttpPoolTransport fastRetries() {
    transport =
        HttpPoolTransport.builder().initialBackoff(Duration.ofMillis(10)).backoffJitter(0).build();
    return transport;
  }

  /** A transport whose clock and scheduler move only when the test advances them; no jitter. */
  private static HttpPoolTransport manualTime(ManualTime time, Duration backoff) {
    return HttpPoolTransport.builder()
        .clock(time.clock())
            .ticker(time.ticker())
        .scheduler(time.scheduler())
        .initialBackoff(backoff)
        .backoffJitter(0)
        .build();
  }

  private PoolContext context(HttpPoolTransport t, Duration budget) {
    return t.context("pool-1", t.clock().instant().plus(budget));
  }

  private String url(String path) {
    return server.url(path).toString();
  }

  @Test
  void serverErrorsAreRetriedUntilTheThirdAttemptSucceeds() throws Exception {
    server.enqueue(status(503));
    server.enqueue(status(503));
    server.enqueue(json(200, "{\"hashrate\": \"12.5\"}"));

    JsonNode body =
        context(fastRetries(), Duration.ofSeconds(20))
            .getJson(PoolRequest.get(url("/api/stats")))
            .get(20, TimeUnit.SECONDS);

    assertThat(body.get("hashrate").asText()).isEqualTo("12.5");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void givesUpAfterMaxAttemptsWithTheLastError() {
    for (int i = 0; i < 4; i++) {
      server.enqueue(status(502));
    }
    PoolApiException e =
        apiFailureOf(context(fastRetries(), Duration.ofSeconds(20)).getJson(PoolRequest.get(url("/x"))));

    assertThat(e.kind()).isEqualTo(Kind.HTTP_STATUS);
    assertThat(e.statusCode()).isEqualTo(502);
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @ParameterizedTest
  @CsvSource({"401, AUTH_REJECTED", "403, AUTH_REJECTED", "404, NOT_FOUND", "400, HTTP_STATUS", "422, HTTP_STATUS"})
  void clientErrorsAreNeverRetried(int code, Kind kind) {
    server.enqueue(status(code));
    server.enqueue(json(200, "{}")); // what a wrong retry would get

    PoolApiException e =
        apiFailureOf(
            context(fastRetries(), Duration.ofSeconds(20)).getJson(PoolRequest.get(url("/accounts/profile"))));

    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.statusCode()).isEqualTo(code);
    assertThat(e.getMessage()).isEqualTo(PoolApiException.forStatus(code, url("/accounts/profile")).getMessage());
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void anHtmlPageIsMalformedNotRetriedAndNotEchoed() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", "text/html")
            .body("<html><body>Maintenance until Tuesday</body></html>")
            .build());
    server.enqueue(json(200, "{}"));

    PoolApiException e =
        apiFailureOf(context(fastRetries(), Duration.ofSeconds(20)).getJson(PoolRequest.get(url("/api/stats"))));

    assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
    assertThat(e.getMessage())
        .isEqualTo("expected JSON from " + url("/api/stats") + " but got an HTML page")
        .doesNotContain("Maintenance");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void truncatedJsonIsMalformedAndNotRetried() {
    server.enqueue(json(200, "{\"workers\": [1, 2"));
    server.enqueue(json(200, "{}"));

    PoolApiException e =
        apiFailureOf(context(fastRetries(), Duration.ofSeconds(20)).getJson(PoolRequest.get(url("/w"))));

    assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
    assertThat(e.getMessage()).contains("malformed JSON").doesNotContain("workers");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void retryAfterSecondsIsWaitedForOnTheTransportScheduler() throws Exception {
    ManualTime time = new ManualTime(T0);
    transport = manualTime(time, Duration.ofMillis(10));
    server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "1").build());
    server.enqueue(json(200, "{\"ok\": true}"));

    CompletableFuture<JsonNode> f =
        transport.context("pool-1", T0.plusSeconds(10)).getJson(PoolRequest.get(url("/s")));

    // the retry is scheduled 1 s out (the pool's wish), not 10 ms (the backoff)
    assertThat(time.awaitPending(Duration.ofSeconds(1), Duration.ofSeconds(20))).isTrue();
    time.advance(Duration.ofMillis(999));
    assertThat(time.pendingDelays()).contains(Duration.ofMillis(1));
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(f).isNotDone();

    time.advance(Duration.ofMillis(1));

    assertThat(f.get(20, TimeUnit.SECONDS).get("ok").asBoolean()).isTrue();
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void retryAfterAsAnHttpDateIsHonoured() throws Exception {
    ManualTime time = new ManualTime(T0);
    transport = manualTime(time, Duration.ofMillis(10));
    String in3s = DateTimeFormatter.RFC_1123_DATE_TIME.format(T0.plusSeconds(3).atZone(ZoneOffset.UTC));
    server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", in3s).build());
    server.enqueue(json(200, "{}"));

    CompletableFuture<JsonNode> f =
        transport.context("pool-1", T0.plusSeconds(10)).getJson(PoolRequest.get(url("/s")));

    assertThat(time.awaitPending(Duration.ofSeconds(3), Duration.ofSeconds(20))).isTrue();
    time.advance(Duration.ofSeconds(3));
    assertThat(f.get(20, TimeUnit.SECONDS)).isNotNull();
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void retryAfterBeyondTheDeadlineFailsAtOnceWithAClearMessage() {
    ManualTime time = new ManualTime(T0);
    transport = manualTime(time, Duration.ofMillis(200));
    server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "120").build());
    server.enqueue(json(200, "{}"));

    // no advance(): the failure must come without waiting for anything
    PoolApiException e =
        apiFailureOf(transport.context("pool-1", T0.plusSeconds(10)).getJson(PoolRequest.get(url("/s?x=1"))));

    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(e.statusCode()).isEqualTo(429);
    assertThat(e.getMessage())
        .isEqualTo(
            "HTTP 429 (too many requests) from "
                + url("/s")
                + "; the pool asked to wait 120 s, beyond the 10 s deadline");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aBackoffThatWouldEndPastTheDeadlineIsNotTaken() {
    ManualTime time = new ManualTime(T0);
    transport = manualTime(time, Duration.ofMillis(200));
    server.enqueue(status(503));
    server.enqueue(json(200, "{}"));

    PoolApiException e =
        apiFailureOf(transport.context("pool-1", T0.plusMillis(250)).getJson(PoolRequest.get(url("/s"))));

    assertThat(e.kind()).isEqualTo(Kind.HTTP_STATUS);
    assertThat(e.statusCode()).isEqualTo(503);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aBodyOverTheCapIsRefused() {
    transport = HttpPoolTransport.builder().maxBodyBytes(1024).build();
    server.enqueue(json(200, "[" + "1,".repeat(3000) + "1]"));

    PoolApiException e =
        apiFailureOf(context(transport, Duration.ofSeconds(20)).getJson(PoolRequest.get(url("/big"))));

    assertThat(e.kind()).isEqualTo(Kind.BODY_TOO_LARGE);
    assertThat(e.getMessage()).contains(url("/big")).contains("larger than the 1 KiB limit");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aChunkedBodyIsCutOffAtTheCap() throws Exception {
    transport = HttpPoolTransport.builder().maxBodyBytes(1024).build();
    server.enqueue(new MockResponse.Builder().code(200).chunkedBody("x".repeat(100_000), 512).build());
    server.enqueue(json(200, "{\"after\": 1}"));
    PoolContext ctx = context(transport, Duration.ofSeconds(20));

    PoolApiException e = apiFailureOf(ctx.send(PoolRequest.get(url("/big"))));

    assertThat(e.kind()).isEqualTo(Kind.BODY_TOO_LARGE);
    // the refused response released its connection: the next request goes through
    assertThat(ctx.getJson(PoolRequest.get(url("/next"))).get(20, TimeUnit.SECONDS).get("after").asInt())
        .isEqualTo(1);
  }

  @Test
  void aClosedPortIsAConnectionError() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    }

    PoolApiException e =
        apiFailureOf(
            context(fastRetries(), Duration.ofSeconds(20))
                .getJson(PoolRequest.get("http://127.0.0.1:" + port + "/api")));

    assertThat(e.kind()).isEqualTo(Kind.CONNECTION);
    assertThat(e.getMessage()).isEqualTo("connection refused by 127.0.0.1:" + port);
  }

  @Test
  void anUnknownHostIsNamed() {
    OkHttpClient noDns =
        new OkHttpClient.Builder()
            .dns(
                host -> {
                  throw new UnknownHostException(host); // never asks a real resolver
                })
            .build();
    transport = HttpPoolTransport.builder().okHttpClient(noDns).maxAttempts(1).build();

    PoolApiException e =
        apiFailureOf(context(transport, Duration.ofSeconds(20)).send(PoolRequest.get("http://x.invalid/api")));

    assertThat(e.kind()).isEqualTo(Kind.CONNECTION);
    assertThat(e.getMessage()).isEqualTo("unknown host 'x.invalid'");
    noDns.dispatcher().executorService().shutdown();
  }

  @Test
  void aFailedTlsHandshakeIsAConnectionError() throws Exception {
    transport = HttpPoolTransport.builder().maxAttempts(1).build();
    try (ServerSocket plain = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
      Thread acceptor = new Thread(() -> answerInPlainHttp(plain), "plain-http-peer");
      acceptor.setDaemon(true);
      acceptor.start();

      // the peer answers the TLS hello in plain HTTP, so the handshake cannot succeed
      PoolApiException e =
          apiFailureOf(
              context(transport, Duration.ofSeconds(20))
                  .getJson(PoolRequest.get("https://127.0.0.1:" + plain.getLocalPort() + "/api")));

      assertThat(e.kind()).isEqualTo(Kind.CONNECTION);
      assertThat(e.getMessage()).isEqualTo("TLS handshake with 127.0.0.1 failed");
    }
  }

  private static void answerInPlainHttp(ServerSocket plain) {
    while (!plain.isClosed()) {
      try (Socket s = plain.accept()) {
        InputStream in = s.getInputStream();
        in.read(new byte[4096]); // the client hello
        s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        s.shutdownOutput();
        in.transferTo(OutputStream.nullOutputStream()); // until the client hangs up: no reset
      } catch (IOException e) {
        return; // the test closed the socket
      }
    }
  }

  @Test
  void aServerThatNeverAnswersTimesOutAtTheDeadlineEvenWithALongReadTimeout() {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    transport = HttpPoolTransport.create(); // read timeout 10 s
    long t0 = System.nanoTime();

    PoolApiException e =
        apiFailureOf(context(transport, Duration.ofMillis(500)).getJson(PoolRequest.get(url("/slow"))));

    assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(e.getMessage()).startsWith("timed out after ").endsWith(" waiting for " + url("/slow"));
    // loose bound: the 500 ms deadline, not the 10 s read timeout, ended the call
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(8));
  }

  @Test
  void aSingleSendCutByTheDeadlineIsATimeoutNotACancellation() {
    // send() has no TimeLimiter: OkHttp's own call timeout (set to the time left) ends the call,
    // and OkHttp marks such a call cancelled. The caller must still see a TIMEOUT.
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    transport = HttpPoolTransport.create(); // read timeout 10 s

    PoolApiException e =
        apiFailureOf(context(transport, Duration.ofMillis(300)).send(PoolRequest.get(url("/stalled"))));

    assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(e.isRetryable()).isTrue();
  }

  @Test
  void aReadTimeoutIsRetriedWithinTheDeadlineThenReported() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    }
    transport =
        HttpPoolTransport.builder()
            .readTimeout(Duration.ofMillis(300))
            .initialBackoff(Duration.ofMillis(10))
            .backoffJitter(0)
            .build();

    PoolApiException e =
        apiFailureOf(context(transport, Duration.ofSeconds(20)).getJson(PoolRequest.get(url("/slow"))));

    assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(e.getMessage()).matches("timed out after 0\\.[3-9] s waiting for " + url("/slow"));
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void sendsTheHmmPoolsUserAgent() throws Exception {
    server.enqueue(json(200, "{}"));
    transport = HttpPoolTransport.create();

    context(transport, Duration.ofSeconds(20)).getJson(PoolRequest.get(url("/"))).get(20, TimeUnit.SECONDS);

    RecordedRequest r = server.takeRequest(20, TimeUnit.SECONDS);
    assertThat(r.getHeaders().get("User-Agent"))
        .isEqualTo(transport.userAgent())
        .isEqualTo(HttpPoolTransport.defaultUserAgent())
        .matches("hmm-pools/[0-9][^ ]*"); // the Maven version, filtered in at build time
  }

  @Test
  void sendReturnsAnyStatusOnceAndReadJsonNamesTheUrl() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(503)
            .setHeader("Content-Type", "text/html")
            .setHeader("X-Pool", "a")
            .body("<h1>down</h1>")
            .build());
    PoolContext ctx = context(fastRetries(), Duration.ofSeconds(20));

    PoolResponse r = ctx.send(PoolRequest.get(url("/health?t=1"))).get(20, TimeUnit.SECONDS);

    assertThat(r.status()).isEqualTo(503);
    assertThat(r.body()).isEqualTo("<h1>down</h1>");
    assertThat(r.header("x-pool")).isEqualTo("a");
    assertThat(r.latencyMs()).isPositive();
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThatThrownBy(() -> ctx.readJson(r))
        .isInstanceOf(PoolApiException.class)
        .hasMessage("expected JSON from " + url("/health") + " but got an HTML page");
  }

  @Test
  void secretsReachTheServerButNeverAMessageOrALogLine() throws Exception {
    server.enqueue(status(500));
    server.enqueue(status(403));
    HttpPoolTransport t = fastRetries();
    PoolRequest request =
        PoolRequest.get(url("/accounts/profile/json/btc/?api_key=" + TOKEN))
            .withSecretHeader("Pool-Auth-Token", TOKEN)
            .withRateLimit("braiins:" + TOKEN, Duration.ofMillis(1));
    PoolApiException[] failure = new PoolApiException[1];

    String log =
        captureStdErr(() -> failure[0] = apiFailureOf(context(t, Duration.ofSeconds(20)).getJson(request)));

    assertThat(server.takeRequest(20, TimeUnit.SECONDS).getHeaders().get("Pool-Auth-Token")).isEqualTo(TOKEN);
    assertThat(failure[0].kind()).isEqualTo(Kind.AUTH_REJECTED);
    assertThat(messages(failure[0])).contains(url("/accounts/profile/json/btc/")).doesNotContain(TOKEN);
    // the DEBUG line of each attempt is there (so the capture works) and is clean
    assertThat(log)
        .contains("GET " + url("/accounts/profile/json/btc/") + " -> 500")
        .contains("GET " + url("/accounts/profile/json/btc/") + " -> 403")
        .doesNotContain(TOKEN);
  }

  @Test
  void secretHeadersDoNotFollowARedirectToAnotherOrigin() throws Exception {
    try (MockWebServer other = TransportTestSupport.startServer()) {
      other.enqueue(json(200, "{\"moved\": true}"));
      server.enqueue(
          new MockResponse.Builder().code(302).setHeader("Location", other.url("/landing").toString()).build());
      transport = HttpPoolTransport.create();

      JsonNode body =
          context(transport, Duration.ofSeconds(20))
              .getJson(PoolRequest.get(url("/start")).withSecretHeader("Pool-Auth-Token", TOKEN).withHeader("Accept", "application/json"))
              .get(20, TimeUnit.SECONDS);

      assertThat(body.get("moved").asBoolean()).isTrue();
      assertThat(server.takeRequest(20, TimeUnit.SECONDS).getHeaders().get("Pool-Auth-Token")).isEqualTo(TOKEN);
      RecordedRequest redirected = other.takeRequest(20, TimeUnit.SECONDS);
      assertThat(redirected.getHeaders().get("Pool-Auth-Token")).isNull();
      assertThat(redirected.getHeaders().get("Accept")).isEqualTo("application/json");
    }
  }

  @Test
  void anInvalidHeaderValueIsRefusedWithoutQuotingIt() {
    transport = HttpPoolTransport.create();

    Throwable t =
        TransportTestSupport.failureOf(
            context(transport, Duration.ofSeconds(20))
                .send(PoolRequest.get(url("/")).withSecretHeader("Pool-Auth-Token", TOKEN + "\n")));

    assertThat(t)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("header 'Pool-Auth-Token' of the request to " + url("/") + " is not valid in HTTP");
    assertThat(messages(t)).doesNotContain(TOKEN);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aDeadlineAlreadyPassedFailsWithoutSending() {
    transport = HttpPoolTransport.create();
    Instant past = transport.clock().instant().minusSeconds(1);

    PoolApiException e = apiFailureOf(transport.context("pool-1", past).getJson(PoolRequest.get(url("/"))));

    assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(e.getMessage()).isEqualTo("the deadline passed before " + url("/") + " could be requested");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void theBuilderNamesTheSettingItRefuses() {
    HttpPoolTransport.Builder b = HttpPoolTransport.builder();
    assertThatThrownBy(() -> b.maxAttempts(0)).hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> b.connectTimeout(Duration.ZERO)).hasMessageContaining("connectTimeout");
    assertThatThrownBy(() -> b.readTimeout(Duration.ofSeconds(-1))).hasMessageContaining("readTimeout");
    assertThatThrownBy(() -> b.maxBodyBytes(0)).hasMessageContaining("maxBodyBytes");
    assertThatThrownBy(() -> b.backoffJitter(1.0)).hasMessageContaining("backoffJitter");
    assertThatThrownBy(() -> b.backoffMultiplier(0.5)).hasMessageContaining("backoffMultiplier");
    assertThatThrownBy(() -> b.userAgent(" ")).hasMessageContaining("userAgent");
  }
}
