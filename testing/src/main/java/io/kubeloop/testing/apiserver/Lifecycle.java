package io.kubeloop.testing.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * The controllers a real cluster runs next to the API server, reduced to what the API's behaviour depends on: the
 * namespace controller (empties a terminating namespace, then removes it), the CRD finalizer (deletes a terminating
 * CRD's instances, then the CRD) and the garbage collector (deletes dependents whose owners are gone). Java
 * counterparts of kube-controller-manager's {@code pkg/controller/namespace/deletion},
 * apiextensions-apiserver's {@code pkg/controller/finalizer/crd_finalizer.go} and
 * {@code pkg/controller/garbagecollector}.
 *
 * <p>They run on one daemon thread, {@code kubeloop-apiserver-controllers}, shortly after the write that
 * triggered them; each task is one atomic step under the storage lock. Differences from the real ones: GC treats
 * Foreground and Orphan propagation like Background, and deletes a dependent as soon as one owner named in its
 * {@code ownerReferences} is gone and no other owner reference remains (other references are stripped instead).
 */
final class Lifecycle implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Lifecycle.class.getName());
  private static final String CRD_KEY = "apiextensions.k8s.io/customresourcedefinitions";
  static final String FOREGROUND_FINALIZER = "foregroundDeletion";

  private final ObjectStore store;
  private final Storage storage;
  private final ExecutorService thread;
  /** Tasks queued and not yet started, so a burst of triggers runs each task once. */
  private final Set<String> pending = ConcurrentHashMap.newKeySet();
  /** Owners being deleted in the foreground, by uid: they go when their last dependent has gone. */
  private final Map<String, Storage.Ref> foregroundOwners = new ConcurrentHashMap<>();

  Lifecycle(ObjectStore store) {
    this.store = store;
    this.storage = store.storage;
    this.thread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "kubeloop-apiserver-controllers");
      t.setDaemon(true);
      return t;
    });
  }

  void namespaceChanged(String namespace) {
    submit("ns:" + namespace, () -> cleanNamespace(namespace));
  }

  void crdChanged(String crdName) {
    submit("crd:" + crdName, () -> cleanCrd(crdName));
  }

  /** An owner started foreground deletion: delete its dependents, then let it go. */
  void foregroundDeletion(String ownerUid, Storage.Ref owner) {
    foregroundOwners.put(ownerUid, owner);
    submit("fg:" + ownerUid, () -> finishForeground(ownerUid));
  }

  /** An object left storage; owners waiting in the foreground for it may now go. */
  void dependentGone(ObjectNode removed) {
    for (JsonNode ref : removed.path("metadata").path("ownerReferences")) {
      String uid = ref.path("uid").asText("");
      if (foregroundOwners.containsKey(uid)) {
        submit("fg:" + uid, () -> finishForeground(uid));
      }
    }
  }

  private void finishForeground(String ownerUid) {
    Storage.Ref ownerRef = foregroundOwners.get(ownerUid);
    ObjectNode owner = ownerRef == null ? null : storage.get(ownerRef.storageKey(), ownerRef.key());
    if (owner == null || !Json.uid(owner).equals(ownerUid)) {
      foregroundOwners.remove(ownerUid);
      return;
    }
    for (Storage.Ref ref : storage.dependentsOf(ownerUid)) {
      ObjectNode dependent = storage.get(ref.storageKey(), ref.key());
      ResourceType type = store.registry.byStorageKey(ref.storageKey());
      if (dependent != null && type != null) {
        store.deleteLocked(type, ref.key(), dependent, false);
      }
    }
    if (!storage.dependentsOf(ownerUid).isEmpty()) {
      return; // dependents held by finalizers; their removal triggers this again
    }
    foregroundOwners.remove(ownerUid);
    ObjectNode next = owner.deepCopy();
    ArrayNode finalizers = Json.finalizers(next);
    for (int i = finalizers.size() - 1; i >= 0; i--) {
      if (finalizers.get(i).asText().equals(FOREGROUND_FINALIZER)) {
        finalizers.remove(i);
      }
    }
    ResourceType ownerType = store.registry.byStorageKey(ownerRef.storageKey());
    if (ownerType != null) {
      store.commit(ownerType, ownerRef.key(), owner, next, false, List.of());
    }
  }

  void ownerGone(String uid) {
    if (!uid.isEmpty()) {
      submit("gc:" + uid, () -> collect(uid));
    }
  }

  /** A CRD left storage: end every watch of its resources, as the real server tears down the CR storage. */
  void crdRemoved(ObjectNode crd) {
    JsonNode spec = crd.path("spec");
    String key = spec.path("group").asText() + "/" + spec.path("names").path("plural").asText();
    storage.sinksOf(key).forEach(Storage.Sink::end);
  }

  private void submit(String id, Runnable task) {
    if (!pending.add(id)) {
      return;
    }
    try {
      thread.execute(() -> {
        pending.remove(id);
        try {
          storage.locked(task);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, () -> "controller task failed task=" + id, e);
        }
      });
    } catch (RejectedExecutionException closed) {
      pending.remove(id);
    }
  }

  private void cleanNamespace(String namespace) {
    ObjectNode ns = storage.get("/namespaces", namespace);
    if (ns == null || !Json.isDeleting(ns)) {
      return;
    }
    boolean remaining = false;
    for (String storageKey : storage.storageKeys()) {
      ResourceType type = store.registry.byStorageKey(storageKey);
      if (type == null || !type.namespaced()) {
        continue;
      }
      for (Map.Entry<String, ObjectNode> e : storage.list(storageKey, namespace)) {
        store.deleteLocked(type, e.getKey(), e.getValue(), false);
      }
      remaining |= !storage.isEmpty(storageKey, namespace);
    }
    if (remaining) {
      return; // objects held by finalizers; their removal triggers this again
    }
    ObjectNode next = ns.deepCopy();
    if (next.path("spec").isObject()) {
      ((ObjectNode) next.get("spec")).remove("finalizers");
    }
    ResourceType nsType = store.registry.find("", "v1", "namespaces");
    store.commit(nsType, namespace, ns, next, false, List.of());
  }

  private void cleanCrd(String name) {
    ObjectNode crd = storage.get(CRD_KEY, name);
    if (crd == null || !Json.isDeleting(crd)) {
      return;
    }
    JsonNode spec = crd.path("spec");
    String storageKey = spec.path("group").asText() + "/" + spec.path("names").path("plural").asText();
    ResourceType type = store.registry.byStorageKey(storageKey);
    if (type != null) {
      for (Map.Entry<String, ObjectNode> e : storage.list(storageKey, "")) {
        store.deleteLocked(type, e.getKey(), e.getValue(), false);
      }
    }
    if (!storage.isEmpty(storageKey, "")) {
      return;
    }
    ObjectNode next = crd.deepCopy();
    Crds.setTerminating(next, false, store.now());
    ArrayNode finalizers = Json.finalizers(next);
    for (int i = finalizers.size() - 1; i >= 0; i--) {
      if (finalizers.get(i).asText().equals(Crds.CLEANUP_FINALIZER)) {
        finalizers.remove(i);
      }
    }
    ResourceType crdType = store.registry.find("apiextensions.k8s.io", "v1", "customresourcedefinitions");
    store.commit(crdType, name, crd, next, false, List.of());
  }

  /** The garbage collector's step for one deleted owner. */
  private void collect(String ownerUid) {
    store.releaseDependentsLocked(ownerUid, true);
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
