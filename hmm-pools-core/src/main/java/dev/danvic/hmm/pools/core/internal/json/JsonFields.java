package dev.danvic.hmm.pools.core.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.danvic.hmm.pools.LenientJson;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Writes and reads single JSON values for the tile serializers: a {@code null} value is written as
 * JSON {@code null} (the key is always present), amounts without exponent, instants as ISO-8601 UTC
 * text. Readers take the parser positioned on the value and name the offending path in every
 * error.
 */
final class JsonFields {
  private JsonFields() {}

  /** Called once per field of a JSON object, with the parser on the field's value. */
  @FunctionalInterface
  interface FieldHandler {
    /**
     * Reads (or skips, with {@link JsonParser#skipChildren()}) the value of one field.
     *
     * @param name the field name
     * @throws IOException when the value cannot be read
     */
    void field(String name) throws IOException;
  }

  static void number(JsonGenerator g, String name, @Nullable Number v) throws IOException {
    g.writeFieldName(name);
    if (v == null) {
      g.writeNull();
    } else if (v instanceof BigDecimal d) {
      // plain, whatever the generator's WRITE_BIGDECIMAL_AS_PLAIN says: 0.00000001, never 1E-8;
      // a value beyond LenientJson's bounds (a plugin's own arithmetic) is written in exponent
      // form, whose length is bounded by its digits, never by its exponent
      g.writeNumber(LenientJson.bounded(d) != null ? d.toPlainString() : d.toString());
    } else if (v instanceof Double d) {
      g.writeNumber(d.doubleValue());
    } else if (v instanceof Long l) {
      g.writeNumber(l.longValue());
    } else if (v instanceof Integer i) {
      g.writeNumber(i.intValue());
    } else {
      throw new IllegalArgumentException(name + ": unsupported number type " + v.getClass().getName());
    }
  }

  static void string(JsonGenerator g, String name, @Nullable String v) throws IOException {
    g.writeFieldName(name);
    if (v == null) {
      g.writeNull();
    } else {
      g.writeString(v);
    }
  }

  static void instant(JsonGenerator g, String name, @Nullable Instant v) throws IOException {
    // Instant.toString() is ISO-8601 in UTC: 2026-02-05T12:00:00Z
    string(g, name, v == null ? null : v.toString());
  }

  static void bool(JsonGenerator g, String name, boolean v) throws IOException {
    g.writeFieldName(name);
    g.writeBoolean(v);
  }

  static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
    g.writeFieldName(name);
    g.writeStartArray();
    for (String s : values) {
      g.writeString(s);
    }
    g.writeEndArray();
  }

  /**
   * Reads a JSON object field by field. The parser is on its {@code START_OBJECT} (or on its first
   * {@code FIELD_NAME}); afterwards it is on the object's {@code END_OBJECT}. A JSON {@code null}
   * is read as an object without fields.
   */
  static void object(JsonParser p, String path, FieldHandler handler) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return;
    }
    if (t == JsonToken.START_OBJECT) {
      t = p.nextToken();
    } else if (t != JsonToken.FIELD_NAME && t != JsonToken.END_OBJECT) {
      throw mismatch(p, path, "a JSON object");
    }
    while (t == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      handler.field(name);
      t = p.nextToken();
    }
    if (t != JsonToken.END_OBJECT) {
      throw mismatch(p, path, "the end of the object");
    }
  }

  static @Nullable Double readDouble(JsonParser p, String path) throws IOException {
    if (isNullNumber(p, path, false)) {
      return null;
    }
    double d = p.getDoubleValue();
    if (!Double.isFinite(d)) {
      throw mismatch(p, path, "a finite number");
    }
    return d;
  }

  static @Nullable BigDecimal readDecimal(JsonParser p, String path) throws IOException {
    // exact, from the text: 0.00012345 stays 0.00012345
    return isNullNumber(p, path, false) ? null : p.getDecimalValue();
  }

  static @Nullable Long readLong(JsonParser p, String path) throws IOException {
    if (isNullNumber(p, path, true)) {
      return null;
    }
    try {
      return p.getLongValue();
    } catch (InputCoercionException e) {
      throw mismatch(p, path, "a whole number that fits in 64 bits");
    }
  }

  static @Nullable Integer readInt(JsonParser p, String path) throws IOException {
    Long v = readLong(p, path);
    if (v != null && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)) {
      throw mismatch(p, path, "a whole number that fits in 32 bits");
    }
    return v == null ? null : v.intValue();
  }

  /**
   * @return {@code true} for JSON {@code null}, {@code false} for a number
   * @throws IOException naming {@code path} when the value is neither
   */
  private static boolean isNullNumber(JsonParser p, String path, boolean whole) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return true;
    }
    if (t == JsonToken.VALUE_NUMBER_INT || (!whole && t == JsonToken.VALUE_NUMBER_FLOAT)) {
      return false;
    }
    throw mismatch(p, path, whole ? "a whole number or null" : "a number or null");
  }

  static @Nullable String readString(JsonParser p, String path) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.VALUE_STRING) {
      throw mismatch(p, path, "a string or null");
    }
    return p.getText();
  }

  static boolean readBoolean(JsonParser p, String path) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
      return t == JsonToken.VALUE_TRUE;
    }
    throw mismatch(p, path, "true or false");
  }

  static @Nullable Instant readInstant(JsonParser p, String path) throws IOException {
    String s = readString(p, path);
    if (s == null) {
      return null;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(s).toInstant();
      } catch (DateTimeParseException e2) {
        throw MismatchedInputException.from(
            p,
            Instant.class,
            path + " must be an ISO-8601 time such as 2026-02-05T12:00:00Z, was '" + s + "'");
      }
    }
  }

  /** Reads an array of strings; JSON {@code null} is read as an empty list. */
  static List<String> readStrings(JsonParser p, String path) throws IOException {
    List<String> out = new ArrayList<>();
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return out;
    }
    if (t != JsonToken.START_ARRAY) {
      throw mismatch(p, path, "an array of strings");
    }
    for (t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (t != JsonToken.VALUE_STRING) {
        throw mismatch(p, path + "[" + out.size() + "]", "a string");
      }
      out.add(p.getText());
    }
    return out;
  }

  static <T> T required(JsonParser p, @Nullable T value, String path) throws IOException {
    if (value == null) {
      throw MismatchedInputException.from(p, (Class<?>) null, "missing required field " + path);
    }
    return value;
  }

  /** Wraps a record's validation error so it carries the parser's location. */
  static IOException invalid(JsonParser p, String what, IllegalArgumentException e) {
    MismatchedInputException ex =
        MismatchedInputException.from(p, (Class<?>) null, "invalid " + what + ": " + e.getMessage());
    ex.initCause(e);
    return ex;
  }

  private static MismatchedInputException mismatch(JsonParser p, String path, String expected)
      throws IOException {
    JsonToken t = p.currentToken();
    String found;
    if (t == null) {
      found = "the end of the input";
    } else if (t == JsonToken.START_ARRAY) {
      found = "an array";
    } else if (t == JsonToken.START_OBJECT) {
      found = "an object";
    } else {
      found = t.isScalarValue() ? p.getText() : t.name();
    }
    return MismatchedInputException.from(
        p, (Class<?>) null, path + " must be " + expected + ", was " + found);
  }
}
