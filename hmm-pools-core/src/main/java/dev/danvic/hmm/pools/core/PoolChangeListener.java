package dev.danvic.hmm.pools.core;

/**
 * Receives the {@link PoolChangeEvent}s of a {@link DashboardPoolService}.
 *
 * <p>Called on the thread that made the change (the caller of {@code putPool}, {@code removePool},
 * {@code invalidate}), or on the service's executor when new tiles arrive, so possibly from several
 * threads at once: keep it short and thread-safe, and hand slow work to your own executor. It may
 * read the service. An exception thrown here is logged and does not affect the service or the other
 * listeners.
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
