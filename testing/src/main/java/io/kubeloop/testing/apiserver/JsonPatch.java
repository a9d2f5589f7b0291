package io.kubeloop.testing.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * JSON patch (RFC 6902, {@code application/json-patch+json}) as kube-apiserver applies it with
 * {@code gopkg.in/evanphx/json-patch.v4}: operations {@code add}, {@code remove}, {@code replace}, {@code move},
 * {@code copy} and {@code test} on JSON pointers ({@code ~1} is {@code /}, {@code ~0} is {@code ~}), applied in
 * order and all-or-nothing.
 *
 * <p>Failures throw {@link PatchException} with the real server's Status:
 * <ul>
 *   <li>a body that is not a JSON array of objects: 400 BadRequest
 *       ({@code json: cannot unmarshal object into Go value of type jsonpatch.Patch});
 *   <li>more than {@value #MAX_OPERATIONS} operations: 413
 *       ({@code Request entity too large: The allowed maximum operations in a JSON patch is 10000, got N});
 *   <li>any operation that does not apply (failed {@code test}, missing path, unknown {@code op}, bad index):
 *       422 Invalid {@code the server rejected our request due to an error in our request}; the precise reason
 *       is in {@link PatchException#getMessage()}.
 * </ul>
 *
 * <p>As in evanphx v4: negative array indexes count from the end, {@code -} appends for {@code add}, an
 * operation on the root path ({@code ""}) fails except {@code test}, and {@code test} of a missing member
 * against {@code null} passes (its parent must exist). Numbers compare by value ({@code 1} equals {@code 1.0}).
 *
 * <p>Pure: returns a new tree and never mutates its arguments. Thread-safe.
 */
public final class JsonPatch {
  /** The most operations kube-apiserver accepts in one JSON patch. */
  public static final int MAX_OPERATIONS = 10_000;

  /** Equality with numbers compared by value, as JSON (not Java types) defines it. */
  static final Comparator<JsonNode> NUMERIC_AWARE = (a, b) -> {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue());
    }
    return a.equals(b) ? 0 : 1;
  };

  private JsonPatch() {}

  /** Whether two JSON values are equal, numbers compared by value. */
  static boolean jsonEquals(JsonNode a, JsonNode b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a.isNumber() && b.isNumber()) {
      BigDecimal x = a.decimalValue();
      return x.compareTo(b.decimalValue()) == 0;
    }
    return a.equals(NUMERIC_AWARE, b);
  }

  /**
   * Applies {@code patch} (a JSON array of operations) to {@code document}.
   *
   * @throws PatchException with the Status kube-apiserver would answer
   */
  public static JsonNode apply(JsonNode document, JsonNode patch) {
    Objects.requireNonNull(document, "document");
    if (patch != null && patch.isNull()) {
      return document.deepCopy(); // Go decodes JSON null into an empty patch
    }
    if (patch == null || !patch.isArray()) {
      throw PatchException.badRequest("json: cannot unmarshal " + goKind(patch) + " into Go value of type jsonpatch.Patch");
    }
    for (JsonNode op : patch) {
      if (!op.isObject()) {
        throw PatchException.badRequest("json: cannot unmarshal " + goKind(op) + " into Go value of type jsonpatch.Operation");
      }
    }
    if (patch.size() > MAX_OPERATIONS) {
      String message = "The allowed maximum operations in a JSON patch is " + MAX_OPERATIONS + ", got " + patch.size();
      throw new PatchException(StatusErrors.requestEntityTooLarge(message), message);
    }
    JsonNode doc = document.deepCopy();
    for (JsonNode op : patch) {
      doc = applyOne(doc, (ObjectNode) op);
    }
    return doc;
  }

  private static JsonNode applyOne(JsonNode doc, ObjectNode op) {
    String kind = op.path("op").isTextual() ? op.get("op").textValue() : "unknown";
    switch (kind) {
      case "add":
        add(doc, path(op, "path"), value(op, kind));
        return doc;
      case "remove":
        remove(doc, path(op, "path"));
        return doc;
      case "replace":
        replace(doc, path(op, "path"), value(op, kind));
        return doc;
      case "move": {
        String from = path(op, "from");
        String to = path(op, "path");
        if (to.startsWith(from + "/")) {
          // evanphx removes first and then finds the destination gone.
          throw PatchException.rejected("move operation does not apply: doc is missing destination path: " + to
              + ": missing value");
        }
        JsonNode moved = get(doc, from, "move operation does not apply: doc is missing from path: " + from);
        remove(doc, from);
        add(doc, to, moved);
        return doc;
      }
      case "copy": {
        String from = path(op, "from");
        JsonNode copied = get(doc, from, "copy operation does not apply: doc is missing from path: " + from);
        add(doc, path(op, "path"), copied.deepCopy());
        return doc;
      }
      case "test": {
        String path = path(op, "path");
        JsonNode expected = op.get("value");
        if (!path.isEmpty() && !parentExists(doc, path)) {
          throw PatchException.rejected("test operation does not apply: is missing path: " + path + ": missing value");
        }
        JsonNode actual = path.isEmpty() ? doc : find(doc, path);
        boolean expectNull = expected == null || expected.isNull();
        boolean pass = (actual == null || actual.isNull()) ? expectNull : expected != null && jsonEquals(actual, expected);
        if (!pass) {
          throw PatchException.rejected("testing value " + path + " failed: test failed");
        }
        return doc;
      }
      default:
        throw PatchException.rejected("Unexpected kind: " + kind);
    }
  }

  private static String path(ObjectNode op, String field) {
    JsonNode path = op.get(field);
    if (path == null || !path.isTextual()) {
      throw PatchException.rejected("operation missing " + field + " field");
    }
    return path.textValue();
  }

  private static JsonNode value(ObjectNode op, String kind) {
    JsonNode value = op.get("value");
    if (value == null) {
      throw PatchException.rejected(kind + " operation missing value");
    }
    return value.deepCopy();
  }

  // ---------------------------------------------------------------------------------------------------------
  // JSON pointer navigation.

  /** Splits a pointer into unescaped reference tokens; {@code ""} is the root (no tokens). */
  static List<String> tokens(String pointer) {
    List<String> tokens = new ArrayList<>();
    if (pointer.isEmpty()) {
      return tokens;
    }
    if (!pointer.startsWith("/")) {
      throw PatchException.rejected("JSON pointer must be empty or start with /: " + pointer);
    }
    for (String raw : pointer.substring(1).split("/", -1)) {
      tokens.add(raw.replace("~1", "/").replace("~0", "~"));
    }
    return tokens;
  }

  /** The value at {@code pointer}, or null if any step is missing. */
  static JsonNode find(JsonNode doc, String pointer) {
    JsonNode current = doc;
    for (String token : tokens(pointer)) {
      current = child(current, token);
      if (current == null) {
        return null;
      }
    }
    return current;
  }

  /** Whether the container of the pointer's last token exists, and an array index in it is in range. */
  private static boolean parentExists(JsonNode doc, String pointer) {
    List<String> tokens = tokens(pointer);
    JsonNode current = doc;
    for (String token : tokens.subList(0, tokens.size() - 1)) {
      current = child(current, token);
      if (current == null) {
        return false;
      }
    }
    if (current instanceof ArrayNode) {
      return child(current, tokens.get(tokens.size() - 1)) != null;
    }
    return current instanceof ObjectNode;
  }

  private static JsonNode child(JsonNode container, String token) {
    if (container instanceof ObjectNode object) {
      return object.get(token);
    }
    if (container instanceof ArrayNode array) {
      Integer index = parseIndex(token);
      if (index == null) {
        return null;
      }
      int i = index < 0 ? index + array.size() : index;
      return i >= 0 && i < array.size() ? array.get(i) : null;
    }
    return null;
  }

  private static Integer parseIndex(String token) {
    try {
      return Integer.parseInt(token);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static JsonNode get(JsonNode doc, String pointer, String missing) {
    JsonNode value = pointer.isEmpty() ? doc : find(doc, pointer);
    if (value == null) {
      throw PatchException.rejected(missing + ": missing value");
    }
    return value;
  }

  /** The container that holds the last token of {@code pointer}; fails when it does not exist. */
  private static ContainerNode<?> parent(JsonNode doc, String pointer, String operation) {
    List<String> tokens = tokens(pointer);
    if (tokens.isEmpty()) {
      throw PatchException.rejected(operation + " operation does not apply: doc is missing path: \"\": missing value");
    }
    JsonNode current = doc;
    for (String token : tokens.subList(0, tokens.size() - 1)) {
      current = child(current, token);
      if (current == null) {
        break;
      }
    }
    if (!(current instanceof ContainerNode<?> container)) {
      throw PatchException.rejected(operation + " operation does not apply: doc is missing path: \"" + pointer
          + "\": missing value");
    }
    return container;
  }

  private static String last(String pointer) {
    List<String> tokens = tokens(pointer);
    return tokens.get(tokens.size() - 1);
  }

  private static int arrayIndex(ArrayNode array, String token, boolean insert, String operation, String pointer) {
    String context = "error in " + operation + " for path: '" + pointer + "': ";
    Integer index = parseIndex(token);
    if (index == null) {
      throw PatchException.rejected(context + "value was not a proper array index: '" + token + "'");
    }
    int limit = insert ? array.size() : array.size() - 1;
    int i = index < 0 ? index + array.size() : index;
    if (i < 0 || i > limit) {
      throw PatchException.rejected(context + "Unable to access invalid index: " + index + ": invalid index referenced");
    }
    return i;
  }

  private static void add(JsonNode doc, String pointer, JsonNode value) {
    ContainerNode<?> parent = parent(doc, pointer, "add");
    String key = last(pointer);
    if (parent instanceof ObjectNode object) {
      object.set(key, value);
    } else {
      ArrayNode array = (ArrayNode) parent;
      if (key.equals("-")) {
        array.add(value);
      } else {
        array.insert(arrayIndex(array, key, true, "add", pointer), value);
      }
    }
  }

  private static void remove(JsonNode doc, String pointer) {
    ContainerNode<?> parent = parent(doc, pointer, "remove");
    String key = last(pointer);
    if (parent instanceof ObjectNode object) {
      if (!object.has(key)) {
        throw PatchException.rejected("error in remove for path: '" + pointer + "': Unable to remove nonexistent key: "
            + key + ": missing value");
      }
      object.remove(key);
    } else {
      ArrayNode array = (ArrayNode) parent;
      array.remove(arrayIndex(array, key, false, "remove", pointer));
    }
  }

  private static void replace(JsonNode doc, String pointer, JsonNode value) {
    ContainerNode<?> parent = parent(doc, pointer, "replace");
    String key = last(pointer);
    if (parent instanceof ObjectNode object) {
      if (!object.has(key)) {
        throw PatchException.rejected("replace operation does not apply: doc is missing key: " + pointer + ": missing value");
      }
      object.set(key, value);
    } else {
      ArrayNode array = (ArrayNode) parent;
      array.set(arrayIndex(array, key, false, "remove", pointer), value); // evanphx says "remove" here too
    }
  }

  /** How Go's encoding/json names a JSON value's type in unmarshal errors. */
  private static String goKind(JsonNode node) {
    if (node == null || node.isNull()) {
      return "null";
    }
    if (node.isObject()) {
      return "object";
    }
    if (node.isArray()) {
      return "array";
    }
    if (node.isTextual()) {
      return "string";
    }
    if (node.isNumber()) {
      return "number";
    }
    return node.isBoolean() ? "bool" : "value";
  }
}
