package dev.danvic.hmm.pools.redis;

import java.util.function.BooleanSupplier;

/** Waits for a condition a bounded time (10 s), looking every 20 ms; fails saying what it waited for. */
final class Poll {
  private Poll() {}

  static void until(BooleanSupplier condition, String what) {
    long end = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        throw new AssertionError("timed out after 10 s waiting for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }
}
