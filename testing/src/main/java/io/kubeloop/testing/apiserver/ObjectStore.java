package io.kubeloop.testing.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.core.clock.Clock;
import io.kubeloop.testing.apiserver.ResourceType.Strategy;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

  ObjectStore(Storage storage, Registry registry, Clock clock) {
    this.storage = storage;
    this.registry = registry;
    this.clock = clock;
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
      checkTypeMeta(type, obj);
      checkNamespace(type, namespace, obj);
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

  private static boolean isNamespace(ResourceType type) {
    return type.group().isEmpty() && type.plural().equals("namespaces");
  }

  private static void checkTypeMeta(ResourceType type, ObjectNode obj) {
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

  private static void checkNamespace(ResourceType type, String namespace, ObjectNode obj) {
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
      checkTypeMeta(type, obj);
      String bodyName = Json.name(obj);
      if (!bodyName.isEmpty() && !bodyName.equals(name)) {
        throw ApiError.badRequest("the name of the object (" + bodyName + ") does not match the name on the URL ("
            + name + ")");
      }
      Json.meta(obj).put("name", name);
      checkNamespace(type, namespace, obj);
      String key = key(type, namespace, name);
      ObjectNode old = storage.get(type.storageKey(), key);
      if (old == null) {
        if (!createIfAbsent || statusOnly) {
          throw ApiError.notFound(type, name);
        }
        Result created = create(type, namespace, obj, options);
        return created;
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
      ObjectNode next = statusOnly ? statusUpdate(old, obj) : prepareForUpdate(type, obj, old, options, warnings);
      List<FieldError> errors = new ArrayList<>(validate(type, next, old));
      errors.addAll(finalizerRules(old, next));
      if (!errors.isEmpty()) {
        throw ApiError.invalid(type, name, errors);
      }
      return commit(type, key, old, next, options.dryRun(), warnings);
    });
  }

  /** {@code /status}: the stored object with only {@code status} taken from the request. */
  private static ObjectNode statusUpdate(ObjectNode old, ObjectNode request) {
    ObjectNode next = old.deepCopy();
    if (request.has("status")) {
      next.set("status", request.get("status").deepCopy());
    } else {
      next.remove("status");
    }
    return next;
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
        ((ObjectNode) obj.with("spec")).set("finalizers", old.path("spec").get("finalizers").deepCopy());
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
          : !withoutMetadata(obj).equals(withoutMetadata(old));
      if (changed) {
        meta.put("generation", old.path("metadata").path("generation").asLong(0) + 1);
      }
    }
    return obj;
  }

  private static ObjectNode withoutMetadata(ObjectNode o) {
    ObjectNode copy = o.deepCopy();
    copy.remove("metadata");
    copy.remove("apiVersion");
    copy.remove("kind");
    return copy;
  }

  /** Once {@code deletionTimestamp} is set, finalizers may only be removed. */
  private static List<FieldError> finalizerRules(ObjectNode old, ObjectNode next) {
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

  /**
   * Persists an update: no-op if nothing changed, removal if the last finalizer of a deleting object went away,
   * otherwise a new revision. Caller holds the lock.
   */
  Result commit(ResourceType type, String key, ObjectNode old, ObjectNode next, boolean dryRun,
      List<String> warnings) {
    if (sameStoredContent(old, next)) {
      return new Result(200, present(type, old), warnings);
    }
    if (dryRun) {
      return new Result(200, present(type, next), warnings);
    }
    if (Json.isDeleting(next) && !heldByFinalizers(type, next)) {
      storage.put(type.storageKey(), key, next);
      ObjectNode last = storage.remove(type.storageKey(), key);
      afterRemove(type, last);
      return new Result(200, present(type, last), warnings);
    }
    ObjectNode stored = storage.put(type.storageKey(), key, next);
    afterWrite(type, old, stored);
    return new Result(200, present(type, stored), warnings);
  }

  /** Whether finalizers keep a deleting object: {@code metadata.finalizers}, and for namespaces {@code spec.finalizers}. */
  private static boolean heldByFinalizers(ResourceType type, ObjectNode object) {
    if (!Json.finalizers(object).isEmpty()) {
      return true;
    }
    JsonNode spec = object.path("spec").path("finalizers");
    return isNamespace(type) && spec.isArray() && !spec.isEmpty();
  }

  private static boolean sameStoredContent(ObjectNode old, ObjectNode next) {
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

  // ---------------------------------------------------------------- delete

  /**
   * DELETE of one object: preconditions, then removal or, with finalizers, marking it deleting.
   *
   * @return 200 with a Success Status or the object, per kind (§8.6)
   */
  Result delete(ResourceType type, String namespace, String name, JsonNode deleteOptions, boolean dryRun) {
    return storage.locked(() -> {
      String key = key(type, namespace, name);
      ObjectNode old = storage.get(type.storageKey(), key);
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
      if (isNamespace(type) && List.of("default", "kube-system", "kube-public").contains(name)) {
        throw new ApiError(StatusErrors.forbidden("", "namespaces", name, "this namespace may not be deleted"));
      }
      ObjectNode result = deleteLocked(type, key, old, dryRun);
      boolean removed = !Json.isDeleting(result) || storage.get(type.storageKey(), key) == null;
      int code = 200;
      if (removed && !type.deleteReturnsObject() && !Json.isDeleting(result)) {
        return new Result(code, StatusErrors.deleted(type.group(), type.plural(), name, Json.uid(old)), List.of());
      }
      if (!removed && deleteOptions.path("orphanDependents").isBoolean()
          && !deleteOptions.path("orphanDependents").asBoolean()) {
        code = 202;
      }
      return new Result(code, present(type, result), List.of());
    });
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
    boolean namespace = isNamespace(type);
    if (Json.finalizers(old).isEmpty() && !crd && !namespace) {
      if (dryRun) {
        return old;
      }
      ObjectNode last = storage.remove(type.storageKey(), key);
      afterRemove(type, last);
      return last;
    }
    ObjectNode next = old.deepCopy();
    ObjectNode meta = Json.meta(next);
    meta.put("deletionTimestamp", now());
    meta.put("deletionGracePeriodSeconds", 0);
    if (meta.path("generation").asLong(0) > 0) {
      meta.put("generation", meta.get("generation").asLong() + 1);
    }
    if (crd) {
      ArrayNode finalizers = meta.path("finalizers").isArray() ? (ArrayNode) meta.get("finalizers")
          : meta.putArray("finalizers");
      finalizers.add(Crds.CLEANUP_FINALIZER);
      Crds.setTerminating(next, true, now());
    }
    if (namespace) {
      ((ObjectNode) next.with("status")).put("phase", "Terminating");
    }
    if (dryRun) {
      return next;
    }
    ObjectNode stored = storage.put(type.storageKey(), key, next);
    Lifecycle l = lifecycle;
    if (l != null && namespace) {
      l.namespaceChanged(Json.name(stored));
    }
    if (l != null && crd) {
      l.crdChanged(Json.name(stored));
    }
    return stored;
  }
}
