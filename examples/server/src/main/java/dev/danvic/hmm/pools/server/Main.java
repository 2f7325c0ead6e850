package dev.danvic.hmm.pools.server;

import dev.danvic.hmm.pools.Coin;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.core.HttpPoolTransport;
import dev.danvic.hmm.pools.core.PoolRegistry;
import dev.danvic.hmm.pools.micrometer.HmmPoolsMetrics;
import dev.danvic.hmm.pools.redis.RedisTileStore;
import dev.danvic.hmm.pools.simulator.AxeOsSimulator;
import dev.danvic.hmm.pools.simulator.PoolSimulator;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;

/**
 * Runs the reference server from the command line.
 *
 * <pre>
 * java -jar examples/server/target/hmm-pools-server.jar [--demo | --demo-nomp] [--host H] [--port N] [--db JDBC_URL]
 * </pre>
 *
 * <ul>
 *   <li>{@code --host} (env {@code HMM_POOLS_HOST}): the address to listen on, default
 *       {@code 127.0.0.1}.</li>
 *   <li>{@code --port} (env {@code HMM_POOLS_PORT}): default 8080; 0 picks a free port.</li>
 *   <li>{@code --db} (env {@code HMM_POOLS_DB}): a JDBC URL; default the H2 file database
 *       {@code jdbc:h2:file:./data/hmm-pools} (created on first start). A PostgreSQL URL such as
 *       {@code jdbc:postgresql://127.0.0.1:5432/hmm?user=hmm&password=...} works too.</li>
 *   <li>{@code --max-pools} (env {@code HMM_POOLS_MAX_POOLS}): the most pools stored, default
 *       {@value PoolsServer#DEFAULT_MAX_POOLS}.</li>
 *   <li>{@code --allowed-origin} (env {@code HMM_POOLS_ALLOWED_ORIGINS}, comma-separated): another
 *       origin whose pages may change pools and listen to updates; may repeat.</li>
 *   <li>env {@code HMM_POOLS_SECRET_KEY}: 32 bytes in base64; when set, stored secrets are
 *       encrypted with it (AES-256-GCM), see {@link SecretCipher}.</li>
 *   <li>{@code --plugins} (env {@code HMM_POOLS_PLUGINS}): a folder of community plugin jars, each
 *       loaded in its own class loader ({@link PluginFolder}); default {@code plugins}, with
 *       {@code --demo} the {@code demo-plugins} folder beside the server's jar.</li>
 *   <li>{@code --redis} (env {@code HMM_POOLS_REDIS}): a {@code redis://} address shared by several
 *       servers behind a load balancer: they share tiles (each pool loaded by one server per
 *       window) and Braiins' request spacing ({@link RedisTileStore}), and, given one PostgreSQL
 *       {@code --db}, a pool changed through one appears in the others within a second
 *       ({@link ClusterSync}).</li>
 *   <li>{@code --demo}: also starts seven simulated pools on loopback (Solopool BTC, Braiins Pool
 *       BTC with a demo token, MMFP DGB, public-pool, ckpool, OCEAN and Miningcore BTC) and points
 *       one stored pool of each type at them through {@code api_base_url}: created when absent,
 *       re-pointed at the new simulator ports when present. Needs no internet.</li>
 *   <li>{@code --demo-nomp}: the demo with a simulated NOMP portal too.</li>
 *   <li>{@code --network-source COIN=sibling|node|explorer}, {@code --node-url}, {@code --node-user},
 *       {@code --node-cookie}, {@code --explorer-url} (and their environment variables): where a
 *       coin's network difficulty comes from when a pool gives none; see {@link NetworkOptions}.</li>
 * </ul>
 */
public final class Main {
  /** The database used when none is given: an H2 file under {@code ./data}. */
  public static final String DEFAULT_DB = "jdbc:h2:file:./data/hmm-pools";
  /** The Braiins access token of the demo's simulated Braiins pool (a test value, not a real one). */
  static final String DEMO_BRAIINS_TOKEN = "hmm-pools-demo-token";

  private Main() {}

  /**
   * Starts the server and blocks until the JVM is stopped (Ctrl+C).
   *
   * @param args see the class documentation
   */
  public static void main(String[] args) {
    Options options;
    try {
      options = Options.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("hmm-pools-server: " + e.getMessage());
      usage(System.err);
      System.exit(2);
      return;
    }
    if (options.help) {
      usage(System.out);
      return;
    }
    Running running;
    try {
      running = start(options);
    } catch (RuntimeException e) {
      System.err.println("hmm-pools-server: " + StartupHints.explain(e, options.port, options.db));
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      running.close();
      stopped.countDown();
    }, "hmm-pools-shutdown"));
    System.out.println();
    System.out.println("hmm-pools dashboard: " + running.server.baseUrl() + "/");
    if (options.demo) {
      System.out.println("demo pools (simulated on loopback):");
      running.simulators.forEach(s -> System.out.println("  " + s.kind().poolType() + " " + s.coin() + " at " + s.baseUrl()));
      if (running.axeos != null) {
        System.out.println("  simulated Bitaxe (AxeOS API) at " + running.axeos.baseUrl() + ", failover group demo-bitaxe");
      }
    }
    System.out.println("press Ctrl+C to stop");
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Starts everything the options ask for.
   *
   * @param options parsed options
   * @return what runs; close it to stop
   */
  static Running start(Options options) {
    return start(options, java.time.Clock.systemUTC());
  }

  /**
   * Starts everything the options ask for, on a clock of the caller's (tests move it).
   *
   * @param options parsed options
   * @param clock the server's wall clock (see {@link PoolsServer.Builder#clock})
   * @return what runs; close it to stop
   */
  static Running start(Options options, java.time.Clock clock) {
    List<PoolSimulator> simulators = new ArrayList<>();
    PoolStore store = null;
    PoolRegistry registry = null;
    // the transport is the server's, so that /metrics counts its requests and retries
    HmmPoolsMetrics metrics = new HmmPoolsMetrics();
    // --redis: one tile cache, one load per pool per window and one politeness budget for every
    // server sharing the Redis (and the pool database)
    RedisTileStore tileStore = options.redis != null ? RedisTileStore.builder(options.redis).build() : null;
    HttpPoolTransport.Builder transportSettings = HttpPoolTransport.builder().eventListener(metrics);
    if (tileStore != null) {
      transportSettings.sharedSpacing(tileStore);
    }
    HttpPoolTransport transport = transportSettings.build();
    PluginFolder folder = PluginFolder.none();
    DemoPlugins demoPlugins = null;
    try {
      store = PoolStore.open(options.db, java.time.Clock.systemUTC(), options.secretKey);
      if (options.demo) {
        simulators.addAll(startSimulators(demoKinds(options.demoNomp)));
        configureDemoPools(store, simulators);
      }
      // community plugins: every jar of the plugins folder, each in its own class loader
      List<String> builtIn;
      try (PoolRegistry builtIns = PoolRegistry.builder().discover().transport(transport).build()) {
        builtIn = builtIns.plugins().stream().map(dev.danvic.hmm.pools.BasePoolIntegration::poolType).toList();
      }
      folder = PluginFolder.load(options.pluginsFolder(), builtIn, transport);
      if (options.demo) {
        demoPlugins = DemoPlugins.start(folder.plugins(), store);
      }
      PoolRegistry.Builder plugins = PoolRegistry.builder().discover().transport(transport);
      folder.plugins().forEach(plugins::register);
      registry = plugins.build();
      PoolsServer server =
          PoolsServer.builder()
              .store(store)
              .registry(registry)
              .host(options.host)
              .port(options.port)
              .maxPools(options.maxPools)
              .allowedOrigins(options.allowedOrigins)
              .service(b -> tileStore != null ? options.network.apply(b).tileStore(tileStore) : options.network.apply(b))
              .metrics(metrics)
              .plugins(folder)
              .clock(clock)
              .build()
              .start();
      if (options.demo) {
        backfillDemoHistory(server);
      }
      Running running = new Running(server, registry, store, simulators, transport, folder, demoPlugins);
      if (tileStore != null) {
        running.tileStore = tileStore;
        running.cluster = ClusterSync.start(options.redis, RedisTileStore.DEFAULT_PREFIX, server.service(), store);
        if (options.db.startsWith("jdbc:h2:")) {
          System.out.println("hmm-pools-server: --redis with an H2 database: the servers share tiles but not pools;"
              + " give them one PostgreSQL database (--db jdbc:postgresql://...)");
        }
      }
      if (options.demo) {
        server.alerts().ensureRules(DemoAlerts.rules()); // one rule of each kind, shown on the page
        running.axeos = new AxeOsSimulator("127.0.0.1", 3334, DemoAlerts.DEMO_MINER_USER); // on the Solopool pool
        server.alerts().failover().putGroup(DemoAlerts.failoverGroup(running.axeos.baseUrl()));
      }
      return running;
    } catch (RuntimeException e) {
      if (registry != null) {
        registry.close();
      }
      if (store != null) {
        store.close();
      }
      transport.close();
      if (tileStore != null) {
        tileStore.close();
      }
      folder.close();
      if (demoPlugins != null) {
        demoPlugins.close();
      }
      simulators.forEach(PoolSimulator::close);
      throw e;
    }
  }

  /**
   * Gives the demo pools a week of plausible history ({@link DemoHistory}) at their first start,
   * built around their first tiles, so the charts and the comparison show real shapes at once.
   */
  static void backfillDemoHistory(PoolsServer server) {
    Map<String, dev.danvic.hmm.pools.DashboardTileData> current = new java.util.LinkedHashMap<>();
    server.service().poolTiles().join().forEach((id, set) -> current.put(id, set.tiles()));
    int filled = DemoHistory.backfill(server.history(), current, java.time.Duration.ofDays(7), java.time.Duration.ofMinutes(5));
    if (filled > 0) {
      System.out.println("demo: back-filled a week of history for " + filled + " pools");
    }
  }

  /** @return {@code demo-plugins} beside the server's jar (or its classes folder) */
  static Path demoPluginsFolder() {
    try {
      Path code = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return code.toAbsolutePath().getParent().resolve("demo-plugins");
    } catch (java.net.URISyntaxException | RuntimeException e) {
      return Path.of("demo-plugins");
    }
  }

  /**
   * @param nomp whether the demo includes a NOMP portal ({@code --demo-nomp})
   * @return the kinds of pool the demo simulates, in the order they are started
   */
  static List<PoolSimulator.Kind> demoKinds(boolean nomp) {
    List<PoolSimulator.Kind> kinds = new ArrayList<>(List.of(PoolSimulator.Kind.values()));
    if (!nomp) {
      kinds.remove(PoolSimulator.Kind.NOMP);
    }
    return List.copyOf(kinds);
  }

  /**
   * @param kinds the kinds to start
   * @return one running simulator of each kind on 127.0.0.1, free ports (MMFP on DGB, the rest BTC)
   */
  static List<PoolSimulator> startSimulators(List<PoolSimulator.Kind> kinds) {
    List<PoolSimulator> out = new ArrayList<>();
    try {
      for (PoolSimulator.Kind kind : kinds) {
        PoolSimulator.Builder b =
            PoolSimulator.builder().kind(kind).coin(kind == PoolSimulator.Kind.MMFP ? Coin.DGB : Coin.BTC);
        if (kind == PoolSimulator.Kind.BRAIINS) {
          b.token(DEMO_BRAIINS_TOKEN);
        }
        out.add(b.build().start());
      }
      return out;
    } catch (RuntimeException e) {
      out.forEach(PoolSimulator::close);
      throw e;
    }
  }

  /**
   * Stores one pool per simulator under a fixed id: inserted when absent, otherwise re-pointed at
   * the simulator's current address (its port changes on every start).
   *
   * @param store the database
   * @param simulators running simulators
   */
  static void configureDemoPools(PoolStore store, List<PoolSimulator> simulators) {
    for (PoolSimulator sim : simulators) {
      String id = demoId(sim.kind());
      Optional<PoolConfig> existing = store.find(id);
      if (existing.isPresent()) {
        PoolConfig.Builder b = existing.get().toBuilder().config(PoolConfig.API_BASE_URL, sim.baseUrl());
        if (sim.token() != null) {
          b.apiKey(sim.token());
        }
        store.update(b.build(), p -> {});
        continue;
      }
      PoolConfig.Builder b =
          PoolConfig.builder()
              .id(id)
              .poolType(sim.kind().poolType())
              .name("Demo " + displayName(sim.kind()) + " (" + sim.coin() + ")")
              .url("stratum+tcp://127.0.0.1")
              .port(demoStratumPort(sim.kind()))
              .username(sim.username())
              .config(Map.of(PoolConfig.API_BASE_URL, sim.baseUrl(), PoolConfig.COIN, sim.coin().name()));
      if (sim.kind() == PoolSimulator.Kind.CKPOOL) {
        // ckpool publishes no network difficulty: the demo supplies the simulated chain's
        b.config(dev.danvic.hmm.pools.ckpool.CkpoolIntegration.NETWORK_DIFFICULTY, String.valueOf(sim.networkDifficulty()));
      }
      if (sim.token() != null) {
        b.apiKey(sim.token());
      }
      store.insert(b.build());
    }
  }

  /**
   * @param kind a simulator kind
   * @return the fixed id of the demo pool of that kind
   */
  static String demoId(PoolSimulator.Kind kind) {
    switch (kind) {
      case SOLOPOOL:
        return "00000000-0000-4000-8000-0000000de001";
      case BRAIINS:
        return "00000000-0000-4000-8000-0000000de002";
      case PUBLICPOOL:
        return "00000000-0000-4000-8000-0000000de004";
      case CKPOOL:
        return "00000000-0000-4000-8000-0000000de005";
      case OCEAN:
        return "00000000-0000-4000-8000-0000000de006";
      case MININGCORE:
        return "00000000-0000-4000-8000-0000000de007";
      case NOMP:
        return "00000000-0000-4000-8000-0000000de008";
      default:
        return "00000000-0000-4000-8000-0000000de003";
    }
  }

  private static String displayName(PoolSimulator.Kind kind) {
    switch (kind) {
      case SOLOPOOL:
        return "Solopool";
      case BRAIINS:
        return "Braiins Pool";
      case PUBLICPOOL:
        return "public-pool";
      case CKPOOL:
        return "ckpool";
      case OCEAN:
        return "OCEAN";
      case MININGCORE:
        return "Miningcore";
      case NOMP:
        return "NOMP";
      default:
        return "MMFP";
    }
  }

  private static int demoStratumPort(PoolSimulator.Kind kind) {
    return kind == PoolSimulator.Kind.SOLOPOOL ? 3334 : 3333;
  }

  private static void usage(PrintStream out) {
    out.println("usage: java -jar hmm-pools-server.jar [--demo] [--host HOST] [--port PORT] [--db JDBC_URL]");
    out.println("  --demo        also start simulated Solopool, Braiins, MMFP, public-pool, ckpool, OCEAN and Miningcore pools on loopback and watch them");
    out.println("  --demo-nomp   the demo with a simulated NOMP portal too");
    out.println("  --host HOST   address to listen on (env HMM_POOLS_HOST, default 127.0.0.1)");
    out.println("  --port PORT   port to listen on (env HMM_POOLS_PORT, default 8080)");
    out.println("  --db URL      JDBC URL (env HMM_POOLS_DB, default " + DEFAULT_DB + ")");
    out.println("  --network-source COIN=sibling|node|explorer   where a coin's network difficulty comes from");
    out.println("                when a pool gives none (env HMM_POOLS_NETWORK_SOURCES=BTC=node,...; default sibling)");
    out.println("  --node-url URL, --node-user USER, --node-cookie PATH   the node (env HMM_POOLS_NODE_URL,");
    out.println("                HMM_POOLS_NODE_USER, HMM_POOLS_NODE_COOKIE; password only in HMM_POOLS_NODE_PASSWORD)");
    out.println("  --explorer-url URL   a mempool explorer (env HMM_POOLS_EXPLORER_URL)");
    out.println("  --redis URL   share tiles, loads and request spacing with the other servers on this Redis,");
    out.println("                pools with those on the same --db (PostgreSQL) (env HMM_POOLS_REDIS)");
    out.println("  --max-pools N the most pools stored (env HMM_POOLS_MAX_POOLS, default " + PoolsServer.DEFAULT_MAX_POOLS + ")");
    out.println("  --allowed-origin ORIGIN  another origin whose pages may change pools (env HMM_POOLS_ALLOWED_ORIGINS)");
    out.println("  --plugins DIR community plugin jars to load (env HMM_POOLS_PLUGINS, default plugins; with --demo demo-plugins beside the jar)");
    out.println("  env " + SecretCipher.ENV + "  32 bytes in base64 (openssl rand -base64 32): encrypts stored API keys");
  }

  /** What {@link #start(Options)} started; {@link #close()} stops it all. */
  static final class Running implements AutoCloseable {
    final PoolsServer server;
    final PoolRegistry registry;
    final PoolStore store;
    final List<PoolSimulator> simulators;
    private final HttpPoolTransport transport;
    private final PluginFolder plugins;
    private final @Nullable DemoPlugins demoPlugins;
    /** The demo's simulated Bitaxe, moved by its failover group; {@code null} without {@code --demo}. */
    @Nullable AxeOsSimulator axeos;
    /** The shared tile store and the pool sync of {@code --redis}; {@code null} without it. */
    @Nullable RedisTileStore tileStore;
    @Nullable ClusterSync cluster;

    Running(PoolsServer server, PoolRegistry registry, PoolStore store, List<PoolSimulator> simulators,
        HttpPoolTransport transport, PluginFolder plugins, @Nullable DemoPlugins demoPlugins) {
      this.transport = transport;
      this.plugins = plugins;
      this.demoPlugins = demoPlugins;
      this.server = server;
      this.registry = registry;
      this.store = store;
      this.simulators = List.copyOf(simulators);
    }

    @Override
    public void close() {
      if (cluster != null) {
        cluster.close();
      }
      server.close();
      registry.close();
      transport.close();
      if (tileStore != null) {
        tileStore.close();
      }
      plugins.close();
      if (demoPlugins != null) {
        demoPlugins.close();
      }
      store.close();
      simulators.forEach(PoolSimulator::close);
      if (axeos != null) {
        axeos.close();
      }
    }
  }

  /** Command-line options, each with an environment variable as fallback. */
  static final class Options {
    boolean demo;
    boolean demoNomp;
    boolean help;
    String host = "127.0.0.1";
    int port = 8080;
    String db = DEFAULT_DB;
    NetworkOptions network;
    int maxPools = PoolsServer.DEFAULT_MAX_POOLS;
    List<String> allowedOrigins = new ArrayList<>();
    @Nullable SecretCipher secretKey;
    /** The community plugins folder given by --plugins or HMM_POOLS_PLUGINS, else null (the default). */
    @Nullable Path plugins;
    /** The Redis of {@code --redis} (env HMM_POOLS_REDIS), or null: this server alone. */
    @Nullable String redis;

    /**
     * @return the plugins folder: the one given, else with {@code --demo} the {@code demo-plugins}
     *     folder the build fills beside the server's jar (the custom plugin), else {@code plugins}
     */
    Path pluginsFolder() {
      if (plugins != null) {
        return plugins;
      }
      return demo ? demoPluginsFolder() : Path.of("plugins");
    }

    /**
     * @param args the command line
     * @param env the environment ({@code HMM_POOLS_HOST}, {@code HMM_POOLS_PORT}, {@code HMM_POOLS_DB})
     * @return the options; the command line wins over the environment
     * @throws IllegalArgumentException naming the option that is wrong
     */
    static Options parse(String[] args, Map<String, String> env) {
      Options o = new Options();
      o.network = NetworkOptions.fromEnvironment(env);
      o.host = orDefault(env.get("HMM_POOLS_HOST"), o.host);
      o.db = orDefault(env.get("HMM_POOLS_DB"), o.db);
      String envPort = env.get("HMM_POOLS_PORT");
      if (envPort != null && !envPort.isBlank()) {
        o.port = port(envPort, "HMM_POOLS_PORT");
      }
      String envMax = env.get("HMM_POOLS_MAX_POOLS");
      if (envMax != null && !envMax.isBlank()) {
        o.maxPools = positive(envMax, "HMM_POOLS_MAX_POOLS");
      }
      String envOrigins = env.get("HMM_POOLS_ALLOWED_ORIGINS");
      if (envOrigins != null && !envOrigins.isBlank()) {
        for (String origin : envOrigins.split(",")) {
          o.allowedOrigins.add(origin.trim());
        }
      }
      String envPlugins = env.get("HMM_POOLS_PLUGINS");
      if (envPlugins != null && !envPlugins.isBlank()) {
        o.plugins = Path.of(envPlugins.trim());
      }
      String envRedis = env.get("HMM_POOLS_REDIS");
      if (envRedis != null && !envRedis.isBlank()) {
        o.redis = redis(envRedis.trim(), "HMM_POOLS_REDIS");
      }
      String key = env.get(SecretCipher.ENV);
      if (key != null && !key.isBlank()) {
        o.secretKey = SecretCipher.fromBase64(key);
      }
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        String value = null;
        int eq = a.indexOf('=');
        if (a.startsWith("--") && eq > 0) {
          value = a.substring(eq + 1);
          a = a.substring(0, eq);
        }
        switch (a) {
          case "--demo":
            o.demo = true;
            break;
          case "--demo-nomp":
            o.demo = true;
            o.demoNomp = true;
            break;
          case "--help":
          case "-h":
            o.help = true;
            break;
          case "--host":
            o.host = value != null ? value : next(args, ++i, a);
            break;
          case "--port":
            o.port = port(value != null ? value : next(args, ++i, a), "--port");
            break;
          case "--db":
            o.db = value != null ? value : next(args, ++i, a);
            break;
          case "--max-pools":
            o.maxPools = positive(value != null ? value : next(args, ++i, a), "--max-pools");
            break;
          case "--plugins":
            o.plugins = Path.of(value != null ? value : next(args, ++i, a));
            break;
          case "--redis":
            o.redis = redis(value != null ? value : next(args, ++i, a), "--redis");
            break;
          case "--allowed-origin":
            o.allowedOrigins.add(value != null ? value : next(args, ++i, a));
            break;
          default:
            if (!NetworkOptions.isOption(a)) {
              throw new IllegalArgumentException("unknown option '" + a + "'");
            }
            o.network.set(a, value != null ? value : next(args, ++i, a));
        }
      }
      o.network.validate();
      return o;
    }

    private static String next(String[] args, int i, String option) {
      if (i >= args.length || args[i].startsWith("--")) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args[i];
    }

    private static int port(String s, String name) {
      try {
        int p = Integer.parseInt(s.trim());
        if (p < 0 || p > 65_535) {
          throw new IllegalArgumentException(name + " must be between 0 and 65535, was " + p);
        }
        return p;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " must be a port number, was '" + s + "'");
      }
    }

    private static int positive(String s, String name) {
      try {
        int n = Integer.parseInt(s.trim());
        if (n < 1) {
          throw new IllegalArgumentException(name + " must be at least 1, was " + n);
        }
        return n;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " must be a whole number, was '" + s + "'");
      }
    }

    private static String redis(String url, String name) {
      if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
        throw new IllegalArgumentException(name + " must be a redis:// or rediss:// address, for example redis://127.0.0.1:6379");
      }
      return url;
    }

    private static String orDefault(@Nullable String v, String dflt) {
      return v == null || v.isBlank() ? dflt : v.trim();
    }
  }

  static {
    // one line per event on stdout is plenty for a reference server
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
    }
    if (System.getProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty") == null) {
      System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
    }
  }
}
