package io.kubeloop.testing.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Java counterpart of apiextensions-apiserver's structural schema machinery for custom resources: pruning
 * ({@code pkg/apiserver/schema/pruning/algorithm.go}), defaulting ({@code schema/defaulting/algorithm.go} and
 * {@code prunenulls.go}) and validation (kube-openapi {@code validate} with the error conversion of
 * {@code pkg/apiserver/validation/validation.go}), built from one CRD version's {@code openAPIV3Schema}.
 *
 * <p>The server applies the three steps in the real order on every create and update of a custom resource:
 * <pre>{@code
 * StructuralSchema.Pruned pruned = schema.prune(body);            // unknown fields: Warn -> warnings, Strict -> 400
 * JsonNode object = schema.applyDefaults(pruned.object());        // drops non-nullable nulls, fills defaults
 * List<FieldError> errors = schema.validate(object);              // non-empty -> 422 StatusErrors.invalid(...)
 * }</pre>
 *
 * <p>Supported keywords: {@code type} (object, array, string, integer, number, boolean), {@code properties},
 * {@code items}, {@code additionalProperties}, {@code required}, {@code enum}, {@code nullable},
 * {@code minimum}/{@code maximum} with {@code exclusiveMinimum}/{@code exclusiveMaximum}, {@code minLength}/
 * {@code maxLength}, {@code pattern}, {@code minItems}/{@code maxItems}, {@code minProperties}/
 * {@code maxProperties}, {@code format} (date-time, date, uuid, ipv4, ipv6 and byte are checked; other formats are
 * accepted unchecked), {@code default}, {@code x-kubernetes-int-or-string}, {@code x-kubernetes-preserve-unknown-fields}
 * and {@code x-kubernetes-embedded-resource} (an object whose {@code apiVersion}, {@code kind} and
 * {@code metadata} are kept and whose {@code apiVersion} and {@code kind} are required). Deliberately not
 * supported: {@code allOf}/{@code anyOf}/{@code oneOf}/{@code not}, {@code multipleOf}, CEL
 * {@code x-kubernetes-validations}, list-type checks, and validation of {@code metadata} against the schema
 * (the server validates ObjectMeta itself). Errors are reported in a deterministic order (properties sorted by
 * name) where Go's map order is random.
 *
 * <p>{@code apiVersion}, {@code kind} and {@code metadata} at the root are never pruned, and validated only where the
 * schema declares them.
 *
 * <p>Immutable and thread-safe; every method returns new trees and never mutates its argument. Validating the
 * CRD object itself is not this class's job.
 */
public final class StructuralSchema {
  /** The result of {@link #prune}: the pruned copy and the removed fields' paths, sorted (e.g. {@code spec.foo}). */
  public record Pruned(JsonNode object, List<String> removedPaths) {
    public Pruned {
      Objects.requireNonNull(object, "object");
      removedPaths = List.copyOf(removedPaths);
    }
  }

  private static final Set<String> META_FIELDS = Set.of("apiVersion", "kind", "metadata");

  private final SchemaNode root;

  private StructuralSchema(SchemaNode root) {
    this.root = root;
  }

  /**
   * Builds the schema from a CRD version's {@code schema.openAPIV3Schema}.
   *
   * @throws IllegalArgumentException if {@code openAPIV3Schema} is not a JSON object
   */
  public static StructuralSchema of(JsonNode openAPIV3Schema) {
    return new StructuralSchema(SchemaNode.parse(openAPIV3Schema));
  }

  /**
   * Removes every field the schema does not specify (outside {@code x-kubernetes-preserve-unknown-fields}),
   * except {@code apiVersion}, {@code kind} and {@code metadata} at the root and in embedded resources.
   */
  public Pruned prune(JsonNode object) {
    JsonNode copy = object.deepCopy();
    List<String> removed = new ArrayList<>();
    prune(copy, root, true, "", removed);
    Collections.sort(removed);
    return new Pruned(copy, removed);
  }

  /** {@code unknown field "spec.foo"}: the text of one {@code Warning} header for {@code fieldValidation=Warn}. */
  public static String unknownFieldWarning(String path) {
    return "unknown field " + FieldError.goQuote(path);
  }

  /**
   * The 400 message for {@code fieldValidation=Strict}:
   * {@code <Kind> in version "<v>" cannot be handled as a <Kind>: strict decoding error: unknown field "spec.foo", …}.
   */
  public static String strictDecodingMessage(String kind, String version, List<String> removedPaths) {
    String unknown = removedPaths.stream().map(StructuralSchema::unknownFieldWarning).collect(Collectors.joining(", "));
    return kind + " in version " + FieldError.goQuote(version) + " cannot be handled as a " + kind
        + ": strict decoding error: " + unknown;
  }

  /**
   * Applies {@code default} values: first drops {@code null} members whose schema is neither nullable nor
   * defaulted, then sets each defaulted property that is absent (or a non-nullable null), recursively.
   */
  public JsonNode applyDefaults(JsonNode object) {
    JsonNode copy = object.deepCopy();
    pruneNonNullableNullsWithoutDefaults(copy, root);
    applyDefaults(copy, root);
    return copy;
  }

  /**
   * Validates a (pruned, defaulted) object; empty when valid. Root {@code apiVersion}, {@code kind} and
   * {@code metadata} are checked only against what the schema declares for them.
   */
  public List<FieldError> validate(JsonNode object) {
    return SchemaValidation.validateRoot(object, root);
  }

  // ---------------------------------------------------------------------------------------------------------

  private static void prune(JsonNode x, SchemaNode s, boolean embedded, String path, List<String> removed) {
    if (s != null && s.preserveUnknownFields) {
      skipPrune(x, s, path, removed);
      return;
    }
    if (x instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String key = e.getKey();
        boolean meta = META_FIELDS.contains(key);
        if (s != null && (embedded || s.embeddedResource) && meta) {
          continue;
        }
        SchemaNode child = s == null ? null : s.child(key);
        if (child != null) {
          prune(e.getValue(), child, false, join(path, key), removed);
        } else {
          if (!meta || !path.isEmpty() || s == null) {
            removed.add(join(path, key));
          }
          it.remove();
        }
      }
    } else if (x instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        prune(array.get(i), s == null ? null : s.items, false, path + "[" + i + "]", removed);
      }
    }
  }

  /** Inside {@code x-kubernetes-preserve-unknown-fields}: keep unknown members but prune inside known ones. */
  private static void skipPrune(JsonNode x, SchemaNode s, String path, List<String> removed) {
    if (x instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (s.embeddedResource && META_FIELDS.contains(e.getKey())) {
          continue;
        }
        SchemaNode child = s.child(e.getKey());
        if (child != null) {
          prune(e.getValue(), child, false, join(path, e.getKey()), removed);
        }
      }
    } else if (x instanceof ArrayNode array && s.items != null) {
      for (int i = 0; i < array.size(); i++) {
        skipPrune(array.get(i), s.items, path + "[" + i + "]", removed);
      }
    }
  }

  static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static void pruneNonNullableNullsWithoutDefaults(JsonNode x, SchemaNode s) {
    if (x instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        SchemaNode child = s == null ? null : s.child(e.getKey());
        if (e.getValue().isNull() && child != null && !child.nullable && child.defaultValue == null) {
          it.remove();
        } else {
          pruneNonNullableNullsWithoutDefaults(e.getValue(), child);
        }
      }
    } else if (x instanceof ArrayNode array) {
      for (JsonNode element : array) {
        pruneNonNullableNullsWithoutDefaults(element, s == null ? null : s.items);
      }
    }
  }

  private static void applyDefaults(JsonNode x, SchemaNode s) {
    if (s == null) {
      return;
    }
    if (x instanceof ObjectNode object) {
      for (Map.Entry<String, SchemaNode> p : s.properties.entrySet()) {
        SchemaNode prop = p.getValue();
        JsonNode current = object.get(p.getKey());
        if (prop.defaultValue != null && (current == null || (current.isNull() && !prop.nullable))) {
          object.set(p.getKey(), prop.defaultValue.deepCopy());
        }
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        SchemaNode prop = s.properties.get(e.getKey());
        if (prop != null) {
          applyDefaults(e.getValue(), prop);
        } else if (s.additionalProperties != null) {
          SchemaNode ap = s.additionalProperties;
          if (e.getValue().isNull() && !ap.nullable && ap.defaultValue != null) {
            e.setValue(ap.defaultValue.deepCopy());
          }
          applyDefaults(e.getValue(), ap);
        }
      }
    } else if (x instanceof ArrayNode array && s.items != null) {
      for (int i = 0; i < array.size(); i++) {
        if (array.get(i).isNull() && !s.items.nullable && s.items.defaultValue != null) {
          array.set(i, s.items.defaultValue.deepCopy());
        }
        applyDefaults(array.get(i), s.items);
      }
    }
  }
}
