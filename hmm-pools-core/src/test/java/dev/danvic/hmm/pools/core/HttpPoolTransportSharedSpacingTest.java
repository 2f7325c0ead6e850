package dev.danvic.hmm.pools.core;

import static dev.danvic.hmm.pools.core.TransportTestSupport.T0;
import static dev.danvic.hmm.pools.core.TransportTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.danvic.hmm.pools.PoolContext;
import dev.danvic.hmm.pools.PoolResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two transports (two processes) sharing a {@link TileStore} for their request spacing: requests
 * with one rate-limit key start the interval apart across both; the store sees only the key's
 * digest; when it is unreachable each transport still spaces its own requests.
 */
class HttpPoolTransportSharedSpacingTest {
  private static final Duration FIVE_S = Duration.ofSeconds(5);

  private MockWebServer server;
  private ManualTime time;
  private OkHttpClient appClient;
  private MemoryTileStore store;
  private final List<Instant> callStarts = Collections.synchronizedList(new ArrayList<>());
  private final List<HttpPoolTransport> transports = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = TransportTestSupport.startServer();
    time = new ManualTime(T0);
    store = new MemoryTileStore(time.ticker());
    appClient = TransportTestSupport.stampingCallStarts(() -> callStarts.add(time.clock().instant()));
    for (int i = 0; i < 2; i++) {
      transports.add(
          HttpPoolTransport.builder()
              .okHttpClient(appClient)
              .clock(time.clock())
              .ticker(time.ticker())
              .scheduler(time.scheduler())
              .sharedSpacing(store)
              .build());
    }
  }

  @AfterEach
  void stop() {
    transports.get(1).close();
    TransportTestSupport.closeAll(transports.get(0), appClient, server);
  }

  private List<CompletableFuture<PoolResponse>> sendFromBoth(int perTransport) {
    List<CompletableFuture<PoolResponse>> out = new ArrayList<>();
    for (int i = 0; i < perTransport * 2; i++) {
      server.enqueue(json(200, "{}"));
    }
    for (int i = 0; i < perTransport; i++) {
      for (HttpPoolTransport t : transports) {
        PoolContext ctx = t.context("pool-" + i, T0.plusSeconds(60));
        out.add(ctx.send(TransportTestSupport.oneEveryFiveSeconds(server, "/workers")));
      }
    }
    return out;
  }

  @Test
  void requestsOfTwoTransportsWithOneKeyStartFiveSecondsApart() throws Exception {
    List<CompletableFuture<PoolResponse>> responses = sendFromBoth(2);
    for (int i = 0; i < 4; i++) {
      time.advance(i == 0 ? Duration.ZERO : FIVE_S);
    }
    for (CompletableFuture<PoolResponse> r : responses) {
      assertThat(r.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
    }
    assertThat(callStarts)
        .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 4).mapToObj(i -> T0.plus(FIVE_S.multipliedBy(i))).toList());
    assertThat(store.seen).isNotEmpty().allSatisfy(k -> assertThat(k).doesNotContain("SECRET").hasSize(64));
  }

  @Test
  void anUnreachableStoreLeavesEachTransportSpacingItsOwnRequests() throws Exception {
    store.down = true;
    List<CompletableFuture<PoolResponse>> responses = sendFromBoth(2);
    time.advance(Duration.ZERO);
    time.advance(FIVE_S);
    for (CompletableFuture<PoolResponse> r : responses) {
      assertThat(r.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
    }
    // each transport alone: its two requests 5 s apart, the two transports not spaced together
    assertThat(callStarts).containsExactlyInAnyOrder(T0, T0, T0.plus(FIVE_S), T0.plus(FIVE_S));
  }
}
