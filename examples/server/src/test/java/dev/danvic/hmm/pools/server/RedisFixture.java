package dev.danvic.hmm.pools.server;

import static org.junit.jupiter.api.Assertions.fail;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;

/**
 * The Redis of the cross-process tests: {@code HMM_TEST_REDIS_URL} ({@code .ci/run} starts Debian's
 * redis-server on loopback), or one the test starts itself from {@code redis-server} on the PATH.
 * Without Redis the tests are skipped and say why; with {@code CI} set they fail instead.
 */
final class RedisFixture {
  static final String ENV = "HMM_TEST_REDIS_URL";

  private RedisFixture() {}

  static String url() {
    String url = System.getenv(ENV);
    if (url == null || url.isBlank()) {
      unavailable(ENV + " is not set (.ci/run sets it when it starts redis-server)");
    }
    if (!url.startsWith("redis://127.")) {
      fail(ENV + " must name a Redis on 127.0.0.0/8, was " + url);
    }
    try {
      with(url, RedisCommands::ping);
    } catch (RuntimeException e) {
      unavailable("Redis at " + url + " does not answer: " + e.getMessage());
    }
    return url;
  }

  static String prefix() {
    return "hmm-test-" + UUID.randomUUID() + ":";
  }

  static void unavailable(String why) {
    String ci = System.getenv("CI");
    if (ci != null && !ci.isBlank()) {
      fail("the Redis tests must run under CI: " + why);
    }
    System.out.println("SKIPPED Redis test: " + why);
    Assumptions.abort(why);
  }

  static <T> T with(String url, Function<RedisCommands<String, String>, T> body) {
    RedisClient client = RedisClient.create(url);
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      return body.apply(c.sync());
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
  }

  /** Every key under the prefix and every value of a string key, for the secret scans. */
  static String dump(String url, String prefix) {
    return with(url, r -> {
      StringBuilder out = new StringBuilder();
      for (String k : r.keys(prefix + "*")) {
        out.append(k).append(" = ");
        if ("string".equals(r.type(k))) {
          out.append(r.get(k));
        }
        out.append('\n');
      }
      return out.toString();
    });
  }

  /** A redis-server of a test's own on loopback, to stop and start again. */
  static final class OwnRedis implements AutoCloseable {
    final int port;
    private Process process;

    OwnRedis() throws IOException, InterruptedException {
      try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        port = s.getLocalPort();
      }
      start();
    }

    String url() {
      return "redis://127.0.0.1:" + port;
    }

    void start() throws IOException, InterruptedException {
      String binary = findRedisServer();
      process =
          new ProcessBuilder(
                  List.of(binary, "--bind", "127.0.0.1", "--port", String.valueOf(port), "--save", "", "--appendonly", "no"))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      Poll.until(() -> {
        try {
          return "PONG".equals(with(url(), RedisCommands::ping));
        } catch (RuntimeException e) {
          return false;
        }
      }, Duration.ofSeconds(10), "redis-server to answer on port " + port);
    }

    /** Kills the server at once, as a crash would (nothing is saved). */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
      if (process != null && process.isAlive()) {
        kill();
      }
    }

    private static String findRedisServer() {
      for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
        File f = new File(dir, "redis-server");
        if (f.canExecute()) {
          return f.getPath();
        }
      }
      for (String dir : List.of("/usr/bin", "/usr/sbin", "/usr/local/bin")) {
        File f = new File(dir, "redis-server");
        if (f.canExecute()) {
          return f.getPath();
        }
      }
      unavailable("redis-server is not installed (.ci/run installs it)");
      throw new IllegalStateException("unreachable");
    }
  }
}
