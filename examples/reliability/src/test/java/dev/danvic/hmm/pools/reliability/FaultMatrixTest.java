package dev.danvic.hmm.pools.reliability;

import static dev.danvic.hmm.pools.reliability.Scorecard.Section.FAULTS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.Failures;
import dev.danvic.hmm.pools.PoolApiException;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.PoolRequest;
import dev.danvic.hmm.pools.braiins.BraiinsIntegration;
import dev.danvic.hmm.pools.core.DashboardPoolService;
import dev.danvic.hmm.pools.core.PlatformTiles;
import dev.danvic.hmm.pools.core.PoolTileSet;
import dev.danvic.hmm.pools.reliability.Sims.Plugin;
import java.net.Socket;
import dev.danvic.hmm.pools.LenientJson;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.net.ssl.SSLServerSocketFactory;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Section 1: every fault of {@link Fault} against each plugin (as a pool of a dashboard service
 * with two healthy neighbours) and against core's transport. The cases of this class run in parallel
 * (other classes never run beside them): most of their time is spent waiting for a deadline, and
 * each has threads, a client and a server of its own.
 */
class FaultMatrixTest {
  /** The per-pool deadline; Braiins pools get their plugin's 20 s minimum instead. */
  static final Duration DEADLINE = Duration.ofSeconds(3);
  /** Slack on top of the deadline for a loaded machine running eight cases at once. */
  static final Duration SLACK = Duration.ofSeconds(3);

  /** Scorecard rows per fault: one per plugin, then core's transport. */
  private static final int ROW = Plugin.values().length + 1;

  private static Sims sims;
  private static SSLServerSocketFactory selfSigned;
  private static final Map<Plugin, CompletableFuture<DashboardTileData>> BASELINE = new EnumMap<>(Plugin.class);

  @BeforeAll
  static void start() {
    sims = new Sims();
    HeldCertificate cert = new HeldCertificate.Builder().addSubjectAlternativeName("127.0.0.1").build();
    selfSigned = new HandshakeCertificates.Builder().heldCertificate(cert).build().sslContext().getServerSocketFactory();
    // each plugin's fault-free tile, read the way the cases read theirs (Braiins takes ~15 s: start now)
    for (Plugin p : Plugin.values()) {
      BASELINE.put(p, CompletableFuture.supplyAsync(() -> baseline(p)));
    }
  }

  @AfterAll
  static void stop() {
    sims.close();
  }

  private static DashboardTileData baseline(Plugin p) {
    try (CaseRig rig = new CaseRig("baseline-" + p)) {
      // with the cases' healthy neighbours: a pool without its own network difficulty (Braiins)
      // gets it from a sibling pool of its coin, in the cases as here
      List<PoolConfig> pools =
          List.of(
              sims.healthyPool(p, "baseline"),
              sims.healthyPool(Plugin.SOLOPOOL, "neighbour-solopool"),
              sims.healthyPool(Plugin.MMFP, "neighbour-mmfp"));
      DashboardPoolService svc = rig.service(pools, DEADLINE);
      return svc.poolTiles().get(60, TimeUnit.SECONDS).get("baseline").tiles();
    } catch (Exception e) {
      throw new IllegalStateException("no baseline for " + p, e);
    }
  }

  private static DashboardTileData baselineOf(Plugin p) throws Exception {
    return BASELINE.get(p).get(60, TimeUnit.SECONDS);
  }

  static Stream<Arguments> pluginCases() {
    List<Arguments> out = new ArrayList<>();
    for (Fault f : Fault.values()) {
      for (Plugin p : Plugin.values()) {
        out.add(Arguments.of(f, p));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} / {1}")
  @MethodSource("pluginCases")
  @Execution(ExecutionMode.CONCURRENT)
  void plugin(Fault fault, Plugin plugin) throws Exception {
    String name = fault.label + " / " + plugin.label;
    String expected = fault.expectedForPlugin() + "; neighbours unaffected; back within the deadline; nothing leaked";
    String observed = Scorecard.check(FAULTS, fault.ordinal() * ROW + plugin.ordinal(), name, expected, () -> runPluginCase(fault, plugin));
    Known known = KNOWN.get(fault + "/" + plugin);
    if (known != null) {
      Scorecard.pending(FAULTS, fault.ordinal() * ROW + plugin.ordinal(), name, expected, known.defect + " · " + observed);
    }
  }

  /**
   * A plugin defect the matrix found and that is not fixed yet: the case checks that the tile still
   * shows it (so the row turns into a failure, to be re-marked, once it is fixed) and every other
   * criterion as usual, and is recorded as found / pending.
   */
  private record Known(String defect, java.util.function.Predicate<DashboardTileData> stillShows) {}

  /** None at present: the matrix's finds in public-pool, OCEAN and Miningcore are fixed, each with a unit test of its plugin. */
  private static final Map<String, Known> KNOWN = Map.of();

  @ParameterizedTest(name = "{0} / transport")
  @EnumSource(Fault.class)
  @Execution(ExecutionMode.CONCURRENT)
  void transport(Fault fault) throws Exception {
    Scorecard.check(
        FAULTS,
        fault.ordinal() * ROW + Plugin.values().length,
        fault.label + " / core transport",
        fault.expectedForTransport() + "; within the deadline; nothing leaked",
        () -> runTransportCase(fault));
  }

  private String runPluginCase(Fault fault, Plugin plugin) throws Exception {
    Duration budget = plugin == Plugin.BRAIINS ? BraiinsIntegration.MINIMUM_DEADLINE : DEADLINE;
    try (Target target = Target.of(fault, p -> sims.answer(plugin, p));
        CaseRig rig = new CaseRig(fault + "-" + plugin)) {
      PoolConfig faulted = sims.pool(plugin, "faulted", target.baseUrl, Secrets.TOKEN);
      List<PoolConfig> pools =
          List.of(faulted, sims.healthyPool(Plugin.SOLOPOOL, "neighbour-solopool"), sims.healthyPool(Plugin.MMFP, "neighbour-mmfp"));
      DashboardPoolService svc = rig.service(pools, DEADLINE);

      long t0 = System.nanoTime();
      PlatformTiles platform = svc.platformTiles().get(budget.plus(Duration.ofSeconds(30)).toSeconds(), TimeUnit.SECONDS);
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      Map<String, PoolTileSet> byPool = svc.poolTiles().get(10, TimeUnit.SECONDS);

      assertThat(took).as("the aggregate is back within the deadline").isLessThan(budget.plus(SLACK));
      DashboardTileData tile = byPool.get("faulted").tiles();
      String outcome = judge(fault, plugin, tile);
      for (String n : List.of("neighbour-solopool", "neighbour-mmfp")) {
        Plugin p = n.endsWith("solopool") ? Plugin.SOLOPOOL : Plugin.MMFP;
        assertThat(Tiles.figures(byPool.get(n).tiles())).as("neighbour %s", n).isEqualTo(Tiles.figures(baselineOf(p)));
      }
      long healthy = byPool.values().stream().filter(s -> s.tiles().healthStatus()).count();
      assertThat(platform.tile1Health().totalPools()).isEqualTo(3);
      assertThat(platform.tile1Health().healthyPools()).isEqualTo((int) healthy);
      Secrets.assertNoToken("the tile JSON", Tiles.json(byPool) + Tiles.json(platform));
      Secrets.assertNoToken("the pool's toString()", faulted.toString() + svc + rig.transport);

      String sent = "";
      if (!plugin.takesSecret() && target.server != null) {
        assertThat(target.server.requestsWithToken()).as("requests carrying the api_key %s takes no secret for", plugin.label).isZero();
        sent = " · the api_key (unused by " + plugin.label + ") never sent";
      }
      String leaks = rig.closeAndCheckLeaks();
      target.assertClientClosedItsConnections();
      return outcome + sent + " · aggregate in " + Scorecard.seconds(took) + " (deadline " + budget.toSeconds() + " s) · neighbours as without the fault · "
          + leaks + target.extra();
    }
  }

  /** Checks the faulted pool's tile against the fault's expected outcome; returns what it was. */
  private static String judge(Fault fault, Plugin plugin, DashboardTileData tile) throws Exception {
    String message = tile.healthMessage() == null ? "" : tile.healthMessage();
    Known known = KNOWN.get(fault + "/" + plugin);
    if (known != null) {
      assertThat(known.stillShows().test(tile)).as("the known defect still shows (fixed? then remove it from KNOWN): %s", Tiles.figures(tile)).isTrue();
      Tiles.assertReadable(message);
      return "tile " + (tile.healthStatus() ? "healthy" : "unhealthy") + " (\"" + message + "\")";
    }
    switch (fault.outcome) {
      case ERROR:
        assertThat(tile.healthStatus()).as("health_status of %s", message).isFalse();
        Tiles.assertReadable(message);
        Tiles.assertNames(message, fault.hints);
        Tiles.assertNoFigures(tile);
        return "error tile \"" + message + "\"";
      case SAME_FIGURES:
        assertThat(Tiles.figures(tile)).isEqualTo(Tiles.figures(baselineOf(plugin)));
        return "healthy, same figures as without the fault (\"" + message + "\")";
      case HASH_RATES_UNKNOWN:
        assertThat(tile.healthStatus()).as("health_status of %s", message).isTrue();
        assertThat(tile.poolHashrate()).as("pool_hashrate").isNull();
        assertThat(tile.userHashrate()).as("user_hashrate").isNull();
        Map<String, Object> others = Tiles.nonHashFigures(tile);
        Map<String, Object> expected = Tiles.nonHashFigures(baselineOf(plugin));
        String workers = "";
        if (plugin == Plugin.OCEAN && tile.activeWorkers() == null) {
          // OCEAN counts active workers by their hash rates (no active_worker_count): unknown with them
          others.remove("active_workers");
          expected.remove("active_workers");
          workers = ", active workers unknown (counted from hash rates)";
        }
        assertThat(others).isEqualTo(expected);
        return "degraded: hash rates null" + workers + ", other figures as without the fault (\"" + message + "\")";
      case BOUNDED:
        assertThat(message).as("the tile's message").doesNotContain("unexpected error").doesNotContain("timed out");
        for (BigDecimal amount : Arrays.asList(tile.estimatedEarnings24h(), tile.confirmedBalance(), tile.pendingBalance())) {
          if (amount != null) {
            assertThat(LenientJson.bounded(amount)).as("an amount beyond LenientJson's range").isNotNull();
          }
        }
        if (tile.lastBlockTime() != null) {
          assertThat(tile.lastBlockTime().getEpochSecond()).as("last block time").isBetween(1_230_768_000L, 32_503_680_000L);
        }
        int size = Tiles.json(tile).length();
        assertThat(size).as("tile JSON bytes").isLessThan(16 * 1024);
        return (tile.healthStatus() ? "healthy" : "unhealthy") + " tile in time (\"" + message + "\"), hash rate "
            + tile.poolHashrate() + ", confirmed balance " + tile.confirmedBalance() + ", tile JSON " + size + " bytes";
      default:
        assertThat(tile.healthStatus()).as("health_status of %s", message).isTrue();
        Tiles.json(tile); // every figure finite: the record refuses anything else; JSON renders
        return "healthy tile, every figure finite (difficulty " + tile.networkDifficulty() + ", hash rate "
            + tile.poolHashrate() + ")";
    }
  }

  private String runTransportCase(Fault fault) throws Exception {
    try (Target target = Target.of(fault, p -> sims.answer(Plugin.SOLOPOOL, p));
        CaseRig rig = new CaseRig(fault + "-transport")) {
      PoolRequest request =
          PoolRequest.get(target.baseUrl + "/api/stats").withSecretHeader("X-API-Key", Secrets.TOKEN);
      long t0 = System.nanoTime();
      CompletableFuture<JsonNode> call =
          rig.transport.context("transport-case", rig.transport.clock().instant().plus(DEADLINE)).getJson(request);
      Object result = call.handle((json, error) -> error != null ? Failures.unwrap(error) : json).get(60, TimeUnit.SECONDS);
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      assertThat(took).as("back within the deadline").isLessThan(DEADLINE.plus(SLACK));

      String outcome;
      if (fault.transportKind == null) {
        assertThat(result).as("the JSON, handed over").isInstanceOf(JsonNode.class);
        JsonNode json = (JsonNode) result;
        outcome = "handed over " + (json.isArray() ? "an array of " + json.size() + " element(s)" : "an object of " + json.size() + " fields");
      } else {
        assertThat(result).as("the failure").isInstanceOf(PoolApiException.class);
        PoolApiException e = (PoolApiException) result;
        assertThat(e.kind()).as("kind of '%s'", e.getMessage()).isEqualTo(fault.transportKind);
        Tiles.assertReadable(e.getMessage());
        Tiles.assertNames(e.getMessage(), fault.hints);
        Secrets.assertNoToken("the exception", chain(e) + e);
        outcome = e.kind() + " \"" + e.getMessage() + "\"";
      }
      outcome += attempts(fault, target);
      String leaks = rig.closeAndCheckLeaks();
      target.assertClientClosedItsConnections();
      return outcome + " · in " + Scorecard.seconds(took) + " · " + leaks + target.extra();
    }
  }

  /** Checks the retry policy as the server saw it. */
  private static String attempts(Fault fault, Target target) {
    if (target.server == null) {
      return "";
    }
    int n = target.server.requests();
    switch (fault) {
      case HTTP_401:
      case HTTP_403:
      case HTML_200:
      case TRUNCATED:
      case CORRUPT_GZIP:
        assertThat(n).as("attempts (never retried)").isEqualTo(1);
        break;
      case REDIRECT_LOOP:
        assertThat(n).as("requests: the first and OkHttp's 20 follow-ups, never retried").isEqualTo(21);
        break;
      case SHORT_BODY:
      case HTTP_500:
      case HTTP_502:
      case HTTP_503:
      case HTTP_429:
        assertThat(n).as("attempts").isEqualTo(3);
        break;
      case HTTP_429_RETRY_AFTER:
        List<Long> at = target.server.arrivals();
        assertThat(at).as("attempts").hasSizeGreaterThanOrEqualTo(2);
        for (int i = 1; i < at.size(); i++) {
          assertThat(Duration.ofNanos(at.get(i) - at.get(i - 1))).as("gap before attempt %s", i + 1).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        }
        break;
      default:
        break;
    }
    return " · " + n + (n == 1 ? " attempt" : " attempts");
  }

  private static String chain(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c).append('\n');
    }
    return sb.toString();
  }

  /** Where a case's requests go: a fault server, a port that refuses, or a name that cannot resolve. */
  private static final class Target implements AutoCloseable {
    final String baseUrl;
    final @Nullable FaultServer server;
    final @Nullable Socket refusing;

    private Target(String baseUrl, @Nullable FaultServer server, @Nullable Socket refusing) {
      this.baseUrl = baseUrl;
      this.server = server;
      this.refusing = refusing;
    }

    static Target of(Fault fault, Function<String, byte[]> upstream) {
      switch (fault) {
        case REFUSED:
          Socket s = Loopback.refusingPort();
          return new Target("http://127.0.0.1:" + s.getLocalPort(), null, s);
        case UNRESOLVABLE:
          return new Target("http://" + Loopback.UNRESOLVABLE_HOST + ":8080", null, null);
        case METADATA:
          return new Target("http://" + Loopback.METADATA_HOST + ":8080", null, null);
        default:
          FaultServer server = FaultServer.start(fault, upstream, fault == Fault.TLS ? selfSigned : null);
          return new Target(server.baseUrl(), server, null);
      }
    }

    /** The server side of "no connection leaked": every connection the client opened, it closed. */
    void assertClientClosedItsConnections() throws InterruptedException {
      if (server != null) {
        assertThat(CaseRig.await(() -> server.openConnections() == 0))
            .as("connections the client left open (server side): %s", server.openConnections())
            .isTrue();
      }
    }

    /** For the 50 MiB body: the client stopped reading near its 4 MiB cap (plus socket buffers). */
    String extra() {
      if (server == null || server.mostBytesOnOneConnection() == 0) {
        return "";
      }
      long most = server.mostBytesOnOneConnection();
      assertThat(most).as("bytes one request let the server send").isLessThan(16L * 1024 * 1024);
      return String.format(Locale.ROOT, " · at most %.1f MiB of the 50 sent on one connection", most / 1048576.0);
    }

    @Override
    public void close() throws Exception {
      if (server != null) {
        server.close();
      }
      if (refusing != null) {
        refusing.close();
      }
    }
  }
}
