package dev.danvic.hmm.pools.solopool;

import static dev.danvic.hmm.pools.solopool.TestPools.BC2;
import static dev.danvic.hmm.pools.solopool.TestPools.BCH;
import static dev.danvic.hmm.pools.solopool.TestPools.BTC;
import static dev.danvic.hmm.pools.solopool.TestPools.DGB;
import static dev.danvic.hmm.pools.solopool.TestPools.NOW;
import static dev.danvic.hmm.pools.solopool.TestPools.fixture;
import static dev.danvic.hmm.pools.solopool.TestPools.pool;
import static dev.danvic.hmm.pools.solopool.TestPools.scripted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.danvic.hmm.pools.BasePoolIntegration;
import dev.danvic.hmm.pools.Coin;
import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.InvalidPoolConfigException;
import dev.danvic.hmm.pools.PoolBlock;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.PoolContext;
import dev.danvic.hmm.pools.PoolEndpoint;
import dev.danvic.hmm.pools.PoolHealthStatus;
import dev.danvic.hmm.pools.PoolStats;
import dev.danvic.hmm.pools.PoolWorker;
import dev.danvic.hmm.pools.testkit.ScriptedPoolContext;
import dev.danvic.hmm.pools.testkit.ThrowingPoolContext;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Identity, configuration, health checks and the optional capabilities of the plugin.
 *
 * <p>The testkit's abstract contract test (MockWebServer-based, written with the testkit) plugs in
 * as one more class in this package: {@code class SolopoolContractTest extends <the testkit's
 * abstract contract test>}, supplying {@code new SolopoolIntegration()} and a {@link PoolConfig}
 * whose {@code api_base_url} is the mock server's origin, with the fixtures in
 * {@code src/test/resources/solopool/} as the scripted answers.
 */
class SolopoolIntegrationTest {
  private final SolopoolIntegration plugin = new SolopoolIntegration();

  @Test
  void identity() {
    assertThat(plugin.poolType()).isEqualTo("solopool");
    assertThat(plugin.displayName()).isEqualTo("Solopool.org");
    assertThat(plugin.documentationUrl()).isEqualTo(URI.create("https://solopool.org"));
    assertThat(plugin.supportedCoins()).containsExactly("BTC", "BCH", "DGB", "BC2");
    assertThat(plugin.requiresApiKey()).isFalse();
    assertThat(plugin.endpoints()).isEqualTo(SolopoolEndpoints.defaults());
  }

  @Test
  void serviceLoaderFindsThePluginWithTheDefaultTable() {
    List<BasePoolIntegration> found =
        ServiceLoader.load(BasePoolIntegration.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.poolType().equals("solopool"))
            .toList();

    assertThat(found).singleElement().isInstanceOf(SolopoolIntegration.class);
    assertThat(((SolopoolIntegration) found.get(0)).endpoints()).isEqualTo(SolopoolEndpoints.defaults());
  }

  @Nested
  class CoinAndApiOrigin {
    @ParameterizedTest
    @CsvSource({
      "btc.solopool.org, 3334, BTC",
      "stratum+tcp://bc2.solopool.org:3336, 3336, BC2",
      "eu1.solopool.org, 8004, DGB",
      "us1.solopool.org, 8002, BCH",
      "dgb-sha.solopool.org, 4444, DGB",
      "asia9.solopool.org, 8001, BC2"
    })
    void theCoinComesFromHostOrPortAndPicksTheApiOrigin(String url, int port, Coin coin) throws Exception {
      String origin = SolopoolEndpoints.defaults().apiOrigin(coin).orElseThrow();
      ScriptedPoolContext ctx = scripted(origin, "stats-btc.json", "blocks-empty.json");

      DashboardTileData t = plugin.dashboardData(pool(url, port), ctx).get(10, TimeUnit.SECONDS);

      assertThat(t.currency()).isEqualTo(coin.symbol());
      assertThat(ctx.requestedUrls()).allSatisfy(u -> assertThat(u).startsWith(origin + "/api/"));
      // blocks are rare: core keeps the block lists 2 min; stats are read on every refresh
      assertThat(ctx.requests())
          .allSatisfy(
              r -> assertThat(r.refreshInterval())
                  .isEqualTo(r.url().endsWith("/api/blocks") ? java.time.Duration.ofMinutes(2) : null));
    }

    @Test
    void aBc2WalletLooksLikeBitcoinButTheCoinStillComesFromTheEndpoint() throws Exception {
      String bitcoinStyle = "1BoatSLRHtKNngkdXEeobR76b53LETtpyT";
      ScriptedPoolContext ctx =
          scripted(BC2, "stats-btc.json", "blocks-empty.json")
              .json(BC2 + "/api/accounts/" + bitcoinStyle, fixture("account.json"));

      DashboardTileData t =
          plugin.dashboardData(pool("bc2.solopool.org", 3336, bitcoinStyle), ctx).get(10, TimeUnit.SECONDS);

      assertThat(t.currency()).isEqualTo("BC2");
      assertThat(ctx.requestedUrls()).noneMatch(u -> u.startsWith(BTC));
    }

    @Test
    void anotherHostNeedsTheCoinSetting() throws Exception {
      PoolConfig proxy = pool("192.168.1.10", 3335, null, Map.of(PoolConfig.COIN, "bch"));
      ScriptedPoolContext ctx = scripted(BCH, "stats-btc.json", "blocks-empty.json");

      assertThat(plugin.dashboardData(proxy, ctx).get(10, TimeUnit.SECONDS).currency()).isEqualTo("BCH");
      assertThatThrownBy(() -> plugin.validate(pool("192.168.1.10", 3335)))
          .isInstanceOf(InvalidPoolConfigException.class)
          .satisfies(e -> assertThat(((InvalidPoolConfigException) e).field()).isEqualTo("coin"))
          .hasMessageContaining("cannot tell the coin from 192.168.1.10:3335");
    }

    @Test
    void aCoinSolopoolDoesNotServeOrThatContradictsTheEndpointIsRefused() {
      assertThatThrownBy(() -> plugin.validate(pool("192.168.1.10", 3335, null, Map.of(PoolConfig.COIN, "LTC"))))
          .isInstanceOf(InvalidPoolConfigException.class)
          .hasMessageContaining("'LTC' is not a coin Solopool.org serves");
      assertThatThrownBy(() -> plugin.validate(pool("btc.solopool.org", 3334, null, Map.of(PoolConfig.COIN, "DGB"))))
          .isInstanceOf(InvalidPoolConfigException.class)
          .hasMessageContaining("contradicts btc.solopool.org:3334, which serves BTC");
    }

    @Test
    void aValidPoolPassesValidationAndTheApiKeyIsNotNeeded() {
      plugin.validate(pool("btc.solopool.org", 3334));
      plugin.validate(pool("btc.solopool.org", 3334, null, Map.of(PoolConfig.COIN, "btc")));
    }

    @Test
    void aCoinWithoutApiOriginNeedsApiBaseUrl() throws Exception {
      SolopoolIntegration bare =
          SolopoolIntegration.withEndpoints(
              SolopoolEndpoints.builder().add("solo-proxy.lan", 3334, Coin.BTC).build());

      assertThatThrownBy(() -> bare.validate(pool("solo-proxy.lan", 3334)))
          .isInstanceOf(InvalidPoolConfigException.class)
          .hasMessageContaining("api_base_url");
      String base = "http://127.0.0.1:18081";
      PoolConfig withBase = pool("solo-proxy.lan", 3334, null, Map.of(PoolConfig.API_BASE_URL, base));
      DashboardTileData t =
          bare.dashboardData(withBase, scripted(base, "stats-btc.json", "blocks.json")).get(10, TimeUnit.SECONDS);
      assertThat(t.poolHashrate()).isEqualTo(1e12);
    }
  }

  @Nested
  class HealthCheck {
    @Test
    void healthyWithTheTransportsLatencyAndThePoolsWorkers() throws Exception {
      ScriptedPoolContext ctx = ScriptedPoolContext.at(NOW).json(BTC + "/api/stats", fixture("stats-btc.json"));

      PoolHealthStatus h = plugin.healthCheck(pool("btc.solopool.org", 3334), ctx).get(10, TimeUnit.SECONDS);

      assertThat(h.healthy()).isTrue();
      assertThat(h.latencyMs()).isEqualTo(12.5);
      assertThat(h.activeWorkers()).isEqualTo(57);
      assertThat(h.errorMessage()).isNull();
      assertThat(h.checkedAt()).isEqualTo(NOW);
      assertThat(ctx.requestedUrls()).containsExactly(BTC + "/api/stats");
    }

    @Test
    void anErrorStatusIsUnhealthyWithItsLatency() throws Exception {
      ScriptedPoolContext ctx = ScriptedPoolContext.at(NOW).status(BTC + "/api/stats", 503);

      PoolHealthStatus h = plugin.healthCheck(pool("btc.solopool.org", 3334), ctx).get(10, TimeUnit.SECONDS);

      assertThat(h.healthy()).isFalse();
      assertThat(h.latencyMs()).isEqualTo(12.5);
      assertThat(h.errorMessage())
          .isEqualTo("Solopool.org BTC: HTTP 503 (server error) from https://btc.solopool.org/api/stats");
    }

    @Test
    void htmlOrForeignJsonIsUnhealthy() throws Exception {
      PoolConfig p = pool("btc.solopool.org", 3334);
      ScriptedPoolContext html =
          ScriptedPoolContext.at(NOW).respond(BTC + "/api/stats", 200, "text/html", "<html>Cloudflare</html>");
      ScriptedPoolContext foreign = ScriptedPoolContext.at(NOW).json(BTC + "/api/stats", "{\"message\":\"hi\"}");

      assertThat(plugin.healthCheck(p, html).get(10, TimeUnit.SECONDS).errorMessage()).contains("HTML page");
      assertThat(plugin.healthCheck(p, foreign).get(10, TimeUnit.SECONDS).errorMessage())
          .contains("not Solopool statistics");
    }

    @Test
    void noAnswerIsUnhealthyWithoutLatency() throws Exception {
      PoolHealthStatus h =
          plugin.healthCheck(pool("btc.solopool.org", 3334), ScriptedPoolContext.at(NOW)).get(10, TimeUnit.SECONDS);

      assertThat(h.healthy()).isFalse();
      assertThat(h.latencyMs()).isNull();
      assertThat(h.errorMessage()).startsWith("Solopool.org BTC: connection refused");
    }
  }

  @Nested
  class Capabilities {
    @Test
    void recentBlocksAreNewestFirstWithStatusesAndDgbRewardsInCoins() throws Exception {
      ScriptedPoolContext ctx = ScriptedPoolContext.at(NOW).json(DGB + "/api/blocks", fixture("blocks.json"));

      List<PoolBlock> blocks =
          plugin.recentBlocks(pool("dgb-sha.solopool.org", 3333), ctx).get(10, TimeUnit.SECONDS);

      assertThat(blocks).hasSize(9);
      assertThat(blocks).extracting(PoolBlock::hash).startsWith("cand1", "imm1", "imm-orphan", "imm2", "mat1");
      assertThat(blocks.get(blocks.size() - 1).hash()).isEqualTo("mat-no-time");
      assertThat(blocks).extracting(PoolBlock::status)
          .startsWith(PoolBlock.Status.CANDIDATE, PoolBlock.Status.IMMATURE, PoolBlock.Status.ORPHANED);
      PoolBlock mat1 = blocks.get(4);
      assertThat(mat1.status()).isEqualTo(PoolBlock.Status.CONFIRMED);
      assertThat(mat1.reward()).isEqualByComparingTo(new BigDecimal("277"));
      assertThat(mat1.timestamp()).isEqualTo(Instant.ofEpochSecond(1770210000));
      assertThat(mat1.networkDifficulty()).isEqualTo(9.9e13);
      assertThat(mat1.miner()).isEqualTo("bc1qother");
      assertThat(mat1.currency()).isEqualTo("DGB");
      assertThat(blocks.get(0).shareDifficulty()).isEqualTo(1.2e14);
      assertThat(blocks.get(0).height()).isEqualTo(934513L);
    }

    @Test
    void btcRewardsAreUnknownWhileTheirUnitIsUnverified() throws Exception {
      ScriptedPoolContext ctx = ScriptedPoolContext.at(NOW).json(BTC + "/api/blocks", fixture("blocks.json"));

      List<PoolBlock> blocks = plugin.recentBlocks(pool("btc.solopool.org", 3334), ctx).get(10, TimeUnit.SECONDS);

      assertThat(blocks).extracting(PoolBlock::reward).containsOnlyNulls();
    }

    @Test
    void statsGiveTheDerivedNetworkHashrateAndPoolFigures() throws Exception {
      ScriptedPoolContext ctx = ScriptedPoolContext.at(NOW).json(DGB + "/api/stats", fixture("stats-dgb.json"));

      PoolStats s = plugin.stats(pool("dgb-sha.solopool.org", 3333), ctx).get(10, TimeUnit.SECONDS);

      assertThat(s.currency()).isEqualTo("DGB");
      assertThat(s.networkHashrate()).isCloseTo(5.7266e16, withinPercentage(0.01)); // 75 s blocks
      assertThat(s.poolHashrate()).isEqualTo(1e15);
      assertThat(s.activeMiners()).isEqualTo(9);
      assertThat(s.activeWorkers()).isEqualTo(14);
      assertThat(s.blockHeight()).isEqualTo(22_000_000L);
      assertThat(s.lastBlockTime()).isEqualTo(Instant.ofEpochSecond(1770290000));
      assertThat(s.blocksFoundTotal()).isNull();
      assertThat(s.feePercent()).isNull();
    }

    @Test
    void statsReadTheOlderKeys() throws Exception {
      ScriptedPoolContext ctx = ScriptedPoolContext.at(NOW).json(BTC + "/api/stats", fixture("stats-legacy.json"));

      PoolStats s = plugin.stats(pool("btc.solopool.org", 3334), ctx).get(10, TimeUnit.SECONDS);

      assertThat(s.networkHashrate()).isEqualTo(5.5e20);
      assertThat(s.activeMiners()).isEqualTo(12);
      assertThat(s.blocksFoundTotal()).isEqualTo(7L);
      assertThat(s.feePercent()).isEqualTo(1.5);
      assertThat(s.blockHeight()).isEqualTo(934_510L); // from nodes[], strings
    }

    @Test
    void workersAreTheWalletsNamedRigsOnlineAndOffline() throws Exception {
      ScriptedPoolContext ctx =
          ScriptedPoolContext.at(NOW).json(BTC + "/api/accounts/" + TestPools.WALLET, fixture("account.json"));

      List<PoolWorker> workers =
          plugin.workers(pool("btc.solopool.org", 3334, TestPools.WALLET), ctx).get(10, TimeUnit.SECONDS);

      assertThat(workers).extracting(PoolWorker::name).containsExactly("old", "rig1", "rig2");
      assertThat(workers).extracting(PoolWorker::online).containsExactly(false, true, true);
      assertThat(workers.get(2).hashrate()).isEqualTo(4e13); // a numeric string
      assertThat(workers.get(1).lastShareAt()).isEqualTo(Instant.ofEpochSecond(1770292790));
    }

    @Test
    void workersNeedTheWalletAndFailWithTheReason() {
      assertThatThrownBy(() -> plugin.workers(pool("btc.solopool.org", 3334), ScriptedPoolContext.at(NOW)).get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(InvalidPoolConfigException.class)
          .hasMessageContaining("username");
      ScriptedPoolContext ctx = ScriptedPoolContext.at(NOW).status(BTC + "/api/accounts/" + TestPools.WALLET, 404);
      assertThatThrownBy(() -> plugin.workers(pool("btc.solopool.org", 3334, TestPools.WALLET), ctx).get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasMessageContaining("HTTP 404");
    }

    @Test
    void capabilitiesFailWithTheReasonWhenThePoolFails() {
      ScriptedPoolContext ctx = ScriptedPoolContext.at(NOW).status(BTC + "/api/blocks", 500);

      assertThatThrownBy(() -> plugin.recentBlocks(pool("btc.solopool.org", 3334), ctx).get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasMessageContaining("HTTP 500");
    }
  }

  @Test
  void aContextThatThrowsNeverMakesThePluginThrow() throws Exception {
    PoolContext throwing = ThrowingPoolContext.at(NOW);
    PoolConfig p = pool("btc.solopool.org", 3334, TestPools.WALLET);

    DashboardTileData t = plugin.dashboardData(p, throwing).get(10, TimeUnit.SECONDS);
    PoolHealthStatus h = plugin.healthCheck(p, throwing).get(10, TimeUnit.SECONDS);
    boolean detected = plugin.detect(PoolEndpoint.parse("btc.solopool.org", 9999), throwing).get(10, TimeUnit.SECONDS);

    assertThat(t.healthStatus()).isFalse();
    assertThat(t.healthMessage()).startsWith("Solopool.org BTC: unexpected error");
    assertThat(h.healthy()).isFalse();
    assertThat(detected).isFalse();
  }
}
