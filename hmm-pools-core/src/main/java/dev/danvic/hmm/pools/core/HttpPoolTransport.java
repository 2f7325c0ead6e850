package dev.danvic.hmm.pools.core;

import dev.danvic.hmm.pools.PoolContext;
import dev.danvic.hmm.pools.core.internal.HttpPoolContext;
import dev.danvic.hmm.pools.core.internal.TransportEngine;
import dev.danvic.hmm.pools.core.internal.TransportSettings;
import dev.danvic.hmm.pools.core.internal.TransportVersion;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * The one HTTP transport of an application: every pool's requests go through it, over one shared
 * OkHttp client.
 *
 * <pre>{@code
 * try (HttpPoolTransport transport = HttpPoolTransport.create()) {
 *   PoolContext ctx = transport.context("my-pool", Instant.now().plusSeconds(10));
 *   JsonNode stats = ctx.getJson(PoolRequest.get("https://pool.example/api/stats")).join();
 * }
 * }</pre>
 *
 * <p>What it does for every request:
 * <ul>
 *   <li><b>Timeouts.</b> Connect (default 5 s) and read (default 10 s) timeouts, and an OkHttp call
 *       timeout that never outlives the operation's deadline.
 *   <li><b>Retries</b> ({@link PoolContext#getJson} only). One resilience4j {@code Retry} per scope
 *       (pool), all from one configuration: at most 3 attempts by default, exponential backoff
 *       from 200 ms doubling each time, with jitter. Only connection errors, timeouts, 5xx and 429
 *       are retried; a {@code Retry-After} (seconds or HTTP date) longer than the backoff is
 *       honoured. A wait that would end past the deadline is not taken: the call fails at once
 *       with the last error. 401/403, 404, other 4xx, a malformed or oversized body never retry.
 *       A resilience4j {@code TimeLimiter} cuts the whole call off at the deadline.
 *   <li><b>Rate limits.</b> Requests that share a {@link dev.danvic.hmm.pools.PoolRequest#rateLimitKey()}
 *       start at least its {@code minInterval} apart, across every scope and retries included. A
 *       request whose slot would start after its deadline fails at once with
 *       {@code RATE_LIMITED}, without being sent.
 *   <li><b>A body size cap</b> (default 4 MiB): a larger 2xx body fails with
 *       {@code BODY_TOO_LARGE}; reading stops at the cap.
 *   <li><b>Requests at once.</b> Up to {@value #DEFAULT_MAX_CONCURRENT_REQUESTS} in flight across
 *       every pool and {@value #DEFAULT_MAX_CONCURRENT_REQUESTS_PER_HOST} to one host by default
 *       ({@link Builder#maxConcurrentRequests(int)}); further ones wait in a queue, their deadline
 *       still running.
 *   <li><b>Threads.</b> A transport with its own client has at most {@link
 *       Builder#maxConcurrentRequests(int)} HTTP threads (default {@value
 *       #DEFAULT_MAX_CONCURRENT_REQUESTS}; idle ones end after 60 s) and one scheduler thread,
 *       however many pools and requests there are: requests beyond the bound wait in a queue.
 *   <li><b>Link-local and metadata addresses are refused</b> (see {@link
 *       Builder#allowLinkLocalAddresses(boolean)}).
 *   <li><b>{@code User-Agent: hmm-pools/<version>}</b>.
 *   <li><b>Secrets stay secret.</b> Messages and the DEBUG log line of each attempt (logger
 *       {@code dev.danvic.hmm.pools.core.HttpPoolTransport}) show the URL without its query, never
 *       a header or a rate-limit key. Secret headers are dropped from a redirect to another origin.
 * </ul>
 *
 * <p>Thread-safe. {@link #close()} releases the threads and connections the transport created.
 */
public final class HttpPoolTransport implements PoolTransport {
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final TransportEngine engine;
  private final String threadNamePrefix;

  private HttpPoolTransport(Builder b) {
    this.threadNamePrefix = "hmm-pools-transport-" + INSTANCES.incrementAndGet();
    TransportSettings settings =
        new TransportSettings(
            b.connectTimeout,
            b.readTimeout,
            b.maxBodyBytes,
            b.userAgent != null ? b.userAgent : defaultUserAgent(),
            b.maxAttempts,
            b.initialBackoff,
            b.backoffMultiplier,
            b.backoffJitter,
            b.defaultDeadline,
            b.maxConcurrentRequests,
            b.maxConcurrentRequestsPerHost,
            b.allowLinkLocal,
            b.maxIdleConnections,
            b.idleConnectionTimeout);
    this.engine = new TransportEngine(b.okHttpClient, settings, b.clock, b.ticker, b.scheduler, threadNamePrefix, b.events);
    if (b.sharedSpacing != null) {
      engine.shareSpacing(b.sharedSpacing);
    }
  }

  /** @return a transport with every default (its own OkHttp client, system UTC clock) */
  public static HttpPoolTransport create() {
    return builder().build();
  }

  /** @return a builder whose settings start at the defaults */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The default of {@link Builder#maxConcurrentRequests(int)}: {@value}, room for a fan-out over
   * about 1000 pools sending up to four requests each at once.
   */
  public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 4096;

  /**
   * The default of {@link Builder#maxConcurrentRequestsPerHost(int)}: {@value}, OkHttp's own, more
   * than one pool's refresh sends at once.
   */
  public static final int DEFAULT_MAX_CONCURRENT_REQUESTS_PER_HOST = 5;

  /**
   * The default of {@link Builder#maxIdleConnections(int)}: {@value}, as many as {@link
   * #DEFAULT_MAX_CONCURRENT_REQUESTS}, so that a refresh of up to about 1000 pools finds the
   * connections of the previous one open.
   */
  public static final int DEFAULT_MAX_IDLE_CONNECTIONS = DEFAULT_MAX_CONCURRENT_REQUESTS;

  /**
   * The default of {@link Builder#idleConnectionTimeout(Duration)}, seconds: {@value} (OkHttp's
   * own), longer than the default tile TTL (30 s), so an idle connection lives to the next refresh.
   */
  public static final long DEFAULT_IDLE_CONNECTION_TIMEOUT_SECONDS = 300;

  /** @return {@code hmm-pools/<version>} with the version of this jar, or {@code hmm-pools/dev} */
  public static String defaultUserAgent() {
    return "hmm-pools/" + TransportVersion.get();
  }

  /**
   * @param scope who the operation is for, usually a pool id; retries are tracked per scope
   * @param deadline when the operation is cut off, by {@link #clock()}
   * @return a context for one plugin operation
   * @throws IllegalStateException when the transport is closed
   * @throws IllegalArgumentException when the scope is blank
   */
  @Override
  public PoolContext context(String scope, Instant deadline) {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(deadline, "deadline");
    if (scope.isBlank()) {
      throw new IllegalArgumentException("scope must not be blank");
    }
    if (engine.isClosed()) {
      throw new IllegalStateException(TransportEngine.CLOSED);
    }
    return new HttpPoolContext(engine, scope, deadline);
  }

  /**
   * @param scope who the operation is for, usually a pool id
   * @return a context whose deadline is {@link Builder#defaultDeadline(Duration)} (10 s unless set)
   *     from now
   * @throws IllegalStateException when the transport is closed
   */
  public PoolContext context(String scope) {
    return context(scope, engine.clock().instant().plus(engine.settings().defaultDeadline()));
  }

  /** @return the wall clock a context deadline is read against (waits run on the ticker) */
  public Clock clock() {
    return engine.clock();
  }

  /** @return the {@code User-Agent} header sent with every request */
  public String userAgent() {
    return engine.settings().userAgent();
  }

  /** @return the deadline {@link #context(String)} gives an operation */
  public Duration defaultDeadline() {
    return engine.settings().defaultDeadline();
  }

  /**
   * @return connections, idle or in use, in the connection pool requests go through (with an
   *     application's own client, that client's pool, shared with its other uses)
   */
  public int openConnections() {
    return engine.openConnections();
  }

  /**
   * Closes the idle connections now (those in use carry on; later requests open new ones): for an
   * application about to pause for longer than servers keep connections, or to give back file
   * descriptors. With an application's own client, that client's idle connections are closed.
   */
  public void closeIdleConnections() {
    engine.closeIdleConnections();
  }

  /** @return whether {@link #close()} was called */
  public boolean isClosed() {
    return engine.isClosed();
  }

  /** @return requests waiting in the dispatcher's queue for a free slot (for tests) */
  int queuedRequests() {
    return engine.queuedRequests();
  }

  /** @return requests the dispatcher is running now (for tests) */
  int runningRequests() {
    return engine.runningRequests();
  }

  /** @return the start of the names of threads this transport creates */
  String threadNamePrefix() {
    return threadNamePrefix;
  }

  /**
   * Fails the operations in flight with {@link IllegalStateException}, stops the scheduler thread
   * the transport created and, when it built its OkHttp client itself, the client's dispatcher
   * threads and pooled connections. An application's own client and scheduler are left running.
   * Idempotent.
   */
  @Override
  public void close() {
    engine.close();
  }

  @Override
  public String toString() {
    return "HttpPoolTransport[" + userAgent() + (isClosed() ? ", closed" : "") + "]";
  }

  /** Settings of an {@link HttpPoolTransport}; each setter checks its value at once. */
  public static final class Builder {
    private @Nullable OkHttpClient okHttpClient;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration readTimeout = Duration.ofSeconds(10);
    private long maxBodyBytes = 4L * 1024 * 1024;
    private @Nullable String userAgent;
    private int maxAttempts = 3;
    private Duration initialBackoff = Duration.ofMillis(200);
    private double backoffMultiplier = 2.0;
    private double backoffJitter = 0.5;
    private Clock clock = Clock.systemUTC();
    private Ticker ticker = Ticker.systemTicker();
    private @Nullable ScheduledExecutorService scheduler;
    private Duration defaultDeadline = Duration.ofSeconds(10);
    private int maxConcurrentRequests = DEFAULT_MAX_CONCURRENT_REQUESTS;
    private int maxConcurrentRequestsPerHost = DEFAULT_MAX_CONCURRENT_REQUESTS_PER_HOST;
    private boolean concurrencySet;
    private int maxIdleConnections = DEFAULT_MAX_IDLE_CONNECTIONS;
    private Duration idleConnectionTimeout = Duration.ofSeconds(DEFAULT_IDLE_CONNECTION_TIMEOUT_SECONDS);
    private boolean allowLinkLocal;
    private SdkEventListener events = SdkEventListener.NONE;
    private @Nullable TileStore sharedSpacing;

    private Builder() {}

    /**
     * @param store spaces the requests that share a rate-limit key (Braiins: one per 5 s per token)
     *     across every process using the same store, not only within this transport; only the
     *     SHA-256 of a key reaches it. When it cannot be reached a request is spaced within this
     *     transport only. Default none (this transport only). The transport does not close it.
     * @return this builder
     */
    public Builder sharedSpacing(TileStore store) {
      this.sharedSpacing = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * @param listener hears of every request (attempt) the transport sends, how it ended and how
     *     long it took, and of every retry, for metrics; default none
     * @return this builder
     */
    public Builder eventListener(SdkEventListener listener) {
      this.events = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Whether requests may go to link-local and cloud metadata addresses: {@code 169.254.0.0/16}
     * (cloud instance metadata and credentials at {@code 169.254.169.254}), IPv6 link-local
     * {@code fe80::/10} and {@code fd00:ec2::254}. Refused by default, checked on the address a
     * host name resolves to (so a name pointing there is refused too), on IP literals and on
     * redirects, before any connection is made; the failure is a {@code CONNECTION} error saying
     * so, never retried. Private LAN addresses ({@code 10/8}, {@code 172.16/12},
     * {@code 192.168/16}, {@code fc00::/7}) and loopback are always allowed: home pools live
     * there. With an application's own client that has its own {@code SocketFactory}, a redirect
     * to a literal link-local address is not seen (names and the first request's URL still are).
     *
     * @param allow {@code true} to allow them; default {@code false}
     * @return this builder
     */
    public Builder allowLinkLocalAddresses(boolean allow) {
      this.allowLinkLocal = allow;
      return this;
    }

    /**
     * Sends through the application's own client, via {@code client.newBuilder()}: requests share
     * its connection pool, dispatcher threads and interceptors, and its dispatcher's limits on
     * requests at once (OkHttp's defaults, 64 and 5 per host, hold back a fan-out over more than
     * about 20 pools: raise them on its {@code Dispatcher}). {@link #close()} never shuts them
     * down. (An interceptor of yours that logs headers would log secret ones too: redact them
     * there.)
     *
     * @param client the application's client
     * @return this builder
     */
    public Builder okHttpClient(OkHttpClient client) {
      this.okHttpClient = Objects.requireNonNull(client, "okHttpClient");
      return this;
    }

    /**
     * @param timeout the most time to open a connection (TCP and TLS); default 5 s
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /**
     * @param timeout the most time between two reads of a response; default 10 s
     * @return this builder
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive(timeout, "readTimeout");
      return this;
    }

    /**
     * @param bytes the largest response body accepted, bytes, 1 to 1 GiB; default 4 MiB
     * @return this builder
     */
    public Builder maxBodyBytes(long bytes) {
      if (bytes < 1 || bytes > 1L << 30) {
        throw new IllegalArgumentException("maxBodyBytes must be between 1 and 1 GiB, got " + bytes);
      }
      this.maxBodyBytes = bytes;
      return this;
    }

    /**
     * @param userAgent the {@code User-Agent} header; default {@code hmm-pools/<version>}
     * @return this builder
     */
    public Builder userAgent(String userAgent) {
      Objects.requireNonNull(userAgent, "userAgent");
      if (userAgent.isBlank()) {
        throw new IllegalArgumentException("userAgent must not be blank");
      }
      this.userAgent = userAgent;
      return this;
    }

    /**
     * @param attempts attempts of one {@code getJson}, the first included, 1 to 10 (1: no retry);
     *     default 3
     * @return this builder
     */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1 || attempts > 10) {
        throw new IllegalArgumentException("maxAttempts must be between 1 and 10, got " + attempts);
      }
      this.maxAttempts = attempts;
      return this;
    }

    /**
     * @param backoff the wait before the first retry, before jitter; default 200 ms
     * @return this builder
     */
    public Builder initialBackoff(Duration backoff) {
      this.initialBackoff = positive(backoff, "initialBackoff");
      return this;
    }

    /**
     * @param multiplier how much each further wait grows, at least 1; default 2 (doubling)
     * @return this builder
     */
    public Builder backoffMultiplier(double multiplier) {
      if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
        throw new IllegalArgumentException("backoffMultiplier must be 1 or more, got " + multiplier);
      }
      this.backoffMultiplier = multiplier;
      return this;
    }

    /**
     * @param jitter how much each wait is randomised: 0 for none, up to (not including) 1 for
     *     plus or minus 100 percent; default 0.5 (a 200 ms wait becomes 100 to 300 ms)
     * @return this builder
     */
    public Builder backoffJitter(double jitter) {
      if (!(jitter >= 0.0 && jitter < 1.0)) {
        throw new IllegalArgumentException("backoffJitter must be at least 0 and below 1, got " + jitter);
      }
      this.backoffJitter = jitter;
      return this;
    }

    /**
     * @param clock the wall clock, for wall-clock facts only: how much time a context's deadline
     *     instant leaves when the context is opened, and {@code Retry-After} dates. Default the
     *     system UTC clock. A fixed clock (as tests of 24 h windows use) freezes nothing: once an
     *     operation has started, its deadline, backoff, {@code Retry-After} waits and the
     *     per-key request spacing run on the {@link #ticker(Ticker) ticker}.
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * @param ticker the monotonic time source (nanoseconds, only differences count) deadlines,
     *     backoff, {@code Retry-After} waits and per-key request spacing run on; default the
     *     system's ({@link System#nanoTime()}). Tests move a fake one together with their
     *     {@link #scheduler(ScheduledExecutorService) scheduler}.
     * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * @param scheduler runs delayed retries, rate-limit waits and deadline timers; the transport
     *     never shuts it down. Default: one daemon thread named {@code hmm-pools-transport-...},
     *     created on first use and stopped by {@link HttpPoolTransport#close()}.
     * @return this builder
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * @param deadline how long an operation of {@link HttpPoolTransport#context(String)} may take,
     *     retries and waits included; default 10 s
     * @return this builder
     */
    public Builder defaultDeadline(Duration deadline) {
      this.defaultDeadline = positive(deadline, "defaultDeadline");
      return this;
    }

    /**
     * Requests beyond this many in flight at once wait in the dispatcher's queue (their deadline
     * keeps running). Every pool is usually its own host, so this, not the per-host limit, is what
     * a fan-out over many pools meets: OkHttp's own default of 64 would hold a refresh of 100 pools
     * (about 300 requests) to five rounds one after the other. Each request in flight holds one
     * thread of the transport while it runs, so this is also the most HTTP threads the transport
     * ever has (idle ones are reused, and end after 60 s).
     *
     * @param max requests at once across every pool, 1 to 100 000; default {@value
     *     HttpPoolTransport#DEFAULT_MAX_CONCURRENT_REQUESTS}
     * @return this builder
     * @see #okHttpClient(OkHttpClient)
     */
    public Builder maxConcurrentRequests(int max) {
      this.maxConcurrentRequests = limit(max, "maxConcurrentRequests");
      this.concurrencySet = true;
      return this;
    }

    /**
     * @param max requests at once to one host (a URL's host name or address, whatever the port),
     *     1 to 100 000; default {@value HttpPoolTransport#DEFAULT_MAX_CONCURRENT_REQUESTS_PER_HOST},
     *     so several pools behind one host share a small, polite number of connections
     * @return this builder
     * @see #okHttpClient(OkHttpClient)
     */
    public Builder maxConcurrentRequestsPerHost(int max) {
      this.maxConcurrentRequestsPerHost = limit(max, "maxConcurrentRequestsPerHost");
      this.concurrencySet = true;
      return this;
    }

    /**
     * How many idle connections the transport's own client keeps open for later requests. A
     * refresh of N pools holds about 3N connections open while it runs (one per request in
     * flight); keeping them idle until the next refresh saves reconnecting (a TCP and, with real
     * pools, a TLS handshake per request) and costs no more sockets than the refresh itself. A
     * server may close an idle connection earlier on its own; the next request then opens a new
     * one. Lower it when file descriptors are scarce.
     *
     * @param max idle connections kept, 0 to 100 000 (0: every connection is closed once idle);
     *     default {@value HttpPoolTransport#DEFAULT_MAX_IDLE_CONNECTIONS}
     * @return this builder
     * @see #okHttpClient(OkHttpClient)
     */
    public Builder maxIdleConnections(int max) {
      if (max < 0 || max > 100_000) {
        throw new IllegalArgumentException("maxIdleConnections must be between 0 and 100000, got " + max);
      }
      this.maxIdleConnections = max;
      this.concurrencySet = true;
      return this;
    }

    /**
     * @param timeout how long the transport's own client keeps an idle connection open; positive;
     *     default {@value HttpPoolTransport#DEFAULT_IDLE_CONNECTION_TIMEOUT_SECONDS} s
     * @return this builder
     * @see #okHttpClient(OkHttpClient)
     */
    public Builder idleConnectionTimeout(Duration timeout) {
      this.idleConnectionTimeout = positive(timeout, "idleConnectionTimeout");
      this.concurrencySet = true;
      return this;
    }

    /**
     * @return a new transport with these settings
     * @throws IllegalStateException when {@link #maxConcurrentRequests(int)}, {@link
     *     #maxConcurrentRequestsPerHost(int)}, {@link #maxIdleConnections(int)} or {@link
     *     #idleConnectionTimeout(Duration)} was set together with {@link
     *     #okHttpClient(OkHttpClient)}: the application's client keeps its own dispatcher's limits
     */
    public HttpPoolTransport build() {
      if (concurrencySet && okHttpClient != null) {
        throw new IllegalStateException(
            "maxConcurrentRequests, maxConcurrentRequestsPerHost, maxIdleConnections and"
                + " idleConnectionTimeout apply to the transport's own OkHttp client; with"
                + " okHttpClient(...) set them on that client's Dispatcher (setMaxRequests,"
                + " setMaxRequestsPerHost) and ConnectionPool");
      }
      return new HttpPoolTransport(this);
    }

    private static int limit(int max, String name) {
      if (max < 1 || max > 100_000) {
        throw new IllegalArgumentException(name + " must be between 1 and 100000, got " + max);
      }
      return max;
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + d);
      }
      return d;
    }
  }
}
