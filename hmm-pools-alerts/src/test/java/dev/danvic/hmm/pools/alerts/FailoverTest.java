package dev.danvic.hmm.pools.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.danvic.hmm.pools.PoolHealthStatus;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** The failover policy on an injected clock, and its AxeOS action against a simulated device on loopback. */
class FailoverTest {
  private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
  private final TestClock clock = new TestClock(T0);
  private final FailoverGroup group = new FailoverGroup("g", "bitaxe-1", List.of("a", "b", "c"),
      Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10), 1000.0, null);
  private final FailoverPolicy policy = new FailoverPolicy(group, null);
  private final List<FailoverAdvice> advice = new ArrayList<>();

  private void see(String pool, boolean healthy, double latency) {
    PoolHealthStatus h = new PoolHealthStatus(healthy, healthy ? latency : null, healthy ? null : "HTTP 503", null, clock.instant());
    policy.observe(pool, Observation.ofHealth(h), clock.instant()).ifPresent(advice::add);
  }

  /** Every pool reported once a minute for {@code minutes}, with a's health given. */
  private void run(int minutes, boolean aHealthy, double aLatency) {
    for (int i = 0; i < minutes; i++) {
      see("a", aHealthy, aLatency);
      see("b", true, 50);
      see("c", true, 50);
      clock.advance(Duration.ofMinutes(1));
    }
  }

  @Test
  void movesOffASickPrimaryOnceAndBackOnlyAfterHysteresisAndDwellWithoutFlapping() {
    run(3, true, 50);
    assertThat(advice).isEmpty();
    run(2, false, 0); // a down for 1 minute after the first report: not yet
    assertThat(advice).isEmpty();
    run(5, false, 0);
    assertThat(advice).extracting(FailoverAdvice::text).containsExactly("move bitaxe-1 from a to b: a unhealthy (HTTP 503) for 2 min");
    assertThat(policy.current()).isEqualTo("b");

    // a blinks well for 3 minutes, then sick again, then well: never long enough to go back
    run(3, true, 50);
    run(1, false, 0);
    run(4, true, 50);
    assertThat(advice).hasSize(1);
    // well for 5 minutes, and more than 10 minutes since the move: back to a, once
    run(6, true, 50);
    assertThat(advice).hasSize(2);
    assertThat(advice.get(1).text()).isEqualTo("move bitaxe-1 back from b to a: a well for 5 min");
    assertThat(advice.get(1).backToPrimary()).isTrue();
    run(30, true, 50);
    assertThat(advice).hasSize(2);
  }

  @Test
  void theMinimumDwellHoldsEvenWhenTheNewPoolFailsAtOnce() {
    run(1, true, 50);
    run(3, false, 0);
    assertThat(policy.current()).isEqualTo("b");
    for (int i = 0; i < 8; i++) { // b sick too, a still sick, c well: wait out the dwell
      see("a", false, 0);
      see("b", false, 0);
      see("c", true, 50);
      clock.advance(Duration.ofMinutes(1));
    }
    assertThat(advice).hasSize(1);
    for (int i = 0; i < 4; i++) {
      see("a", false, 0);
      see("b", false, 0);
      see("c", true, 50);
      clock.advance(Duration.ofMinutes(1));
    }
    assertThat(advice).extracting(FailoverAdvice::toPoolId).containsExactly("b", "c");
  }

  @Test
  void aLatencyAboveTheLimitCountsAsSick() {
    run(4, true, 1500);
    assertThat(advice).extracting(FailoverAdvice::reason).containsExactly("a latency 1500 ms above 1000 ms for 2 min");
  }

  @Test
  void badGroupsNameTheirField() {
    assertThatThrownBy(() -> new FailoverGroup("g", "m", List.of("a"), Duration.ZERO, Duration.ZERO, Duration.ZERO, null, null))
        .hasMessageStartingWith("pool_ids");
    assertThatThrownBy(() -> new FailoverGroup("g", "m", List.of("a", "a"), Duration.ZERO, Duration.ZERO, Duration.ZERO, null, null))
        .hasMessageStartingWith("pool_ids");
    assertThatThrownBy(() -> new FailoverGroup("g", "m", List.of("a", "b"), Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ZERO, null, null))
        .hasMessageStartingWith("recover_after");
    assertThatThrownBy(() -> new FailoverGroup("g", "m", List.of("a", "b"), Duration.ZERO, Duration.ZERO, Duration.ZERO, null, 120.0))
        .hasMessageStartingWith("max_reject_rate");
  }

  @Test
  void theAxeOsActionPatchesTheStratumSettingsThenRestartsAndIsDryByDefault() throws Exception {
    OkHttpClient client = new OkHttpClient();
    FailoverAdvice move = new FailoverAdvice("g", "bitaxe-1", "a", "b", false, "a unhealthy for 2 min", T0);
    AxeOsMiner.Stratum target = new AxeOsMiner.Stratum("stratum+tcp://pool.example.test", 3333, "bc1qexample.bitaxe");
    try (MockWebServer device = new MockWebServer()) {
      device.start(InetAddress.getByName("127.0.0.1"), 0);
      String dry = new AxeOsMiner(device.url("/").toString(), client, true).apply(move, target).get(10, TimeUnit.SECONDS);
      assertThat(dry).startsWith("dry run: would point bitaxe-1 to pool.example.test:3333");
      assertThat(device.getRequestCount()).isZero();

      device.enqueue(new MockResponse.Builder().code(200).build());
      device.enqueue(new MockResponse.Builder().code(200).build());
      new AxeOsMiner(device.url("/").toString(), client, false).apply(move, target).get(10, TimeUnit.SECONDS);
      RecordedRequest patch = device.takeRequest(10, TimeUnit.SECONDS);
      assertThat(patch.getMethod()).isEqualTo("PATCH");
      assertThat(patch.getTarget()).isEqualTo("/api/system");
      JsonNode body = new ObjectMapper().readTree(patch.getBody().utf8());
      assertThat(body.get("stratumURL").asText()).isEqualTo("pool.example.test");
      assertThat(body.get("stratumPort").isInt()).isTrue();
      assertThat(body.get("stratumPort").asInt()).isEqualTo(3333);
      assertThat(body.get("stratumUser").asText()).isEqualTo("bc1qexample.bitaxe");
      RecordedRequest restart = device.takeRequest(10, TimeUnit.SECONDS);
      assertThat(restart.getMethod()).isEqualTo("POST");
      assertThat(restart.getTarget()).isEqualTo("/api/system/restart");

      device.enqueue(new MockResponse.Builder().code(500).build());
      assertThatThrownBy(() -> new AxeOsMiner(device.url("/").toString(), client, false).apply(move, target).get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .hasMessage("AxeOS miner bitaxe-1: the receiver answered HTTP 500");
      assertThat(device.getRequestCount()).as("no restart after a refused PATCH").isEqualTo(3);
    } finally {
      client.dispatcher().executorService().shutdown();
    }
  }
}
