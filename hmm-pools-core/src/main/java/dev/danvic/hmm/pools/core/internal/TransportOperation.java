package dev.danvic.hmm.pools.core.internal;

import java.util.concurrent.CompletableFuture;
import okhttp3.Call;
import org.jspecify.annotations.Nullable;

/**
 * One {@code send} or {@code getJson} in flight: the future the caller holds and the OkHttp call
 * of the current attempt. Completing the future in any way (result, failure, the caller's
 * {@code cancel}, the deadline, the transport's {@code close}) cancels the current call and
 * stops further attempts. Not API.
 */
public final class TransportOperation {
  private final CompletableFuture<?> result;
  private final String safeUrl;
  private @Nullable Call call; // guarded by this
  private boolean over; // guarded by this
  private @Nullable RateLimitHolds holds; // guarded by this
  private boolean held; // guarded by this

  /**
   * @param result the future handed to the caller
   * @param safeUrl the request's URL without query, for messages
   */
  public TransportOperation(CompletableFuture<?> result, String safeUrl) {
    this.result = result;
    this.safeUrl = safeUrl;
  }

  /** @return the future handed to the caller */
  public CompletableFuture<?> result() {
    return result;
  }

  /** @return the request's URL without query */
  public String safeUrl() {
    return safeUrl;
  }

  /** @return whether the operation has ended; no further attempt may start */
  public synchronized boolean isOver() {
    return over;
  }

  /**
   * Records the call of a new attempt.
   *
   * @param c the call about to be enqueued
   * @return {@code false} when the operation already ended (the call is cancelled and must not be
   *     enqueued)
   */
  public synchronized boolean attach(Call c) {
    if (over) {
      c.cancel();
      return false;
    }
    call = c;
    return true;
  }

  /**
   * Forgets a call that completed.
   *
   * @param c the call of the attempt that ended
   */
  public synchronized void detach(Call c) {
    if (call == c) {
      call = null;
    }
  }

  /**
   * @param observer told when an attempt of this operation waits for its rate-limit slot and when
   *     it is let go (see {@link RateLimitHolds})
   */
  public synchronized void watchHolds(RateLimitHolds observer) {
    holds = observer;
  }

  /**
   * Says that the next attempt waits for its rate-limit slot.
   *
   * @param wait how long until it starts; positive
   */
  void heldFor(java.time.Duration wait) {
    RateLimitHolds h;
    synchronized (this) {
      if (over || holds == null) {
        return;
      }
      held = true;
      h = holds;
    }
    h.held(this, wait);
    boolean letGo;
    synchronized (this) {
      letGo = !held; // ended or started while the observer was told: it must not keep the hold
    }
    if (letGo) {
      h.released(this);
    }
  }

  /** Says that the attempt held by {@link #heldFor} starts now (or never will). Idempotent. */
  void released() {
    RateLimitHolds h;
    synchronized (this) {
      if (!held) {
        return;
      }
      held = false;
      h = holds;
    }
    if (h != null) {
      h.released(this);
    }
  }

  /** Marks the operation over and cancels the call in flight, if any. Idempotent. */
  public void end() {
    Call c;
    synchronized (this) {
      over = true;
      c = call;
      call = null;
    }
    released();
    if (c != null) {
      c.cancel();
    }
  }
}
