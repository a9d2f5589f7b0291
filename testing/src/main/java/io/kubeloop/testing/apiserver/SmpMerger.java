package io.kubeloop.testing.apiserver;

import static io.kubeloop.testing.apiserver.StrategicMergePatch.cleanNewContent;
import static io.kubeloop.testing.apiserver.StrategicMergePatch.unexpected;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One application of a strategic merge patch: apimachinery {@code strategicpatch} {@code mergeMap},
 * {@code mergePatchIntoOriginal} ({@code $setElementOrder}), {@code applyRetainKeysDirective} and
 * {@code mergeSlice}, with {@code MergeParallelList} and {@code IgnoreUnmatchedNulls} on, as the server runs it.
 * Works on mutable copies made by {@link StrategicMergePatch#apply}. Package-private; holds only the strategy
 * lookup.
 */
final class SmpMerger {
  private static final String PATCH = "$patch";
  private static final String RETAIN_KEYS = "$retainKeys";
  private static final String DELETE_FROM = "$deleteFromPrimitiveList/";
  private static final String SET_ORDER = "$setElementOrder/";
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final StrategicMergePatch.MergeKeys mergeKeys;

  SmpMerger(StrategicMergePatch.MergeKeys mergeKeys) {
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
        (SmpListOrder.index(list(order), item, key) >= 0 ? inOrder : serverOnly).add(item);
      }
      List<JsonNode> serverOrder = originalList == null ? List.of() : list(originalList);
      original.set(field, toArray(SmpListOrder.normalizeElementOrder(inOrder, serverOnly, list(order), serverOrder, key)));
      patch.remove(field);
    }
  }

  /** Go's validatePatchWithSetOrderList: the patch list must follow the order list. */
  private static void validateOrder(ArrayNode patchList, ArrayNode order, String mergeKey) {
    List<JsonNode> items = new ArrayList<>();
    for (JsonNode item : patchList) {
      if (!SmpListOrder.isDelete(item)) {
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
      if (SmpListOrder.sameKey(items.get(p), order.get(o), mergeKey)) {
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
      (SmpListOrder.index(patchItems, item, key) >= 0 ? fromPatch : serverOnly).add(item);
    }
    return toArray(SmpListOrder.normalizeElementOrder(fromPatch, serverOnly, patchItems, originalItems, key));
  }

  private static PatchException noMergeKey(JsonNode item, String mergeKey) {
    return unexpected("map: " + item + " does not contain declared merge key: " + mergeKey);
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
