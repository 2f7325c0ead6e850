package dev.danvic.hmm.pools.core.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/** Reads an HTTP {@code Retry-After} header. Not API. */
public final class RetryAfter {
  private RetryAfter() {}

  /**
   * @param header the header value: whole seconds ({@code "120"}) or an HTTP date
   *     ({@code "Wed, 21 Oct 2026 07:28:00 GMT"}); {@code null} when absent
   * @param now the current time, to turn a date into a wait
   * @return how long the server asked to wait (zero for a date in the past), or {@code null} when
   *     the header is absent or unreadable
   */
  public static @Nullable Duration parse(@Nullable String header, Instant now) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String v = header.trim();
    if (v.chars().allMatch(Character::isDigit)) {
      if (v.length() > 9) {
        return Duration.ofSeconds(999_999_999L); // absurdly long: beyond any deadline anyway
      }
      return Duration.ofSeconds(Long.parseLong(v));
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(now, at);
      return d.isNegative() ? Duration.ZERO : d;
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
