package dev.danvic.hmm.pools.core;

import dev.danvic.hmm.pools.PoolContext;
import java.time.Instant;

/**
 * Creates the {@link PoolContext} a plugin is handed for one operation. One transport is shared by
 * every pool of an application; it owns the HTTP client, timeouts, retries, rate limits and the
 * body size cap. {@link HttpPoolTransport} is the implementation.
 */
public interface PoolTransport extends AutoCloseable {

  /**
   * @param scope who the operation is for, usually a pool id; transient-failure handling (one
   *     resilience4j {@code Retry} per scope) is kept per scope
   * @param deadline when the operation is cut off; retries and waits never run past it
   * @return a context for one plugin operation
   * @throws IllegalStateException when the transport is closed
   */
  PoolContext context(String scope, Instant deadline);

  /** Releases what the transport created (threads, connections); idempotent. */
  @Override
  void close();
}
