package io.kubeloop.testing.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The label and field selectors of a list, watch or deletecollection, bound to one resource. Java counterpart of
 * the registry's {@code storage.SelectionPredicate} with the resource's {@code GetAttrs}
 * (k8s.io/apiserver pkg/storage/selection_predicate.go).
 */
record ObjectFilter(LabelSelector labels, FieldSelector fields) {

  static ObjectFilter everything() {
    return new ObjectFilter(LabelSelector.everything(), FieldSelector.everything());
  }

  /** Parses {@code labelSelector} and {@code fieldSelector}; bad syntax or an unknown field is a 400. */
  static ObjectFilter from(ApiRequest request, ResourceType type) {
    try {
      LabelSelector labels = LabelSelector.parse(request.param("labelSelector"));
      FieldSelector fields = FieldSelector.parse(request.param("fieldSelector"));
      Set<String> supported = new LinkedHashSet<>();
      supported.add("metadata.name");
      supported.add("metadata.namespace");
      supported.addAll(type.selectableFields());
      boolean converted = type.strategy() == ResourceType.Strategy.CUSTOM || !type.selectableFields().isEmpty();
      fields.requireSupported(supported,
          converted ? FieldSelector::fieldLabelNotSupported : FieldSelector::notAKnownFieldSelector);
      return new ObjectFilter(labels, fields);
    } catch (SelectorException e) {
      throw ApiError.badRequest(e.getMessage());
    }
  }

  boolean isEverything() {
    return labels.isEmpty() && fields.isEmpty();
  }

  boolean matches(JsonNode object) {
    if (object == null) {
      return false;
    }
    if (!labels.isEmpty()) {
      Map<String, String> l = new HashMap<>();
      object.path("metadata").path("labels").properties().forEach(e -> l.put(e.getKey(), e.getValue().asText()));
      if (!labels.matches(l)) {
        return false;
      }
    }
    return fields.isEmpty() || fields.matches(field -> fieldValue(object, field));
  }

  /** The value of a dotted field path as a selector sees it ({@code ""} when absent). */
  static String fieldValue(JsonNode object, String path) {
    JsonNode n = object;
    for (String part : path.split("\\.")) {
      n = n.path(part);
    }
    return n.isValueNode() && !n.isNull() ? n.asText() : "";
  }
}
