package dev.danvic.hmm.pools.core;

import static dev.danvic.hmm.pools.core.TransportTestSupport.failureOf;
import static dev.danvic.hmm.pools.core.TransportTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.danvic.hmm.pools.PoolContext;
import dev.danvic.hmm.pools.PoolRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** close() releases what the transport made and nothing the application lent it; cancel works. */
class HttpPoolTransportLifecycleTest {
  private MockWebServer server;

  @BeforeEach
  void start() throws Exception {
    server = TransportTestSupport.startServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static List<Thread> threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(prefix + "-"))
        .toList();
  }

  /** The threads with the prefix, once one of them has {@code part} in its name (at most 10 s). */
  private static List<Thread> awaitThreadsNamed(String prefix, String part) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<Thread> threads = threadsNamed(prefix);
    while (threads.stream().noneMatch(t -> t.getName().contains(part)) && System.nanoTime() < end) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
      threads = threadsNamed(prefix);
    }
    return threads;
  }

  @Test
  void aClosedRegistryLeavesNoWarmUpThreadBehind() {
    // the first registry of a JVM may start the head start; whichever test runs first, no
    // registry's close() returns while it still runs
    PoolRegistry registry = PoolRegistry.builder().build();
    registry.close();
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().equals("hmm-pools-warm-up") && t.isAlive());
  }

  private PoolContext context(HttpPoolTransport t) {
    return t.context("pool-1", t.clock().instant().plusSeconds(20));
  }

  @Test
  void closeStopsItsThreadsAndDropsItsConnections() throws Exception {
    server.enqueue(json(200, "{}"));
    HttpPoolTransport transport = HttpPoolTransport.create();
    context(transport).getJson(PoolRequest.get(server.url("/").toString())).get(20, TimeUnit.SECONDS);
    // OkHttp names a dispatcher thread after the URL while it runs a call and restores the name
    // afterwards; the future completes inside the call, so wait for the name to come back
    List<Thread> threads = awaitThreadsNamed(transport.threadNamePrefix(), "-http-");
    assertThat(threads).extracting(Thread::getName).anyMatch(n -> n.contains("-scheduler-"));
    assertThat(threads).extracting(Thread::getName).anyMatch(n -> n.contains("-http-"));
    assertThat(threads).allMatch(Thread::isDaemon);
    assertThat(transport.openConnections()).isEqualTo(1); // kept alive for the next request

    transport.close();

    for (Thread t : threads) {
      t.join(10_000);
    }
    assertThat(threadsNamed(transport.threadNamePrefix())).isEmpty();
    assertThat(transport.openConnections()).isZero();
    assertThat(transport.isClosed()).isTrue();
    assertThatThrownBy(() -> transport.context("pool-1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("HttpPoolTransport is closed");
    transport.close(); // idempotent
  }

  @Test
  void closeLeavesTheApplicationsClientRunning() throws Exception {
    server.enqueue(json(200, "{}"));
    server.enqueue(json(200, "{}"));
    OkHttpClient appClient = new OkHttpClient();
    try {
      HttpPoolTransport transport = HttpPoolTransport.builder().okHttpClient(appClient).build();
      context(transport).getJson(PoolRequest.get(server.url("/").toString())).get(20, TimeUnit.SECONDS);
      // the transport shares the application's pool rather than opening its own
      assertThat(appClient.connectionPool().connectionCount()).isEqualTo(1);

      transport.close();

      assertThat(appClient.dispatcher().executorService().isShutdown()).isFalse();
      assertThat(appClient.connectionPool().connectionCount()).isEqualTo(1);
      assertThat(appClient.newCall(new okhttp3.Request.Builder().url(server.url("/")).build()).execute().code())
          .isEqualTo(200);
    } finally {
      appClient.dispatcher().executorService().shutdown();
      appClient.connectionPool().evictAll();
    }
  }

  @Test
  void closeFailsOperationsInFlight() throws Exception {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    HttpPoolTransport transport = HttpPoolTransport.create();
    CompletableFuture<?> f = context(transport).getJson(PoolRequest.get(server.url("/slow").toString()));
    server.takeRequest(20, TimeUnit.SECONDS); // the request is in flight

    transport.close();

    assertThat(failureOf(f))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("HttpPoolTransport is closed");
  }

  @Test
  void cancellingTheFutureCancelsTheHttpCall() throws Exception {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    CountDownLatch canceled = new CountDownLatch(1);
    OkHttpClient appClient =
        new OkHttpClient.Builder()
            .eventListener(
                new EventListener() {
                  @Override
                  public void canceled(Call call) {
                    canceled.countDown();
                  }
                })
            .build();
    try (HttpPoolTransport transport = HttpPoolTransport.builder().okHttpClient(appClient).build()) {
      CompletableFuture<?> f = context(transport).getJson(PoolRequest.get(server.url("/slow").toString()));
      server.takeRequest(20, TimeUnit.SECONDS);

      assertThat(f.cancel(true)).isTrue();

      assertThat(canceled.await(20, TimeUnit.SECONDS)).isTrue();
    } finally {
      appClient.dispatcher().executorService().shutdown();
      appClient.connectionPool().evictAll();
    }
  }

  @Test
  void theDefaultDeadlineIsTenSeconds() {
    try (HttpPoolTransport transport = HttpPoolTransport.create()) {
      assertThat(transport.defaultDeadline()).isEqualTo(Duration.ofSeconds(10));
      PoolContext ctx = transport.context("pool-1");
      assertThat(Duration.between(transport.clock().instant(), ctx.deadline()))
          .isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));
    }
  }
}
