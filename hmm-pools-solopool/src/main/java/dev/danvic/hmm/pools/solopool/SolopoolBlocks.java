package dev.danvic.hmm.pools.solopool;

import static dev.danvic.hmm.pools.LenientJson.at;
import static dev.danvic.hmm.pools.LenientJson.bool;
import static dev.danvic.hmm.pools.LenientJson.count;
import static dev.danvic.hmm.pools.LenientJson.instant;
import static dev.danvic.hmm.pools.LenientJson.nonNegative;
import static dev.danvic.hmm.pools.LenientJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.danvic.hmm.pools.Coin;
import dev.danvic.hmm.pools.PoolBlock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What {@code GET /api/blocks} says: the lists {@code matured[]}, {@code immature[]} and
 * {@code candidates[]}, any of which may be {@code null} or missing.
 */
final class SolopoolBlocks {
  /** Most advanced first, so a block listed twice keeps its most advanced status. */
  private static final String[] LISTS = {"matured", "immature", "candidates"};

  private static final Comparator<PoolBlock> NEWEST_FIRST =
      Comparator.comparing(PoolBlock::timestamp, Comparator.nullsLast(Comparator.reverseOrder()))
          .thenComparing(PoolBlock::height, Comparator.nullsLast(Comparator.reverseOrder()));

  private SolopoolBlocks() {}

  /**
   * @param root a parsed body
   * @return whether it is an object with at least one of the block lists or their totals (the
   *     lists are {@code null} while the pool has found nothing)
   */
  static boolean looksLikeBlocks(@Nullable JsonNode root) {
    if (root == null || !root.isObject()) {
      return false;
    }
    for (String list : LISTS) {
      if (root.has(list) || root.has(list + "Total")) {
        return true;
      }
    }
    return false;
  }

  /**
   * @param root a parsed body
   * @param coin the pool's coin
   * @param decimals the coin's amount unit, empty when unknown (rewards are then {@code null})
   * @return every block listed, each once, newest first; orphans included with status
   *     {@link PoolBlock.Status#ORPHANED}
   */
  static List<PoolBlock> parse(JsonNode root, Coin coin, OptionalInt decimals) {
    List<PoolBlock> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String list : LISTS) {
      JsonNode array = at(root, list);
      if (array == null || !array.isArray()) {
        continue;
      }
      for (JsonNode b : array) {
        if (!b.isObject()) {
          continue;
        }
        PoolBlock block = block(b, list, coin, decimals);
        String key = block.hash() != null ? block.hash() : "height:" + block.height();
        if (block.hash() == null && block.height() == null || seen.add(key)) {
          out.add(block);
        }
      }
    }
    out.sort(NEWEST_FIRST);
    return out;
  }

  /**
   * Blocks found within a window ending now: immature and matured ones (candidates may still be
   * orphaned; orphans were never found for good), by their timestamp. A timestamp slightly ahead of
   * {@code now} (clock skew) counts as inside.
   *
   * @param blocks from {@link #parse}
   * @param now the end of the window (the context's clock)
   * @param window the window's length, for example 24 hours
   * @return how many
   */
  static int countFound(List<PoolBlock> blocks, Instant now, Duration window) {
    Instant from = now.minus(window);
    int n = 0;
    for (PoolBlock b : blocks) {
      boolean found = b.status() == PoolBlock.Status.IMMATURE || b.status() == PoolBlock.Status.CONFIRMED;
      if (found && b.timestamp() != null && b.timestamp().isAfter(from)) {
        n++;
      }
    }
    return n;
  }

  /**
   * @param blocks from {@link #parse}
   * @return the newest timestamp of a block that is not orphaned (candidates included), or
   *     {@code null}
   */
  static @Nullable Instant lastFound(List<PoolBlock> blocks) {
    Instant last = null;
    for (PoolBlock b : blocks) {
      if (b.status() != PoolBlock.Status.ORPHANED && b.timestamp() != null
          && (last == null || b.timestamp().isAfter(last))) {
        last = b.timestamp();
      }
    }
    return last;
  }

  private static PoolBlock block(JsonNode b, String list, Coin coin, OptionalInt decimals) {
    PoolBlock.Status status;
    if (Boolean.TRUE.equals(bool(at(b, "orphan")))) {
      status = PoolBlock.Status.ORPHANED;
    } else if (list.equals("matured")) {
      status = PoolBlock.Status.CONFIRMED;
    } else if (list.equals("immature")) {
      status = PoolBlock.Status.IMMATURE;
    } else {
      status = PoolBlock.Status.CANDIDATE;
    }
    return new PoolBlock(
        coin.symbol(),
        count(at(b, "height")),
        text(at(b, "hash")),
        instant(at(b, "timestamp")),
        positive(nonNegative(at(b, "difficulty"))),
        positive(nonNegative(at(b, "shareDifficulty"))),
        Amounts.coins(at(b, "reward"), decimals),
        text(at(b, "miner")),
        status);
  }

  private static @Nullable Double positive(@Nullable Double v) {
    return v == null || v == 0 ? null : v;
  }
}
