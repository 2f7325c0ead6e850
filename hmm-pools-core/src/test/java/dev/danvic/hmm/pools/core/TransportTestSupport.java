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
