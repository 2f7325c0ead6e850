package dev.danvic.hmm.pools.core;

/**
 * Receives the {@link PoolChangeEvent}s of a {@link DashboardPoolService}.
 *
 * <p>Called on the thread that made the change (a caller of {@code putPool}, or a transport thread
 * when tiles arrive): keep it short and hand slow work to your own executor. An exception thrown
 * here is logged and does not affect the service or the other listeners.
 */
@FunctionalInterface
public interface PoolChangeListener {

  /**
   * @param event what changed
   */
  void onChange(PoolChangeEvent event);

  /** Returned by {@link DashboardPoolService#addListener}; closing it removes the listener. */
  interface Registration extends AutoCloseable {
    /** Removes the listener; idempotent. */
    @Override
    void close();
  }
}
