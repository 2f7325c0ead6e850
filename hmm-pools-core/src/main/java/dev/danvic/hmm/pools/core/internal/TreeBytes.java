package dev.danvic.hmm.pools.core.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Writes a parsed JSON tree back as compact JSON, numbers exactly as they were read (decimals as
 * decimals with their scale, big integers whole, {@code NaN} and {@code Infinity} as the bare tokens
 * {@link dev.danvic.hmm.pools.LenientJson} reads). Straight to a streaming generator: an {@code
 * ObjectMapper} and its serializers would cost a fresh JVM hundreds of classes on the path of a
 * pool's first answer. Not API.
 */
final class TreeBytes {
  /** Writes on the transport's many threads: one bounded buffer pool, not buffers per thread. */
  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .recyclerPool(JsonRecyclerPools.sharedBoundedPool())
          .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
          .build();

  private TreeBytes() {}

  /**
   * @param tree a tree as {@link dev.danvic.hmm.pools.LenientJson#parse} gives it
   * @return its compact JSON, UTF-8
   * @throws IllegalArgumentException when the tree holds a node a parser never makes (binary or a
   *     Java object)
   */
  static byte[] write(JsonNode tree) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      write(g, tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // not for a byte array
    }
    return out.toByteArray();
  }

  private static void write(JsonGenerator g, JsonNode n) throws IOException {
    switch (n.getNodeType()) {
      case OBJECT -> {
        g.writeStartObject();
        for (Map.Entry<String, JsonNode> e : n.properties()) {
          g.writeFieldName(e.getKey());
          write(g, e.getValue());
        }
        g.writeEndObject();
      }
      case ARRAY -> {
        g.writeStartArray();
        for (JsonNode element : n) {
          write(g, element);
        }
        g.writeEndArray();
      }
      case STRING -> g.writeString(n.textValue());
      case BOOLEAN -> g.writeBoolean(n.booleanValue());
      case NULL, MISSING -> g.writeNull();
      case NUMBER -> writeNumber(g, n);
      default -> throw new IllegalArgumentException("not a parsed JSON value: " + n.getNodeType());
    }
  }

  private static void writeNumber(JsonGenerator g, JsonNode n) throws IOException {
    switch (n.numberType()) {
      case INT -> g.writeNumber(n.intValue());
      case LONG -> g.writeNumber(n.longValue());
      case BIG_INTEGER -> g.writeNumber(n.bigIntegerValue());
      case BIG_DECIMAL -> g.writeNumber(n.decimalValue());
      case FLOAT -> g.writeNumber(n.floatValue());
      default -> g.writeNumber(n.doubleValue());
    }
  }
}
