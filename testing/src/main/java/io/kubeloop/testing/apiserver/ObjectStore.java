package io.kubeloop.testing.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.core.clock.Clock;
import io.kubeloop.testing.apiserver.ResourceType.Strategy;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The generic registry store: create, update and delete with the strategy rules of each kind, over
 * {@link Storage}. Java counterpart of the kube-apiserver generic store
 * (k8s.io/apiserver pkg/registry/generic/registry/store.go) with {@code rest.BeforeCreate}/{@code BeforeUpdate}
 * (pkg/registry/rest/create.go, update.go) and the admission steps this server emulates (namespace lifecycle).
 *
 * <p>Every public operation runs entirely under the storage lock, so each is atomic. Changes that need follow-up
 * work (a namespace or CRD being deleted, an owner gone) are handed to {@link Lifecycle}, which does that work on
 * its own thread, the way the real controllers do.
 */
final class ObjectStore {
  private static final String NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789";

  /** A write's answer: HTTP code, body and {@code Warning} header texts. */
  record Result(int code, ObjectNode body, List<String> warnings) {}

  final Storage storage;
  final Registry registry;
  final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private volatile Lifecycle lifecycle;
  private final Deletion deletion = new Deletion(this);

  ObjectStore(Storage storage, Registry registry, Clock clock) {
    this.storage = storage;
    this.registry = registry;
    this.clock = clock;
  }

  Lifecycle lifecycle() {
    return lifecycle;
  }

  void setLifecycle(Lifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  static String key(ResourceType type, String namespace, String name) {
    return type.namespaced() ? namespace + "/" + name : name;
  }

  String now() {
    return Json.time(clock.instant());
  }

  /** The object as served in {@code type}'s version: same tree unless the stored apiVersion differs. */
  static ObjectNode present(ResourceType type, ObjectNode stored) {
    if (stored.path("apiVersion").asText().equals(type.apiVersion()) && stored.path("kind").asText()
        .equals(type.kind())) {
      return stored;
    }
    ObjectNode copy = stored.deepCopy();
    ObjectNode out = Json.object();
    out.put("apiVersion", type.apiVersion()).put("kind", type.kind());
    copy.remove("apiVersion");
    copy.remove("kind");
    out.setAll(copy);
    return out;
  }

  ObjectNode get(ResourceType type, String namespace, String name) {
    ObjectNode o = storage.locked(() -> storage.get(type.storageKey(), key(type, namespace, name)));
    if (o == null) {
      throw ApiError.notFound(type, name);
    }
    return present(type, o);
  }

  // ---------------------------------------------------------------- create

  Result create(ResourceType type, String namespace, ObjectNode body, WriteOptions options) {
    return storage.locked(() -> {
      ObjectNode obj = body.deepCopy();
      ObjectRules.checkTypeMeta(type, obj);
      ObjectRules.checkNamespace(type, namespace, obj);
      ObjectNode meta = Json.meta(obj);
      if (Json.name(obj).isEmpty() && !Json.metaText(obj, "generateName").isEmpty()) {
        meta.put("name", Json.metaText(obj, "generateName") + randomSuffix());
      }
      String name = Json.name(obj);
      if (name.isEmpty()) {
        throw ApiError.invalid(type, "",
            List.of(FieldError.required("metadata.name", "name or generateName is required")));
      }
      requireLiveNamespace(type, namespace, name);
      String givenRv = Json.resourceVersion(obj);
      if (!givenRv.isEmpty() && !givenRv.equals("0")) {
        // etcd3 store.Create refuses this with a plain error, which the handler turns into a 500.
        throw new ApiError(StatusErrors.internalError("resourceVersion should not be set on objects to be created"));
      }
      List<String> warnings = new ArrayList<>();
      prepareForCreate(type, obj, options, warnings);
      List<FieldError> errors = new ArrayList<>(Strategies.validateName(type, name));
      errors.addAll(validate(type, obj, null));
      if (!errors.isEmpty()) {
        throw ApiError.invalid(type, name, errors);
      }
      String key = key(type, namespace, name);
      if (storage.get(type.storageKey(), key) != null) {
        throw ApiError.alreadyExists(type, name);
      }
      if (options.dryRun()) {
        return new Result(201, present(type, obj), warnings);
      }
      ObjectNode stored = storage.put(type.storageKey(), key, obj);
      afterWrite(type, null, stored);
      return new Result(201, present(type, stored), warnings);
    });
  }

  private void prepareForCreate(ResourceType type, ObjectNode obj, WriteOptions options, List<String> warnings) {
    ObjectNode meta = Json.meta(obj);
    meta.put("uid", UUID.randomUUID().toString());
    meta.put("creationTimestamp", now());
    for (String serverOwned : List.of("resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds",
        "generation", "selfLink")) {
      meta.remove(serverOwned);
    }
    if (type.maintainsGeneration()) {
      meta.put("generation", 1);
    }
    switch (type.strategy()) {
      case PLAIN -> {
        if (isNamespace(type)) {
          Strategies.prepareNamespace(obj);
        } else if (type.group().isEmpty() && type.plural().equals("secrets") && !obj.path("type").isTextual()) {
          obj.put("type", "Opaque");
        }
      }
      case LEASE -> { }
      case CRD -> obj.remove("status");
      case CUSTOM -> {
        if (type.statusSubresource()) {
          obj.remove("status");
        }
        CustomSchemas.apply(type, obj, options.fieldValidation(), warnings);
      }
      default -> { }
    }
  }

  /** Kind-specific validation after defaults; {@code old} is the stored object on update. */
  private List<FieldError> validate(ResourceType type, ObjectNode obj, ObjectNode old) {
    if (type.strategy() == Strategy.LEASE) {
      return Strategies.prepareLease(obj, old);
    }
    if (type.strategy() == Strategy.CRD) {
      List<FieldError> errors = Crds.prepare(obj);
      if (errors.isEmpty() && old == null) {
        Crds.setEstablished(obj, now());
      } else if (errors.isEmpty()) {
        Crds.refreshAcceptedNames(obj);
      }
      return errors;
    }
    return List.of();
  }

  private String randomSuffix() {
    StringBuilder s = new StringBuilder(5);
    for (int i = 0; i < 5; i++) {
      s.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
    }
    return s.toString();
  }

  static boolean isNamespace(ResourceType type) {
    return type.group().isEmpty() && type.plural().equals("namespaces");
  }

  /** Namespace lifecycle admission: missing → 404, terminating → 403. Caller holds the lock. */
  private void requireLiveNamespace(ResourceType type, String namespace, String name) {
    if (!type.namespaced()) {
      return;
    }
    ObjectNode ns = storage.get("/namespaces", namespace);
    if (ns == null) {
      throw ApiError.namespaceNotFound(namespace);
    }
    if (Json.isDeleting(ns)) {
      throw new ApiError(StatusErrors.forbidden(type.group(), type.plural(), name,
          "unable to create new content in namespace " + namespace + " because it is being terminated"));
    }
  }

  // ---------------------------------------------------------------- update

  /**
   * PUT and the second half of PATCH: replaces the stored object with {@code body} under the update rules.
   *
   * @param statusOnly {@code true} for the {@code /status} subresource
   * @param createIfAbsent whether an absent object may be created (PUT of Lease/Event, server-side apply)
   */
  Result update(ResourceType type, String namespace, String name, ObjectNode body, boolean statusOnly,
      WriteOptions options, boolean createIfAbsent) {
    return storage.locked(() -> {
      ObjectNode obj = body.deepCopy();
      ObjectRules.checkTypeMeta(type, obj);
      String bodyName = Json.name(obj);
      if (!bodyName.isEmpty() && !bodyName.equals(name)) {
        throw ApiError.badRequest("the name of the object (" + bodyName + ") does not match the name on the URL ("
            + name + ")");
      }
      Json.meta(obj).put("name", name);
      ObjectRules.checkNamespace(type, namespace, obj);
      String key = key(type, namespace, name);
      ObjectNode old = storage.get(type.storageKey(), key);
      if (old == null) {
        if (!createIfAbsent || statusOnly) {
          throw ApiError.notFound(type, name);
        }
        Json.meta(obj).remove("resourceVersion"); // GuaranteedUpdate's create path ignores it
        return create(type, namespace, obj, options);
      }
      String rv = Json.resourceVersion(obj);
      if (rv.isEmpty()) {
        if (type.requiresResourceVersionOnUpdate()) {
          throw new ApiError(StatusErrors.invalid(type.group(), type.plural(), name, List.of(
              FieldError.invalid("metadata.resourceVersion", new FieldError.Raw("0x0"),
                  "must be specified for an update"))));
        }
      } else if (!rv.equals(Json.resourceVersion(old))) {
        throw ApiError.staleResourceVersion(type, name);
      }
      String uid = Json.uid(obj);
      if (!uid.isEmpty() && !uid.equals(Json.uid(old))) {
        throw new ApiError(StatusErrors.conflictUid(type.group(), type.plural(), name, uid, Json.uid(old)));
      }
      List<String> warnings = new ArrayList<>();
      ObjectNode next = statusOnly ? ObjectRules.statusUpdate(old, obj) : prepareForUpdate(type, obj, old, options, warnings);
      List<FieldError> errors = new ArrayList<>(validate(type, next, old));
      errors.addAll(ObjectRules.finalizerRules(old, next));
      if (!errors.isEmpty()) {
        throw ApiError.invalid(type, name, errors);
      }
      return commit(type, key, old, next, options.dryRun(), warnings);
    });
  }

  private ObjectNode prepareForUpdate(ResourceType type, ObjectNode obj, ObjectNode old, WriteOptions options,
      List<String> warnings) {
    ObjectNode meta = Json.meta(obj);
    JsonNode oldMeta = old.path("metadata");
    for (String serverOwned : List.of("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
        "generation", "resourceVersion")) {
      if (oldMeta.has(serverOwned)) {
        meta.set(serverOwned, oldMeta.get(serverOwned).deepCopy());
      } else {
        meta.remove(serverOwned);
      }
    }
    meta.remove("selfLink");
    if (isNamespace(type)) {
      obj.set("status", old.path("status").deepCopy());
      if (!obj.path("spec").has("finalizers") && old.path("spec").has("finalizers")) {
        Json.child(obj, "spec").set("finalizers", old.path("spec").get("finalizers").deepCopy());
      }
    }
    if (type.statusSubresource() && (type.strategy() == Strategy.CUSTOM || type.strategy() == Strategy.CRD)) {
      if (old.has("status")) {
        obj.set("status", old.get("status").deepCopy());
      } else {
        obj.remove("status");
      }
    }
    if (type.strategy() == Strategy.CUSTOM) {
      CustomSchemas.apply(type, obj, options.fieldValidation(), warnings);
    }
    if (type.maintainsGeneration()) {
      boolean changed = type.strategy() == Strategy.CRD
          ? !obj.path("spec").equals(old.path("spec"))
          : !ObjectRules.withoutMetadata(obj).equals(ObjectRules.withoutMetadata(old));
      if (changed) {
        Json.meta(obj).put("generation", old.path("metadata").path("generation").asLong(0) + 1);
      }
    }
    return obj;
  }

  /**
   * Persists an update: no-op if nothing changed, removal if the last finalizer of a deleting object went away,
   * otherwise a new revision. Caller holds the lock.
   */
  Result commit(ResourceType type, String key, ObjectNode old, ObjectNode next, boolean dryRun,
      List<String> warnings) {
    if (ObjectRules.sameStoredContent(old, next)) {
      return new Result(200, present(type, old), warnings);
    }
    if (dryRun) {
      return new Result(200, present(type, next), warnings);
    }
    if (Json.isDeleting(next) && !ObjectRules.heldByFinalizers(type, next)) {
      ObjectNode last = storage.remove(type.storageKey(), key, next);
      afterRemove(type, last);
      return new Result(200, present(type, last), warnings);
    }
    ObjectNode stored = storage.put(type.storageKey(), key, next);
    afterWrite(type, old, stored);
    return new Result(200, present(type, stored), warnings);
  }

  /** Hooks after a create or update was stored. Caller holds the lock. */
  private void afterWrite(ResourceType type, ObjectNode old, ObjectNode stored) {
    if (type.strategy() == Strategy.CRD) {
      refreshCustomTypes();
    }
  }

  /** Hooks after an object left storage: owners' dependents, terminating namespace or CRD. */
  void afterRemove(ResourceType type, ObjectNode last) {
    Lifecycle l = lifecycle;
    if (type.strategy() == Strategy.CRD) {
      refreshCustomTypes();
      if (l != null) {
        l.crdRemoved(last);
      }
    }
    if (l == null) {
      return;
    }
    l.ownerGone(Json.uid(last));
    l.dependentGone(last);
    if (type.namespaced()) {
      ObjectNode ns = storage.get("/namespaces", Json.namespace(last));
      if (ns != null && Json.isDeleting(ns)) {
        l.namespaceChanged(Json.name(ns));
      }
    }
    if (type.strategy() == Strategy.CUSTOM && type.crdName() != null) {
      ObjectNode crd = storage.get("apiextensions.k8s.io/customresourcedefinitions", type.crdName());
      if (crd != null && Json.isDeleting(crd)) {
        l.crdChanged(type.crdName());
      }
    }
  }

  /** Rebuilds the served CR types from the stored CRDs. Caller holds the lock. */
  void refreshCustomTypes() {
    List<ResourceType> custom = new ArrayList<>();
    for (var e : storage.list("apiextensions.k8s.io/customresourcedefinitions", "")) {
      custom.addAll(Crds.resourceTypes(e.getValue()));
    }
    registry.setCustom(custom);
  }

  /** DELETE of one object; see {@link Deletion}. */
  Result delete(ResourceType type, String namespace, String name, JsonNode deleteOptions, boolean dryRun) {
    return deletion.delete(type, namespace, name, deleteOptions, dryRun);
  }

  /** Strips an owner's references from its dependents; see {@link Deletion#releaseDependents}. Caller holds the lock. */
  void releaseDependentsLocked(String ownerUid, boolean deleteUnowned) {
    deletion.releaseDependents(ownerUid, deleteUnowned);
  }

  /** Removes or marks deleting; see {@link Deletion#deleteLocked}. Caller holds the lock. */
  ObjectNode deleteLocked(ResourceType type, String key, ObjectNode old, boolean dryRun) {
    return deletion.deleteLocked(type, key, old, dryRun);
  }
}
