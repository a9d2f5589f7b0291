package io.kubeloop.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * Java counterpart of apimachinery's JSON serializer ({@code k8s.io/apimachinery/pkg/runtime/serializer/json}) for
 * the types kubeloop models: the JSON conventions of the Kubernetes API, in one place: absent rather than {@code null} fields on output,
 * unknown fields tolerated on input (and kept by every kubeloop type, see {@link KubernetesObject}), and
 * {@code metav1.Time} as RFC 3339 with second precision ({@code "2024-05-01T10:11:12Z"}). Lease times use
 * {@link MicroTime} instead, per field.
 *
 * <p>The mapper is configured once and never exposed, so nobody can reconfigure it;
 * readers and writers handed out are immutable.
 */
public final class Json {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .serializationInclusion(JsonInclude.Include.NON_NULL)
      .addModule(new SimpleModule("kubeloop-time")
          .addSerializer(Instant.class, new KubeTime.Serializer())
          .addDeserializer(Instant.class, new KubeTime.Deserializer()))
      .build();

  private Json() {}

  /** An immutable reader for {@code type}. */
  public static ObjectReader reader(Class<?> type) {
    return MAPPER.readerFor(type);
  }

  /** An immutable reader for a generic type built with {@link #type}. */
  public static ObjectReader reader(JavaType type) {
    return MAPPER.readerFor(type);
  }

  /** An immutable writer with the Kubernetes conventions. */
  public static ObjectWriter writer() {
    return MAPPER.writer();
  }

  /** {@code ObjectList<T>} and friends: {@code type(ObjectList.class, Pod.class)}. */
  public static JavaType type(Class<?> raw, Class<?>... parameters) {
    return MAPPER.getTypeFactory().constructParametricType(raw, parameters);
  }

  /** Serialises {@code value} to a JSON string. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Serialises {@code value} to UTF-8 JSON bytes. */
  public static byte[] writeBytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Parses {@code json} into {@code type}; a malformed document throws {@link IOException} naming the problem. */
  public static <T> T read(String json, Class<T> type) throws IOException {
    return MAPPER.readValue(json, type);
  }

  /** Parses {@code json} into {@code type}. */
  public static <T> T read(byte[] json, Class<T> type) throws IOException {
    return MAPPER.readValue(json, type);
  }

  /** Parses {@code json} into a tree. */
  public static JsonNode tree(String json) throws IOException {
    return MAPPER.readTree(json);
  }

  /** The tree form of {@code value} (a fresh, mutable tree the caller owns). */
  public static JsonNode toTree(Object value) {
    return MAPPER.valueToTree(value);
  }

  /** A new empty object node. */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** Converts a tree (or any value) to {@code type}, e.g. a {@link DynamicObject} to a typed record. */
  public static <T> T convert(Object value, Class<T> type) {
    try {
      return MAPPER.treeToValue(value instanceof JsonNode n ? n : MAPPER.valueToTree(value), type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot convert to " + type.getSimpleName() + ": " + describe(e));
    }
  }

  /** Converts a tree to a generic type built with {@link #type}. */
  public static <T> T convert(JsonNode value, JavaType type) {
    try {
      return MAPPER.treeToValue(value, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot convert to " + type + ": " + describe(e));
    }
  }

  /** Like {@link #read(String, Class)} for callers that cannot throw checked exceptions (tests, constants). */
  public static <T> T parse(String json, Class<T> type) {
    try {
      return read(json, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * What went wrong in a JSON read or conversion, for an exception message or a log line: the kind of problem, the
   * field path, the expected type and the line and column, but never the input itself. Jackson's own messages
   * quote the offending value ({@code from String "..."}), which may be a Secret's data or a token.
   */
  public static String describe(Exception e) {
    if (!(e instanceof JsonProcessingException j)) {
      return e.getClass().getSimpleName();
    }
    JsonLocation where = j.getLocation();
    String at = where == null || where.getLineNr() < 0 ? "" : " at line " + where.getLineNr() + ", column "
        + where.getColumnNr();
    if (j instanceof JsonMappingException m && !m.getPath().isEmpty()) {
      StringBuilder path = new StringBuilder();
      for (JsonMappingException.Reference r : m.getPath()) {
        if (r.getFieldName() != null) {
          path.append(path.length() == 0 ? "" : ".").append(r.getFieldName());
        } else if (r.getIndex() >= 0) {
          path.append('[').append(r.getIndex()).append(']');
        }
      }
      String expected = m instanceof MismatchedInputException mi && mi.getTargetType() != null
          ? " (expected " + mi.getTargetType().getSimpleName() + ")"
          : "";
      return "field " + path + " cannot be decoded" + expected + at;
    }
    if (j instanceof StreamConstraintsException limit) {
      // A huge or deeply nested event: say which limit, the message carries sizes only, never content.
      return "the input exceeds a JSON read limit: " + limit.getOriginalMessage() + at;
    }
    if (j instanceof JsonEOFException) {
      return "unexpected end of input" + at;
    }
    if (j instanceof JsonMappingException) {
      return "the JSON does not fit the expected type" + at;
    }
    return "malformed JSON" + at;
  }
}
