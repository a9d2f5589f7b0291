package io.kubeloop.testing.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON merge patch (RFC 7386, {@code application/merge-patch+json}) as kube-apiserver applies it through
 * {@code evanphx/json-patch} {@code MergePatch}: objects merge recursively, {@code null} deletes a member, and
 * anything else (arrays included) replaces the target value.
 *
 * <p>Exactly as evanphx v4: {@code null} members are dropped from values that land where there was nothing (or
 * a non-object) before, recursively and also inside arrays, while {@code null} array elements are kept; a value
 * replacing an existing object is taken as is. At the top level an array patch replaces the document, and a
 * patch that is {@code null} or a scalar is a 400 BadRequest {@code Invalid JSON Patch} ({@link PatchException}).
 *
 * <p>Pure: returns a new tree and never mutates its arguments. Thread-safe.
 */
public final class JsonMergePatch {
  private JsonMergePatch() {}

  /**
   * Applies {@code patch} to {@code target}; a missing or null target counts as no document.
   *
   * @throws PatchException 400 {@code Invalid JSON Patch} when the patch is {@code null} or a scalar
   */
  public static JsonNode apply(JsonNode target, JsonNode patch) {
    if (patch == null || patch.isNull() || patch.isMissingNode() || patch.isValueNode()) {
      throw PatchException.badRequest("Invalid JSON Patch");
    }
    if (!patch.isObject()) {
      return pruneNulls(patch.deepCopy());
    }
    ObjectNode result = target != null && target.isObject()
        ? ((ObjectNode) target).deepCopy()
        : JsonNodeFactory.instance.objectNode();
    mergeInto(result, (ObjectNode) patch);
    return result;
  }

  private static void mergeInto(ObjectNode doc, ObjectNode patch) {
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode value = e.getValue();
      JsonNode current = doc.get(e.getKey());
      if (value.isNull()) {
        doc.remove(e.getKey());
      } else if (current == null || current.isNull() || !current.isObject()) {
        doc.set(e.getKey(), pruneNulls(value.deepCopy()));
      } else if (value.isObject()) {
        mergeInto((ObjectNode) current, (ObjectNode) value);
      } else {
        doc.set(e.getKey(), value.deepCopy());
      }
    }
  }

  /** Drops null members of objects, recursively (also inside arrays); returns its (mutated) argument. */
  static JsonNode pruneNulls(JsonNode node) {
    if (node instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getValue().isNull()) {
          it.remove();
        } else {
          pruneNulls(e.getValue());
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (JsonNode element : array) {
        pruneNulls(element);
      }
    }
    return node;
  }
}
