package dev.danvic.hmm.pools.core.internal;

import dev.danvic.hmm.pools.core.SdkEventListener;
import dev.danvic.hmm.pools.PoolApiException;
import dev.danvic.hmm.pools.PoolApiException.Kind;
import dev.danvic.hmm.pools.PoolRequest;
import dev.danvic.hmm.pools.PoolResponse;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ProtocolException;
import java.net.SocketException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.Dns;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an {@code HttpPoolTransport} owns and does: the OkHttp client, the scheduler for delayed
 * retries and rate-limit waits, the per-scope resilience4j {@code Retry} instances, the per-key
 * rate limiter and the operations in flight. One attempt is {@link #attempt}; the retry and
 * deadline policy of a {@code getJson} sits in {@link HttpPoolContext}. Not API.
 */
public final class TransportEngine {
  /** Named after the public class, so a user turns on one logger to see every attempt. */
  static final Logger LOG = LoggerFactory.getLogger("dev.danvic.hmm.pools.core.HttpPoolTransport");

  /** What an operation of a closed transport fails with, and what {@code context} throws. */
  public static final String CLOSED = "HttpPoolTransport is closed";

  /** A retry that would have less time than this before the deadline is not worth starting. */
  static final Duration MIN_ATTEMPT_TIME = Duration.ofMillis(100);
  /** The type of a {@code PoolRequest} body (JSON-RPC to a node). */
  private static final MediaType JSON_BODY = MediaType.get("application/json");

  private final TransportClients clients;
  private final @Nullable ExecutorService ownDispatcherExecutor;
  private final TransportSettings settings;
  private final Clock clock;
  private final Ticker ticker;
  /** Answers of requests with a refresh interval, per scope; made on first use (see {@link #memo()}). */
  private volatile @Nullable ResponseMemo memo;
  private final @Nullable ScheduledExecutorService callerScheduler;
  private final String threadPrefix;
  /**
   * One {@code Retry} per scope (pool), built from one shared config. Bounded in time: a scope not
   * used for an hour (a removed pool) is dropped, so a long-running server that adds and removes
   * pools does not grow without end.
   */
  private final LoadingCache<String, Retry> retries;
  private final KeyedRateLimiter rateLimiter = new KeyedRateLimiter();
  /** Spaces rate-limited requests across processes; {@code null}: this transport only. */
  private volatile dev.danvic.hmm.pools.core.@Nullable TileStore sharedSpacing;
  private final Set<TransportOperation> live = ConcurrentHashMap.newKeySet();
  private final Object lock = new Object();
  private @Nullable ScheduledExecutorService ownScheduler; // guarded by lock
  private volatile boolean closed;
  private final SdkEventListener events;

  /**
   * @param callerClient the application's own client, used through {@code newBuilder()} so that
   *     its connection pool and dispatcher are shared and never shut down here; {@code null} to
   *     build one the transport owns
   * @param settings validated settings
   * @param clock the wall clock: a context's deadline instant is turned into time left with it,
   *     and {@code Retry-After} dates are read with it
   * @param ticker the monotonic time source deadlines, backoff, {@code Retry-After} waits and
   *     rate-limit slots run on once an operation has started
   * @param callerScheduler the application's scheduler for delays (never shut down here), or
   *     {@code null} for one daemon thread the transport creates on first use
   * @param threadPrefix the start of the names of threads the transport creates
   * @param events hears of every attempt and retry (metrics); {@link SdkEventListener#NONE} for none
   */
  public TransportEngine(
      @Nullable OkHttpClient callerClient,
      TransportSettings settings,
      Clock clock,
      Ticker ticker,
      @Nullable ScheduledExecutorService callerScheduler,
      String threadPrefix,
      SdkEventListener events) {
    this.settings = settings;
    this.events = events;
    this.clock = clock;
    this.ticker = ticker;
    this.callerScheduler = callerScheduler;
    this.threadPrefix = threadPrefix;
    OkHttpClient.Builder b;
    if (callerClient != null) {
      ownDispatcherExecutor = null;
      b = callerClient.newBuilder();
    } else {
      // Named daemon threads we can shut down, reused while idle, and a hard bound: the
      // dispatcher runs at most maxConcurrentRequests calls, but a finishing call hands the next
      // one over before its own thread is free again, so an unbounded pool (OkHttp's own) can
      // briefly exceed it. Here a handed-over call waits for that thread instead.
      ownDispatcherExecutor =
          ElasticThreads.create(settings.maxConcurrentRequests(), new TransportThreads(threadPrefix + "-http"));
      Dispatcher dispatcher = new Dispatcher(ownDispatcherExecutor);
      // OkHttp's own limits (64 at once, 5 per host) would queue a fan-out over more than about
      // 20 pools behind itself: every pool is its own host, each sending a few requests at once
      dispatcher.setMaxRequests(settings.maxConcurrentRequests());
      dispatcher.setMaxRequestsPerHost(settings.maxConcurrentRequestsPerHost());
      // OkHttp's default pool keeps 5 idle connections: a refresh of N pools (about 3N requests
      // at once, each on its own connection) would open 3N new ones every time (with real pools,
      // 3N TLS handshakes). Keeping them for the next refresh costs no more sockets than the
      // refresh itself holds open. The pools are split by host (ConnectionShards).
      b = new OkHttpClient.Builder().dispatcher(dispatcher);
    }
    if (!settings.allowLinkLocal()) {
      b.dns(AddressGuard.dns(callerClient != null ? callerClient.dns() : Dns.SYSTEM));
      SocketFactory sockets = callerClient != null ? callerClient.socketFactory() : SocketFactory.getDefault();
      if (sockets.getClass() == SocketFactory.getDefault().getClass()) {
        b.socketFactory(AddressGuard.socketFactory()); // the same plain sockets, checked first
      }
    }
    b.connectTimeout(settings.connectTimeout())
        .readTimeout(settings.readTimeout())
        .writeTimeout(settings.readTimeout())
        .addNetworkInterceptor(new SecretHeaderGuard());
    // the application's client already has its TLS; ours gets it on the first https request, and
    // keeps idle connections in pools split by host (ConnectionShards)
    this.clients =
        callerClient != null ? TransportClients.of(b.build()) : TransportClients.tlsOnDemand(b, settings);

    IntervalFunction backoff =
        settings.backoffJitter() > 0
            ? IntervalFunction.ofExponentialRandomBackoff(
                settings.initialBackoff(), settings.backoffMultiplier(), settings.backoffJitter())
            : IntervalFunction.ofExponentialBackoff(
                settings.initialBackoff(), settings.backoffMultiplier());
    RetryConfig config =
        RetryConfig.custom()
            .maxAttempts(settings.maxAttempts())
            .retryOnException(t -> unwrap(t) instanceof AttemptFailure f && f.retryable())
            .intervalBiFunction((attempt, outcome) -> waitBeforeRetry(backoff, attempt, outcome))
            .build();
    this.retries =
        Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofHours(1))
            .executor(Runnable::run)
            .build(scope -> {
              Retry retry = Retry.of(scope, config);
              retry.getEventPublisher().onRetry(e -> tell(events::requestRetried));
              return retry;
            });
  }

  /**
   * The wait before the next attempt: exponential backoff with jitter, or longer when the server
   * asked for it with {@code Retry-After}. A wait that would leave no useful time before the
   * deadline is not taken: -1 tells the {@code Retry} to stop and fail with the last error.
   */
  private long waitBeforeRetry(
      IntervalFunction backoff, Integer attempt, Either<Throwable, Object> outcome) {
    long wait = backoff.apply(attempt);
    Throwable t = outcome.isLeft() ? unwrap(outcome.getLeft()) : null;
    if (t instanceof AttemptFailure f) {
      Duration asked = f.retryAfter();
      if (asked != null) {
        wait = Math.max(wait, ceilMillis(asked));
      }
      long resume = ticker.read() + TimeUnit.MILLISECONDS.toNanos(wait) + MIN_ATTEMPT_TIME.toNanos();
      if (resume - f.deadlineNanos() > 0) {
        return -1L;
      }
    }
    return wait;
  }

  /** @return the settings the transport was built with */
  public TransportSettings settings() {
    return settings;
  }

  /** @return the transport's clock */
  public Clock clock() {
    return clock;
  }

  /**
   * @return the answers kept for requests with a refresh interval; made on first use, so a
   *     transport whose plugins declare none pays nothing for it (not even on a cold JVM)
   */
  public ResponseMemo memo() {
    ResponseMemo m = memo;
    if (m == null) {
      synchronized (this) {
        m = memo;
        if (m == null) {
          m = new ResponseMemo(ticker);
          memo = m;
        }
      }
    }
    return m;
  }

  /** @return the transport's monotonic time, nanoseconds (only differences mean anything) */
  public long nanoTime() {
    return ticker.read();
  }

  /**
   * @param scope a pool id or other name
   * @return the resilience4j {@code Retry} of that scope, created on first use from the shared
   *     configuration
   */
  public Retry retry(String scope) {
    return retries.get(scope);
  }

  /**
   * @return the scheduler for delayed retries and rate-limit waits
   * @throws IllegalStateException when the transport is closed
   */
  public ScheduledExecutorService scheduler() {
    if (callerScheduler != null) {
      return callerScheduler;
    }
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException(CLOSED);
      }
      if (ownScheduler == null) {
        ScheduledThreadPoolExecutor s =
            new ScheduledThreadPoolExecutor(1, new TransportThreads(threadPrefix + "-scheduler"));
        s.setRemoveOnCancelPolicy(true); // cancelled deadline timers must not pile up
        ownScheduler = s;
      }
      return ownScheduler;
    }
  }

  /** @return whether {@link #close()} was called */
  public boolean isClosed() {
    return closed;
  }

  /**
   * @return connections (idle or in use) in the connection pool the transport sends through; with
   *     the application's own client that is the application's pool
   */
  public int openConnections() {
    return clients.connectionCount();
  }

  /** Closes the idle connections of the client's pool; connections in use carry on. */
  public void closeIdleConnections() {
    clients.evictAll();
  }

  /** @return requests waiting in the dispatcher's queue for a free slot (for tests) */
  public int queuedRequests() {
    return clients.shared().dispatcher().queuedCallsCount();
  }

  /** @return requests the dispatcher is running now (for tests) */
  public int runningRequests() {
    return clients.shared().dispatcher().runningCallsCount();
  }

  /**
   * Registers an operation so that {@link #close()} can end it. When the transport is closed the
   * result fails at once with {@link IllegalStateException}.
   *
   * @param result the future the caller will hold
   * @param safeUrl the request's URL without query
   * @return the operation
   */
  public TransportOperation begin(CompletableFuture<?> result, String safeUrl) {
    TransportOperation op = new TransportOperation(result, safeUrl);
    live.add(op);
    result.whenComplete(
        (v, e) -> {
          op.end();
          live.remove(op);
        });
    if (closed) { // checked after add, so close() cannot miss it
      result.completeExceptionally(new IllegalStateException(CLOSED));
    }
    return op;
  }

  /**
   * Sends the request once, after waiting for its rate-limit slot, with an OkHttp call timeout
   * that ends at the deadline.
   *
   * @param op the operation the attempt belongs to
   * @param request what to send
   * @param deadline when the operation is cut off, a {@link #nanoTime()} reading
   * @return the response whatever its status; fails with {@link PoolApiException}
   *     ({@code CONNECTION}, {@code TIMEOUT}, {@code BODY_TOO_LARGE}, {@code RATE_LIMITED},
   *     {@code MALFORMED_RESPONSE} for a peer that does not speak HTTP), with
   *     {@link IllegalArgumentException} for a request OkHttp cannot send, with
   *     {@link IllegalStateException} when the transport is closed, or with
   *     {@link CancellationException} when the operation already ended
   */
  public CompletableFuture<PoolResponse> attempt(
      TransportOperation op, PoolRequest request, long deadline) {
    if (events == SdkEventListener.NONE) {
      return attemptOnce(op, request, deadline);
    }
    long t0 = System.nanoTime();
    // the caller sees the attempt end only once it was reported
    return attemptOnce(op, request, deadline).whenComplete((r, t) -> {
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      tell(() -> events.requestCompleted(outcome(r, t), took));
    });
  }

  /** The outcome word of one attempt, as {@link SdkEventListener#requestCompleted} documents it. */
  static String outcome(@Nullable PoolResponse response, @Nullable Throwable failure) {
    if (response != null) {
      return (response.status() / 100) + "xx";
    }
    Throwable t = unwrap(failure);
    if (t instanceof PoolApiException pe) {
      return pe.kind().name().toLowerCase(java.util.Locale.ROOT);
    }
    if (t instanceof CancellationException) {
      return "cancelled";
    }
    return "refused";
  }

  private static void tell(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.warn("an SdkEventListener failed; the transport carries on", e);
    }
  }

  private CompletableFuture<PoolResponse> attemptOnce(
      TransportOperation op, PoolRequest request, long deadline) {
    if (op.isOver()) {
      return CompletableFuture.failedFuture(new CancellationException("the operation has ended"));
    }
    String safeUrl = request.safeUrl();
    long now = ticker.read();
    if (deadline - now <= 0) {
      return CompletableFuture.failedFuture(deadlinePassed(safeUrl));
    }
    String key = request.rateLimitKey();
    Duration interval = request.minInterval();
    if (key == null || interval == null) {
      return execute(op, request, deadline);
    }
    dev.danvic.hmm.pools.core.TileStore shared = sharedSpacing;
    if (shared == null) {
      return spacedLocally(op, request, deadline, key, interval, now);
    }
    CompletableFuture<Optional<Duration>> reserved;
    try {
      reserved =
          shared.reserve(KeyedRateLimiter.digest(key), interval, Duration.ofNanos(deadline - now));
    } catch (RuntimeException e) {
      reserved = CompletableFuture.failedFuture(e);
    }
    return reserved
        .handle(
            (wait, t) -> {
              if (t != null) {
                LOG.debug("GET {}: the shared rate limit did not answer ({}); spaced in this process only", safeUrl, t.toString());
                return spacedLocally(op, request, deadline, key, interval, ticker.read());
              }
              if (wait.isEmpty()) {
                return CompletableFuture.<PoolResponse>failedFuture(rateLimited(safeUrl, interval, null));
              }
              return startAfter(op, request, deadline, ceilMillis(wait.get()));
            })
        .thenCompose(f -> f);
  }

  /**
   * Shares the spacing of rate-limited requests with the other processes that use the store.
   *
   * @param store the store; only the SHA-256 of a rate-limit key reaches it
   */
  public void shareSpacing(dev.danvic.hmm.pools.core.TileStore store) {
    this.sharedSpacing = Objects.requireNonNull(store, "store");
  }

  private CompletableFuture<PoolResponse> spacedLocally(
      TransportOperation op, PoolRequest request, long deadline, String key, Duration interval, long now) {
    KeyedRateLimiter.Slot slot = rateLimiter.reserve(key, interval.toNanos(), now, deadline);
    if (!slot.granted()) {
      Duration until = Duration.ofNanos(slot.start() - now);
      LOG.debug(
          "GET {} skipped: rate limit, next slot in {} ms is past the deadline",
          request.safeUrl(),
          until.toMillis());
      return CompletableFuture.failedFuture(rateLimited(request.safeUrl(), interval, until));
    }
    return startAfter(op, request, deadline, ceilMillis(Duration.ofNanos(slot.start() - now)));
  }

  private static PoolApiException rateLimited(String safeUrl, Duration interval, @Nullable Duration until) {
    return new PoolApiException(
        Kind.RATE_LIMITED,
        0,
        safeUrl,
        "skipped "
            + safeUrl
            + ": this pool allows one request per "
            + TransportText.seconds(interval)
            + (until != null
                ? " and the next free slot, in " + TransportText.seconds(until) + ", is past the deadline"
                : " and the next free slot (shared by every process) is past the deadline"));
  }

  private CompletableFuture<PoolResponse> startAfter(
      TransportOperation op, PoolRequest request, long deadline, long waitMs) {
    if (waitMs <= 0) {
      return execute(op, request, deadline);
    }
    CompletableFuture<PoolResponse> f = new CompletableFuture<>();
    op.heldFor(Duration.ofMillis(waitMs)); // a tile read need not wait for what starts past its budget
    try {
      scheduler()
          .schedule(
              () -> {
                op.released();
                forward(execute(op, request, deadline), f);
              },
              waitMs,
              TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException | IllegalStateException e) {
      op.released();
      f.completeExceptionally(new IllegalStateException(CLOSED));
    }
    return f;
  }

  private CompletableFuture<PoolResponse> execute(
      TransportOperation op, PoolRequest request, long deadline) {
    String safeUrl = request.safeUrl();
    if (deadline - ticker.read() <= 0) {
      return CompletableFuture.failedFuture(deadlinePassed(safeUrl));
    }
    Request httpRequest;
    try {
      httpRequest = toOkHttp(request);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (!settings.allowLinkLocal()) {
      try {
        AddressGuard.checkLiteral(httpRequest.url());
      } catch (AddressGuard.RefusedAddressException e) {
        LOG.debug("GET {} refused: {}", safeUrl, e.getMessage());
        return CompletableFuture.failedFuture(HttpFailures.map(e, httpRequest.url(), safeUrl, Duration.ZERO));
      }
    }
    Call call;
    try {
      call = clients.forUrl(httpRequest.url()).newCall(httpRequest);
    } catch (RuntimeException | LinkageError e) {
      // the TLS half is built on the first https request: a broken trust store fails that request
      LOG.debug("GET {} not sent: {}", safeUrl, e.toString());
      return CompletableFuture.failedFuture(
          new PoolApiException(
              Kind.CONNECTION, 0, safeUrl, "could not set up TLS for " + safeUrl + ": " + e.getMessage()));
    }
    // the attempt may use what is left of the operation's time (read after the client was chosen,
    // which may have set up TLS), never more
    Duration remaining = Duration.ofNanos(deadline - ticker.read());
    if (remaining.isNegative() || remaining.isZero()) {
      return CompletableFuture.failedFuture(deadlinePassed(safeUrl));
    }
    call.timeout().timeout(ceilMillis(remaining), TimeUnit.MILLISECONDS);
    if (!op.attach(call)) {
      return CompletableFuture.failedFuture(new CancellationException("the operation has ended"));
    }
    CompletableFuture<PoolResponse> f = new CompletableFuture<>();
    long t0 = System.nanoTime();
    WarmUp.requestSent(); // a fresh JVM reads ahead while the answer is on its way
    call.enqueue(
        new Callback() {
          @Override
          public void onFailure(Call c, IOException e) {
            op.detach(c);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
            // Only an operation that ended (deadline, caller's cancel, close) is a cancellation.
            // OkHttp's own call timeout also marks the call cancelled: that is a TIMEOUT.
            if (op.isOver()) {
              LOG.debug("GET {} cancelled after {} ms", safeUrl, elapsed.toMillis());
              f.completeExceptionally(new CancellationException("the operation has ended"));
              return;
            }
            PoolApiException pe = HttpFailures.map(e, httpRequest.url(), safeUrl, elapsed);
            LOG.debug("GET {} failed after {} ms: {}", safeUrl, elapsed.toMillis(), pe.getMessage());
            f.completeExceptionally(pe);
          }

          @Override
          public void onResponse(Call c, Response response) {
            if (clients.redirectsToTls(response)) {
              // an http pool that moved to https: sent again through a client that speaks TLS
              // (which follows the redirect itself), as a single client would have done
              response.close();
              op.detach(c);
              LOG.debug("GET {} redirected to https: sent again with TLS", safeUrl);
              forward(execute(op, request, deadline), f);
              return;
            }
            PoolResponse pr;
            try (response) {
              pr = read(response, safeUrl, t0);
            } catch (PoolApiException pe) {
              LOG.debug(
                  "GET {} -> {} refused after {} ms: {}",
                  safeUrl,
                  response.code(),
                  millisSince(t0),
                  pe.getMessage());
              f.completeExceptionally(pe);
              return;
            } catch (IOException e) {
              onFailure(c, e);
              return;
            } finally {
              op.detach(c);
            }
            // completed once the response is closed: its connection is back in the pool, so the
            // plugin's next request to this host (chained on this future) reuses it
            LOG.debug("GET {} -> {} in {} ms", safeUrl, pr.status(), Math.round(pr.latencyMs()));
            f.complete(pr);
          }
        });
    return f;
  }

  private Request toOkHttp(PoolRequest request) {
    String safeUrl = request.safeUrl();
    HttpUrl url = HttpUrl.parse(request.url());
    if (url == null) {
      throw new IllegalArgumentException("not a valid URL: " + safeUrl);
    }
    Request.Builder b = new Request.Builder().url(url).header("User-Agent", settings.userAgent());
    String body = request.jsonBody();
    if (body == null) {
      b.get();
    } else {
      b.post(RequestBody.create(body, JSON_BODY));
    }
    for (Map.Entry<String, String> h : request.headers().entrySet()) {
      try {
        b.header(h.getKey(), h.getValue());
      } catch (IllegalArgumentException e) {
        // OkHttp's message quotes the value, which may be a token: say which header, not what it holds
        throw new IllegalArgumentException(
            "header '" + h.getKey() + "' of the request to " + safeUrl + " is not valid in HTTP");
      }
    }
    if (!request.secretHeaders().isEmpty()) {
      b.tag(SecretHeaderGuard.Secrets.class, new SecretHeaderGuard.Secrets(url, request.secretHeaders()));
    }
    return b.build();
  }

  /**
   * Reads the body up to the cap. A 2xx body over the cap is refused; the body of any other
   * status is only informative, so it is cut at the cap and the status still reaches the caller.
   */
  private PoolResponse read(Response response, String safeUrl, long t0) throws IOException {
    ResponseBody body = response.body();
    long max = settings.maxBodyBytes();
    boolean success = response.isSuccessful();
    long declared = body.contentLength();
    if (success && declared > max) {
      throw tooLarge(safeUrl, response.code(), declared);
    }
    BufferedSource source = body.source();
    boolean over;
    try {
      over = source.request(max + 1); // reads at most max + 1 bytes
    } catch (IOException e) {
      throw truthfully(e, response, source.getBuffer().size(), safeUrl);
    }
    if (over && success) {
      throw tooLarge(safeUrl, response.code(), -1);
    }
    MediaType type = body.contentType();
    Charset charset = type == null ? StandardCharsets.UTF_8 : type.charset(StandardCharsets.UTF_8);
    long size = Math.min(source.getBuffer().size(), max);
    String text = source.getBuffer().readString(size, charset == null ? StandardCharsets.UTF_8 : charset);
    double latencyMs = (System.nanoTime() - t0) / 1e6;
    return new PoolResponse(
        response.code(), response.header("Content-Type"), text, response.headers().toMultimap(), latencyMs);
  }

  /**
   * What a failure while reading a body was, in words: a body shorter than its
   * {@code Content-Length}, a gzip body that cannot be decompressed, or otherwise (a reset, a
   * timeout) the plain I/O failure, which the caller maps as any other.
   */
  private static IOException truthfully(
      IOException e, Response response, long read, String safeUrl) {
    if (e instanceof SocketException || e instanceof InterruptedIOException) {
      return e; // the connection broke or timed out: that is the truth
    }
    Response network = response.networkResponse();
    Headers wire = network != null ? network.headers() : response.headers();
    boolean gzip = "gzip".equalsIgnoreCase(String.valueOf(wire.get("Content-Encoding")).trim());
    long declared = contentLength(wire);
    // OkHttp's fixed-length body source says this when the connection ends before the length
    if (declared >= 0 && e instanceof ProtocolException && "unexpected end of stream".equals(e.getMessage())) {
      throw HttpFailures.shortBody(safeUrl, gzip ? -1 : read, declared, e);
    }
    if (gzip) { // OkHttp decompresses transparently; anything else failing here is the gzip data
      throw HttpFailures.brokenGzip(safeUrl, e);
    }
    return e;
  }

  private static long contentLength(Headers headers) {
    String v = headers.get("Content-Length");
    if (v == null) {
      return -1;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private PoolApiException tooLarge(String safeUrl, int status, long declared) {
    String size = declared > 0 ? " (" + TransportText.bytes(declared) + ")" : "";
    return new PoolApiException(
        Kind.BODY_TOO_LARGE,
        status,
        safeUrl,
        "the response from "
            + safeUrl
            + size
            + " is larger than the "
            + TransportText.bytes(settings.maxBodyBytes())
            + " limit");
  }

  static PoolApiException deadlinePassed(String safeUrl) {
    return new PoolApiException(
        Kind.TIMEOUT, 0, safeUrl, "the deadline passed before " + safeUrl + " could be requested");
  }

  /**
   * Ends every operation in flight (their futures fail with {@link IllegalStateException}), stops
   * the scheduler the transport created and, when the transport built the OkHttp client itself,
   * its dispatcher threads and pooled connections. Never touches the application's own client or
   * scheduler. Idempotent.
   */
  public void close() {
    ScheduledExecutorService scheduler;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      scheduler = ownScheduler;
    }
    for (TransportOperation op : live) {
      op.result().completeExceptionally(new IllegalStateException(CLOSED));
    }
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    if (ownDispatcherExecutor != null) {
      clients.shared().dispatcher().cancelAll();
      ownDispatcherExecutor.shutdown();
    }
    boolean onOwnThread = Thread.currentThread().getName().startsWith(threadPrefix + "-");
    if (!onOwnThread) { // waiting for ourselves would only stall
      awaitQuietly(scheduler);
      awaitQuietly(ownDispatcherExecutor);
    }
    if (ownDispatcherExecutor != null) {
      clients.evictAll();
    }
  }

  private static void awaitQuietly(@Nullable ExecutorService executor) {
    if (executor == null) {
      return;
    }
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static <T> void forward(CompletableFuture<T> from, CompletableFuture<T> to) {
    from.whenComplete(
        (v, e) -> {
          if (e == null) {
            to.complete(v);
          } else {
            to.completeExceptionally(unwrap(e));
          }
        });
  }

  /**
   * @param t a failure, possibly wrapped by a future
   * @return the failure without {@link CompletionException} / {@link ExecutionException} wrappers
   */
  public static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException || c instanceof ExecutionException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }

  /**
   * @param d a non-negative duration
   * @return the duration in milliseconds, rounded up so a wait never ends early
   */
  public static long ceilMillis(Duration d) {
    long ms = d.toMillis();
    return d.minusMillis(ms).isZero() ? ms : ms + 1;
  }

  private static long millisSince(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
