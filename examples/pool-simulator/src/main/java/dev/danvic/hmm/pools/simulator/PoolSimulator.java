package dev.danvic.hmm.pools.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.danvic.hmm.pools.Coin;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local HTTP server that answers like one real pool's API, with slowly drifting, realistic
 * numbers, and with latency, random failures and outages that can be changed while it runs.
 *
 * <pre>{@code
 * try (PoolSimulator sim = PoolSimulator.builder()
 *         .kind(PoolSimulator.Kind.BRAIINS)
 *         .latency(Duration.ofMillis(200))
 *         .build()
 *         .start()) {
 *   String url = sim.baseUrl();      // http://127.0.0.1:40123
 *   String token = sim.token();      // send as Pool-Auth-Token
 *   ...
 *   long calls = sim.requestCount("/accounts/profile/json/btc/");
 * }
 * }</pre>
 *
 * <p>Every number a simulator serves is a pure function of its {@linkplain Builder#seed(long) seed}
 * and its {@linkplain Builder#clock(Clock) clock}'s time: hash rates drift by about 2 % a minute
 * around realistic levels, network difficulty by about 0.3 % an hour, share counters and rewards
 * grow with time, and blocks appear one per {@linkplain Builder#blockInterval(Duration) block
 * interval}. The home miner every kind shows has four rigs: an S21 (200 TH/s), an S19 Pro
 * (110 TH/s), an S9 hashing at 40 % ("low") and a Bitaxe switched off five hours before the
 * simulator started.
 *
 * <p>All simulators in a JVM share one small executor (as many threads as processors, at least 2):
 * a delayed answer waits in its queue rather than on a thread, so 1000 simulators answering after
 * 200 ms each need no more threads. The JDK's server still has one dispatcher thread per simulator.
 * The executor stops when the last simulator is closed.
 *
 * <p>Instances are thread safe. The credential never appears in {@link #toString()} or a log line.
 */
public final class PoolSimulator implements AutoCloseable {

  /** Which pool's API a simulator speaks. */
  public enum Kind {
    /**
     * Solopool.org (open-ethereum-pool family): {@code GET /api/stats}, {@code /api/blocks},
     * {@code /api/accounts/{address}} (an unknown address answers 404 with an empty body). Hash
     * rates in H/s, {@code now} in milliseconds, every other time in unix seconds, amounts as
     * integers in 1e-9 coin units.
     */
    SOLOPOOL("solopool"),
    /**
     * Braiins Pool, BTC only: {@code GET /accounts/profile/json/btc/}, {@code
     * /accounts/workers/json/btc/}, {@code /accounts/rewards/json/btc/} (optional {@code
     * ?from=YYYY-MM-DD&to=YYYY-MM-DD}), {@code /stats/json/btc/}, {@code /accounts/payouts/json/btc/}.
     * Each needs the token in {@code Pool-Auth-Token} or {@code SlushPool-Auth-Token} (either
     * also with an {@code X-} prefix); without it: 403, text/plain, {@code Invalid Access Profile
     * token}. Hash rates in {@code "Gh/s"}, BTC amounts as decimal strings, payouts in integer
     * satoshis, times in unix seconds.
     */
    BRAIINS("braiins"),
    /**
     * MMFP's GoSlimStratum: {@code GET /api/v1/health}, {@code /api/v1/{COIN}/metrics/pool},
     * {@code /api/v1/{COIN}/metrics/miners}, the engine's {@code /api/v1/stats} and {@code
     * /api/v1/miners}, and the seed's {@code /stats} and {@code /blocks/recent}. Hash rates in
     * H/s, durations in seconds, block timestamps in unix seconds, the engine's and miners' times
     * as RFC 3339 strings. With an {@linkplain Builder#apiKey(String) API key} set, every path but
     * the health check needs it in {@code X-API-Key} (401 otherwise).
     */
    MMFP("mmfp"),
    /**
     * public-pool, BTC only: {@code GET /api/client/{address}} (an unknown address answers 200 with
     * zero workers), {@code /api/pool}, {@code /api/network}, {@code /api/info}. Hash rates in
     * fractional H/s, a worker's {@code bestDifficulty} a string with two decimals, times ISO-8601
     * with milliseconds, some counts as strings.
     */
    PUBLICPOOL("publicpool"),
    /**
     * ckpool, BTC only: {@code GET /pool/pool.status} (one JSON object per line, as text) and
     * {@code /users/{address}} (404 for an unknown address). Hash rates as SI strings such as
     * {@code "85.4T"}, fractional share counts, times in unix seconds.
     */
    CKPOOL("ckpool"),
    /**
     * OCEAN, BTC only: {@code GET /v1/pool_stat}, {@code /v1/statsnap/{address}},
     * {@code /v1/user_hashrate_full/{address}}, {@code /v1/earnpay/{address}/{start}/{end}}. A
     * {@code {"result"}} envelope, or {@code {"error"}} with HTTP 200 for an unknown address;
     * numbers as strings (the pool's hash rate beyond 2^53), OCEAN's misspelled keys, zone-less
     * {@code earnpay} times and satoshi amounts.
     */
    OCEAN("ocean"),
    /**
     * Miningcore: {@code GET /api/pools}, {@code /api/pools/{id}}, {@code /api/pools/{id}/blocks},
     * {@code /api/pools/{id}/miners/{address}} (204 for an unknown miner). camelCase, nulls left
     * out, lower-case block statuses, effort as a ratio; one pool, {@code <coin>1}.
     */
    MININGCORE("miningcore"),
    /**
     * NOMP: {@code GET /api/stats}, a {@code pools} map keyed by coin name, string counters,
     * workers keyed {@code "address.worker"} with hash rates only as text ({@code "4.74 TH"}).
     */
    NOMP("nomp");

    private final String poolType;

    Kind(String poolType) {
      this.poolType = poolType;
    }

    /** @return the SDK's {@code pool_type} for this kind, such as {@code "braiins"} */
    public String poolType() {
      return poolType;
    }
  }

  static {
    // Small answers must not wait for the client's delayed ACK (Nagle); read once, when the JDK's
    // server classes load, so set it before the first server starts unless the user chose.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(PoolSimulator.class);
  private static final String ADMIN = "/admin/";
  private static final Pattern IPV4_LOOPBACK =
      Pattern.compile("127\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){2}");
  private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]+");

  private final Kind kind;
  private final Coin coin;
  private final String bindAddress;
  private final int requestedPort;
  private final Clock clock;
  private final Setup setup;
  private final PoolApi api;
  private final Random failures;
  private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final LongAdder total = new LongAdder();
  private volatile long latencyNanos;
  private volatile double failureRate;
  private volatile boolean down;
  private volatile boolean closed;
  private volatile @Nullable HttpServer server;
  private volatile @Nullable ScheduledExecutorService executor;
  private volatile int boundPort;

  private PoolSimulator(
      Builder b, Kind kind, Coin coin, long poolSeed, String username, @Nullable String credential) {
    this.kind = kind;
    this.coin = coin;
    this.bindAddress = b.bindAddress;
    this.requestedPort = b.port;
    this.clock = b.clock;
    this.latencyNanos = b.latency.toNanos();
    this.failureRate = b.failureRate;
    this.failures = new Random(Drift.mix(b.seed ^ 0x503L));
    CoinProfile profile = CoinProfile.of(coin);
    Duration interval = b.blockInterval != null ? b.blockInterval : defaultInterval(kind, profile);
    this.setup =
        new Setup(new Chain(profile, poolSeed, interval), poolSeed, username, credential, b.legacy, clock.instant());
    switch (kind) {
      case SOLOPOOL:
        this.api = new SolopoolApi(setup);
        break;
      case BRAIINS:
        this.api = new BraiinsApi(setup);
        break;
      case PUBLICPOOL:
        this.api = new PublicPoolApi(setup);
        break;
      case CKPOOL:
        this.api = new CkpoolApi(setup);
        break;
      case OCEAN:
        this.api = new OceanApi(setup);
        break;
      case MININGCORE:
        this.api = new MiningcoreApi(setup);
        break;
      case NOMP:
        this.api = new NompApi(setup);
        break;
      default:
        this.api = new MmfpApi(setup);
        break;
    }
  }

  private static Duration defaultInterval(Kind kind, CoinProfile profile) {
    switch (kind) {
      case SOLOPOOL:
        return Chain.demoInterval(profile.difficulty(), profile.solopoolHashrate());
      case BRAIINS:
        return Chain.demoInterval(profile.difficulty(), BraiinsApi.POOL_HASHRATE);
      case PUBLICPOOL:
        return Chain.demoInterval(profile.difficulty(), PublicPoolApi.poolHashrate());
      case OCEAN:
        return Chain.demoInterval(profile.difficulty(), OceanApi.poolHashrate());
      case MININGCORE:
        return Chain.demoInterval(profile.difficulty(), MiningcoreApi.poolHashrate());
      case NOMP:
        return Chain.demoInterval(profile.difficulty(), NompApi.poolHashrate());
      default:
        // MMFP and ckpool: the home miner's own pool
        return Chain.demoInterval(profile.difficulty(), MmfpApi.homeHashrate());
    }
  }

  /** @return a builder with the defaults: BTC, 127.0.0.1, any free port, no latency, no failures */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds the server and starts answering.
   *
   * @return this simulator
   * @throws IllegalStateException when it was started or closed before
   * @throws UncheckedIOException naming the address and port when they cannot be bound
   */
  public synchronized PoolSimulator start() {
    if (closed || server != null) {
      throw new IllegalStateException(this + " was already started");
    }
    ScheduledExecutorService shared = SharedExecutor.acquire();
    try {
      HttpServer s = HttpServer.create(new InetSocketAddress(loopback(bindAddress), requestedPort), 256);
      s.createContext("/", this::handle);
      s.setExecutor(shared);
      // set before the first request can arrive: the handler reads them
      this.executor = shared;
      this.boundPort = s.getAddress().getPort();
      this.server = s;
      s.start();
    } catch (IOException | RuntimeException e) {
      this.executor = null;
      this.server = null;
      SharedExecutor.release();
      throw new UncheckedIOException(
          "cannot bind the simulated " + kind.poolType() + " pool to " + bindAddress + ":" + requestedPort
              + ": " + e.getMessage(),
          e instanceof IOException ? (IOException) e : new IOException(e));
    }
    LOG.debug("Simulated {} pool for {} listening on {}", kind.poolType(), coin, baseUrl());
    return this;
  }

  /**
   * @return the origin to send requests to, such as {@code "http://127.0.0.5:40123"} (no trailing
   *     slash; every kind's paths start with {@code /})
   * @throws IllegalStateException when the simulator is not running
   */
  public String baseUrl() {
    String host = bindAddress.contains(":") ? "[" + bindAddress + "]" : bindAddress;
    return "http://" + host + ":" + port();
  }

  /**
   * @return the port the server listens on (the one chosen by the system when built with port 0)
   * @throws IllegalStateException when the simulator is not running
   */
  public int port() {
    if (server == null || closed) {
      throw new IllegalStateException(this + " is not running");
    }
    return boundPort;
  }

  /** @return the address the server binds, such as {@code "127.0.0.1"} */
  public String bindAddress() {
    return bindAddress;
  }

  /** @return which pool's API this simulator speaks */
  public Kind kind() {
    return kind;
  }

  /** @return the coin this simulator's pool mines */
  public Coin coin() {
    return coin;
  }

  /**
   * @return the account to configure: Solopool's mining address, Braiins' user name, or MMFP's
   *     worker-name prefix (the part before the dot)
   */
  public String username() {
    return setup.username();
  }

  /**
   * The credential a client must send: Braiins' token (in {@code Pool-Auth-Token}) or MMFP's API
   * key (in {@code X-API-Key}). A simulator's token is a test value, but treat it like a secret
   * anyway so code written against the simulator is right for the real pools.
   *
   * @return the credential, or {@code null} when this simulator requires none
   */
  public @Nullable String token() {
    return setup.credential();
  }

  /** @return the clock the simulated numbers are computed from */
  public Clock clock() {
    return clock;
  }

  /**
   * @return the network difficulty the simulated chain has now (plain difficulty): what a demo
   *     configures for a pool whose API does not publish it (ckpool's {@code network_difficulty})
   */
  public double networkDifficulty() {
    return setup.chain().difficulty(clock.instant());
  }

  /** @return the time between two blocks of this simulated pool */
  public Duration blockInterval() {
    return setup.chain().interval();
  }

  /**
   * Sets the time every answer is held back, from the request's arrival; applies to requests that
   * arrive afterwards.
   *
   * @param latency 0 or more
   */
  public void setLatency(Duration latency) {
    this.latencyNanos = requireLatency(latency).toNanos();
  }

  /** @return the current latency */
  public Duration latency() {
    return Duration.ofNanos(latencyNanos);
  }

  /**
   * Sets the probability that a request is answered 503 Service Unavailable instead.
   *
   * @param failureRate from 0 (never) to 1 (always)
   */
  public void setFailureRate(double failureRate) {
    this.failureRate = requireRate(failureRate);
  }

  /** @return the current failure rate, 0 to 1 */
  public double failureRate() {
    return failureRate;
  }

  /**
   * Takes the pool down (every request answers 503 Service Unavailable, after the latency) or
   * brings it back. The server keeps listening, so clients see a failing pool, not a refused
   * connection; {@link #close()} gives the latter.
   *
   * @param down {@code true} to answer 503 to everything
   */
  public void setDown(boolean down) {
    this.down = down;
  }

  /**
   * Takes one of the home miner's rigs offline, as if it stopped hashing: every API shows it off
   * (fewer active workers, less hash rate). Also {@code POST /admin/drop-worker?name=NAME}.
   *
   * @param name a rig's name: s21, s19pro, s9 or bitaxe
   * @return whether there is such a rig
   */
  public boolean dropWorker(String name) {
    if (Rig.HOME.stream().noneMatch(r -> r.name().equals(name))) {
      return false;
    }
    setup.dropped().add(name);
    return true;
  }

  /** Brings every dropped rig back. Also {@code POST /admin/restore-workers}. */
  public void restoreWorkers() {
    setup.dropped().clear();
  }

  /**
   * The pool finds a block now, the home miner's: it appears in the pool's blocks, counts and
   * last-block time from the clock's current time on. Also {@code POST /admin/find-block}.
   *
   * @return when it was found
   */
  public Instant findBlock() {
    return setup.chain().findBlock(clock.instant()).time();
  }

  /** @return whether the pool is down (see {@link #setDown(boolean)}) */
  public boolean isDown() {
    return down;
  }

  /** @return how many requests arrived since the start or the last {@link #resetCounts()}, whatever they were answered */
  public long requestCount() {
    return total.sum();
  }

  /**
   * @param path a path exactly as requested, without the query string, such as {@code
   *     "/api/stats"} ({@code "/stats/json/btc"} and {@code "/stats/json/btc/"} count apart)
   * @return how many requests for that path arrived since the start or the last {@link
   *     #resetCounts()}
   */
  public long requestCount(String path) {
    LongAdder n = counts.get(path);
    return n == null ? 0 : n.sum();
  }

  /** @return the count of every path requested so far, sorted by path */
  public Map<String, Long> requestCounts() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((path, n) -> out.put(path, n.sum()));
    return out;
  }

  /** Sets every request count back to 0. */
  public void resetCounts() {
    counts.clear();
    total.reset();
  }

  /**
   * Stops the server and frees its port at once; answers still held back by latency are dropped.
   * Stops the shared executor when this was the last simulator running. Calling it again does
   * nothing.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    HttpServer s = server;
    if (s != null) {
      s.stop(0);
      SharedExecutor.release();
      LOG.debug("Simulated {} pool at {}:{} stopped", kind.poolType(), bindAddress, boundPort);
    }
  }

  @Override
  public String toString() {
    return "PoolSimulator[" + kind.poolType() + ", " + coin + ", " + bindAddress + ":"
        + (server == null ? requestedPort : boundPort) + (closed ? ", closed" : "") + "]";
  }

  private void handle(HttpExchange exchange) {
    long arrived = System.nanoTime();
    String path = exchange.getRequestURI().getPath();
    SimResponse response;
    try {
      counts.computeIfAbsent(path, p -> new LongAdder()).increment();
      total.increment();
      response = answer(exchange, path);
    } catch (RuntimeException e) {
      LOG.warn("Simulated {} pool could not answer {}", kind.poolType(), path, e);
      response = SimResponse.text(500, "simulator error");
    }
    long wait = latencyNanos - (System.nanoTime() - arrived);
    ScheduledExecutorService ex = executor;
    if (wait > 0 && ex != null) {
      SimResponse later = response;
      try {
        ex.schedule(() -> send(exchange, later), wait, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        exchange.close(); // the last simulator closed meanwhile
      }
      return;
    }
    send(exchange, response);
  }

  private SimResponse answer(HttpExchange exchange, String path) {
    if (path.startsWith(ADMIN)) {
      return admin(exchange, path.substring(ADMIN.length()));
    }
    if (down || failed()) {
      return SimResponse.text(503, "Service Unavailable (simulated)");
    }
    String method = exchange.getRequestMethod();
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      exchange.getResponseHeaders().set("Allow", "GET, HEAD");
      return SimResponse.text(405, "Method Not Allowed: " + method);
    }
    SimRequest request =
        new SimRequest(
            path,
            SimRequest.parseQuery(exchange.getRequestURI().getRawQuery()),
            exchange.getRequestHeaders(),
            clock.instant());
    return api.answer(request);
  }

  /**
   * The admin endpoint, for demos: {@code POST /admin/down}, {@code /admin/up},
   * {@code /admin/drop-worker?name=NAME}, {@code /admin/restore-workers}, {@code /admin/find-block}.
   * Answered to loopback clients only, whatever address the simulator listens on.
   */
  private SimResponse admin(HttpExchange exchange, String command) {
    if (!exchange.getRemoteAddress().getAddress().isLoopbackAddress()) {
      return SimResponse.text(403, "the admin endpoint answers loopback clients only");
    }
    if (!"POST".equals(exchange.getRequestMethod())) {
      exchange.getResponseHeaders().set("Allow", "POST");
      return SimResponse.text(405, "admin commands are POSTs");
    }
    switch (command) {
      case "down":
        setDown(true);
        return SimResponse.text(200, "down");
      case "up":
        setDown(false);
        return SimResponse.text(200, "up");
      case "drop-worker":
        String name = SimRequest.parseQuery(exchange.getRequestURI().getRawQuery()).get("name");
        if (name == null || !dropWorker(name)) {
          return SimResponse.text(404, "no rig named '" + (name == null ? "" : name.replaceAll("[^A-Za-z0-9_-]", "?")) + "'; the rigs are "
              + Rig.HOME.stream().map(Rig::name).toList());
        }
        return SimResponse.text(200, "dropped " + name);
      case "restore-workers":
        restoreWorkers();
        return SimResponse.text(200, "restored");
      case "find-block":
        return SimResponse.text(200, "found a block at " + findBlock());
      default:
        return SimResponse.text(404, "admin commands: down, up, drop-worker?name=NAME, restore-workers, find-block");
    }
  }

  private boolean failed() {
    double rate = failureRate;
    if (rate <= 0) {
      return false;
    }
    synchronized (failures) {
      return failures.nextDouble() < rate;
    }
  }

  private void send(HttpExchange exchange, SimResponse response) {
    try {
      if (response.contentType() != null) {
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
      }
      boolean noBody = response.body().length == 0 || "HEAD".equals(exchange.getRequestMethod());
      exchange.sendResponseHeaders(response.status(), noBody ? -1 : response.body().length);
      if (!noBody) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(response.body());
        }
      }
    } catch (IOException e) {
      LOG.debug("Simulated {} pool: client went away: {}", kind.poolType(), e.toString());
    } finally {
      exchange.close();
    }
  }

  private static InetAddress loopback(String literal) throws UnknownHostException {
    // an IP literal: InetAddress parses it without asking any name server
    return InetAddress.getByName(literal);
  }

  private static Duration requireLatency(Duration latency) {
    Objects.requireNonNull(latency, "latency");
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency must be 0 or more, got " + latency);
    }
    return latency;
  }

  private static double requireRate(double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException("failureRate must be from 0.0 to 1.0, got " + rate);
    }
    return rate;
  }

  /** Settings for a {@link PoolSimulator}; {@link #build()} checks them. */
  public static final class Builder {
    private @Nullable Kind kind;
    private Coin coin = Coin.BTC;
    private String bindAddress = "127.0.0.1";
    private int port;
    private Duration latency = Duration.ZERO;
    private double failureRate;
    private @Nullable String credential;
    private @Nullable String username;
    private Clock clock = Clock.systemUTC();
    private long seed = 1;
    private @Nullable Duration blockInterval;
    private boolean legacy;

    private Builder() {}

    /**
     * @param kind which pool's API to speak (required)
     * @return this builder
     */
    public Builder kind(Kind kind) {
      this.kind = Objects.requireNonNull(kind, "kind");
      return this;
    }

    /**
     * @param coin the coin the pool mines; Braiins serves BTC only (default BTC)
     * @return this builder
     */
    public Builder coin(Coin coin) {
      this.coin = Objects.requireNonNull(coin, "coin");
      return this;
    }

    /**
     * @param bindAddress a loopback IP literal, such as {@code "127.0.0.1"} (default), {@code
     *     "127.0.0.5"} or {@code "::1"}; on Linux every 127.x.y.z works without setup
     * @return this builder
     */
    public Builder bindAddress(String bindAddress) {
      this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress").trim();
      return this;
    }

    /**
     * @param port the TCP port, or 0 (default) for any free one
     * @return this builder
     */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /**
     * @param latency how long every answer is held back, 0 or more (default 0)
     * @return this builder
     */
    public Builder latency(Duration latency) {
      this.latency = requireLatency(latency);
      return this;
    }

    /**
     * @param failureRate the probability, 0 to 1, that a request is answered 503 (default 0);
     *     drawn from a {@link Random} seeded from {@link #seed(long)}
     * @return this builder
     */
    public Builder failureRate(double failureRate) {
      this.failureRate = requireRate(failureRate);
      return this;
    }

    /**
     * @param token Braiins' access-profile token the simulator requires (default: one derived from
     *     the seed, see {@link PoolSimulator#token()}); for MMFP the same as {@link #apiKey(String)}
     * @return this builder
     */
    public Builder token(String token) {
      this.credential = Objects.requireNonNull(token, "token");
      return this;
    }

    /**
     * @param apiKey the {@code X-API-Key} an MMFP simulator requires (default: none required)
     * @return this builder
     */
    public Builder apiKey(String apiKey) {
      return token(apiKey);
    }

    /**
     * @param username the account: Solopool's mining address (default: an address of the coin
     *     derived from the seed), Braiins' user name (default {@code "sim_miner"}), MMFP's worker
     *     prefix (default: an address)
     * @return this builder
     */
    public Builder username(String username) {
      this.username = Objects.requireNonNull(username, "username").trim();
      return this;
    }

    /**
     * @param clock where the simulated numbers take the time from (default the UTC system clock);
     *     see {@link MutableClock} for tests
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * @param seed what every simulated number, address and failure derives from (default 1)
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * @param blockInterval the time between two blocks of the pool, at least 1 minute (default:
     *     what the pool's hash rate gives at the network difficulty, but at most 8 hours so the
     *     last 24 hours always have blocks)
     * @return this builder
     */
    public Builder blockInterval(Duration blockInterval) {
      Objects.requireNonNull(blockInterval, "blockInterval");
      if (blockInterval.compareTo(Duration.ofMinutes(1)) < 0) {
        throw new IllegalArgumentException("blockInterval must be at least 1 minute, got " + blockInterval);
      }
      this.blockInterval = blockInterval;
      return this;
    }

    /**
     * @param legacy {@code true} to answer in the older forms pool-apis.md describes: Solopool's
     *     {@code networkDifficulty}/{@code poolHashrate}/... keys instead of {@code
     *     node.difficulty} and {@code stats.difficulty}; Braiins' Slush-era profile ({@code
     *     confirmed_reward}, {@code unconfirmed_reward}, {@code send_threshold}, {@code
     *     hash_rate_scoring}, no {@code shares_*}), upper-case worker states and the luck keys of
     *     the pool stats; MMFP's shares per window ({@code "1m"}, {@code "5m"}, {@code "15m"})
     *     instead of all-time shares (default {@code false})
     * @return this builder
     */
    public Builder legacyFormat(boolean legacy) {
      this.legacy = legacy;
      return this;
    }

    /**
     * Checks the settings and builds a simulator that is not yet listening.
     *
     * @return the simulator; call {@link PoolSimulator#start()}
     * @throws IllegalStateException when no kind was set
     * @throws IllegalArgumentException naming the setting that is wrong
     */
    public PoolSimulator build() {
      Kind k = kind;
      if (k == null) {
        throw new IllegalStateException("kind is required: SOLOPOOL, BRAIINS, MMFP, PUBLICPOOL, CKPOOL, OCEAN, MININGCORE or NOMP");
      }
      if (!IPV4_LOOPBACK.matcher(bindAddress).matches() && !"::1".equals(bindAddress)) {
        throw new IllegalArgumentException(
            "bindAddress must be a loopback IP literal such as 127.0.0.5 or ::1, got '" + bindAddress + "'");
      }
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be from 0 to 65535, got " + port);
      }
      if (k == Kind.BRAIINS && coin != Coin.BTC) {
        throw new IllegalArgumentException("coin: Braiins Pool serves BTC only, got " + coin);
      }
      if ((k == Kind.PUBLICPOOL || k == Kind.CKPOOL || k == Kind.OCEAN) && coin != Coin.BTC) {
        throw new IllegalArgumentException("coin: " + k.poolType() + " serves BTC only, got " + coin);
      }
      // pools of different kinds or coins built with one seed still differ from each other
      long poolSeed = Drift.hash(seed, k.ordinal(), coin.ordinal());
      String cred = credential;
      if (cred != null && k != Kind.BRAIINS && k != Kind.MMFP) {
        throw new IllegalArgumentException("token: the " + k.poolType() + " API takes no token");
      }
      if (cred != null && !TOKEN.matcher(cred).matches()) {
        throw new IllegalArgumentException(
            "token must be printable ASCII without spaces (it is sent in an HTTP header)");
      }
      if (k == Kind.BRAIINS && cred == null) {
        cred = "sim-" + Long.toHexString(Drift.hash(poolSeed, 0x70C, 0)) + Long.toHexString(Drift.hash(poolSeed, 0x70C, 1));
      }
      String user = username;
      if (user != null && (user.isEmpty() || user.contains("/") || !TOKEN.matcher(user).matches())) {
        throw new IllegalArgumentException(
            "username must be printable ASCII without spaces or '/', got '" + user + "'");
      }
      if (user == null) {
        user = k == Kind.BRAIINS ? "sim_miner" : CoinProfile.of(coin).address(poolSeed, 0);
      }
      return new PoolSimulator(this, k, coin, poolSeed, user, cred);
    }
  }
}
