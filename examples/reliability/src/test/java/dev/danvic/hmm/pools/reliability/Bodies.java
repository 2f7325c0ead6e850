package dev.danvic.hmm.pools.reliability;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/** Turns a healthy pool's JSON answer into a hostile one. */
final class Bodies {
  /** Writes {@code NaN} as the bare token a sloppy server sends, not as a string. */
  private static final JsonMapper MAPPER =
      JsonMapper.builder().disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).build();

  private Bodies() {}

  /**
   * @param fault a fault whose {@link Fault#mutatesBody()} is true
   * @param healthy the healthy answer
   * @return the body the fault server sends instead
   */
  static byte[] mutate(Fault fault, byte[] healthy) {
    List<JsonNode> values = new ArrayList<>();
    // value after value (not readValues, which would unwrap a top-level array into its elements)
    try (com.fasterxml.jackson.core.JsonParser parser = MAPPER.createParser(healthy)) {
      while (parser.nextToken() != null) {
        values.add(MAPPER.readTree(parser));
      }
    } catch (IOException | RuntimeException e) {
      return healthy; // not JSON to begin with (an error page): nothing to twist
    }
    if (values.size() > 1 && fault != Fault.TRUNCATED) {
      // several JSON values, one per line (ckpool's pool.status): each is twisted alike
      StringBuilder lines = new StringBuilder();
      for (JsonNode v : values) {
        lines.append(new String(mutate(fault, write(v)), StandardCharsets.UTF_8)).append('\n');
      }
      return lines.toString().getBytes(StandardCharsets.UTF_8);
    }
    if (values.isEmpty()) {
      return healthy;
    }
    JsonNode root = values.get(0);
    switch (fault) {
      case TRUNCATED:
        return java.util.Arrays.copyOf(healthy, Math.max(1, healthy.length / 2));
      case WRONG_SHAPE:
        return write(root.isArray() ? JsonNodeFactory.instance.objectNode().set("data", root) : wrap(root));
      case STRING_NUMBERS:
        return write(map(root, "", (path, n) -> TextNode.valueOf(n.asText())));
      case NAN:
        return write(
            map(mapTextHashRates(root, "", t -> "NaN"), "", (path, n) -> isHashRate(path) ? DoubleNode.valueOf(Double.NaN) : n));
      case NEGATIVE:
        return write(
            map(
                mapTextHashRates(root, "", t -> t.matches("0+(\\.0+)?\\s*[A-Za-z/]*") ? t : "-" + t),
                "",
                (path, n) -> isHashRate(path) && n.asDouble() != 0 ? DoubleNode.valueOf(-Math.abs(n.asDouble())) : n));
      case HUGE:
        return write(map(root, "", (path, n) -> DoubleNode.valueOf(1e308)));
      case HOSTILE_EXPONENT:
        return write(map(root, "", (path, n) -> DecimalNode.valueOf(new BigDecimal("1E+99999999"))));
      case LONG_DIGITS:
        return write(map(root, "", (path, n) -> BigIntegerNode.valueOf(new BigInteger("9".repeat(999)))));
      default:
        return healthy;
    }
  }

  /** A key path names a hash rate when a key on it says so ({@code hashrate}, {@code hash_rate_5m}, Solopool's {@code hr}). */
  static boolean isHashRate(String path) {
    String p = path.toLowerCase(Locale.ROOT);
    return p.contains("hash") || p.endsWith(".hr") || p.endsWith(".hr2");
  }

  /**
   * Rebuilds the tree with every hash rate sent as text ({@code "85.4T"}, {@code "4.74 TH"}, a
   * decimal string) that starts with a digit replaced by {@code f(text)}: pools that send hash rates
   * as strings get the same hostile values as those that send numbers.
   */
  private static JsonNode mapTextHashRates(JsonNode node, String path, java.util.function.UnaryOperator<String> f) {
    return rebuild(
        node,
        path,
        JsonNode::isTextual,
        (p, n) -> {
          String t = n.asText();
          // a block's "hash" is a hex string, not a rate: text is a hash rate only where its key says "rate"
          return isTextHashRate(p) && !t.isEmpty() && Character.isDigit(t.charAt(0)) ? TextNode.valueOf(f.apply(t)) : n;
        });
  }

  /** A key path ending in a key with "hashrate" or "hash_rate" in it ({@code hashrate5m}, {@code hashrateString}). */
  static boolean isTextHashRate(String path) {
    String last = path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    return last.contains("hashrate") || last.contains("hash_rate");
  }

  private static ArrayNode wrap(JsonNode root) {
    return JsonNodeFactory.instance.arrayNode().add(root);
  }

  /** Rebuilds the tree with every number replaced by {@code f(path, number)}. */
  private static JsonNode map(JsonNode node, String path, BiFunction<String, JsonNode, JsonNode> f) {
    return rebuild(node, path, JsonNode::isNumber, f);
  }

  /** Rebuilds the tree with every leaf that {@code leaf} accepts replaced by {@code f(path, leaf)}. */
  private static JsonNode rebuild(
      JsonNode node, String path, java.util.function.Predicate<JsonNode> leaf, BiFunction<String, JsonNode, JsonNode> f) {
    if (leaf.test(node)) {
      return f.apply(path, node);
    }
    if (node.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.set(e.getKey(), rebuild(e.getValue(), path + "." + e.getKey(), leaf, f));
      }
      return out;
    }
    if (node.isArray()) {
      List<JsonNode> items = new ArrayList<>();
      node.forEach(items::add);
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      for (JsonNode item : items) {
        out.add(rebuild(item, path + "[]", leaf, f));
      }
      return out;
    }
    return node;
  }

  static byte[] write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
