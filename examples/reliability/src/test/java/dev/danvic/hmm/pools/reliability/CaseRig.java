package dev.danvic.hmm.pools.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.core.DashboardPoolService;
import dev.danvic.hmm.pools.core.HttpPoolTransport;
import dev.danvic.hmm.pools.core.PoolRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The library as one case uses it: a transport over an OkHttp client, a registry of the eight
 * plugins and a dashboard service, each given threads of the case's own, named after it. So the
 * case can tell, exactly and even while other cases run, whether the library left a call running,
 * a connection leaked or a task on a thread after it was closed.
 */
final class CaseRig implements AutoCloseable {
  private static final AtomicInteger CASES = new AtomicInteger();

  final String prefix;
  final ThreadPoolExecutor http;
  final ScheduledThreadPoolExecutor scheduler;
  final ThreadPoolExecutor work;
  final OkHttpClient client;
  final HttpPoolTransport transport;
  final PoolRegistry registry;
  private DashboardPoolService service;
  private final Set<Thread> libraryThreadsBefore = Threads.library();

  CaseRig(String name) {
    this(name, builder -> builder);
  }

  CaseRig(String name, java.util.function.UnaryOperator<HttpPoolTransport.Builder> transportSettings) {
    this.prefix = "case-" + CASES.incrementAndGet() + "-" + name.replaceAll("[^A-Za-z0-9]+", "-");
    this.http = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), named(prefix + "-http"));
    this.scheduler = new ScheduledThreadPoolExecutor(1, named(prefix + "-scheduler"));
    this.scheduler.setRemoveOnCancelPolicy(true);
    this.work = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), named(prefix + "-service"));
    this.client =
        new OkHttpClient.Builder()
            .dns(Loopback.DNS)
            .socketFactory(Loopback.SOCKETS)
            .dispatcher(new Dispatcher(http))
            .connectionPool(new ConnectionPool())
            .build();
    this.transport =
        transportSettings.apply(HttpPoolTransport.builder().okHttpClient(client).scheduler(scheduler)).build();
    this.registry =
        Sims.allPlugins()
            .transport(transport)
            .build();
  }

  /** A dashboard service over this rig's registry, on the case's threads. */
  DashboardPoolService service(List<PoolConfig> pools, Duration deadline) {
    return service(pools, deadline, b -> b);
  }

  /** The same, with further settings (a ticker, TTLs). */
  DashboardPoolService service(
      List<PoolConfig> pools, Duration deadline, java.util.function.UnaryOperator<DashboardPoolService.Builder> more) {
    service = more.apply(DashboardPoolService.builder(registry).pools(pools).deadline(deadline).readBudget(deadline.plusSeconds(30)).executor(work)).build();
    return service;
  }

  /**
   * Closes the library, then checks what it left behind: calls still running, connections still
   * held by a finished call, connections left after close, tasks still running on the case's
   * threads, and any thread the library started itself.
   *
   * @return what was found, in words
   */
  String closeAndCheckLeaks() throws InterruptedException {
    boolean callsEnded = await(() -> client.dispatcher().runningCallsCount() + client.dispatcher().queuedCallsCount() == 0);
    int running = client.dispatcher().runningCallsCount() + client.dispatcher().queuedCallsCount();
    ConnectionPool pool = client.connectionPool();
    boolean released = await(() -> pool.connectionCount() == pool.idleConnectionCount());
    int held = pool.connectionCount() - pool.idleConnectionCount();
    close();
    // a call cancelled by close gives its connection up asynchronously: evicted as it falls idle
    await(
        () -> {
          pool.evictAll();
          return transport.openConnections() == 0;
        });
    int afterClose = transport.openConnections();
    scheduler.shutdownNow();
    work.shutdown();
    http.shutdown();
    boolean idle =
        scheduler.awaitTermination(10, TimeUnit.SECONDS)
            && work.awaitTermination(10, TimeUnit.SECONDS)
            && http.awaitTermination(10, TimeUnit.SECONDS);
    List<Thread> started = Threads.awaitEnded(Threads.newLibraryThreads(libraryThreadsBefore), Duration.ofSeconds(10));
    assertThat(callsEnded).as("calls still running after the tiles were back: %s", running).isTrue();
    assertThat(released).as("connections held by finished calls (leaked): %s", held).isTrue();
    assertThat(afterClose).as("connections open after close").isZero();
    assertThat(idle).as("tasks still running on the case's threads after close").isTrue();
    assertThat(started).as("threads the library started and left running").isEmpty();
    return "no call left running, no connection leaked, 0 open after close, no thread left";
  }

  @Override
  public void close() {
    if (service != null) {
      service.close();
    }
    registry.close();
    transport.close();
  }

  /** Waits up to 10 s for a condition, checking every 10 ms. */
  static boolean await(BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    Object gate = new Object();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        return false;
      }
      synchronized (gate) {
        gate.wait(10);
      }
    }
    return true;
  }

  static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  static String names(List<Thread> threads) {
    return threads.stream().map(Thread::getName).collect(Collectors.joining(", "));
  }
}
