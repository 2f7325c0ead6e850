package dev.danvic.hmm.pools.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * What a simulated API answers: a status, a content type and a body (empty for no body).
 *
 * @param status HTTP status
 * @param contentType the Content-Type header, or {@code null} for none
 * @param body the body bytes; empty means the response has no body
 */
record SimResponse(int status, @Nullable String contentType, byte[] body) {
  static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();
  private static final String JSON = "application/json; charset=utf-8";
  private static final String TEXT = "text/plain; charset=utf-8";

  static SimResponse json(JsonNode node) {
    return json(200, node);
  }

  static SimResponse json(int status, JsonNode node) {
    try {
      return new SimResponse(status, JSON, MAPPER.writeValueAsBytes(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write simulated JSON", e);
    }
  }

  /** A JSON {@code {"error": message}} with the given status. */
  static SimResponse jsonError(int status, String message) {
    return json(status, object().put("error", message));
  }

  static SimResponse text(int status, String text) {
    return new SimResponse(status, TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  static SimResponse empty(int status) {
    return new SimResponse(status, null, new byte[0]);
  }

  static SimResponse notFound(String path) {
    return text(404, "Not Found: " + path);
  }

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static ArrayNode array() {
    return MAPPER.createArrayNode();
  }
}
