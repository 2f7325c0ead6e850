package dev.danvic.hmm.pools.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.danvic.hmm.pools.DashboardTileData;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The solo miner's best share in tile 3: written, read back, and the platform shows the highest. */
class BestShareTilesTest {
  private static final Instant T0 = Instant.parse("2026-02-05T12:00:00Z");
  private static final ObjectMapper MAPPER = HmmPoolsJson.mapper();

  private static PoolTileSet pool(String id, Double best, Double ever) {
    DashboardTileData t =
        DashboardTileData.builder(T0).bestShareDifficulty(best).bestShareDifficultyEver(ever).build();
    return new PoolTileSet(id, "publicpool", "public-pool", List.of("BTC"), t);
  }

  @Test
  void poolTileWritesBothBestSharesAndReadsThemBack() throws Exception {
    PoolTileSet p = pool("a", 4.12e9, 1.5e11);
    JsonNode json = MAPPER.valueToTree(p);
    assertThat(json.get("tile_3_shares").get("best_share_difficulty").doubleValue()).isEqualTo(4.12e9);
    assertThat(json.get("tile_3_shares").get("best_share_difficulty_ever").doubleValue()).isEqualTo(1.5e11);
    PoolTileSet back = MAPPER.readValue(MAPPER.writeValueAsString(p), PoolTileSet.class);
    assertThat(back.tiles().bestShareDifficulty()).isEqualTo(4.12e9);
    assertThat(back.tiles().bestShareDifficultyEver()).isEqualTo(1.5e11);
  }

  @Test
  void unknownBestShareIsWrittenAsNullNotLeftOut() {
    JsonNode json = MAPPER.valueToTree(pool("a", null, null));
    assertThat(json.get("tile_3_shares").has("best_share_difficulty")).isTrue();
    assertThat(json.get("tile_3_shares").get("best_share_difficulty").isNull()).isTrue();
    assertThat(json.get("tile_3_shares").get("best_share_difficulty_ever").isNull()).isTrue();
  }

  @Test
  void platformTileShowsTheHighestOfTheKnownBestShares() throws Exception {
    PlatformTiles tiles =
        TileAggregator.aggregate(
            List.of(pool("a", 4.12e9, 2e10), pool("b", 7.5e8, 9.1e11), pool("c", null, null)), T0);
    assertThat(tiles.tile3Shares().bestShareDifficulty()).isEqualTo(4.12e9);
    assertThat(tiles.tile3Shares().bestShareDifficultyEver()).isEqualTo(9.1e11);
    JsonNode json = MAPPER.valueToTree(tiles);
    assertThat(json.get("tile_3_shares").get("best_share_difficulty").doubleValue()).isEqualTo(4.12e9);
    PlatformTiles back = MAPPER.readValue(MAPPER.writeValueAsString(tiles), PlatformTiles.class);
    assertThat(back.tile3Shares().bestShareDifficultyEver()).isEqualTo(9.1e11);
  }

  @Test
  void platformBestShareIsNullWhenNoPoolReportsIt() {
    PlatformTiles tiles = TileAggregator.aggregate(List.of(pool("c", null, null)), T0);
    assertThat(tiles.tile3Shares().bestShareDifficulty()).isNull();
    assertThat(tiles.tile3Shares().bestShareDifficultyEver()).isNull();
  }

  @Test
  void oldConstructorsStillBuildTilesWithoutBestShares() {
    PlatformTiles.SharesTile s = new PlatformTiles.SharesTile(1L, 0L, 0L, 0.0);
    assertThat(s.bestShareDifficulty()).isNull();
    DashboardTileData t = DashboardTileData.builder(T0).shares(5L, 1L, null).build();
    DashboardTileData old =
        new DashboardTileData(
            true, null, null, null, null, null, null, null, null, 5L, 1L, null, t.rejectRate(), null,
            null, null, null, null, null, null, null, null, null, T0, false, false);
    assertThat(old).isEqualTo(t);
    assertThat(old.bestShareDifficulty()).isNull();
  }
}
