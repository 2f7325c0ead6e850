package dev.danvic.hmm.pools;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import org.jspecify.annotations.Nullable;

/**
 * The one rule every plugin uses for tile 4's {@code blocks_found_24h} and {@code last_block_time}
 * from a list of {@link PoolBlock}s, so that "a block in the last 24 h" means the same for every
 * pool.
 *
 * <ul>
 *   <li>A block counts when it is not {@link PoolBlock.Status#ORPHANED} (an orphan was never found
 *       for good) and its timestamp is later than {@code now} minus 24 hours: a block exactly 24 h
 *       old is out, a block stamped a little ahead of {@code now} (a pool's clock ahead of ours) is
 *       in. A block without a timestamp is not counted.</li>
 *   <li>Candidates ({@link PoolBlock.Status#CANDIDATE}, still waiting for confirmations), immature,
 *       confirmed blocks and blocks of unknown status all count: the pool found them; a candidate
 *       that is later orphaned leaves the count then. A plugin does not filter the list further
 *       (by status, miner or round) before handing it here.</li>
 *   <li>The last block time is the newest timestamp of a block that is not orphaned, by the same
 *       rule, so a block that counts is never newer than the last block time. A plugin may take
 *       the later of this and a last block time the pool reports ({@link #later}).</li>
 * </ul>
 *
 * <p>{@code now} comes from the plugin's {@link PoolContext#clock()}, so tests fix it.
 */
public final class FoundBlocks {
  /** The window of {@code blocks_found_24h}. */
  public static final Duration WINDOW = Duration.ofHours(24);

  private FoundBlocks() {}

  /**
   * @param block a block
   * @param now the end of the window
   * @return whether the block counts as found in the 24 h before {@code now}
   */
  public static boolean inLast24h(PoolBlock block, Instant now) {
    Instant t = block.timestamp();
    return block.status() != PoolBlock.Status.ORPHANED && t != null && t.isAfter(now.minus(WINDOW));
  }

  /**
   * @param blocks the blocks a pool listed, any order
   * @param now the end of the window
   * @return how many were found in the 24 h before {@code now} (see the class documentation)
   */
  public static int countLast24h(Collection<PoolBlock> blocks, Instant now) {
    int n = 0;
    for (PoolBlock b : blocks) {
      if (inLast24h(b, now)) {
        n++;
      }
    }
    return n;
  }

  /**
   * @param blocks the blocks a pool listed, any order
   * @return the newest timestamp of a block that is not orphaned, or {@code null} when there is none
   */
  public static @Nullable Instant lastFound(Collection<PoolBlock> blocks) {
    Instant last = null;
    for (PoolBlock b : blocks) {
      Instant t = b.timestamp();
      if (b.status() != PoolBlock.Status.ORPHANED && t != null && (last == null || t.isAfter(last))) {
        last = t;
      }
    }
    return last;
  }

  /**
   * @param a a time, or {@code null}
   * @param b another, or {@code null}
   * @return the later of the two, or the one that is known
   */
  public static @Nullable Instant later(@Nullable Instant a, @Nullable Instant b) {
    return a == null ? b : b == null || a.isAfter(b) ? a : b;
  }
}
