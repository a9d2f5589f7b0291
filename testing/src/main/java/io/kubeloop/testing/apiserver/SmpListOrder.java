package io.kubeloop.testing.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The list ordering of apimachinery {@code pkg/util/strategicpatch/patch.go} ({@code normalizeElementOrder},
 * {@code normalizeSliceOrder}, {@code mergeSortedSlice}, {@code index}) behind {@link StrategicMergePatch}: items
 * named in the patch keep the patch's order, items only the server has keep the server's order, and the two
 * are interleaved by the server's order where both are known to it (unknown ones first). Package-private;
 * stateless.
 */
final class SmpListOrder {
  private static final String PATCH = "$patch";

  private SmpListOrder() {}

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
          throw StrategicMergePatch.unexpected("map: " + item + " does not contain declared merge key: " + mergeKey);
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

  static boolean sameKey(JsonNode a, JsonNode b, String mergeKey) {
    if (mergeKey.isEmpty()) {
      return JsonPatch.jsonEquals(a, b);
    }
    JsonNode ka = a.isObject() ? a.get(mergeKey) : null;
    JsonNode kb = b.isObject() ? b.get(mergeKey) : null;
    return ka == null ? kb == null : kb != null && JsonPatch.jsonEquals(ka, kb);
  }

  static boolean isDelete(JsonNode item) {
    return item.isObject() && item.path(PATCH).asText("").equals("delete");
  }
}
