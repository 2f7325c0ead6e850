package dev.danvic.hmm.pools.mmfp;

import static dev.danvic.hmm.pools.mmfp.Scripts.fixture;
import static dev.danvic.hmm.pools.mmfp.Scripts.pool;
import static dev.danvic.hmm.pools.mmfp.Scripts.poolBuilder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.danvic.hmm.pools.PoolBlock;
import dev.danvic.hmm.pools.PoolStats;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The optional capabilities: recent blocks and pool statistics. */
class MmfpCapabilitiesTest {
  private final MmfpIntegration plugin = new MmfpIntegration();

  @Test
  void recentBlocksNewestFirstWithTheirStatus() {
    List<PoolBlock> blocks = plugin.recentBlocks(pool(), Scripts.seed()).join();
    assertThat(blocks).extracting(PoolBlock::hash).containsExactly("0000aaa", "dgb1", "0000bbb", "0000old", "0000nots");
    PoolBlock newest = blocks.get(0);
    assertThat(newest.currency()).isEqualTo("BTC");
    assertThat(newest.height()).isEqualTo(880_000L);
    assertThat(newest.timestamp()).isEqualTo(Instant.parse("2026-02-05T11:00:00Z"));
    assertThat(newest.networkDifficulty()).isEqualTo(1e14);
    assertThat(newest.shareDifficulty()).isEqualTo(1.5e14);
    assertThat(newest.miner()).isEqualTo("bc1qexampleaddress.rig2");
    assertThat(newest.status()).isEqualTo(PoolBlock.Status.CANDIDATE);
    assertThat(blocks.get(2).currency()).isEqualTo("BTC"); // "btc" normalised
    assertThat(blocks.get(2).status()).isEqualTo(PoolBlock.Status.CONFIRMED); // "true" as text
    assertThat(blocks.get(4).status()).isEqualTo(PoolBlock.Status.UNKNOWN);
    assertThat(blocks.get(4).timestamp()).isNull();
  }

  @Test
  void theBlockListIsKeptByCoreForTwoMinutes() {
    dev.danvic.hmm.pools.testkit.ScriptedPoolContext ctx = Scripts.seed();
    plugin.recentBlocks(pool(), ctx).join();
    assertThat(ctx.requests())
        .singleElement()
        .satisfies(r -> assertThat(r.refreshInterval()).isEqualTo(java.time.Duration.ofMinutes(2)));
  }

  @Test
  void recentBlocksOfTheConfiguredCoinOnly() {
    List<PoolBlock> dgb = plugin.recentBlocks(poolBuilder().config("coin", "DGB").build(), Scripts.seed()).join();
    assertThat(dgb).extracting(PoolBlock::hash).containsExactly("dgb1");
  }

  @Test
  void aServerWithoutABlockListSaysSo() {
    assertThatThrownBy(() -> plugin.recentBlocks(pool(), Scripts.goSlimStratum().status(Scripts.SEED_BLOCKS, 404)).join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("/blocks/recent");
  }

  @Test
  void statsCarryTheAllTimeBlockCount() {
    PoolStats s = plugin.stats(pool(), Scripts.goSlimStratum()).join();
    assertThat(s.currency()).isEqualTo("BTC");
    assertThat(s.poolHashrate()).isEqualTo(1e12);
    assertThat(s.networkDifficulty()).isEqualTo(1e14);
    assertThat(s.networkHashrate()).isCloseTo(7.158e20, within(0.001e20)); // the contract's BTC vector
    assertThat(s.blocksFoundTotal()).isEqualTo(7L);
    assertThat(s.activeMiners()).isEqualTo(3); // active_miners
    assertThat(s.activeWorkers()).isEqualTo(4); // active entries of metrics/miners
    assertThat(s.feePercent()).isNull();
  }

  @Test
  void dgbNetworkHashrateUsesItsSha256BlockTime() {
    String dgbPool = Scripts.ORIGIN + "/api/v1/DGB/metrics/pool";
    PoolStats s =
        plugin
            .stats(
                poolBuilder().config("coin", "DGB").build(),
                Scripts.context().json(dgbPool, "{\"hashrate\":{\"5m\":1e12},\"network_comparison\":{\"network_difficulty\":1e9}}"))
            .join();
    assertThat(s.currency()).isEqualTo("DGB");
    assertThat(s.networkHashrate()).isCloseTo(5.7266e16, within(0.0001e16));
  }

  @Test
  void statsFromTheEngineKeepItsAllTimeCount() {
    PoolStats s = plugin.stats(pool(), Scripts.engine()).join();
    assertThat(s.blocksFoundTotal()).isEqualTo(5L);
    assertThat(s.poolHashrate()).isNull();
    assertThat(s.lastBlockTime()).isEqualTo(Instant.parse("2026-01-20T08:30:00.123456789Z"));
  }

  @Test
  void statsFailWithTheApisFailure() {
    assertThatThrownBy(() -> plugin.stats(pool(), Scripts.context().status(Scripts.METRICS_POOL, 500)).join())
        .cause()
        .hasMessageContaining("HTTP 500");
  }

  @Test
  void fixturesUsedHereExist() {
    assertThat(fixture("seed-blocks-recent.json")).contains("0000aaa");
  }
}
