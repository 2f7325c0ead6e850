package dev.danvic.hmm.pools.braiins;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The Slush-era pool statistics give the pool's hash rate as {@code pool_scoring_hash_rate}. */
class BraiinsSlushStatsTest {
  @Test
  void theSlushEraScoringHashRateIsThePoolHashRate() throws Exception {
    String slush = "{\"btc\":{\"hash_rate_unit\":\"Gh/s\",\"pool_scoring_hash_rate\":\"14000000000\",\"pool_active_workers\":90000}}";
    BraiinsJson.PoolWide pool = BraiinsJson.poolWide(new ObjectMapper().readTree(slush));
    assertThat(pool).isNotNull();
    assertThat(pool.hashrate5m()).isEqualTo(1.4e19); // 1.4e10 Gh/s in H/s
    assertThat(pool.activeWorkers()).isEqualTo(90000);
  }

  @Test
  void theCurrentFiveMinuteHashRateWinsWhenBothArePresent() throws Exception {
    String both =
        "{\"btc\":{\"hash_rate_unit\":\"Gh/s\",\"pool_5m_hash_rate\":\"13000000000\",\"pool_scoring_hash_rate\":\"14000000000\"}}";
    assertThat(BraiinsJson.poolWide(new ObjectMapper().readTree(both)).hashrate5m()).isEqualTo(1.3e19);
  }
}
