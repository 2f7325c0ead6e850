package dev.danvic.hmm.pools.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The reference server as an operator runs it: {@code Main} in a JVM of its own (the {@code java}
 * of this JVM's {@code java.home}, the suite's class path), on 127.0.0.1 and a free port, so that
 * it can be killed the way a power cut or the OOM killer would: {@link Process#destroyForcibly()},
 * SIGKILL on Linux, no shutdown hook, nothing flushed.
 */
final class ChildServer implements AutoCloseable {
  private static final String READY = "hmm-pools dashboard: ";

  private final Process process;
  private final StringBuffer output = new StringBuffer();
  private final CompletableFuture<String> baseUrl = new CompletableFuture<>();

  private ChildServer(Process process) {
    this.process = process;
    Thread reader = new Thread(this::read, "child-server-output");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code Main --port 0 --db jdbcUrl} with the given extra environment.
   *
   * @return the process, not yet known to be listening (see {@link #baseUrl()} and {@link #exit()})
   */
  static ChildServer start(String jdbcUrl, Map<String, String> env) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    command.add("dev.danvic.hmm.pools.server.Main");
    command.add("--port");
    command.add("0");
    command.add("--db");
    command.add(jdbcUrl);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("HMM_POOLS_"));
    pb.environment().putAll(env);
    try {
      return new ChildServer(pb.start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the server JVM", e);
    }
  }

  /** @return {@code http://127.0.0.1:PORT} once the server says it listens (at most 60 s) */
  String baseUrl() throws Exception {
    try {
      return baseUrl.get(60, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the server JVM did not start within 60 s; it printed: " + output);
    }
  }

  /** @return the exit code, once the process ended by itself (at most 60 s) */
  int exit() throws InterruptedException {
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the server JVM did not end within 60 s; it printed: " + output);
    }
    return process.exitValue();
  }

  /** @return everything the process printed so far (stdout and stderr) */
  String output() {
    return output.toString();
  }

  /** SIGKILL, and wait until the process is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        output.append(line).append('\n');
        if (line.startsWith(READY)) {
          String url = line.substring(READY.length()).trim();
          baseUrl.complete(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        }
      }
    } catch (IOException e) {
      // the process is gone
    }
    baseUrl.completeExceptionally(new IllegalStateException("the server JVM ended before it listened; it printed: " + output));
  }
}
