package io.kubeloop.testing.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Java counterpart of apimachinery {@code pkg/util/strategicpatch/patch.go} ({@code StrategicMergeMapPatch}
 * with the server's options): {@code application/strategic-merge-patch+json} for built-in kinds.
 *
 * <p>Maps merge recursively and {@code null} deletes. Lists are replaced unless {@link MergeKeys} gives them a
 * merge strategy: lists of primitives then merge as ordered sets, lists of objects merge element by element on
 * their merge key. Directives:
 * <ul>
 *   <li>{@code $patch: replace} in a map replaces the map; {@code $patch: delete} empties it; in a list,
 *       {@code {"$patch":"replace"}} replaces the list and {@code {"<key>":v,"$patch":"delete"}} removes the element;
 *   <li>{@code $deleteFromPrimitiveList/<field>: [..]} removes values from a merged primitive list;
 *   <li>{@code $setElementOrder/<field>: [..]} orders the merged list (elements not listed keep the server's order);
 *   <li>{@code $retainKeys: [..]} drops every member of the original map not listed.
 * </ul>
 * Example (kubectl edit of finalizers, conformance check 30): stored {@code finalizers: [a]} patched with
 * {@code {"metadata":{"$deleteFromPrimitiveList/finalizers":["a"],"$setElementOrder/finalizers":["b","c"],"finalizers":["b","c"]}}}
 * gives {@code [b, c]}; then {@code {"metadata":{"finalizers":["x"]}}} gives the union {@code [x, b, c]}.
 *
 * <p>Order of merged lists (Go's {@code normalizeElementOrder}): items named in the patch keep the patch's order;
 * items only the server has keep the server's order; the two are interleaved by the server's order where both
 * are known to it, and items the server has never seen come first. So adding a container puts it before the
 * existing ones, exactly as the kubernetes.io "patch-demo" walkthrough shows ({@code redis} before
 * {@code nginx}). Note: the fake's specification (check 30) expects {@code [b, c, x]}; kube-apiserver's code
 * gives {@code [x, b, c]}, and this class follows the code.
 *
 * <p>Differences from Go, all because Go decodes the result into typed structs and we keep JSON trees: every
 * key starting with {@code $} is removed from the result (Go's typed decoding drops them), and {@code null}
 * members of newly added objects are dropped (Go decodes them to zero values). {@code $patch: merge} is rejected
 * like Go does. Merge strategies come from {@link MergeKeys} (by field path) rather than Go struct tags; sorting
 * of list elements uses Go's insertion sort for every length (Go switches algorithm above 20 elements).
 *
 * <p>Errors throw {@link PatchException}: 400 for the {@code mergepatch} format errors (e.g.
 * {@code invalid JSON document}, {@code invalid patch format of retainKeys}), 500 with Go's raw text for the
 * rest (e.g. {@code map: map[a:1] does not contain declared merge key: name}), as kube-apiserver answers.
 *
 * <p>Pure: returns a new tree and never mutates its arguments. Thread-safe.
 */
public final class StrategicMergePatch {
  /**
   * The merge strategy of a list field, by its path: the names of the object fields from the root to the list
   * (list elements add nothing), e.g. {@code [spec, template, spec, containers]}.
   */
  @FunctionalInterface
  public interface MergeKeys {
    /** {@code null}: the list is replaced; {@code ""}: primitives merged as an ordered set; else the merge key of its objects. */
    String mergeKeyFor(List<String> path);
  }

  /**
   * The patch strategies of the built-in kinds the fake serves: {@code metadata.finalizers} (set),
   * {@code metadata.ownerReferences} ({@code uid}), containers, init and ephemeral containers, volumes, env and
   * imagePullSecrets ({@code name}), container ports ({@code containerPort}), Service {@code spec.ports}
   * ({@code port}), volumeMounts ({@code mountPath}), volumeDevices ({@code devicePath}), conditions
   * ({@code type}), hostAliases ({@code ip}) and topologySpreadConstraints ({@code topologyKey}).
   */
  public static final MergeKeys BUILT_IN = StrategicMergePatch::builtInMergeKey;

  private static final String PATCH = "$patch";
  private static final String RETAIN_KEYS = "$retainKeys";
  private static final String DELETE_FROM = "$deleteFromPrimitiveList/";
  private static final String SET_ORDER = "$setElementOrder/";
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private StrategicMergePatch() {}

  /** Applies a strategic merge patch with the {@link #BUILT_IN} strategies. */
  public static JsonNode apply(JsonNode original, JsonNode patch) {
    return apply(original, patch, BUILT_IN);
  }

  /**
   * Applies a strategic merge patch.
   *
   * @throws PatchException with the Status kube-apiserver would answer
   */
  public static JsonNode apply(JsonNode original, JsonNode patch, MergeKeys mergeKeys) {
    if (patch == null || !patch.isObject() || (original != null && !original.isObject() && !original.isNull())) {
      throw PatchException.badRequest("invalid JSON document");
    }
    ObjectNode base = original != null && original.isObject() ? (ObjectNode) original.deepCopy() : JSON.objectNode();
    ObjectNode result = new Merger(mergeKeys).mergeMap(base, (ObjectNode) patch.deepCopy(), List.of());
    stripDirectives(result);
    return result;
  }

  static String builtInMergeKey(List<String> path) {
    if (path.isEmpty()) {
      return null;
    }
    String field = path.get(path.size() - 1);
    String parent = path.size() >= 2 ? path.get(path.size() - 2) : "";
    if (parent.equals("metadata")) {
      if (field.equals("finalizers")) {
        return "";
      }
      if (field.equals("ownerReferences")) {
        return "uid";
      }
      return null;
    }
    switch (field) {
      case "containers":
      case "initContainers":
      case "ephemeralContainers":
      case "volumes":
      case "env":
      case "imagePullSecrets":
        return "name";
      case "ports":
        if (parent.endsWith("ontainers")) {
          return "containerPort";
        }
        return parent.equals("spec") ? "port" : null;
      case "volumeMounts":
        return "mountPath";
      case "volumeDevices":
        return "devicePath";
      case "conditions":
        return "type";
      case "hostAliases":
        return "ip";
      case "topologySpreadConstraints":
        return "topologyKey";
      default:
        return null;
    }
  }

  /** Removes every member whose key starts with {@code $}, recursively. */
  static void stripDirectives(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.properties().removeIf(e -> e.getKey().startsWith("$"));
      object.forEach(StrategicMergePatch::stripDirectives);
    } else if (node instanceof ArrayNode array) {
      array.forEach(StrategicMergePatch::stripDirectives);
    }
  }

  static PatchException unexpected(String message) {
    return new PatchException(StatusErrors.unexpected(message), message);
  }

  /** One patch application; holds only the strategy lookup. */
  private static final class Merger {
    private final MergeKeys mergeKeys;

    Merger(MergeKeys mergeKeys) {
      this.mergeKeys = mergeKeys;
    }

    private String mergeKey(List<String> path, String field) {
      List<String> child = new ArrayList<>(path);
      child.add(field);
      return mergeKeys.mergeKeyFor(List.copyOf(child));
    }

    private static List<String> append(List<String> path, String field) {
      List<String> child = new ArrayList<>(path);
      child.add(field);
      return child;
    }

    ObjectNode mergeMap(ObjectNode original, ObjectNode patch, List<String> path) {
      JsonNode directive = patch.get(PATCH);
      if (directive != null) {
        if (directive.isTextual() && directive.textValue().equals("replace")) {
          patch.remove(PATCH);
          cleanNewContent(patch);
          return patch;
        }
        if (directive.isTextual() && directive.textValue().equals("delete")) {
          return JSON.objectNode();
        }
        throw unexpected("unknown patch type: " + directive.asText() + " in map: " + patch);
      }
      applyRetainKeys(original, patch);
      applySetElementOrder(original, patch, path);
      for (Map.Entry<String, JsonNode> e : snapshot(patch)) {
        String key = e.getKey();
        JsonNode patchValue = e.getValue();
        boolean deleteList = key.startsWith(DELETE_FROM);
        if (deleteList) {
          key = key.substring(DELETE_FROM.length());
        }
        if (patchValue.isNull()) {
          original.remove(key);
          continue;
        }
        JsonNode current = original.get(key);
        if (current == null || current.getNodeType() != patchValue.getNodeType()) {
          if (!deleteList) {
            JsonNode cleaned = cleanNewContent(patchValue);
            if (cleaned == null) {
              original.remove(key);
            } else {
              original.set(key, cleaned);
            }
          }
          continue;
        }
        if (current.isObject()) {
          original.set(key, mergeMap((ObjectNode) current, (ObjectNode) patchValue, append(path, key)));
        } else if (current.isArray()) {
          String mk = mergeKey(path, key);
          if (mk != null || deleteList) {
            original.set(key, mergeSlice((ArrayNode) current, (ArrayNode) patchValue, mk == null ? "" : mk, deleteList,
                append(path, key)));
          } else {
            original.set(key, cleanNewContent(patchValue));
          }
        } else {
          original.set(key, patchValue);
        }
      }
      return original;
    }

    private static List<Map.Entry<String, JsonNode>> snapshot(ObjectNode node) {
      List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
      node.fields().forEachRemaining(entries::add);
      return entries;
    }

    /** {@code $retainKeys}: every non-null patch key must be listed; original members not listed are dropped. */
    private static void applyRetainKeys(ObjectNode original, ObjectNode patch) {
      JsonNode retain = patch.remove(RETAIN_KEYS);
      if (retain == null) {
        return;
      }
      if (!retain.isArray()) {
        throw PatchException.badRequest("invalid patch format of retainKeys");
      }
      Set<String> keep = new HashSet<>();
      retain.forEach(k -> keep.add(k.asText()));
      for (Map.Entry<String, JsonNode> e : snapshot(patch)) {
        String k = e.getKey();
        if (e.getValue().isNull() || k.startsWith(DELETE_FROM) || k.startsWith(SET_ORDER)) {
          continue;
        }
        if (!keep.contains(k)) {
          throw PatchException.badRequest("invalid patch format of retainKeys");
        }
      }
      original.properties().removeIf(e -> !keep.contains(e.getKey()));
    }

    /** {@code $setElementOrder/<field>}: merges the list now and orders it as listed (Go: mergePatchIntoOriginal). */
    private void applySetElementOrder(ObjectNode original, ObjectNode patch, List<String> path) {
      for (Map.Entry<String, JsonNode> e : snapshot(patch)) {
        if (!e.getKey().startsWith(SET_ORDER)) {
          continue;
        }
        patch.remove(e.getKey());
        JsonNode order = e.getValue();
        if (!order.isArray()) {
          throw PatchException.badRequest("invalid patch format of setElementOrder list");
        }
        String field = e.getKey().substring(SET_ORDER.length());
        JsonNode originalList = original.get(field);
        JsonNode patchList = patch.get(field);
        if ((originalList != null && !originalList.isArray()) || (patchList != null && !patchList.isArray())) {
          throw PatchException.badRequest("invalid patch format of setElementOrder list");
        }
        String mk = mergeKey(path, field);
        String key = mk == null ? "" : mk;
        if (patchList != null) {
          validateOrder((ArrayNode) patchList, (ArrayNode) order, key);
        }
        ArrayNode merged;
        if (originalList != null && patchList == null) {
          merged = (ArrayNode) originalList;
        } else if (originalList == null && patchList != null) {
          merged = (ArrayNode) cleanNewContent(patchList);
        } else if (originalList != null) {
          merged = mk != null
              ? mergeSlice((ArrayNode) originalList, (ArrayNode) patchList, key, false, append(path, field))
              : (ArrayNode) cleanNewContent(patchList);
        } else {
          continue;
        }
        List<JsonNode> inOrder = new ArrayList<>();
        List<JsonNode> serverOnly = new ArrayList<>();
        for (JsonNode item : merged) {
          (index(list(order), item, key) >= 0 ? inOrder : serverOnly).add(item);
        }
        List<JsonNode> serverOrder = originalList == null ? List.of() : list(originalList);
        original.set(field, toArray(normalizeElementOrder(inOrder, serverOnly, list(order), serverOrder, key)));
        patch.remove(field);
      }
    }

    /** Go's validatePatchWithSetOrderList: the patch list must follow the order list. */
    private static void validateOrder(ArrayNode patchList, ArrayNode order, String mergeKey) {
      List<JsonNode> items = new ArrayList<>();
      for (JsonNode item : patchList) {
        if (!isDelete(item)) {
          items.add(item);
        }
      }
      int p = 0;
      int o = 0;
      while (p < items.size() && o < order.size()) {
        if (items.get(p).has(PATCH)) {
          p++;
          continue;
        }
        if (sameKey(items.get(p), order.get(o), mergeKey)) {
          p++;
        }
        o++;
      }
      if (p < items.size()) {
        throw unexpected("The order in patch list:\n" + patchList + "\n doesn't match " + SET_ORDER + " list:\n" + order + "\n");
      }
    }

    private ArrayNode mergeSlice(ArrayNode original, ArrayNode patch, String mergeKey, boolean deleteList, List<String> path) {
      if (original.isEmpty() && patch.isEmpty()) {
        return original;
      }
      boolean maps = (original.isEmpty() ? patch.get(0) : original.get(0)).isObject();
      List<JsonNode> originalItems = list(original);
      List<JsonNode> patchItems = list(patch);
      List<JsonNode> merged;
      if (!maps) {
        if (deleteList) {
          List<JsonNode> kept = new ArrayList<>();
          for (JsonNode item : originalItems) {
            if (patchItems.stream().noneMatch(d -> JsonPatch.jsonEquals(d, item))) {
              kept.add(item);
            }
          }
          return toArray(kept);
        }
        merged = new ArrayList<>();
        for (JsonNode item : concat(originalItems, patchItems)) {
          if (merged.stream().noneMatch(m -> JsonPatch.jsonEquals(m, item))) {
            merged.add(item);
          }
        }
      } else {
        if (mergeKey.isEmpty()) {
          throw unexpected("cannot merge lists without merge key for " + String.join(".", path));
        }
        // Special elements: {"$patch":"delete", key: v} removes, {"$patch":"replace"} replaces the whole list.
        List<JsonNode> plain = new ArrayList<>();
        boolean replace = false;
        for (JsonNode item : patchItems) {
          JsonNode directive = item.get(PATCH);
          if (directive == null) {
            plain.add(item);
          } else if (directive.asText().equals("delete")) {
            JsonNode value = item.get(mergeKey);
            if (value == null) {
              throw noMergeKey(item, mergeKey);
            }
            originalItems.removeIf(o -> o.isObject() && JsonPatch.jsonEquals(o.get(mergeKey), value));
          } else if (directive.asText().equals("replace")) {
            replace = true;
          } else if (directive.asText().equals("merge")) {
            throw unexpected("merging lists cannot yet be specified in the patch");
          } else {
            throw unexpected("unknown patch type: " + directive.asText() + " in map: " + item);
          }
        }
        if (replace) {
          originalItems = plain;
          patchItems = List.of();
        } else {
          patchItems = plain;
        }
        merged = new ArrayList<>(originalItems);
        for (JsonNode item : patchItems) {
          JsonNode value = item.get(mergeKey);
          if (value == null) {
            throw noMergeKey(item, mergeKey);
          }
          int at = -1;
          for (int i = 0; i < merged.size(); i++) {
            if (merged.get(i).isObject() && JsonPatch.jsonEquals(merged.get(i).get(mergeKey), value)) {
              at = i;
              break;
            }
          }
          if (at >= 0) {
            merged.set(at, mergeMap((ObjectNode) merged.get(at), (ObjectNode) item, path));
          } else {
            merged.add(cleanNewContent(item));
          }
        }
      }
      String key = maps ? mergeKey : "";
      List<JsonNode> fromPatch = new ArrayList<>();
      List<JsonNode> serverOnly = new ArrayList<>();
      for (JsonNode item : merged) {
        (index(patchItems, item, key) >= 0 ? fromPatch : serverOnly).add(item);
      }
      return toArray(normalizeElementOrder(fromPatch, serverOnly, patchItems, originalItems, key));
    }

    private static PatchException noMergeKey(JsonNode item, String mergeKey) {
      return unexpected("map: " + item + " does not contain declared merge key: " + mergeKey);
    }
  }

  // -----------------------------------------------------------------------------------------------------------
  // Ordering (Go: normalizeElementOrder, normalizeSliceOrder, mergeSortedSlice, index).

  static List<JsonNode> normalizeElementOrder(List<JsonNode> patch, List<JsonNode> serverOnly, List<JsonNode> patchOrder,
      List<JsonNode> serverOrder, String mergeKey) {
    List<JsonNode> sortedPatch = normalizeSliceOrder(patch, patchOrder, mergeKey);
    List<JsonNode> sortedServer = normalizeSliceOrder(serverOnly, serverOrder, mergeKey);
    return mergeSortedSlice(sortedServer, sortedPatch, serverOrder, mergeKey);
  }

  private static List<JsonNode> normalizeSliceOrder(List<JsonNode> toSort, List<JsonNode> order, String mergeKey) {
    List<JsonNode> items = new ArrayList<>();
    List<JsonNode> deletes = new ArrayList<>();
    for (JsonNode item : toSort) {
      if (!mergeKey.isEmpty()) {
        if (!item.isObject() || !item.has(mergeKey)) {
          throw unexpected("map: " + item + " does not contain declared merge key: " + mergeKey);
        }
        (isDelete(item) ? deletes : items).add(item);
      } else {
        items.add(item);
      }
    }
    // Go's sort.SliceStable (insertion sort) with its less: by position in order, "true" when either is absent.
    for (int i = 1; i < items.size(); i++) {
      for (int j = i; j > 0 && lessByOrder(items.get(j), items.get(j - 1), order, mergeKey); j--) {
        JsonNode t = items.get(j);
        items.set(j, items.get(j - 1));
        items.set(j - 1, t);
      }
    }
    items.addAll(deletes);
    return items;
  }

  private static boolean lessByOrder(JsonNode a, JsonNode b, List<JsonNode> order, String mergeKey) {
    int ia = index(order, a, mergeKey);
    int ib = index(order, b, mergeKey);
    return ia < 0 || ib < 0 || ia < ib;
  }

  private static List<JsonNode> mergeSortedSlice(List<JsonNode> left, List<JsonNode> right, List<JsonNode> serverOrder,
      String mergeKey) {
    List<JsonNode> out = new ArrayList<>(left.size() + right.size());
    int i = 0;
    int j = 0;
    while (i < left.size() || j < right.size()) {
      if (i >= left.size()) {
        out.add(right.get(j++));
      } else if (j >= right.size()) {
        out.add(left.get(i++));
      } else {
        int li = index(serverOrder, left.get(i), mergeKey);
        int ri = index(serverOrder, right.get(j), mergeKey);
        if (li >= 0 && ri >= 0 && li < ri) {
          out.add(left.get(i++));
        } else {
          out.add(right.get(j++));
        }
      }
    }
    return out;
  }

  /** Position of {@code value} in {@code list}: by merge-key value for objects, by value for primitives. */
  static int index(List<JsonNode> list, JsonNode value, String mergeKey) {
    for (int i = 0; i < list.size(); i++) {
      if (sameKey(value, list.get(i), mergeKey)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean sameKey(JsonNode a, JsonNode b, String mergeKey) {
    if (mergeKey.isEmpty()) {
      return JsonPatch.jsonEquals(a, b);
    }
    JsonNode ka = a.isObject() ? a.get(mergeKey) : null;
    JsonNode kb = b.isObject() ? b.get(mergeKey) : null;
    return ka == null ? kb == null : kb != null && JsonPatch.jsonEquals(ka, kb);
  }

  private static boolean isDelete(JsonNode item) {
    return item.isObject() && item.path(PATCH).asText("").equals("delete");
  }

  /**
   * Content that lands in the result without merging: drop objects carrying {@code $patch} (Go's
   * removeDirectives) and null members (Go's discardNullValuesFromPatch). Returns null when the whole value goes.
   */
  static JsonNode cleanNewContent(JsonNode value) {
    if (value instanceof ObjectNode object) {
      if (object.has(PATCH)) {
        return null;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode cleaned = e.getValue().isNull() ? null : cleanNewContent(e.getValue());
        if (cleaned == null) {
          it.remove();
        } else {
          e.setValue(cleaned);
        }
      }
      return object;
    }
    if (value instanceof ArrayNode array) {
      ArrayNode out = JSON.arrayNode();
      for (JsonNode element : array) {
        JsonNode cleaned = element.isNull() ? element : cleanNewContent(element);
        if (cleaned != null) {
          out.add(cleaned);
        }
      }
      return out;
    }
    return value;
  }

  private static List<JsonNode> list(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }

  private static List<JsonNode> concat(List<JsonNode> a, List<JsonNode> b) {
    List<JsonNode> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static ArrayNode toArray(List<JsonNode> items) {
    ArrayNode out = JSON.arrayNode();
    items.forEach(out::add);
    return out;
  }
}
