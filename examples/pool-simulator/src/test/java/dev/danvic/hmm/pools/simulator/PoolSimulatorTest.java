package dev.danvic.hmm.pools.simulator;

import static dev.danvic.hmm.pools.simulator.Http.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.Coin;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PoolSimulatorTest {
  private final MutableClock clock = new MutableClock(T0);

  private PoolSimulator.Builder solopool() {
    return PoolSimulator.builder().kind(PoolSimulator.Kind.SOLOPOOL).coin(Coin.DGB).clock(clock);
  }

  @Test
  void failureRateOneAnswers503ToEveryRequest() {
    try (PoolSimulator sim = solopool().failureRate(1.0).build().start()) {
      for (int i = 0; i < 5; i++) {
        assertThat(Http.get(sim, "/api/stats").statusCode()).isEqualTo(503);
      }
      sim.setFailureRate(0.0);
      assertThat(Http.get(sim, "/api/stats").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void partialFailuresFollowTheSeed() {
    List<Integer> first = new ArrayList<>();
    List<Integer> second = new ArrayList<>();
    try (PoolSimulator a = solopool().failureRate(0.5).seed(3).build().start();
        PoolSimulator b = solopool().failureRate(0.5).seed(3).build().start()) {
      for (int i = 0; i < 40; i++) {
        first.add(Http.get(a, "/api/stats").statusCode());
        second.add(Http.get(b, "/api/stats").statusCode());
      }
    }
    assertThat(first).isEqualTo(second).contains(200, 503);
    assertThat(first.stream().filter(s -> s == 503).count()).isBetween(8L, 32L);
  }

  @Test
  void aDownPoolAnswers503UntilItIsBack() {
    try (PoolSimulator sim = solopool().build().start()) {
      sim.setDown(true);
      assertThat(sim.isDown()).isTrue();
      assertThat(Http.get(sim, "/api/stats").statusCode()).isEqualTo(503);
      sim.setDown(false);
      assertThat(Http.get(sim, "/api/stats").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void latencyHoldsEveryAnswerBack() {
    try (PoolSimulator sim = solopool().latency(Duration.ofMillis(150)).build().start()) {
      long start = System.nanoTime();
      assertThat(Http.get(sim, "/api/stats").statusCode()).isEqualTo(200);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));

      sim.setLatency(Duration.ofMillis(250));
      sim.setFailureRate(1.0);
      start = System.nanoTime();
      assertThat(Http.get(sim, "/api/stats").statusCode()).isEqualTo(503);
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .as("failures are held back too")
          .isGreaterThanOrEqualTo(Duration.ofMillis(250));
      assertThat(sim.latency()).isEqualTo(Duration.ofMillis(250));
    }
  }

  @Test
  void countsEveryRequestPerPathWhateverTheAnswer() {
    try (PoolSimulator sim = solopool().build().start()) {
      Http.get(sim, "/api/stats");
      Http.get(sim, "/api/stats?x=1");
      Http.get(sim, "/api/blocks");
      Http.get(sim, "/api/accounts/unknown");
      Http.get(sim, "/nothing/here");
      assertThat(sim.requestCount()).isEqualTo(5);
      assertThat(sim.requestCount("/api/stats")).isEqualTo(2);
      assertThat(sim.requestCount("/api/blocks")).isEqualTo(1);
      assertThat(sim.requestCount("/api/accounts/unknown")).isEqualTo(1);
      assertThat(sim.requestCount("/never")).isZero();
      assertThat(sim.requestCounts()).containsEntry("/nothing/here", 1L).hasSize(4);

      sim.resetCounts();
      assertThat(sim.requestCount()).isZero();
      assertThat(sim.requestCount("/api/stats")).isZero();
      Http.get(sim, "/api/stats");
      assertThat(sim.requestCount("/api/stats")).isEqualTo(1);
    }
  }

  @Test
  void closeFreesThePortAtOnce() throws IOException {
    PoolSimulator sim = solopool().build().start();
    int port = sim.port();
    assertThat(sim.baseUrl()).isEqualTo("http://127.0.0.1:" + port);
    sim.close();
    sim.close(); // a second close does nothing

    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
      assertThat(socket.getLocalPort()).isEqualTo(port);
    }
    try (PoolSimulator again = solopool().port(port).build().start()) {
      assertThat(Http.get(again, "/api/stats").statusCode()).isEqualTo(200);
    }
    assertThatThrownBy(sim::baseUrl).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aClosedSimulatorRefusesConnections() {
    PoolSimulator sim = solopool().build().start();
    java.net.http.HttpRequest request = Http.request(sim, "/api/stats");
    sim.close();
    assertThatThrownBy(() -> Http.CLIENT.send(request, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void bindsAnyLoopbackAddress() {
    assumeTrue(canBind("127.0.0.5"), "this system routes only 127.0.0.1 to loopback");
    try (PoolSimulator sim = solopool().bindAddress("127.0.0.5").build().start()) {
      assertThat(sim.baseUrl()).startsWith("http://127.0.0.5:");
      assertThat(Http.get(sim, "/api/stats").statusCode()).isEqualTo(200);
    }
  }

  private static boolean canBind(String address) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void rejectsSettingsThatCannotWorkNamingThem() {
    assertThatThrownBy(() -> PoolSimulator.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("kind");
    assertThatThrownBy(() -> solopool().bindAddress("10.0.0.1").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bindAddress")
        .hasMessageContaining("10.0.0.1");
    assertThatThrownBy(() -> solopool().bindAddress("pool.example").build())
        .hasMessageContaining("bindAddress");
    assertThatThrownBy(() -> solopool().port(70_000).build()).hasMessageContaining("port");
    assertThatThrownBy(() -> solopool().failureRate(1.5)).hasMessageContaining("failureRate");
    assertThatThrownBy(() -> solopool().latency(Duration.ofMillis(-1))).hasMessageContaining("latency");
    assertThatThrownBy(() -> solopool().token("abc").build()).hasMessageContaining("token");
    assertThatThrownBy(() -> solopool().blockInterval(Duration.ofSeconds(5))).hasMessageContaining("blockInterval");
    assertThatThrownBy(() -> solopool().username("a/b").build()).hasMessageContaining("username");
  }

  @Test
  void startingTwiceIsAnError() {
    try (PoolSimulator sim = solopool().build().start()) {
      assertThatThrownBy(sim::start).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void aTakenPortIsAClearError() {
    try (PoolSimulator first = solopool().build().start()) {
      PoolSimulator second = solopool().port(first.port()).build();
      assertThatThrownBy(second::start)
          .hasMessageContaining("cannot bind")
          .hasMessageContaining("127.0.0.1:" + first.port());
    }
  }

  @Test
  void theSameSeedAndClockServeTheSameNumbersAndAnotherSeedOthers() {
    try (PoolSimulator a = solopool().seed(11).build().start();
        PoolSimulator b = solopool().seed(11).build().start();
        PoolSimulator c = solopool().seed(12).build().start()) {
      for (String path : List.of("/api/stats", "/api/blocks")) {
        assertThat(Http.get(a, path).body()).as(path).isEqualTo(Http.get(b, path).body());
        assertThat(Http.get(a, path).body()).as(path).isNotEqualTo(Http.get(c, path).body());
      }
      assertThat(a.username()).isEqualTo(b.username()).isNotEqualTo(c.username());
    }
  }

  @Test
  void hashRateDriftsByAFewPercentAMinuteAroundItsLevel() {
    try (PoolSimulator sim = solopool().build().start()) {
      Set<Long> seen = new HashSet<>();
      double previous = Http.json(sim, "/api/stats").get("hashrate").asDouble();
      for (int minute = 1; minute <= 60; minute++) {
        clock.advance(Duration.ofMinutes(1));
        double now = Http.json(sim, "/api/stats").get("hashrate").asDouble();
        assertThat(now / previous).as("minute %d", minute).isBetween(0.95, 1.05);
        assertThat(now).as("stays near Solopool DGB's 2 PH/s").isBetween(1.6e15, 2.4e15);
        seen.add((long) now);
        previous = now;
      }
      assertThat(seen).as("it moves").hasSizeGreaterThan(30);
    }
  }

  @Test
  void manySlowSimulatorsAnswerConcurrentlyOnAFewSharedThreads() {
    int n = 40;
    Duration latency = Duration.ofMillis(300);
    List<PoolSimulator> sims = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        sims.add(solopool().seed(i).latency(latency).build().start());
      }
      long start = System.nanoTime();
      List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
      for (PoolSimulator sim : sims) {
        answers.add(Http.CLIENT.sendAsync(Http.request(sim, "/api/stats"), HttpResponse.BodyHandlers.ofString()));
      }
      CompletableFuture.allOf(answers.toArray(new CompletableFuture<?>[0])).orTimeout(30, TimeUnit.SECONDS).join();
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(answers).allSatisfy(a -> assertThat(a.join().statusCode()).isEqualTo(200));
      // 40 answers held back 300 ms each: 12 s one after the other, 6 s if each wait held one of
      // two threads; waiting in the executor's queue, they overlap.
      assertThat(took).isLessThan(Duration.ofSeconds(4));
      assertThat(SharedExecutor.threads()).isLessThanOrEqualTo(Math.max(2, Runtime.getRuntime().availableProcessors()));
    } finally {
      sims.forEach(PoolSimulator::close);
    }
  }

  @Test
  void theSharedExecutorLivesAsLongAsTheSimulatorsThatUseIt() {
    int before = SharedExecutor.users();
    PoolSimulator a = solopool().build().start();
    PoolSimulator b = solopool().build().start();
    assertThat(SharedExecutor.users()).isEqualTo(before + 2);
    a.close();
    b.close();
    b.close();
    assertThat(SharedExecutor.users()).isEqualTo(before);
  }

  @Test
  void theBlocksOfAnHourLaterIncludeTheEarlierOnes() {
    try (PoolSimulator sim = solopool().blockInterval(Duration.ofMinutes(20)).build().start()) {
      JsonNode early = Http.json(sim, "/api/blocks").get("matured");
      clock.advance(Duration.ofHours(1));
      JsonNode later = Http.json(sim, "/api/blocks").get("matured");
      List<String> laterHashes = new ArrayList<>();
      later.forEach(b -> laterHashes.add(b.get("hash").asText()));
      assertThat(laterHashes).contains(early.get(0).get("hash").asText(), early.get(5).get("hash").asText());
    }
  }
}
