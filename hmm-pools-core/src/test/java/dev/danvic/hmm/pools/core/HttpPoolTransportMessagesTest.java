package dev.danvic.hmm.pools.core;

import static dev.danvic.hmm.pools.core.TransportTestSupport.apiFailureOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.danvic.hmm.pools.PoolApiException;
import dev.danvic.hmm.pools.PoolApiException.Kind;
import dev.danvic.hmm.pools.PoolRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Failures are reported as what they are: a corrupt gzip body is not a connection failure, a
 * redirect loop and a body shorter than its Content-Length each say so.
 */
class HttpPoolTransportMessagesTest {
  private MockWebServer server;
  private HttpPoolTransport transport;

  @BeforeEach
  void start() throws Exception {
    server = TransportTestSupport.startServer();
    transport = HttpPoolTransport.builder().maxAttempts(1).build();
  }

  @AfterEach
  void stop() {
    transport.close();
    server.close();
  }

  private PoolApiException getJsonFailure(String url) {
    return apiFailureOf(
        transport.context("pool-1", transport.clock().instant().plusSeconds(10)).getJson(PoolRequest.get(url)));
  }

  @Test
  void aCorruptGzipBodyIsReportedAsSuchNotAsAConnectionFailure() {
    byte[] notGzip = "this is not gzip data at all, just text".getBytes(StandardCharsets.UTF_8);
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", "application/json")
            .setHeader("Content-Encoding", "gzip")
            .body(new Buffer().write(notGzip))
            .build());
    PoolApiException e = getJsonFailure(server.url("/api/stats").toString());
    assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
    assertThat(e.getMessage()).contains("gzip").contains("corrupt").contains("/api/stats").doesNotContain("connection");
  }

  @Test
  void aGzipBodyCutOffInsideTheCompressedDataIsCorruptGzip() throws Exception {
    Buffer gz = new Buffer();
    try (okio.BufferedSink sink = okio.Okio.buffer(new okio.GzipSink(gz))) {
      sink.writeUtf8("{\"hashrate\": 12345, \"workers\": 3}".repeat(20));
    }
    byte[] whole = gz.readByteArray();
    byte[] half = java.util.Arrays.copyOf(whole, whole.length / 2);
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Encoding", "gzip")
            .body(new Buffer().write(half)) // Content-Length matches what is sent: the HTTP is whole
            .build());
    PoolApiException e = getJsonFailure(server.url("/api/stats").toString());
    assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
    assertThat(e.getMessage()).contains("gzip").contains("corrupt");
  }

  @Test
  void aRedirectLoopGetsItsOwnMessageAndIsNotRetried() {
    AtomicInteger hits = new AtomicInteger();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            hits.incrementAndGet();
            String next = request.getUrl().encodedPath().equals("/a") ? "/b" : "/a";
            return new MockResponse.Builder().code(302).setHeader("Location", next).build();
          }
        });
    transport.close();
    transport = HttpPoolTransport.builder().build(); // 3 attempts allowed: a loop must use one
    PoolApiException e = getJsonFailure(server.url("/a").toString());
    assertThat(e.getMessage()).contains("too many redirects").contains("loop").contains("/a");
    assertThat(e.isRetryable()).isFalse();
    assertThat(hits.get()).isEqualTo(21); // the first request and OkHttp's 20 follow-ups, once
  }

  @Test
  void anHttpPoolThatMovedToHttpsIsFollowedThereWithTls() throws Exception {
    okhttp3.tls.HeldCertificate self =
        new okhttp3.tls.HeldCertificate.Builder().addSubjectAlternativeName("127.0.0.1").commonName("self-signed").build();
    try (MockWebServer https = new MockWebServer()) {
      https.useHttps(new okhttp3.tls.HandshakeCertificates.Builder().heldCertificate(self).build().sslSocketFactory());
      https.start(InetAddress.getByName("127.0.0.1"), 0);
      for (int i = 0; i < 3; i++) { // found, and sent again (followed); then followed at once
        server.enqueue(new MockResponse.Builder().code(301).setHeader("Location", https.url("/api/stats")).build());
      }
      for (int i = 0; i < 2; i++) { // the first request finds the move; the second goes with TLS at once
        PoolApiException e = getJsonFailure(server.url("/api/stats").toString());
        // it reached the https server: the platform does not trust its self-signed certificate
        assertThat(e.kind()).isEqualTo(Kind.CONNECTION);
        assertThat(e.getMessage()).contains("TLS handshake").doesNotContain("CLEARTEXT");
      }
      assertThat(https.getRequestCount()).as("TLS handshakes refused: no request read").isZero();
      assertThat(server.getRequestCount()).isEqualTo(3);
    }
  }

  @Test
  void aBodyShorterThanItsContentLengthSaysHowMuchArrived() throws Exception {
    try (ServerSocket raw = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
      Thread t = new Thread(() -> answerShort(raw), "short-body-server");
      t.setDaemon(true);
      t.start();
      PoolApiException e = getJsonFailure("http://127.0.0.1:" + raw.getLocalPort() + "/api/stats");
      assertThat(e.kind()).isEqualTo(Kind.CONNECTION);
      assertThat(e.getMessage())
          .contains("ended after 12 of the 100 bytes its Content-Length declared")
          .contains("/api/stats");
    }
  }

  /** Declares 100 bytes, sends 12, closes. */
  private static void answerShort(ServerSocket raw) {
    try (Socket s = raw.accept()) {
      InputStream in = s.getInputStream();
      byte[] buf = new byte[8192];
      StringBuilder head = new StringBuilder();
      while (!head.toString().contains("\r\n\r\n")) {
        int n = in.read(buf);
        if (n < 0) {
          return;
        }
        head.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
      }
      OutputStream out = s.getOutputStream();
      out.write(
          ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"hashrate\":")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    } catch (IOException ignored) {
      // the test reads what the client made of it
    }
  }

  @Test
  void aResetIsStillAConnectionFailure() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body("{\"a\": 1}")
            .onResponseStart(mockwebserver3.SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    PoolApiException e = getJsonFailure(server.url("/x").toString());
    assertThat(e.kind()).isEqualTo(Kind.CONNECTION);
    assertThat(e.getMessage()).doesNotContain("gzip").doesNotContain("redirect");
  }
}
