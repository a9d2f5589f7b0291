package io.kubeloop.testing.apiserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * JSON trees for the server: one mapper that keeps integers integers and rejects duplicate keys, plus metadata
 * accessors. The server never binds objects to classes; stored objects are {@link ObjectNode} trees, so unknown
 * fields always round-trip.
 */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
      .withZone(ZoneOffset.UTC);

  private Json() {}

  static ObjectNode object() {
    return NODES.objectNode();
  }

  static ArrayNode array() {
    return NODES.arrayNode();
  }

  /** Parses a request body; a syntax error is the real server's 400 for an undecodable body. */
  static JsonNode parse(byte[] body, String what) {
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw ApiError.badRequest(what + ": the request body is empty; expected a JSON document");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw ApiError.badRequest(what + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses YAML or JSON (server-side apply bodies). */
  static JsonNode parseYaml(byte[] body, String what) {
    try {
      JsonNode node = YAML.readTree(body);
      if (node == null || node.isMissingNode() || node.isNull()) {
        throw ApiError.badRequest(what + ": the request body is empty");
      }
      return MAPPER.readTree(MAPPER.writeValueAsBytes(node));
    } catch (JsonProcessingException e) {
      throw ApiError.badRequest(what + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a JSON tree", e);
    }
  }

  static String string(JsonNode node) {
    return new String(bytes(node), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** {@code metadata}, created if absent (replacing a non-object). */
  static ObjectNode meta(ObjectNode object) {
    JsonNode m = object.get("metadata");
    if (m instanceof ObjectNode) {
      return (ObjectNode) m;
    }
    return object.putObject("metadata");
  }

  /** A child object, created if absent (replacing a non-object). */
  static ObjectNode child(ObjectNode parent, String field) {
    JsonNode c = parent.get(field);
    return c instanceof ObjectNode o ? o : parent.putObject(field);
  }

  /** A text field of {@code metadata}, or {@code ""}. */
  static String metaText(JsonNode object, String field) {
    JsonNode v = object.path("metadata").path(field);
    return v.isTextual() ? v.asText() : "";
  }

  static String name(JsonNode object) {
    return metaText(object, "name");
  }

  static String namespace(JsonNode object) {
    return metaText(object, "namespace");
  }

  static String uid(JsonNode object) {
    return metaText(object, "uid");
  }

  static String resourceVersion(JsonNode object) {
    JsonNode v = object.path("metadata").path("resourceVersion");
    return v.isValueNode() && !v.isNull() ? v.asText() : "";
  }

  static boolean isDeleting(JsonNode object) {
    JsonNode t = object.path("metadata").path("deletionTimestamp");
    return t.isTextual() && !t.asText().isEmpty();
  }

  static ArrayNode finalizers(JsonNode object) {
    JsonNode f = object.path("metadata").path("finalizers");
    return f.isArray() ? (ArrayNode) f : array();
  }

  /** RFC 3339 with seconds precision in UTC: {@code metav1.Time}. */
  static String time(Instant instant) {
    return SECONDS.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }
}
