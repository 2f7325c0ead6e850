package dev.danvic.hmm.pools;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one "blocks in the last 24 h" rule every plugin uses, at a fixed now. */
class FoundBlocksTest {
  private static final Instant NOW = Instant.parse("2026-02-05T12:00:00Z");

  private static PoolBlock block(Duration ago, PoolBlock.Status status) {
    return new PoolBlock("BTC", null, null, ago == null ? null : NOW.minus(ago), null, null, null, null, status);
  }

  @Test
  void everyBlockNotOrphanedStampedWithinTheLast24hCounts() {
    List<PoolBlock> blocks =
        List.of(
            block(Duration.ofHours(1), PoolBlock.Status.CANDIDATE),
            block(Duration.ofHours(2), PoolBlock.Status.IMMATURE),
            block(Duration.ofHours(23), PoolBlock.Status.CONFIRMED),
            block(Duration.ofHours(24).minusSeconds(1), PoolBlock.Status.UNKNOWN),
            block(Duration.ofHours(3), PoolBlock.Status.ORPHANED), // never found for good
            block(Duration.ofHours(24), PoolBlock.Status.CONFIRMED), // exactly 24 h old: out
            block(Duration.ofHours(30), PoolBlock.Status.CONFIRMED),
            block(Duration.ofMinutes(-2), PoolBlock.Status.CONFIRMED), // the pool's clock is ahead: in
            block(null, PoolBlock.Status.CONFIRMED)); // no time: not counted
    assertThat(FoundBlocks.countLast24h(blocks, NOW)).isEqualTo(5);
    assertThat(FoundBlocks.lastFound(blocks)).isEqualTo(NOW.plus(Duration.ofMinutes(2)));
  }

  @Test
  void theLastBlockIsNeverAnOrphanAndNothingIsUnknown() {
    assertThat(FoundBlocks.lastFound(List.of(block(Duration.ofHours(1), PoolBlock.Status.ORPHANED)))).isNull();
    assertThat(FoundBlocks.lastFound(List.of())).isNull();
    assertThat(FoundBlocks.countLast24h(List.of(), NOW)).isZero();
    assertThat(FoundBlocks.later(null, NOW)).isEqualTo(NOW);
    assertThat(FoundBlocks.later(NOW, NOW.minusSeconds(1))).isEqualTo(NOW);
    assertThat(FoundBlocks.later(null, null)).isNull();
  }
}
