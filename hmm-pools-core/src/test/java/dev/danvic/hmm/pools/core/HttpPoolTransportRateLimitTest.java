package dev.danvic.hmm.pools.core;

import static dev.danvic.hmm.pools.core.TransportTestSupport.T0;
import static dev.danvic.hmm.pools.core.TransportTestSupport.apiFailureOf;
import static dev.danvic.hmm.pools.core.TransportTestSupport.json;
import static dev.danvic.hmm.pools.core.TransportTestSupport.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.danvic.hmm.pools.PoolApiException;
import dev.danvic.hmm.pools.PoolApiException.Kind;
import dev.danvic.hmm.pools.PoolContext;
import dev.danvic.hmm.pools.PoolRequest;
import dev.danvic.hmm.pools.PoolResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Requests sharing a rate-limit key (Braiins: one per 5 s per token) start at least the interval
 * apart, across pools and retries, by the transport's clock. The start of each HTTP call is read
 * from an OkHttp event listener on the application's own client, stamped with the manual clock.
 */
class HttpPoolTransportRateLimitTest {
  private static final Duration FIVE_S = Duration.ofSeconds(5);

  private MockWebServer server;
  private ManualTime time;
  private OkHttpClient appClient;
  private final List<Instant> callStarts = Collections.synchronizedList(new ArrayList<>());
  private HttpPoolTransport transport;

  @BeforeEach
  void start() throws Exception {
    server = TransportTestSupport.startServer();
    time = new ManualTime(T0);
    appClient = TransportTestSupport.stampingCallStarts(() -> callStarts.add(time.clock().instant()));
    transport =
        HttpPoolTransport.builder()
            .okHttpClient(appClient)
            .clock(time.clock())
            .ticker(time.ticker())
            .scheduler(time.scheduler())
            .initialBackoff(Duration.ofMillis(10))
            .backoffJitter(0)
            .build();
  }

  @AfterEach
  void stop() {
    TransportTestSupport.closeAll(transport, appClient, server);
  }

  private PoolRequest limited(String path) {
    return TransportTestSupport.oneEveryFiveSeconds(server, path);
  }

  @Test
  void concurrentRequestsWithOneKeyStartFiveSecondsApartAcrossPools() throws Exception {
    int n = 6;
    for (int i = 0; i < n; i++) {
      server.enqueue(json(200, "{}"));
    }
    Instant deadline = T0.plusSeconds(60);
    PoolContext poolA = transport.context("pool-a", deadline);
    PoolContext poolB = transport.context("pool-b", deadline);
    ExecutorService callers = Executors.newFixedThreadPool(n);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<CompletableFuture<PoolResponse>>> submitted = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      PoolContext ctx = i % 2 == 0 ? poolA : poolB;
      submitted.add(
          callers.submit(
              () -> {
                go.await();
                return ctx.send(limited("/accounts/workers"));
              }));
    }
    go.countDown();
    List<CompletableFuture<PoolResponse>> responses = new ArrayList<>();
    for (Future<CompletableFuture<PoolResponse>> s : submitted) {
      responses.add(s.get(20, TimeUnit.SECONDS));
    }
    callers.shutdown();

    for (int i = 0; i < n; i++) {
      time.advance(i == 0 ? Duration.ZERO : FIVE_S);
    }
    for (CompletableFuture<PoolResponse> r : responses) {
      assertThat(r.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
    }

    List<Instant> expected = IntStream.range(0, n).mapToObj(i -> T0.plus(FIVE_S.multipliedBy(i))).toList();
    assertThat(callStarts).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(server.getRequestCount()).isEqualTo(n);
  }

  @Test
  void aRequestWhoseSlotIsPastTheDeadlineFailsWithoutBeingSent() throws Exception {
    server.enqueue(json(200, "{}"));
    server.enqueue(json(200, "{}"));
    server.enqueue(json(200, "{}"));
    PoolContext ctx = transport.context("pool-a", T0.plusSeconds(12));

    CompletableFuture<PoolResponse> first = ctx.send(limited("/1"));
    CompletableFuture<PoolResponse> second = ctx.send(limited("/2"));
    CompletableFuture<PoolResponse> third = ctx.send(limited("/3"));
    CompletableFuture<PoolResponse> fourth = ctx.send(limited("/4")); // slot T0 + 15 s > deadline

    PoolApiException e = apiFailureOf(fourth);
    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.getMessage())
        .isEqualTo(
            "skipped "
                + server.url("/4")
                + ": this pool allows one request per 5 s and the next free slot, in 15 s, is past the deadline")
        .doesNotContain("tok-SECRET");

    assertThat(first.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
    time.advance(FIVE_S);
    assertThat(second.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
    time.advance(FIVE_S);
    assertThat(third.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(callStarts).containsExactly(T0, T0.plusSeconds(5), T0.plusSeconds(10));
  }

  @Test
  void aRefusedSlotIsNotConsumed() throws Exception {
    server.enqueue(json(200, "{}"));
    server.enqueue(json(200, "{}"));
    transport.context("short", T0.plusSeconds(1)).send(limited("/a")).get(20, TimeUnit.SECONDS);

    // a hurried request is refused (its slot, T0 + 5 s, is past its deadline) ...
    assertThat(apiFailureOf(transport.context("short", T0.plusSeconds(2)).send(limited("/b"))).kind())
        .isEqualTo(Kind.RATE_LIMITED);
    // ... and the next patient one still gets T0 + 5 s, not T0 + 10 s
    CompletableFuture<PoolResponse> patient = transport.context("long", T0.plusSeconds(30)).send(limited("/c"));
    time.advance(FIVE_S);
    assertThat(patient.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
    assertThat(callStarts).containsExactly(T0, T0.plusSeconds(5));
  }

  @Test
  void retriesWaitForTheirSlotToo() throws Exception {
    server.enqueue(status(503));
    server.enqueue(json(200, "{\"ok\": 1}"));

    CompletableFuture<?> f = transport.context("pool-a", T0.plusSeconds(30)).getJson(limited("/profile"));

    // the backoff (10 ms) elapses first, then the retry waits for the key's next slot
    assertThat(time.awaitPending(Duration.ofMillis(10), Duration.ofSeconds(20))).isTrue();
    time.advance(Duration.ofMillis(10));
    assertThat(server.getRequestCount()).isEqualTo(1);
    time.advance(Duration.ofMillis(4990));
    f.get(20, TimeUnit.SECONDS);

    assertThat(callStarts).containsExactly(T0, T0.plusSeconds(5));
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void differentKeysDoNotWaitForEachOther() throws Exception {
    server.enqueue(json(200, "{}"));
    server.enqueue(json(200, "{}"));
    PoolContext ctx = transport.context("pool-a", T0.plusSeconds(3));
    String u = server.url("/x").toString();

    CompletableFuture<PoolResponse> a = ctx.send(PoolRequest.get(u).withRateLimit("braiins:token-1", FIVE_S));
    CompletableFuture<PoolResponse> b = ctx.send(PoolRequest.get(u).withRateLimit("braiins:token-2", FIVE_S));

    assertThat(a.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
    assertThat(b.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
    assertThat(callStarts).containsExactly(T0, T0);
  }
}
