package com.example.hashhut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.MiningMath;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HashHutTilesTest {
  @Test
  void theDemoAnswerBecomesTilesInBaseUnits() throws Exception {
    var json = new ObjectMapper().readTree(HashHutContractTest.demoAnswers().get(HashHutIntegration.STATS));
    DashboardTileData t = HashHutIntegration.tiles(json, 12, Instant.EPOCH);
    assertThat(t.poolHashrate()).isEqualTo(1.25e18); // "1.25E" H/s
    assertThat(t.activeWorkers()).isEqualTo(1840);
    assertThat(t.sharesValid()).isEqualTo(98_231L);
    assertThat(t.rejectRate()).isCloseTo((412 + 57) * 100.0 / (98_231 + 412 + 57), within(1e-9));
    assertThat(t.estimatedTimeToBlockSeconds()).isCloseTo(1.1e14 * Math.pow(2, 32) / 1.25e18, within(1e-6));
    assertThat(t.poolPercentage()).isCloseTo(1.25e18 / MiningMath.networkHashrate(1.1e14, java.time.Duration.ofMinutes(10)) * 100, within(1e-9));
    assertThat(t.blocksFound24h()).isEqualTo(3);
  }

  @Test
  void absentFiguresStayUnknown() throws Exception {
    DashboardTileData t = HashHutIntegration.tiles(new ObjectMapper().readTree("{\"workers\": 2}"), 5, Instant.EPOCH);
    assertThat(t.poolHashrate()).isNull();
    assertThat(t.estimatedTimeToBlockSeconds()).isNull();
    assertThat(t.sharesValid()).isNull();
    assertThat(t.activeWorkers()).isEqualTo(2);
  }
}
