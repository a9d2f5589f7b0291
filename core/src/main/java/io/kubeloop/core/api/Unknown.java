package io.kubeloop.core.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Has no client-go counterpart (Go's typed structs drop what they do not model; only {@code unstructured} keeps
 * it): deep, immutable copies of JSON-shaped Java values (maps, lists, scalars), for the fields a record keeps
 * without modelling them and for label and annotation maps. Nulls are kept: a field the server sent as
 * {@code null} is written back as {@code null}.
 */
public final class Unknown {
  private Unknown() {}

  /** A deep immutable copy of {@code fields}; {@code null} becomes an empty map. Key order is kept. */
  public static Map<String, Object> freeze(Map<String, ?> fields) {
    if (fields == null || fields.isEmpty()) {
      return Map.of();
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    fields.forEach((k, v) -> copy.put(k, freezeValue(v)));
    return Collections.unmodifiableMap(copy);
  }

  /** An immutable copy of a string map such as labels; {@code null} becomes an empty map. Key order is kept. */
  public static Map<String, String> strings(Map<String, String> map) {
    if (map == null || map.isEmpty()) {
      return Map.of();
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  /** An immutable copy of a list; {@code null} becomes an empty list. */
  public static <T> List<T> list(List<T> list) {
    if (list == null || list.isEmpty()) {
      return List.of();
    }
    return Collections.unmodifiableList(new ArrayList<>(list));
  }

  private static Object freezeValue(Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> copy = new LinkedHashMap<>();
      m.forEach((k, x) -> copy.put(String.valueOf(k), freezeValue(x)));
      return Collections.unmodifiableMap(copy);
    }
    if (v instanceof List<?> l) {
      List<Object> copy = new ArrayList<>(l.size());
      for (Object x : l) {
        copy.add(freezeValue(x));
      }
      return Collections.unmodifiableList(copy);
    }
    if (v instanceof com.fasterxml.jackson.databind.JsonNode node) {
      return freezeValue(Json.convert(node, Object.class));
    }
    return v;
  }
}
