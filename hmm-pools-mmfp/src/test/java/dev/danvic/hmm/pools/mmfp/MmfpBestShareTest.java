package dev.danvic.hmm.pools.mmfp;

import static dev.danvic.hmm.pools.mmfp.Scripts.METRICS_MINERS;
import static dev.danvic.hmm.pools.mmfp.Scripts.poolBuilder;
import static org.assertj.core.api.Assertions.assertThat;

import dev.danvic.hmm.pools.DashboardTileData;
import dev.danvic.hmm.pools.PoolConfig;
import dev.danvic.hmm.pools.testkit.ScriptedPoolContext;
import org.junit.jupiter.api.Test;

/** Tile 3's best share from the workers MMFP lists. */
class MmfpBestShareTest {
  private final MmfpIntegration plugin = new MmfpIntegration();

  private DashboardTileData tiles(ScriptedPoolContext ctx, PoolConfig pool) {
    return plugin.dashboardData(pool, ctx).join();
  }

  @Test
  void goSlimStratumsBestShareOfTheWorkersFillsTile3() {
    DashboardTileData t = tiles(Scripts.goSlimStratum(), Scripts.pool());
    assertThat(t.bestShareDifficulty()).isEqualTo(1.2e9);
    assertThat(t.bestShareDifficultyEver()).isNull(); // the API has no all-time figure
  }

  @Test
  void withAnAccountOnlyItsWorkersCount() {
    ScriptedPoolContext ctx =
        Scripts.goSlimStratum()
            .json(
                METRICS_MINERS,
                "{\"workers\": ["
                    + "{\"worker_name\": \"bc1qmine.rig1\", \"best_share_difficulty\": \"5.5e8\"},"
                    + "{\"worker_name\": \"bc1qmine.old\", \"is_active\": false, \"best_share_difficulty\": 7e8},"
                    + "{\"worker_name\": \"bc1qother.rig\", \"best_share_difficulty\": 9e12}]}");
    assertThat(tiles(ctx, poolBuilder().username("bc1qmine").build()).bestShareDifficulty()).isEqualTo(7e8);
    assertThat(tiles(ctx, Scripts.pool()).bestShareDifficulty()).isEqualTo(9e12);
  }

  @Test
  void theEnginesBestDifficultyIsTheBestShare() {
    assertThat(tiles(Scripts.engine(), Scripts.pool()).bestShareDifficulty()).isEqualTo(1.5e9);
  }

  @Test
  void workersWithoutABestShareLeaveItUnknown() {
    ScriptedPoolContext ctx =
        Scripts.goSlimStratum().json(METRICS_MINERS, "{\"workers\": [{\"worker_name\": \"a.b\", \"best_share_difficulty\": 0}]}");
    assertThat(tiles(ctx, Scripts.pool()).bestShareDifficulty()).isNull();
  }
}
