package dev.danvic.hmm.pools.alerts;

/**
 * A delivery failed. Its message names the channel and what went wrong (an HTTP status, a
 * connection failure), never a secret.
 */
public final class DeliveryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean retryable;

  /**
   * @param message what went wrong, without secrets
   * @param retryable whether another attempt may succeed (I/O errors, 5xx, 429)
   */
  public DeliveryException(String message, boolean retryable) {
    super(message, null, false, false);
    this.retryable = retryable;
  }

  /** @return whether another attempt may succeed */
  public boolean retryable() {
    return retryable;
  }
}
