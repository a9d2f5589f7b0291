package io.kubeloop.testing.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/**
 * JSON merge patch (RFC 7386, {@code application/merge-patch+json}) as kube-apiserver applies it through
 * {@code evanphx/json-patch} {@code MergePatch}: objects merge recursively, {@code null} deletes a member, and
 * anything else (arrays included) replaces the target value.
 *
 * <p>Like evanphx, {@code null} members inside a newly added object are dropped (RFC 7386's recursion does the
 * same), also inside objects nested in arrays; {@code null} elements of arrays are kept. A patch that is not an
 * object replaces the whole document.
 *
 * <p>Pure: returns a new tree and never mutates its arguments. Thread-safe.
 */
public final class JsonMergePatch {
  private JsonMergePatch() {}

  /** Applies {@code patch} to {@code target}; a missing or null target counts as no document. */
  public static JsonNode apply(JsonNode target, JsonNode patch) {
    Objects.requireNonNull(patch, "patch");
    return merge(target, patch);
  }

  private static JsonNode merge(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return pruneNulls(patch.deepCopy());
    }
    ObjectNode result = target != null && target.isObject()
        ? ((ObjectNode) target).deepCopy()
        : JsonNodeFactory.instance.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isNull()) {
        result.remove(e.getKey());
      } else {
        result.set(e.getKey(), merge(result.get(e.getKey()), e.getValue()));
      }
    }
    return result;
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
