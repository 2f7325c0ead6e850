package dev.danvic.hmm.pools.server;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Waits, bounded, for something another thread of the server does (a listener recording a refresh,
 * an alert reaching the store). Only the outcome is asserted, never how long it took.
 */
final class Poll {
  private static final long STEP_MS = 20;

  private Poll() {}

  /**
   * @param done the condition
   * @param limit how long to wait at most
   * @param what what is awaited, for the failure message
   * @throws AssertionError when {@code done} is still false after {@code limit}
   */
  static void until(BooleanSupplier done, Duration limit, String what) throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        throw new AssertionError("waited " + limit.toSeconds() + " s for " + what);
      }
      TimeUnit.MILLISECONDS.sleep(STEP_MS);
    }
  }
}
