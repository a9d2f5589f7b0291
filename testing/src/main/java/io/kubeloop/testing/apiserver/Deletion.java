package io.kubeloop.testing.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.testing.apiserver.ResourceType.Strategy;
import java.util.List;

/**
 * Deletion: preconditions, immediate removal, or marking an object deleting while finalizers hold it. Java
 * counterpart of the generic store's {@code Delete} with {@code BeforeDelete} and {@code markAsDeleting}
 * (k8s.io/apiserver pkg/registry/generic/registry/store.go, pkg/registry/rest/delete.go). CRDs and namespaces
 * always linger first: their cleanup finalizers are run by {@link Lifecycle}.
 */
final class Deletion {
  private final ObjectStore store;

  Deletion(ObjectStore store) {
    this.store = store;
  }


  /**
   * DELETE of one object: preconditions, then removal or, with finalizers, marking it deleting.
   *
   * @return 200 with a Success Status or the object, per kind (§8.6)
   */
  ObjectStore.Result delete(ResourceType type, String namespace, String name, JsonNode deleteOptions, boolean dryRun) {
    return store.storage.locked(() -> {
      String key = ObjectStore.key(type, namespace, name);
      ObjectNode old = store.storage.get(type.storageKey(), key);
      if (old == null) {
        throw ApiError.notFound(type, name);
      }
      JsonNode pre = deleteOptions.path("preconditions");
      String preUid = pre.path("uid").asText("");
      if (!preUid.isEmpty() && !preUid.equals(Json.uid(old))) {
        throw new ApiError(StatusErrors.uidPreconditionFailed(type.group(), type.kind(), name, preUid,
            Json.uid(old)));
      }
      String preRv = pre.path("resourceVersion").asText("");
      if (!preRv.isEmpty() && !preRv.equals(Json.resourceVersion(old))) {
        throw new ApiError(StatusErrors.resourceVersionPreconditionFailed(type.group(), type.kind(), name, preRv,
            Json.resourceVersion(old)));
      }
      if (ObjectStore.isNamespace(type) && List.of("default", "kube-system", "kube-public").contains(name)) {
        throw new ApiError(StatusErrors.forbidden("", "namespaces", name, "this namespace may not be deleted"));
      }
      if (!dryRun && orphans(deleteOptions)) {
        releaseDependents(Json.uid(old), false);
      }
      if (!dryRun && !Json.isDeleting(old) && deleteOptions.path("propagationPolicy").asText("").equals("Foreground")
          && !store.storage.dependentsOf(Json.uid(old)).isEmpty()) {
        return new ObjectStore.Result(200, ObjectStore.present(type, deleteInForeground(type, key, old)), List.of());
      }
      ObjectNode result = deleteLocked(type, key, old, dryRun);
      boolean removed = !Json.isDeleting(result) || store.storage.get(type.storageKey(), key) == null;
      int code = 200;
      if (removed && !type.deleteReturnsObject() && !Json.isDeleting(result)) {
        return new ObjectStore.Result(code, StatusErrors.deleted(type.group(), type.plural(), name, Json.uid(old)), List.of());
      }
      if (!removed && deleteOptions.path("orphanDependents").isBoolean()
          && !deleteOptions.path("orphanDependents").asBoolean()) {
        code = 202;
      }
      return new ObjectStore.Result(code, ObjectStore.present(type, result), List.of());
    });
  }

  /**
   * Foreground propagation: the owner lingers (deletionTimestamp, finalizer {@code foregroundDeletion}) while the
   * garbage collector deletes its dependents; the finalizer goes when the last dependent is gone. Caller holds
   * the lock.
   */
  private ObjectNode deleteInForeground(ResourceType type, String key, ObjectNode old) {
    ObjectNode next = old.deepCopy();
    ObjectNode meta = Json.meta(next);
    meta.put("deletionTimestamp", store.now());
    meta.put("deletionGracePeriodSeconds", 0);
    if (meta.path("generation").asLong(0) > 0) {
      meta.put("generation", meta.get("generation").asLong() + 1);
    }
    (meta.path("finalizers").isArray() ? (ArrayNode) meta.get("finalizers") : meta.putArray("finalizers"))
        .add(Lifecycle.FOREGROUND_FINALIZER);
    ObjectNode stored = store.storage.put(type.storageKey(), key, next);
    Lifecycle l = store.lifecycle();
    if (l != null) {
      l.foregroundDeletion(Json.uid(stored), new Storage.Ref(type.storageKey(), key));
    }
    return stored;
  }

  /** {@code propagationPolicy: Orphan} or the legacy {@code orphanDependents: true}. */
  private static boolean orphans(JsonNode deleteOptions) {
    return deleteOptions.path("propagationPolicy").asText("").equals("Orphan")
        || deleteOptions.path("orphanDependents").asBoolean(false);
  }

  /**
   * Strips {@code ownerUid}'s references from every dependent. Orphan propagation keeps the dependents (the real
   * server does this through an {@code orphan} finalizer on the owner; the outcome is the same); the garbage
   * collector passes {@code deleteUnowned} to delete a dependent that has no owner left. Caller holds the lock.
   */
  void releaseDependents(String ownerUid, boolean deleteUnowned) {
    for (Storage.Ref ref : store.storage.dependentsOf(ownerUid)) {
      ObjectNode dependent = store.storage.get(ref.storageKey(), ref.key());
      ResourceType type = store.registry.byStorageKey(ref.storageKey());
      if (dependent == null || type == null) {
        continue;
      }
      ObjectNode next = dependent.deepCopy();
      ArrayNode refs = (ArrayNode) next.path("metadata").path("ownerReferences");
      for (int i = refs.size() - 1; i >= 0; i--) {
        if (refs.get(i).path("uid").asText().equals(ownerUid)) {
          refs.remove(i);
        }
      }
      if (!refs.isEmpty()) {
        store.commit(type, ref.key(), dependent, next, false, List.of());
      } else if (deleteUnowned) {
        deleteLocked(type, ref.key(), dependent, false);
      } else {
        Json.meta(next).remove("ownerReferences");
        store.commit(type, ref.key(), dependent, next, false, List.of());
      }
    }
  }

  /**
   * Removes an object, or marks it deleting when finalizers hold it (CRDs and namespaces always linger first).
   * Caller holds the lock.
   *
   * @return the last state if removed, else the marked object
   */
  ObjectNode deleteLocked(ResourceType type, String key, ObjectNode old, boolean dryRun) {
    if (Json.isDeleting(old)) {
      return old;
    }
    boolean crd = type.strategy() == Strategy.CRD;
    boolean namespace = ObjectStore.isNamespace(type);
    if (Json.finalizers(old).isEmpty() && !crd && !namespace) {
      if (dryRun) {
        return old;
      }
      ObjectNode last = store.storage.remove(type.storageKey(), key);
      store.afterRemove(type, last);
      return last;
    }
    ObjectNode next = old.deepCopy();
    ObjectNode meta = Json.meta(next);
    meta.put("deletionTimestamp", store.now());
    meta.put("deletionGracePeriodSeconds", 0);
    if (meta.path("generation").asLong(0) > 0) {
      meta.put("generation", meta.get("generation").asLong() + 1);
    }
    if (crd) {
      ArrayNode finalizers = meta.path("finalizers").isArray() ? (ArrayNode) meta.get("finalizers")
          : meta.putArray("finalizers");
      finalizers.add(Crds.CLEANUP_FINALIZER);
      Crds.setTerminating(next, true, store.now());
    }
    if (namespace) {
      Json.child(next, "status").put("phase", "Terminating");
    }
    if (dryRun) {
      return next;
    }
    ObjectNode stored = store.storage.put(type.storageKey(), key, next);
    Lifecycle l = store.lifecycle();
    if (l != null && namespace) {
      l.namespaceChanged(Json.name(stored));
    }
    if (l != null && crd) {
      l.crdChanged(Json.name(stored));
    }
    return stored;
  }
}
