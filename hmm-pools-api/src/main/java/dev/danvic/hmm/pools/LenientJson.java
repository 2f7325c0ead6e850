package dev.danvic.hmm.pools;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads pool JSON the way real pools write it: numbers as strings and strings as numbers, keys that
 * vary between versions, {@code null} where a value is unknown. Written once here and shared by
 * every plugin.
 *
 * <p>Every reader takes a node that may be {@code null} or missing and answers {@code null} for
 * "unknown", never {@code 0}. Numeric readers answer {@code null} for {@code NaN}, infinities and
 * text that is not a number.
 *
 * <p>Paths are dotted key names: {@code "node.difficulty"} is {@code root.get("node").get("difficulty")}.
 *
 * <p><b>Bounded numbers.</b> A 13-byte JSON number such as {@code 1e999999999} can ask for a
 * billion-digit value, and a number can be written with thousands of digits. So every exact
 * decimal a reader hands out ({@link #decimal}, and through it {@link #count}, the timestamp
 * readers) lies within a documented range, checked before any arithmetic, see {@link
 * #bounded(BigDecimal)}: at most {@value #MAX_SIGNIFICANT_DIGITS} significant digits, and zero or
 * an absolute value from 10<sup>{@value #MIN_EXPONENT}</sup> to below
 * 10<sup>{@value #MAX_EXPONENT}</sup>. Anything else reads as unknown ({@code null}). Doubles
 * ({@link #number}) are finite or unknown. The parser itself refuses a number written with more
 * than {@value #MAX_NUMBER_LENGTH} characters (the body is then malformed). Reading a value costs
 * time and memory bounded by the size of its text, whatever the value.
 */
public final class LenientJson {
  /** The most significant digits an exact decimal may have: {@value}. */
  public static final int MAX_SIGNIFICANT_DIGITS = 100;

  /** Exact decimals are below 10 to this power in absolute value: {@value} (10^40). */
  public static final int MAX_EXPONENT = 40;

  /** Exact decimals other than zero are at least 10 to this power in absolute value: {@value}. */
  public static final int MIN_EXPONENT = -40;

  /** The longest number, in characters, the parser accepts in a body: {@value}. */
  public static final int MAX_NUMBER_LENGTH = 1000;

  /**
   * Parsing happens on the transport's many threads (one per call in flight, up to thousands for
   * a large fan-out). Jackson's default keeps a buffer set per thread; a shared bounded pool keeps
   * the retained memory independent of the thread count.
   */
  private static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .recyclerPool(JsonRecyclerPools.sharedBoundedPool())
                  // explicit, not inherited: Jackson's defaults may change between versions
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxNumberLength(MAX_NUMBER_LENGTH).build())
                  .build())
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .build();

  private LenientJson() {}

  /**
   * Parses a pool's response body. Floats are kept as exact decimals, so amounts such as
   * {@code 0.00012345} reach {@link #decimal(JsonNode)} unrounded; {@code NaN} and
   * {@code Infinity} tokens are accepted here and read as unknown by the readers.
   *
   * @param response the response
   * @param safeUrl the URL without query, for the error message
   * @return the parsed body
   * @throws PoolApiException of kind {@code MALFORMED_RESPONSE} when the body is empty, HTML,
   *     truncated or otherwise not JSON
   */
  public static JsonNode parse(PoolResponse response, String safeUrl) {
    String body = response.body();
    if (body.isBlank()) {
      throw new PoolApiException(
          PoolApiException.Kind.MALFORMED_RESPONSE,
          response.status(),
          safeUrl,
          "empty body (HTTP " + response.status() + ") from " + safeUrl + ", expected JSON");
    }
    try {
      return MAPPER.readTree(body);
    } catch (StreamConstraintsException e) {
      throw new PoolApiException(
          PoolApiException.Kind.MALFORMED_RESPONSE,
          response.status(),
          safeUrl,
          "the JSON from " + safeUrl + " is beyond the reader's limits (a number longer than "
              + MAX_NUMBER_LENGTH + " characters or nesting too deep)");
    } catch (JsonProcessingException e) {
      String type = response.contentType();
      String hint =
          body.stripLeading().startsWith("<")
              ? "an HTML page"
              : type != null && !type.contains("json") ? "'" + type + "'" : "malformed JSON";
      // the parser's own message quotes the body, which could echo a secret: leave it out
      throw new PoolApiException(
          PoolApiException.Kind.MALFORMED_RESPONSE,
          response.status(),
          safeUrl,
          "expected JSON from " + safeUrl + " but got " + hint);
    }
  }

  /**
   * @param node a node, or {@code null}
   * @param path dotted key names, for example {@code "btc.hash_rate_5m"}
   * @return the node at the path, or {@code null} when any step is absent or JSON {@code null}
   */
  public static @Nullable JsonNode at(@Nullable JsonNode node, String path) {
    JsonNode cur = node;
    for (String key : path.split("\\.", -1)) {
      if (cur == null || !cur.isObject()) {
        return null;
      }
      cur = cur.get(key);
    }
    return isAbsent(cur) ? null : cur;
  }

  /**
   * @param node a node, or {@code null}
   * @param paths candidate dotted paths, in order of preference
   * @return the node at the first path whose value is present and not JSON {@code null}
   */
  public static @Nullable JsonNode first(@Nullable JsonNode node, String... paths) {
    for (String p : paths) {
      JsonNode n = at(node, p);
      if (n != null) {
        return n;
      }
    }
    return null;
  }

  /**
   * @param node a node, or {@code null}
   * @return whether it is {@code null}, missing or JSON {@code null}
   */
  public static boolean isAbsent(@Nullable JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode();
  }

  /**
   * A number from a JSON number or a numeric string ({@code "12.5"}, {@code " 1e3 "}).
   *
   * @param node a node, or {@code null}
   * @return the finite value, or {@code null}
   */
  public static @Nullable Double number(@Nullable JsonNode node) {
    if (isAbsent(node)) {
      return null;
    }
    double d;
    if (node.isNumber()) {
      d = node.doubleValue();
    } else if (node.isTextual()) {
      Double parsed = parseDouble(node.textValue());
      if (parsed == null) {
        return null;
      }
      d = parsed;
    } else {
      return null;
    }
    return Double.isFinite(d) ? d : null;
  }

  /**
   * @param node a node, or {@code null}
   * @param paths candidate dotted paths
   * @return {@link #number(JsonNode)} of the first present path
   */
  public static @Nullable Double number(@Nullable JsonNode node, String... paths) {
    return number(first(node, paths));
  }

  /**
   * Like {@link #number(JsonNode)}, but a negative value (which no hash rate, difficulty or count
   * can be) is treated as unknown.
   *
   * @param node a node, or {@code null}
   * @return the finite value, 0 or more, or {@code null}
   */
  public static @Nullable Double nonNegative(@Nullable JsonNode node) {
    Double d = number(node);
    return d == null || d < 0 ? null : d;
  }

  /**
   * @param node a node, or {@code null}
   * @param paths candidate dotted paths
   * @return {@link #nonNegative(JsonNode)} of the first present path
   */
  public static @Nullable Double nonNegative(@Nullable JsonNode node, String... paths) {
    return nonNegative(first(node, paths));
  }

  /**
   * A whole count (shares, blocks, workers) from a number or a numeric string. A fractional value
   * is truncated toward zero (ckpool reports fractional shares); negative values and values beyond
   * {@code long} are unknown.
   *
   * @param node a node, or {@code null}
   * @return the count, or {@code null}
   */
  public static @Nullable Long count(@Nullable JsonNode node) {
    BigDecimal bd = decimal(node);
    if (bd == null || bd.signum() < 0) {
      return null;
    }
    BigInteger whole = bd.toBigInteger();
    return whole.bitLength() < 64 ? whole.longValue() : null;
  }

  /**
   * @param node a node, or {@code null}
   * @param paths candidate dotted paths
   * @return {@link #count(JsonNode)} of the first present path
   */
  public static @Nullable Long count(@Nullable JsonNode node, String... paths) {
    return count(first(node, paths));
  }

  /**
   * @param node a node, or {@code null}
   * @return {@link #count(JsonNode)} as an int, or {@code null} when unknown or beyond {@code int}
   */
  public static @Nullable Integer intCount(@Nullable JsonNode node) {
    Long l = count(node);
    return l == null || l > Integer.MAX_VALUE ? null : l.intValue();
  }

  /**
   * @param node a node, or {@code null}
   * @param paths candidate dotted paths
   * @return {@link #intCount(JsonNode)} of the first present path
   */
  public static @Nullable Integer intCount(@Nullable JsonNode node, String... paths) {
    return intCount(first(node, paths));
  }

  /**
   * An exact decimal (an amount in coin units) from a number or a decimal string such as
   * {@code "0.000123450000000000000000000000"}. Parsed from the JSON text where the parser kept it,
   * so no binary rounding creeps in.
   *
   * @param node a node, or {@code null}
   * @return the value, or {@code null}
   */
  public static @Nullable BigDecimal decimal(@Nullable JsonNode node) {
    if (isAbsent(node)) {
      return null;
    }
    if (node.isNumber()) {
      if (node.isFloatingPointNumber() && !node.isBigDecimal()) {
        double d = node.doubleValue();
        return Double.isFinite(d) ? bounded(new BigDecimal(Double.toString(d))) : null;
      }
      return bounded(node.decimalValue());
    }
    if (node.isTextual()) {
      return parseDecimal(node.textValue());
    }
    return null;
  }

  /**
   * The range check every exact decimal of this class passes, for a plugin's own arithmetic:
   * call it on a value before scaling, rounding or printing it, and on a result of such
   * arithmetic. Costs time bounded by the number of digits, never by the exponent.
   *
   * @param value a value, or {@code null}
   * @return the value when it has at most {@value #MAX_SIGNIFICANT_DIGITS} significant digits and
   *     is zero or at least 10<sup>{@value #MIN_EXPONENT}</sup> and below
   *     10<sup>{@value #MAX_EXPONENT}</sup> in absolute value; otherwise {@code null} (unknown)
   */
  public static @Nullable BigDecimal bounded(@Nullable BigDecimal value) {
    if (value == null) {
      return null;
    }
    if (value.signum() == 0) {
      return value.scale() == 0 ? value : BigDecimal.ZERO; // 0E-999999999 is still just zero
    }
    int precision = value.precision();
    if (precision > MAX_SIGNIFICANT_DIGITS) {
      return null;
    }
    // the exponent of the leading digit: 1.5E+3 -> 3; long arithmetic, the scale may be extreme
    long leading = (long) precision - 1 - value.scale();
    return leading >= MAX_EXPONENT || leading < MIN_EXPONENT ? null : value;
  }

  /**
   * @param node a node, or {@code null}
   * @param paths candidate dotted paths
   * @return {@link #decimal(JsonNode)} of the first present path
   */
  public static @Nullable BigDecimal decimal(@Nullable JsonNode node, String... paths) {
    return decimal(first(node, paths));
  }

  /**
   * Text from a string, or a number or boolean written as text. Blank text is unknown.
   *
   * @param node a node, or {@code null}
   * @return the text, or {@code null}
   */
  public static @Nullable String text(@Nullable JsonNode node) {
    if (isAbsent(node) || node.isContainerNode()) {
      return null;
    }
    String s = node.asText();
    return s.isBlank() ? null : s;
  }

  /**
   * @param node a node, or {@code null}
   * @param paths candidate dotted paths
   * @return {@link #text(JsonNode)} of the first present path
   */
  public static @Nullable String text(@Nullable JsonNode node, String... paths) {
    return text(first(node, paths));
  }

  /**
   * A boolean from {@code true}/{@code false}, {@code "true"}/{@code "false"} (any case) or
   * {@code 1}/{@code 0}.
   *
   * @param node a node, or {@code null}
   * @return the value, or {@code null}
   */
  public static @Nullable Boolean bool(@Nullable JsonNode node) {
    if (isAbsent(node)) {
      return null;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isNumber()) {
      double d = node.doubleValue();
      return d == 1 ? Boolean.TRUE : d == 0 ? Boolean.FALSE : null;
    }
    if (node.isTextual()) {
      String s = node.textValue().trim().toLowerCase(Locale.ROOT);
      switch (s) {
        case "true":
        case "1":
        case "yes":
          return true;
        case "false":
        case "0":
        case "no":
          return false;
        default:
          return null;
      }
    }
    return null;
  }

  /**
   * A point in time from unix seconds (number or numeric string; fractions allowed).
   *
   * @param node a node, or {@code null}
   * @return the instant, or {@code null} when absent, not a number, or 0 (pools write 0 for "never")
   */
  public static @Nullable Instant epochSeconds(@Nullable JsonNode node) {
    BigDecimal bd = decimal(node);
    if (bd == null || bd.signum() <= 0 || bd.compareTo(BigDecimal.valueOf(32_503_680_000L)) > 0) {
      return null; // 0 = never; beyond year 3000 = garbage
    }
    return Instant.ofEpochMilli(bd.movePointRight(3).longValue());
  }

  /**
   * A point in time from unix milliseconds.
   *
   * @param node a node, or {@code null}
   * @return the instant, or {@code null} when absent, not a number, or 0
   */
  public static @Nullable Instant epochMillis(@Nullable JsonNode node) {
    BigDecimal bd = decimal(node);
    if (bd == null || bd.signum() <= 0 || bd.compareTo(BigDecimal.valueOf(32_503_680_000_000L)) > 0) {
      return null;
    }
    return Instant.ofEpochMilli(bd.longValue());
  }

  /**
   * A point in time from whatever a pool wrote: unix seconds, unix milliseconds (values above
   * 10^11, which as seconds would be past the year 5000), or ISO-8601 text.
   *
   * @param node a node, or {@code null}
   * @return the instant, or {@code null}
   */
  public static @Nullable Instant instant(@Nullable JsonNode node) {
    if (isAbsent(node)) {
      return null;
    }
    if (node.isTextual()) {
      String s = node.textValue().trim();
      if (!s.isEmpty() && !Character.isDigit(s.charAt(s.length() - 1)) || s.contains("T")) {
        try {
          return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
          try {
            return Instant.parse(s);
          } catch (DateTimeParseException e2) {
            return null;
          }
        }
      }
    }
    BigDecimal bd = decimal(node);
    if (bd == null) {
      return null;
    }
    return bd.compareTo(BigDecimal.valueOf(100_000_000_000L)) > 0 ? epochMillis(node) : epochSeconds(node);
  }

  /**
   * @param node a node, or {@code null}
   * @param paths candidate dotted paths
   * @return {@link #instant(JsonNode)} of the first present path
   */
  public static @Nullable Instant instant(@Nullable JsonNode node, String... paths) {
    return instant(first(node, paths));
  }

  /**
   * A point in time as {@link #instant(JsonNode)} reads it, except that ISO-8601 text without a
   * zone ({@code "2026-02-05T10:00:00"}, as OCEAN writes it) means UTC.
   *
   * @param node a node, or {@code null}
   * @return the instant, or {@code null}
   */
  public static @Nullable Instant instantUtc(@Nullable JsonNode node) {
    Instant t = instant(node);
    if (t != null || isAbsent(node) || !node.isTextual()) {
      return t;
    }
    String s = node.textValue().trim();
    if (s.length() > 40) {
      return null;
    }
    try {
      return java.time.LocalDateTime.parse(s.replace(' ', 'T')).toInstant(java.time.ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * An amount a pool writes as a whole number of its smallest unit (satoshis for BTC: 8 decimals),
   * as coin units, exactly.
   *
   * @param node the amount as a number or numeric string, or {@code null}
   * @param decimals how many decimal places the smallest unit is (8 for satoshis)
   * @return the amount in coin units, or {@code null} when absent, unreadable, negative or out of
   *     {@link #bounded}'s range once scaled
   */
  public static @Nullable BigDecimal scaled(@Nullable JsonNode node, int decimals) {
    BigDecimal raw = decimal(node);
    return raw == null || raw.signum() < 0 ? null : bounded(raw.movePointLeft(decimals));
  }

  /**
   * A hash rate in H/s from a number (already H/s) or an SI-suffixed string as ckpool writes it:
   * {@code "302K"}, {@code "85.4T"}, {@code "1.2 PH/s"}, bare {@code "0"}. Suffixes k, M, G, T, P,
   * E, Z (any case, {@code k} and {@code K} alike) multiply by powers of 1000.
   *
   * @param node a node, or {@code null}
   * @return H/s, 0 or more, or {@code null} when absent, negative or unreadable
   */
  public static @Nullable Double hashrateSi(@Nullable JsonNode node) {
    if (isAbsent(node)) {
      return null;
    }
    if (node.isNumber()) {
      return nonNegative(node);
    }
    if (!node.isTextual()) {
      return null;
    }
    String s = node.textValue().trim();
    if (s.isEmpty()) {
      return null;
    }
    String lower = s.toLowerCase(Locale.ROOT);
    if (lower.endsWith("h/s")) {
      lower = lower.substring(0, lower.length() - 3).trim();
    } else if (lower.endsWith("hs")) {
      lower = lower.substring(0, lower.length() - 2).trim();
    } else if (lower.endsWith("h") && lower.length() > 1 && Character.isLetter(lower.charAt(lower.length() - 2))) {
      lower = lower.substring(0, lower.length() - 1).trim();
    }
    double factor = 1;
    if (!lower.isEmpty() && Character.isLetter(lower.charAt(lower.length() - 1))) {
      Double f = siFactor(lower.charAt(lower.length() - 1));
      if (f == null) {
        return null;
      }
      factor = f;
      lower = lower.substring(0, lower.length() - 1).trim();
    }
    BigDecimal bd = parseDecimal(lower);
    if (bd == null || bd.signum() < 0) {
      return null;
    }
    double v = bd.doubleValue() * factor;
    return Double.isFinite(v) ? v : null;
  }

  /**
   * A hash rate in H/s from a value expressed in a named unit, as Braiins writes it
   * ({@code hash_rate_unit: "Gh/s"}). Units from {@code H/s} to {@code Zh/s} in any letter case.
   *
   * @param value the number (or numeric string), or {@code null}
   * @param unit the unit text, for example {@code "Gh/s"}; {@code null} means H/s
   * @return H/s, 0 or more, or {@code null} when the value is unknown or negative or the unit is
   *     not a hash-rate unit
   */
  public static @Nullable Double hashrateInUnit(@Nullable JsonNode value, @Nullable String unit) {
    Double v = nonNegative(value);
    if (v == null) {
      return null;
    }
    Double factor = unitFactor(unit);
    if (factor == null) {
      return null;
    }
    double r = v * factor;
    return Double.isFinite(r) ? r : null;
  }

  /**
   * @param unit a hash-rate unit such as {@code "Gh/s"}, {@code "TH/s"}, {@code "h/s"},
   *     {@code "GH"}; {@code null} or blank means H/s
   * @return the factor to H/s, or {@code null} when the text is not a hash-rate unit
   */
  public static @Nullable Double unitFactor(@Nullable String unit) {
    if (unit == null || unit.isBlank()) {
      return 1.0;
    }
    String u = unit.trim().toLowerCase(Locale.ROOT).replace(" ", "");
    if (u.endsWith("/s")) {
      u = u.substring(0, u.length() - 2);
    } else if (u.endsWith("ps")) {
      u = u.substring(0, u.length() - 2);
    }
    if (!u.endsWith("h")) {
      return null;
    }
    u = u.substring(0, u.length() - 1);
    if (u.isEmpty()) {
      return 1.0;
    }
    if (u.length() != 1) {
      return null;
    }
    return siFactor(u.charAt(0));
  }

  private static @Nullable Double siFactor(char c) {
    switch (Character.toLowerCase(c)) {
      case 'k':
        return 1e3;
      case 'm':
        return 1e6;
      case 'g':
        return 1e9;
      case 't':
        return 1e12;
      case 'p':
        return 1e15;
      case 'e':
        return 1e18;
      case 'z':
        return 1e21;
      default:
        return null;
    }
  }

  private static @Nullable BigDecimal parseDecimal(@Nullable String text) {
    return bounded(parseText(text));
  }

  /**
   * Text to a double: the same syntax as {@link #parseDecimal}, the range only that of a double
   * (a string {@code "1e308"} reads as the number {@code 1e308} would).
   */
  private static @Nullable Double parseDouble(@Nullable String text) {
    BigDecimal bd = parseText(text);
    if (bd == null || Math.abs((long) bd.precision() - 1 - bd.scale()) > 400) {
      return null; // far beyond a double's range either way; no need to ask BigDecimal
    }
    return bd.doubleValue();
  }

  /** A number's text ({@code " 1_000.5 "}, {@code "1e3"}), at most 400 characters, unchecked range. */
  private static @Nullable BigDecimal parseText(@Nullable String text) {
    if (text == null) {
      return null;
    }
    String s = text.trim().replace("_", "");
    if (s.isEmpty() || s.length() > 400) {
      return null;
    }
    try {
      return new BigDecimal(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }
  /**
   * Parses a body that is not one JSON document but several JSON objects, one per line, and merges
   * them into one object, as ckpool writes {@code pool.status}. A later line's key replaces an
   * earlier one's; blank lines are skipped. A body holding one object (on one or several lines) is
   * read as that object.
   *
   * @param response the response
   * @param safeUrl the URL without query, for the error message
   * @return the merged object
   * @throws PoolApiException of kind {@code MALFORMED_RESPONSE} when the body is empty, or a line
   *     is neither a JSON object nor part of one (the message names the line, never its text)
   */
  public static com.fasterxml.jackson.databind.node.ObjectNode jsonLines(
      PoolResponse response, String safeUrl) {
    JsonNode whole = null;
    try {
      whole = MAPPER.readTree(response.body());
    } catch (JsonProcessingException e) {
      // several documents: read line by line below
    }
    if (whole != null && whole.isObject()) {
      return (com.fasterxml.jackson.databind.node.ObjectNode) whole;
    }
    com.fasterxml.jackson.databind.node.ObjectNode merged = MAPPER.createObjectNode();
    String[] lines = response.body().split("\r?\n");
    int objects = 0;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      JsonNode node;
      try {
        node = MAPPER.readTree(line);
      } catch (JsonProcessingException e) {
        node = null;
      }
      if (node == null || !node.isObject()) {
        throw new PoolApiException(
            PoolApiException.Kind.MALFORMED_RESPONSE,
            response.status(),
            safeUrl,
            "expected one JSON object per line from " + safeUrl + " but line " + (i + 1) + " is not one");
      }
      merged.setAll((com.fasterxml.jackson.databind.node.ObjectNode) node);
      objects++;
    }
    if (objects == 0) {
      throw new PoolApiException(
          PoolApiException.Kind.MALFORMED_RESPONSE,
          response.status(),
          safeUrl,
          "empty body (HTTP " + response.status() + ") from " + safeUrl + ", expected JSON lines");
    }
    return merged;
  }
}
