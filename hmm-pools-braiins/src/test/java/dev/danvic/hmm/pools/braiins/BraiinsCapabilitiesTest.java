package dev.danvic.hmm.pools.braiins;

import static dev.danvic.hmm.pools.braiins.BraiinsFixtures.NOW;
import static dev.danvic.hmm.pools.braiins.BraiinsFixtures.url;
import static dev.danvic.hmm.pools.braiins.BraiinsIntegration.PAYOUTS_PATH;
import static dev.danvic.hmm.pools.braiins.BraiinsIntegration.STATS_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.danvic.hmm.pools.InvalidPoolConfigException;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.PoolApiException;
import dev.danvic.hmm.pools.PoolBlock;
import dev.danvic.hmm.pools.PoolStats;
import dev.danvic.hmm.pools.testkit.Fixtures;
import dev.danvic.hmm.pools.testkit.ScriptedPoolContext;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BraiinsCapabilitiesTest {
  private final BraiinsIntegration plugin = new BraiinsIntegration();

  @Test
  void listsThePoolsRecentBlocksNewestFirst() {
    List<PoolBlock> blocks = plugin.recentBlocks(BraiinsFixtures.pool(), BraiinsFixtures.current()).join();

    assertThat(blocks).extracting(PoolBlock::height).containsExactly(934_001L, 934_000L, 933_990L, 933_900L);
    assertThat(blocks)
        .extracting(PoolBlock::status)
        .containsExactly(
            PoolBlock.Status.CANDIDATE, // state "new", 100 confirmations left
            PoolBlock.Status.CONFIRMED,
            PoolBlock.Status.CONFIRMED, // confirmations_left written as "0"
            PoolBlock.Status.ORPHANED);
    PoolBlock newest = blocks.get(0);
    assertThat(newest.timestamp()).isEqualTo(NOW.minus(Duration.ofHours(1)));
    assertThat(newest.reward()).isEqualTo(new BigDecimal("3.17500000"));
    assertThat(newest.currency()).isEqualTo("BTC");
    assertThat(newest.hash()).isNull();
    assertThat(newest.networkDifficulty()).isNull();
  }

  @Test
  void blockStatesThatMerelyContainConfirmedOrMatureAreNotConfirmed() {
    String body =
        "{\"btc\": {\"hash_rate_unit\": \"Gh/s\", \"blocks\": {"
            + "\"102\": {\"date_found\": 1770289200, \"state\": \"confirmed\"},"
            + "\"101\": {\"date_found\": 1770285600, \"state\": \"Unconfirmed\"},"
            + "\"100\": {\"date_found\": 1770282000, \"state\": \"immature\"}}}}";
    ScriptedPoolContext ctx = BraiinsFixtures.context().json(url(STATS_PATH), body);

    assertThat(plugin.recentBlocks(BraiinsFixtures.pool(), ctx).join())
        .extracting(PoolBlock::status)
        .containsExactly(PoolBlock.Status.CONFIRMED, PoolBlock.Status.CANDIDATE, PoolBlock.Status.IMMATURE);
  }

  @Test
  void anEmptyBlocksObjectIsAnEmptyList() {
    ScriptedPoolContext ctx = BraiinsFixtures.slushEra();
    assertThat(plugin.recentBlocks(BraiinsFixtures.pool(), ctx).join()).isEmpty();
  }

  @Test
  void reportsPoolWideStatistics() {
    PoolStats stats = plugin.stats(BraiinsFixtures.pool(), BraiinsFixtures.current()).join();
    assertThat(stats.currency()).isEqualTo("BTC");
    assertThat(stats.poolHashrate()).isCloseTo(1.51234567895e19, withinPercentage(1e-9));
    assertThat(stats.activeWorkers()).isEqualTo(98_765);
    assertThat(stats.lastBlockTime()).isEqualTo(NOW.minus(Duration.ofHours(1)));
    assertThat(stats.networkDifficulty()).isNull();
    assertThat(stats.networkHashrate()).isNull();
    assertThat(stats.feePercent()).isNull();
  }

  @Test
  void readsStatisticsWhetherFppsRateIsANumberOrAString() {
    String asNumber = Fixtures.read("braiins/stats.json");
    String asString = asNumber.replace("\"fpps_rate\": 0.00000049", "\"fpps_rate\": \"0.00000049\"");
    assertThat(asString).isNotEqualTo(asNumber);
    for (String body : List.of(asNumber, asString)) {
      ScriptedPoolContext ctx = BraiinsFixtures.context().json(url(STATS_PATH), body);
      PoolStats stats = plugin.stats(BraiinsFixtures.pool(), ctx).join();
      assertThat(stats.activeWorkers()).isEqualTo(98_765);
    }
  }

  @Test
  void aRejectedTokenFailsTheCapabilitiesWithTheClearMessage() {
    ScriptedPoolContext ctx = BraiinsFixtures.forbidden(BraiinsFixtures.context(), STATS_PATH);
    Throwable failure = plugin.recentBlocks(BraiinsFixtures.pool(), ctx).handle((v, t) -> t).join();
    assertThat(failure)
        .isInstanceOfSatisfying(
            PoolApiException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(PoolApiException.Kind.AUTH_REJECTED);
              assertThat(e.statusCode()).isEqualTo(403);
              assertThat(e.getMessage()).isEqualTo("Braiins rejected the API token");
            });
    assertThat(ctx.requests()).hasSize(1);
  }

  @Test
  void capabilitiesWithoutTokenFailWithoutSending() {
    ScriptedPoolContext ctx = BraiinsFixtures.current();
    PoolConfig noToken = BraiinsFixtures.pool().toBuilder().apiKey(null).build();
    assertThat(plugin.stats(noToken, ctx).handle((v, t) -> t).join())
        .isInstanceOf(InvalidPoolConfigException.class);
    assertThat(plugin.payouts(noToken, ctx).handle((v, t) -> t).join())
        .isInstanceOf(InvalidPoolConfigException.class);
    assertThat(ctx.requests()).isEmpty();
  }

  @Test
  void payoutsConvertSatoshisAndOnlySatoshis() {
    ScriptedPoolContext ctx =
        BraiinsFixtures.context().json(url(PAYOUTS_PATH), Fixtures.read("braiins/payouts.json"));
    List<BraiinsPayout> payouts = plugin.payouts(BraiinsFixtures.pool(), ctx).join();

    assertThat(payouts)
        .extracting(BraiinsPayout::requestedAt)
        .containsExactly(
            Instant.ofEpochSecond(1_770_280_000L),
            Instant.ofEpochSecond(1_770_250_000L),
            Instant.ofEpochSecond(1_770_200_000L));
    BraiinsPayout queued = payouts.get(0);
    assertThat(queued.rail()).isEqualTo(BraiinsPayout.Rail.ONCHAIN);
    assertThat(queued.status()).isEqualTo("queued");
    assertThat(queued.amount()).isEqualTo(new BigDecimal("1.00000000")); // "100000000" sats
    assertThat(queued.fee()).isEqualByComparingTo("0");
    assertThat(queued.resolvedAt()).isNull();
    BraiinsPayout lightning = payouts.get(1);
    assertThat(lightning.rail()).isEqualTo(BraiinsPayout.Rail.LIGHTNING);
    assertThat(lightning.status()).isEqualTo("confirmed");
    assertThat(lightning.amount()).isEqualTo(new BigDecimal("0.00002100"));
    assertThat(lightning.fee()).isEqualTo(new BigDecimal("0.00000001"));
    BraiinsPayout onchain = payouts.get(2);
    assertThat(onchain.amount()).isEqualTo(new BigDecimal("0.12345678"));
    assertThat(onchain.fee()).isEqualTo(new BigDecimal("0.00001500"));
    assertThat(onchain.txId()).startsWith("9f2c1e0d");
    assertThat(onchain.resolvedAt()).isEqualTo(Instant.ofEpochSecond(1_770_203_600L));

    assertThat(ctx.requests())
        .singleElement()
        .satisfies(r -> assertThat(r.minInterval()).isEqualTo(Duration.ofSeconds(5)));
  }

  @Test
  void aBtcFieldIsNeverDividedLikeASatoshiField() throws Exception {
    ObjectMapper json = new ObjectMapper();
    BraiinsJson.Profile profile = BraiinsJson.profile(json.readTree("{\"btc\":{\"current_balance\":\"2100\"}}"));
    assertThat(profile).isNotNull();
    assertThat(profile.confirmedBalance()).isEqualTo(new BigDecimal("2100"));
    assertThat(BraiinsJson.satsToBtc(json.readTree("\"2100\""))).isEqualTo(new BigDecimal("0.00002100"));
  }
}
