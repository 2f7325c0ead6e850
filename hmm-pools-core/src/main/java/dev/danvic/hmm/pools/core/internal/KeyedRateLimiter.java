package dev.danvic.hmm.pools.core.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Spaces requests that share a key at least a given interval apart, by handing out start slots.
 * A slot is reserved atomically: the first caller gets "now", the next one "now + interval", and
 * so on. A slot that would not start before the caller's deadline is refused and not consumed.
 * Times are monotonic nanoseconds (a ticker's readings), compared by difference so that they may
 * wrap; never a wall clock, which may stand still (a fixed test clock) or jump.
 *
 * <p>The key may contain a secret (an API token), so only its SHA-256 is kept. Not API.
 */
public final class KeyedRateLimiter {
  private static final int PRUNE_EVERY = 256;

  /** SHA-256 of the key to the start of its next free slot. */
  private final ConcurrentHashMap<String, Long> nextFree = new ConcurrentHashMap<>();
  private final AtomicInteger reservations = new AtomicInteger();

  /**
   * The outcome of {@link #reserve}.
   *
   * @param start when the request may start, ticker nanoseconds: the slot if granted, else the
   *     first free slot
   * @param granted whether the slot was reserved
   */
  public record Slot(long start, boolean granted) {}

  /**
   * @param key the rate-limit key (may be secret; only its hash is kept)
   * @param intervalNanos the least time between two starts with this key, nanoseconds
   * @param now the current ticker reading, nanoseconds
   * @param notAfter a slot starting at or after this ticker reading is refused
   * @return the reserved slot, or the refused one ({@link Slot#granted()} false)
   */
  public Slot reserve(String key, long intervalNanos, long now, long notAfter) {
    Slot[] out = new Slot[1];
    nextFree.compute(
        digest(key),
        (k, next) -> {
          long start = next == null || next - now < 0 ? now : next;
          if (start - notAfter >= 0) {
            out[0] = new Slot(start, false);
            return next; // refused: the slot stays free for someone with a later deadline
          }
          out[0] = new Slot(start, true);
          return start + intervalNanos;
        });
    if (reservations.incrementAndGet() % PRUNE_EVERY == 0) {
      // a slot in the past means "free now", the same as no entry: drop those so keys never pile up
      nextFree.entrySet().removeIf(e -> e.getValue() - now < 0);
    }
    return out[0];
  }

  /** @return how many keys have a slot reserved in the future (or not yet pruned) */
  public int trackedKeys() {
    return nextFree.size();
  }

  static String digest(@Nullable String key) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(String.valueOf(key).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
