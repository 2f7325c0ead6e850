package dev.danvic.hmm.pools.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * The transport's connection pool split by host: the idle limit a user set is kept in total, a
 * host always has room for every connection it may use at once, and one host always lands in one
 * pool (so its connections are found again).
 */
class ConnectionShardsTest {
  private static TransportSettings settings(int maxIdle, int perHost) {
    return new TransportSettings(
        Duration.ofSeconds(5), Duration.ofSeconds(10), 4L << 20, "test", 3, Duration.ofMillis(200), 2.0, 0.5,
        Duration.ofSeconds(10), 4096, perHost, false, maxIdle, Duration.ofSeconds(300));
  }

  @Test
  void theShardsKeepAtMostTheIdleLimitAndEveryConnectionOneHostMayUse() {
    int[] limits = {0, 1, 5, 127, 128, 255, 256, 1000, 4096, 100_000};
    int[] perHost = {1, 5, 64, 200, 1000, 100_000};
    for (int max : limits) {
      for (int p : perHost) {
        int shards = ConnectionShards.shardCount(max, p);
        int each = max / shards;
        assertThat(shards).as("shards for %s idle, %s per host", max, p).isBetween(1, ConnectionShards.MAX_SHARDS);
        assertThat((long) shards * each).as("idle kept in total for %s, %s", max, p).isLessThanOrEqualTo(max);
        if (shards > 1) {
          assertThat(each).as("idle per shard for %s, %s", max, p).isGreaterThanOrEqualTo(Math.max(p, ConnectionShards.MIN_PER_SHARD));
        } else {
          assertThat(each).isEqualTo(max); // one pool: the limit as set
        }
      }
    }
    assertThat(ConnectionShards.shardCount(4096, 5)).isEqualTo(32); // the defaults
    assertThat(ConnectionShards.shardCount(5, 5)).isEqualTo(1);
  }

  @Test
  void oneHostAlwaysUsesOnePoolAndEveryShardSharesTheDispatcher() {
    Dispatcher dispatcher = new Dispatcher();
    ConnectionShards shards = ConnectionShards.split(new OkHttpClient.Builder().dispatcher(dispatcher), settings(4096, 5));
    try {
      assertThat(shards.shards()).isEqualTo(32);
      assertThat(shards.idlePerShard()).isEqualTo(128);
      java.util.Set<okhttp3.ConnectionPool> pools = new java.util.HashSet<>();
      for (int i = 2; i < 200; i++) {
        String host = "127.0.0." + i;
        OkHttpClient a = shards.client(HttpUrl.get("http://" + host + ":8080/api/stats"));
        OkHttpClient b = shards.client(HttpUrl.get("http://" + host + ":9090/api/blocks?x=1"));
        assertThat(b.connectionPool()).as(host).isSameAs(a.connectionPool());
        assertThat(a.dispatcher()).isSameAs(dispatcher);
        pools.add(a.connectionPool());
      }
      assertThat(pools.size()).as("pools used by 198 hosts").isGreaterThan(16);
    } finally {
      dispatcher.executorService().shutdown();
    }
  }

  @Test
  void theApplicationsOwnClientIsUsedAsItIs() {
    OkHttpClient own = new OkHttpClient();
    try {
      ConnectionShards shards = ConnectionShards.single(own);
      assertThat(shards.shards()).isEqualTo(1);
      assertThat(shards.client(HttpUrl.get("http://127.0.0.9/x"))).isSameAs(own);
    } finally {
      own.dispatcher().executorService().shutdown();
    }
  }
}
