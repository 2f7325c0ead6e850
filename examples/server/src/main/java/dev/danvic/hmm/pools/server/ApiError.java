package dev.danvic.hmm.pools.server;

import org.jspecify.annotations.Nullable;

/**
 * A request the server refuses: answered with {@link #status()} and the JSON body
 * {@code {"error": message, "field": field}}. The message is written for a person and never holds a
 * secret.
 */
public final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final @Nullable String field;

  /**
   * @param status the HTTP status, 4xx (or 5xx for a failure of the server itself)
   * @param field the offending field, snake_case, or {@code null} when the request as a whole is wrong
   * @param message what is wrong, for a person
   */
  public ApiError(int status, @Nullable String field, String message) {
    super(message, null, false, false);
    this.status = status;
    this.field = field;
  }

  /**
   * @param field the offending field
   * @param message what is wrong with it
   * @return a 400 Bad Request naming the field
   */
  public static ApiError badRequest(@Nullable String field, String message) {
    return new ApiError(400, field, message);
  }

  /**
   * @param id the pool id that was asked for
   * @return a 404 Not Found naming the id
   */
  public static ApiError unknownPool(String id) {
    String shown = id.length() > 64 ? id.substring(0, 64) + "..." : id;
    return new ApiError(404, "id", "no pool with id '" + shown + "'");
  }

  /** @return the HTTP status to answer with */
  public int status() {
    return status;
  }

  /** @return the offending field, snake_case, or {@code null} */
  public @Nullable String field() {
    return field;
  }
}
