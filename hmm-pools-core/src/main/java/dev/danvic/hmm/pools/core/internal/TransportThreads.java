package dev.danvic.hmm.pools.core.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names the threads a transport creates, {@code hmm-pools-transport-<n>-<role>-<m>}, and makes them
 * daemons so that a forgotten {@code close()} never keeps the JVM alive. Not API.
 */
public final class TransportThreads implements ThreadFactory {
  private final String prefix;
  private final AtomicInteger count = new AtomicInteger();

  /**
   * @param prefix the start of every thread name, for example {@code hmm-pools-transport-3-http}
   */
  public TransportThreads(String prefix) {
    this.prefix = prefix;
  }

  @Override
  public Thread newThread(Runnable r) {
    Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
    t.setDaemon(true);
    return t;
  }
}
