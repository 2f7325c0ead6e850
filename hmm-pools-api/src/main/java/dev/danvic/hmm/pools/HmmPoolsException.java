package dev.danvic.hmm.pools;

/**
 * The root of every exception hmm-pools throws. Unchecked: a caller that wants to handle
 * library failures catches this one type.
 *
 * <p>Messages are written for a person and never contain an API token or other secret.
 */
public class HmmPoolsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong, for a person
   */
  public HmmPoolsException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong, for a person
   * @param cause the underlying failure; its message must not contain secrets either
   */
  public HmmPoolsException(String message, Throwable cause) {
    super(message, cause);
  }
}
