package io.kubeloop.testing.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Pure rules of the generic store's create and update paths: type and namespace checks of a body, the
 * {@code /status} merge, finalizer rules of deleting objects and the no-op test. Counterparts of
 * {@code rest.BeforeCreate}/{@code BeforeUpdate} checks (k8s.io/apiserver pkg/registry/rest/create.go, update.go)
 * and of the store's {@code deletionFinalizersForGarbageCollection}/no-op comparison (registry/store.go).
 */
final class ObjectRules {
  private ObjectRules() {}

  static void checkTypeMeta(ResourceType type, ObjectNode obj) {
    String apiVersion = obj.path("apiVersion").asText("");
    String kind = obj.path("kind").asText("");
    if (!apiVersion.isEmpty() && !apiVersion.equals(type.apiVersion())) {
      throw ApiError.badRequest("the API version in the data (" + apiVersion
          + ") does not match the expected API version (" + type.apiVersion() + ")");
    }
    if (!kind.isEmpty() && !kind.equals(type.kind())) {
      throw ApiError.badRequest("the kind in the data (" + kind + ") does not match the expected kind ("
          + type.kind() + ")");
    }
    ObjectNode ordered = Json.object();
    ordered.put("apiVersion", type.apiVersion()).put("kind", type.kind());
    obj.remove("apiVersion");
    obj.remove("kind");
    ordered.setAll(obj);
    obj.removeAll();
    obj.setAll(ordered);
    if (!obj.path("metadata").isObject() && obj.has("metadata") && !obj.get("metadata").isNull()) {
      throw ApiError.badRequest(type.kind() + " in version \"" + type.version() + "\" cannot be handled as a "
          + type.kind() + ": metadata must be an object");
    }
  }

  static void checkNamespace(ResourceType type, String namespace, ObjectNode obj) {
    ObjectNode meta = Json.meta(obj);
    if (!type.namespaced()) {
      meta.remove("namespace");
      return;
    }
    String given = Json.namespace(obj);
    if (given.isEmpty()) {
      meta.put("namespace", namespace);
    } else if (!given.equals(namespace)) {
      throw ApiError.badRequest("the namespace of the provided object does not match the namespace sent on the "
          + "request");
    }
  }

  /** {@code /status}: the stored object with only {@code status} taken from the request. */
  static ObjectNode statusUpdate(ObjectNode old, ObjectNode request) {
    ObjectNode next = old.deepCopy();
    if (request.has("status")) {
      next.set("status", request.get("status").deepCopy());
    } else {
      next.remove("status");
    }
    return next;
  }

  static ObjectNode withoutMetadata(ObjectNode o) {
    ObjectNode copy = o.deepCopy();
    copy.remove("metadata");
    copy.remove("apiVersion");
    copy.remove("kind");
    return copy;
  }

  /** Once {@code deletionTimestamp} is set, finalizers may only be removed. */
  static List<FieldError> finalizerRules(ObjectNode old, ObjectNode next) {
    if (!Json.isDeleting(old)) {
      return List.of();
    }
    Set<String> before = new HashSet<>();
    Json.finalizers(old).forEach(f -> before.add(f.asText()));
    List<String> added = new ArrayList<>();
    Json.finalizers(next).forEach(f -> {
      if (!before.contains(f.asText())) {
        added.add(f.asText());
      }
    });
    if (added.isEmpty()) {
      return List.of();
    }
    StringBuilder go = new StringBuilder("[]string{");
    for (int i = 0; i < added.size(); i++) {
      go.append(i == 0 ? "" : ", ").append(FieldError.goQuote(added.get(i)));
    }
    go.append('}');
    return List.of(FieldError.forbidden("metadata.finalizers",
        "no new finalizers can be added if the object is being deleted, found new finalizers " + go));
  }

  /** Whether finalizers keep a deleting object: {@code metadata.finalizers}, and for namespaces {@code spec.finalizers}. */
  static boolean heldByFinalizers(ResourceType type, ObjectNode object) {
    if (!Json.finalizers(object).isEmpty()) {
      return true;
    }
    JsonNode spec = object.path("spec").path("finalizers");
    return ObjectStore.isNamespace(type) && spec.isArray() && !spec.isEmpty();
  }

  static boolean sameStoredContent(ObjectNode old, ObjectNode next) {
    ObjectNode a = old.deepCopy();
    ObjectNode b = next.deepCopy();
    Json.meta(a).put("resourceVersion", "");
    Json.meta(b).put("resourceVersion", "");
    for (ObjectNode o : List.of(a, b)) {
      JsonNode f = o.path("metadata").path("finalizers");
      if (f.isArray() && f.isEmpty()) {
        Json.meta(o).remove("finalizers");
      }
      JsonNode mf = o.path("metadata").path("managedFields");
      if (mf.isArray()) {
        Json.meta(o).remove("managedFields");
      }
    }
    return a.equals(b);
  }
}
