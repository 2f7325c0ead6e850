package dev.danvic.hmm.pools.core.internal;

import java.time.Duration;

/**
 * Hears when a request of an operation is held back by its rate limit: the transport knows it will
 * start only after a wait (the next free slot of its key, in this process or in a shared store),
 * and when it is let go (it starts, or its operation ends without starting it). The dashboard
 * service uses it so that a tile read does not wait for a pool that cannot answer within its read
 * budget. Called on the transport's threads, outside its locks; must be quick and must not throw.
 * Not API.
 */
public interface RateLimitHolds {
  /**
   * @param request identifies the request (the same object is given to {@link #released})
   * @param wait how long from now the request will start; positive
   */
  void held(Object request, Duration wait);

  /**
   * The request is no longer held: it starts now, or its operation ended without it starting.
   * Called at least once after each {@link #held}, possibly more than once and possibly for a
   * request that was never held: implementations must be idempotent.
   *
   * @param request the object given to {@link #held}
   */
  void released(Object request);
}
