package dev.danvic.hmm.pools.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.danvic.hmm.pools.PoolApiException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/** Shared bits of the transport tests: a loopback server, canned responses, failure unwrapping. */
final class TransportTestSupport {
  /** 2026-11-30T00:00:00Z, where manual clocks start. */
  static final Instant T0 = Instant.parse("2026-11-30T00:00:00Z");

  private TransportTestSupport() {}

  static MockWebServer startServer() throws IOException {
    MockWebServer server = new MockWebServer();
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    return server;
  }

  /** An application's own client that calls {@code onCallStart} as each HTTP call starts. */
  static okhttp3.OkHttpClient stampingCallStarts(Runnable onCallStart) {
    return new okhttp3.OkHttpClient.Builder()
        .eventListener(
            new okhttp3.EventListener() {
              @Override
              public void callStart(okhttp3.Call call) {
                onCallStart.run();
              }
            })
        .build();
  }

  /** Closes what a test opened: the transport, the application's client and the server. */
  static void closeAll(HttpPoolTransport transport, okhttp3.OkHttpClient appClient, MockWebServer server) {
    transport.close();
    appClient.dispatcher().executorService().shutdown();
    appClient.connectionPool().evictAll();
    server.close();
  }

  /** A GET that shares the rate-limit key of one Braiins token: one request per 5 s. */
  static dev.danvic.hmm.pools.PoolRequest oneEveryFiveSeconds(MockWebServer server, String path) {
    return dev.danvic.hmm.pools.PoolRequest.get(server.url(path).toString())
        .withRateLimit("braiins:tok-SECRET", java.time.Duration.ofSeconds(5));
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  static MockResponse status(int code) {
    return new MockResponse.Builder().code(code).body("").build();
  }

  /** Waits (generously) for the future to fail and returns why, unwrapped. */
  static Throwable failureOf(CompletableFuture<?> future) {
    Throwable t = catchThrowable(() -> future.get(20, TimeUnit.SECONDS));
    assertThat(t).as("the future should fail").isInstanceOf(ExecutionException.class);
    return t.getCause();
  }

  /** Waits for the future to fail with a {@link PoolApiException} and returns it. */
  static PoolApiException apiFailureOf(CompletableFuture<?> future) {
    Throwable cause = failureOf(future);
    assertThat(cause).isInstanceOf(PoolApiException.class);
    return (PoolApiException) cause;
  }

  /** Work whose standard error output a test reads. */
  interface Action {
    void run() throws Exception;
  }

  /** Runs the action with standard error (where slf4j-simple logs) captured, and returns it. */
  static String captureStdErr(Action action) throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(original);
    }
    return buffer.toString(StandardCharsets.UTF_8);
  }

  /** Every message in the cause chain, joined. */
  static String messages(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c).append('\n');
    }
    return sb.toString();
  }
}
