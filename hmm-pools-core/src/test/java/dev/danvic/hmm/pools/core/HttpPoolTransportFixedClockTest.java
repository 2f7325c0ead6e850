package dev.danvic.hmm.pools.core;

import static dev.danvic.hmm.pools.core.TransportTestSupport.T0;
import static dev.danvic.hmm.pools.core.TransportTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.danvic.hmm.pools.PoolContext;
import dev.danvic.hmm.pools.PoolRequest;
import dev.danvic.hmm.pools.PoolResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Time that cannot freeze: a transport given a fixed {@link Clock} (the documented way to test
 * 24 h windows) still spaces requests, waits and cuts off by its monotonic ticker. The wall clock
 * only turns a context's deadline instant into time left, once.
 */
class HttpPoolTransportFixedClockTest {
  private static final Duration FIVE_S = Duration.ofSeconds(5);

  private final Clock fixed = Clock.fixed(T0, ZoneOffset.UTC);
  private MockWebServer server;
  private ManualTime time;
  private OkHttpClient appClient;
  /** When each HTTP call started, in seconds of the ticker. */
  private final List<Long> callStarts = Collections.synchronizedList(new ArrayList<>());
  private HttpPoolTransport transport;

  @BeforeEach
  void start() throws Exception {
    server = TransportTestSupport.startServer();
    time = new ManualTime(T0);
    appClient = TransportTestSupport.stampingCallStarts(() -> callStarts.add(TimeUnit.NANOSECONDS.toSeconds(time.ticker().read())));
    transport =
        HttpPoolTransport.builder()
            .okHttpClient(appClient)
            .clock(fixed)
            .ticker(time.ticker())
            .scheduler(time.scheduler())
            .backoffJitter(0)
            .build();
  }

  @AfterEach
  void stop() {
    TransportTestSupport.closeAll(transport, appClient, server);
  }

  /** Sends in a fresh context whose deadline is 10 s after the fixed clock's now, as the registry does. */
  private PoolResponse sendAndWait(String path, Duration deadline) throws Exception {
    PoolContext ctx = transport.context("pool", fixed.instant().plus(deadline));
    CompletableFuture<PoolResponse> r = ctx.send(TransportTestSupport.oneEveryFiveSeconds(server, path));
    if (!r.isDone()) {
      time.advance(FIVE_S); // the rate-limit wait: exactly one interval, whatever came before
    }
    return r.get(20, TimeUnit.SECONDS);
  }

  @Test
  void fiveCallsOneAfterAnotherAreSpacedByTheTickerNotPiledUpOnAFrozenClock() throws Exception {
    for (int i = 0; i < 5; i++) {
      server.enqueue(json(200, "{}"));
    }
    for (int i = 0; i < 5; i++) {
      assertThat(sendAndWait("/call-" + i, Duration.ofSeconds(10)).status()).as("call " + i).isEqualTo(200);
    }
    // with the clock as the time source, the waits were 0/5/10/15/20 s and the third call's slot
    // fell past its deadline; on the ticker each call waits one interval after the previous
    assertThat(callStarts).containsExactly(0L, 5L, 10L, 15L, 20L);
  }

  @Test
  void aHealthCheckRightAfterABraiinsTileReadIsNotRefused() throws Exception {
    for (int i = 0; i < 5; i++) {
      server.enqueue(json(200, "{}"));
    }
    // a Braiins tile read: four requests in one context (its 20 s minimum deadline), one per 5 s
    PoolContext read = transport.context("braiins", fixed.instant().plusSeconds(20));
    for (int i = 0; i < 4; i++) {
      CompletableFuture<PoolResponse> r = read.send(TransportTestSupport.oneEveryFiveSeconds(server, "/tile-" + i));
      if (!r.isDone()) {
        time.advance(FIVE_S);
      }
      assertThat(r.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
    }
    // then a health check with the default 10 s deadline, read off the same frozen clock
    assertThat(sendAndWait("/health", Duration.ofSeconds(10)).status()).isEqualTo(200);
    assertThat(callStarts).containsExactly(0L, 5L, 10L, 15L, 20L);
  }

  @Test
  void theDeadlineRunsOnTheTickerEvenThoughTheClockStandsStill() throws Exception {
    server.enqueue(json(200, "{}"));
    PoolContext ctx = transport.context("pool", fixed.instant().plusSeconds(3));
    time.advance(Duration.ofSeconds(4)); // the clock still reads T0; the ticker says 4 s passed
    CompletableFuture<PoolResponse> late = ctx.send(PoolRequest.get(server.url("/late").toString()));
    assertThat(TransportTestSupport.apiFailureOf(late).getMessage()).contains("deadline");
    assertThat(server.getRequestCount()).isZero();
  }
}
