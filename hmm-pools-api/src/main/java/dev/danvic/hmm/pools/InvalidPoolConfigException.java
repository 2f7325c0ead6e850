package dev.danvic.hmm.pools;

/**
 * A pool configuration (or a value for one) was refused. {@link #field()} names the offending
 * field in the seed's snake_case vocabulary ({@code url}, {@code port}, {@code pool_type},
 * {@code api_key}, ...), so a form or a REST API can point at it.
 */
public final class InvalidPoolConfigException extends HmmPoolsException {
  private static final long serialVersionUID = 1L;

  private final String field;

  /**
   * @param field the offending field, snake_case
   * @param message what is wrong with it, for a person; never the secret value itself
   */
  public InvalidPoolConfigException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  /** @return the offending field, snake_case (for example {@code port}) */
  public String field() {
    return field;
  }
}
