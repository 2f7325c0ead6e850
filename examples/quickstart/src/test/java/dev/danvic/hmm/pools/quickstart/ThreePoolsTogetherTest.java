package dev.danvic.hmm.pools.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.danvic.hmm.pools.Coin;
import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.MiningMath;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.core.DashboardPoolService;
import dev.danvic.hmm.pools.core.PlatformTiles;
import dev.danvic.hmm.pools.core.PoolRegistry;
import dev.danvic.hmm.pools.core.PoolTileSet;
import dev.danvic.hmm.pools.simulator.PoolSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The three bundled plugins together, found by ServiceLoader, against local servers speaking
 * Solopool's, Braiins' and MMFP's APIs: the platform tiles must add up from the per-pool tiles.
 */
class ThreePoolsTogetherTest {
  private static final String TOKEN = "demo-braiins-token-5f3a";

  @Test
  void platformTilesAreSensibleSumsOfTheThreePools() throws Exception {
    List<PoolSimulator> sims = new ArrayList<>();
    try (PoolRegistry registry = PoolRegistry.discover()) {
      PoolSimulator solo = start(sims, PoolSimulator.builder().kind(PoolSimulator.Kind.SOLOPOOL).coin(Coin.DGB));
      PoolSimulator braiins = start(sims, PoolSimulator.builder().kind(PoolSimulator.Kind.BRAIINS).coin(Coin.BTC).token(TOKEN));
      PoolSimulator mmfp = start(sims, PoolSimulator.builder().kind(PoolSimulator.Kind.MMFP).coin(Coin.BCH));
      assertThat(registry.plugins()).extracting(p -> p.poolType()).containsExactly("braiins", "mmfp", "solopool");

      List<PoolConfig> pools =
          List.of(
              PoolConfig.builder().id("solo").poolType("solopool").url("dgb-sha.solopool.org").port(3333)
                  .username(solo.username()).config(PoolConfig.API_BASE_URL, solo.baseUrl()).build(),
              PoolConfig.builder().id("braiins").poolType("braiins").url("stratum+tcp://eu.stratum.braiins.com").port(3333)
                  .username(braiins.username()).apiKey(TOKEN).config(PoolConfig.API_BASE_URL, braiins.baseUrl()).build(),
              PoolConfig.builder().id("mmfp").poolType("mmfp").url("127.0.0.1").port(3333)
                  .config(Map.of(PoolConfig.API_BASE_URL, mmfp.baseUrl(), PoolConfig.COIN, "BCH")).build());

      try (DashboardPoolService service = DashboardPoolService.builder(registry).pools(pools).readBudget(Duration.ofSeconds(30)).build()) {
        Map<String, PoolTileSet> perPool = service.poolTiles().join();
        PlatformTiles platform = service.platformTiles().join();

        assertThat(perPool.values()).allSatisfy(s -> assertThat(s.tiles().healthStatus())
            .as("%s: %s", s.poolId(), s.tiles().healthMessage()).isTrue());
        DashboardTileData dgb = perPool.get("solo").tiles();
        DashboardTileData btc = perPool.get("braiins").tiles();
        DashboardTileData bch = perPool.get("mmfp").tiles();
        assertThat(dgb.currency()).isEqualTo("DGB");
        assertThat(btc.currency()).isEqualTo("BTC");
        assertThat(bch.currency()).isEqualTo("BCH");
        // DGB SHA-256d: a 75 s block time, not 600 s
        assertThat(MiningMath.poolPercentage(dgb.poolHashrate(),
                MiningMath.networkHashrate(dgb.networkDifficulty(), Coin.DGB.blockTime())))
            .isCloseTo(dgb.poolPercentage(), offset(dgb.poolPercentage() * 1e-6));

        assertThat(platform.tile1Health().totalPools()).isEqualTo(3);
        assertThat(platform.tile1Health().healthyPools()).isEqualTo(3);
        assertThat(platform.tile4Blocks().currencies()).containsExactly("BCH", "BTC", "DGB");
        // three coins: no headline adds their hash rates; each coin has its own
        assertThat(platform.tile2Network().totalPoolHashrate()).isNull();
        assertThat(platform.tile4Blocks().totalEarnings24h()).isNull();
        assertThat(platform.byCoin().get("DGB").poolHashrate()).isEqualTo(dgb.poolHashrate());
        assertThat(platform.byCoin().get("BTC").poolHashrate()).isEqualTo(btc.poolHashrate());
        assertThat(platform.byCoin().get("BCH").poolHashrate()).isEqualTo(bch.poolHashrate());
        // any of the pools finding a block: rates add, so the combined time is below each one's
        Double combined = platform.tile2Network().estimatedTimeToBlockSeconds();
        assertThat(combined).isNotNull();
        for (DashboardTileData t : List.of(dgb, bch)) {
          assertThat(combined).isLessThanOrEqualTo(t.estimatedTimeToBlockSeconds());
        }
        assertThat(platform.byCoin()).containsOnlyKeys("BCH", "BTC", "DGB");
        // earnings across coins are never mixed inside by_coin
        assertThat(platform.byCoin().get("BTC").estimatedEarnings24h()).isEqualTo(btc.estimatedEarnings24h());
      }
    } finally {
      sims.forEach(PoolSimulator::close);
    }
  }

  private static PoolSimulator start(List<PoolSimulator> sims, PoolSimulator.Builder b) {
    PoolSimulator s = b.bindAddress("127.0.0.1").port(0).build().start();
    sims.add(s);
    return s;
  }
}
