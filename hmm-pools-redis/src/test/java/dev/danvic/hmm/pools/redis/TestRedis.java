package dev.danvic.hmm.pools.redis;

import static org.junit.jupiter.api.Assertions.fail;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The Redis the tests use: {@code HMM_TEST_REDIS_URL} ({@code .ci/run} starts Debian's
 * redis-server on loopback and sets it). Without it the tests are skipped and say why; with {@code
 * CI} set they fail instead, so CI never passes without having run them.
 */
final class TestRedis {
  static final String ENV = "HMM_TEST_REDIS_URL";

  private TestRedis() {}

  /** @return the URL; skips the test (fails it under CI) when there is no Redis */
  static String url() {
    String url = System.getenv(ENV);
    if (url == null || url.isBlank()) {
      unavailable(ENV + " is not set (.ci/run sets it when it starts redis-server)");
    }
    if (!url.startsWith("redis://127.") && !url.startsWith("redis://localhost")) {
      fail(ENV + " must name a Redis on loopback (127.0.0.0/8), was " + url);
    }
    RedisClient client = RedisClient.create(url);
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      c.sync().ping();
    } catch (RuntimeException e) {
      unavailable("Redis at " + url + " does not answer: " + e.getMessage());
    } finally {
      client.shutdown();
    }
    return url;
  }

  /** @return a key prefix of its own for one test, so tests never see each other's keys */
  static String prefix() {
    return "hmm-test-" + UUID.randomUUID() + ":";
  }

  static void unavailable(String why) {
    if (System.getenv("CI") != null && !System.getenv("CI").isBlank()) {
      fail("the Redis tests must run under CI: " + why);
    }
    System.out.println("SKIPPED Redis test: " + why);
    Assumptions.abort(why);
  }

  /** Runs commands on a connection of the test's own (to inspect or plant keys). */
  static <T> T with(String url, java.util.function.Function<RedisCommands<String, String>, T> body) {
    RedisClient client = RedisClient.create(url);
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      return body.apply(c.sync());
    } finally {
      client.shutdown();
    }
  }
}
