package io.kubeloop.core.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * Java counterpart of apimachinery's {@code unstructured.Unstructured}: an object of any resource as a JSON tree,
 * for resources that have no Java class (client-go's dynamic client).
 *
 * <p>Immutable: the tree is copied in and never handed out, so a cached instance cannot be corrupted; reads
 * return copies, and {@link #with} returns a changed copy. Everything the server sent is kept.
 */
public final class DynamicObject implements KubernetesObject {
  private final ObjectNode json;
  private final ObjectMeta metadata;

  private DynamicObject(ObjectNode json) {
    this.json = json;
    JsonNode meta = json.get("metadata");
    this.metadata = meta == null || meta.isNull()
        ? ObjectMeta.of(null, null)
        : Json.convert(meta, ObjectMeta.class);
  }

  /** A dynamic object holding a copy of {@code json}, which must be a JSON object. */
  public static DynamicObject of(JsonNode json) {
    return new DynamicObject(requireObject(json).deepCopy());
  }

  /**
   * Jackson's way in, for every item of a list and every watch event: the tree was built for this object alone and
   * nobody else holds it, so it is kept without the copy {@link #of} makes of a caller's tree.
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  private static DynamicObject decoded(JsonNode json) {
    return new DynamicObject(requireObject(json));
  }

  private static ObjectNode requireObject(JsonNode json) {
    Objects.requireNonNull(json, "json");
    if (!json.isObject()) {
      throw new IllegalArgumentException("expected a JSON object for a Kubernetes object but was " + json.getNodeType());
    }
    return (ObjectNode) json;
  }

  /** Parses a JSON object. */
  public static DynamicObject parse(String json) {
    try {
      return decoded(Json.tree(json)); // a fresh tree: no copy needed
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("not a JSON object: " + Json.describe(e));
    }
  }

  /** The dynamic form of any object, typed or not. */
  public static DynamicObject from(Object object) {
    return object instanceof DynamicObject d ? d : new DynamicObject((ObjectNode) Json.toTree(object));
  }

  @Override
  public String apiVersion() {
    return json.path("apiVersion").asText(null);
  }

  @Override
  public String kind() {
    return json.path("kind").asText(null);
  }

  @Override
  public ObjectMeta metadata() {
    return metadata;
  }

  /** A copy of the whole tree, for the caller to read or change. */
  public ObjectNode json() {
    return json.deepCopy();
  }

  /**
   * A copy of the value at a JSON pointer such as {@code /spec/replicas}, or a missing node.
   * Use {@link JsonNode#isMissingNode()} to tell absent from {@code null}.
   */
  public JsonNode at(String pointer) {
    return json.at(JsonPointer.compile(pointer)).deepCopy();
  }

  /** The text at a JSON pointer, or {@code null} when absent or null. */
  public String text(String pointer) {
    JsonNode n = json.at(JsonPointer.compile(pointer));
    return n.isMissingNode() || n.isNull() ? null : n.asText();
  }

  /** A copy with {@code value} set at {@code pointer}; missing parent objects are created. */
  public DynamicObject with(String pointer, Object value) {
    ObjectNode copy = json.deepCopy();
    JsonPointer p = JsonPointer.compile(pointer);
    if (p.matches()) {
      throw new IllegalArgumentException("cannot replace the whole object with a pointer; use DynamicObject.of");
    }
    ObjectNode parent = copy.withObject(p.head());
    parent.set(p.last().getMatchingProperty(), Json.toTree(value));
    return new DynamicObject(copy);
  }

  /** A copy with {@code metadata} replaced. */
  public DynamicObject withMetadata(ObjectMeta metadata) {
    ObjectNode copy = json.deepCopy();
    copy.set("metadata", Json.toTree(metadata));
    return new DynamicObject(copy);
  }

  /** Converts to a typed record, e.g. {@code obj.to(Lease.class)}. */
  public <T> T to(Class<T> type) {
    return Json.convert(json, type);
  }

  @JsonValue
  JsonNode jsonValue() {
    return json;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DynamicObject d && json.equals(d.json);
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }

  @Override
  public String toString() {
    return "DynamicObject[" + kind() + " " + metadata.key() + " rv=" + metadata.resourceVersion() + "]";
  }
}
