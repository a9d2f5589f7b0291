package io.kubeloop.testing.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * PATCH: picks the algorithm by media type and runs it inside one storage transaction, then hands the result to
 * the update path. Java counterpart of the apiserver's patch handler (k8s.io/apiserver
 * pkg/endpoints/handlers/patch.go): 415 for an unknown type (and for strategic merge on custom resources),
 * create-on-apply for server-side apply, and the optimistic lock when the patch sets a resourceVersion.
 *
 * <p>Server-side apply is simplified: the applied configuration is merged like a JSON merge patch, no managed
 * fields are tracked and no apply conflict (409) is ever reported.
 */
final class Patching {
  static final String JSON_PATCH = "application/json-patch+json";
  static final String MERGE_PATCH = "application/merge-patch+json";
  static final String STRATEGIC = "application/strategic-merge-patch+json";
  static final String APPLY = "application/apply-patch+yaml";

  private final ObjectStore store;

  Patching(ObjectStore store) {
    this.store = store;
  }

  static List<String> accepted(ResourceType type) {
    List<String> types = new ArrayList<>(List.of(JSON_PATCH, MERGE_PATCH));
    if (type.acceptsStrategicMerge()) {
      types.add(STRATEGIC);
    }
    types.add(APPLY);
    return types;
  }

  ObjectStore.Result patch(ResourceType type, String namespace, String name, String contentType, byte[] body,
      boolean statusOnly, WriteOptions options) {
    if (!accepted(type).contains(contentType)) {
      throw ApiError.unsupportedMediaType(accepted(type));
    }
    if (contentType.equals(APPLY) && options.fieldManager().isEmpty()) {
      throw new ApiError(StatusErrors.invalid("meta.k8s.io", "PatchOptions", "", List.of(
          FieldError.required("fieldManager", "is required for apply patch"))));
    }
    JsonNode patch = contentType.equals(APPLY) ? Json.parseYaml(body, "apply patch") : Json.parse(body, "patch");
    return store.storage.locked(() -> {
      ObjectNode stored = store.storage.get(type.storageKey(), ObjectStore.key(type, namespace, name));
      if (stored == null) {
        if (contentType.equals(APPLY) && !statusOnly) {
          if (!patch.isObject()) {
            throw ApiError.badRequest("apply patch must be a JSON object");
          }
          ObjectNode created = (ObjectNode) patch.deepCopy();
          Json.meta(created).put("name", name);
          return store.create(type, namespace, created, options);
        }
        throw ApiError.notFound(type, name);
      }
      ObjectNode current = ObjectStore.present(type, stored);
      JsonNode patched = apply(contentType, current, patch);
      if (!patched.isObject()) {
        throw ApiError.badRequest("the patched object is not a JSON object");
      }
      ObjectNode result = (ObjectNode) patched;
      if (Json.resourceVersion(result).isEmpty()) {
        Json.meta(result).put("resourceVersion", Json.resourceVersion(stored));
      }
      return store.update(type, namespace, name, result, statusOnly, options, false);
    });
  }

  private static JsonNode apply(String contentType, ObjectNode current, JsonNode patch) {
    try {
      switch (contentType) {
        case MERGE_PATCH, APPLY:
          return JsonMergePatch.apply(current, patch);
        case JSON_PATCH:
          return JsonPatch.apply(current, patch);
        case STRATEGIC:
          return StrategicMergePatch.apply(current, patch);
        default:
          throw ApiError.unsupportedMediaType(List.of(MERGE_PATCH, APPLY));
      }
    } catch (PatchException e) {
      throw new ApiError(e.status());
    }
  }
}
