package io.kubeloop.core.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Java counterpart of apimachinery's {@code metav1.ObjectMeta}: the metadata every persisted object carries.
 *
 * <p>Immutable: collections are copied on construction and cannot be modified; the {@code withX} methods return
 * changed copies. Fields the record does not model (and {@code managedFields}, kept as plain JSON values) are
 * kept in {@link #unknown()} and written back unchanged, so a read-modify-write never drops data. Empty
 * collections are omitted on output, as Go's {@code omitempty} does.
 *
 * @param generation a sequence number for the desired state, set by the server (custom resources: every change
 *     outside metadata); {@code null} for kinds that have none, such as ConfigMaps and Leases
 * @param deletionTimestamp set by the server when deletion was requested while finalizers remain
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ObjectMeta(
    String name,
    String generateName,
    String namespace,
    String uid,
    String resourceVersion,
    Long generation,
    Instant creationTimestamp,
    Instant deletionTimestamp,
    Long deletionGracePeriodSeconds,
    Map<String, String> labels,
    Map<String, String> annotations,
    List<String> finalizers,
    List<OwnerReference> ownerReferences,
    List<Map<String, Object>> managedFields,
    @JsonAnySetter @JsonAnyGetter @JsonInclude(content = JsonInclude.Include.ALWAYS) Map<String, Object> unknown) {

  @JsonCreator
  public ObjectMeta {
    labels = Unknown.strings(labels);
    annotations = Unknown.strings(annotations);
    finalizers = Unknown.list(finalizers);
    ownerReferences = Unknown.list(ownerReferences);
    managedFields = managedFields == null ? List.of() : freezeEntries(managedFields);
    unknown = Unknown.freeze(unknown);
  }

  /** Metadata that names an object in a namespace ({@code null} for cluster-scoped objects). */
  public static ObjectMeta of(String namespace, String name) {
    return new ObjectMeta(name, null, namespace, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  /** The {@code namespace/name} key of this object (just {@code name} when cluster-scoped). */
  @JsonIgnore
  public ObjectKey key() {
    return new ObjectKey(namespace, name);
  }

  /** Whether the server has marked this object for deletion. */
  @JsonIgnore
  public boolean isDeleting() {
    return deletionTimestamp != null;
  }

  public boolean hasFinalizer(String finalizer) {
    return finalizers.contains(finalizer);
  }

  public ObjectMeta withName(String value) {
    return new ObjectMeta(value, generateName, namespace, uid, resourceVersion, generation, creationTimestamp,
        deletionTimestamp, deletionGracePeriodSeconds, labels, annotations, finalizers, ownerReferences, managedFields, unknown);
  }

  public ObjectMeta withGenerateName(String value) {
    return new ObjectMeta(name, value, namespace, uid, resourceVersion, generation, creationTimestamp,
        deletionTimestamp, deletionGracePeriodSeconds, labels, annotations, finalizers, ownerReferences, managedFields, unknown);
  }

  public ObjectMeta withNamespace(String value) {
    return new ObjectMeta(name, generateName, value, uid, resourceVersion, generation, creationTimestamp,
        deletionTimestamp, deletionGracePeriodSeconds, labels, annotations, finalizers, ownerReferences, managedFields, unknown);
  }

  public ObjectMeta withResourceVersion(String value) {
    return new ObjectMeta(name, generateName, namespace, uid, value, generation, creationTimestamp,
        deletionTimestamp, deletionGracePeriodSeconds, labels, annotations, finalizers, ownerReferences, managedFields, unknown);
  }

  public ObjectMeta withLabels(Map<String, String> value) {
    return new ObjectMeta(name, generateName, namespace, uid, resourceVersion, generation, creationTimestamp,
        deletionTimestamp, deletionGracePeriodSeconds, value, annotations, finalizers, ownerReferences, managedFields, unknown);
  }

  /** A copy with one more label (or a label replaced). */
  public ObjectMeta withLabel(String key, String value) {
    Map<String, String> copy = new LinkedHashMap<>(labels);
    copy.put(key, value);
    return withLabels(copy);
  }

  public ObjectMeta withAnnotations(Map<String, String> value) {
    return new ObjectMeta(name, generateName, namespace, uid, resourceVersion, generation, creationTimestamp,
        deletionTimestamp, deletionGracePeriodSeconds, labels, value, finalizers, ownerReferences, managedFields, unknown);
  }

  /** A copy with one more annotation (or an annotation replaced). */
  public ObjectMeta withAnnotation(String key, String value) {
    Map<String, String> copy = new LinkedHashMap<>(annotations);
    copy.put(key, value);
    return withAnnotations(copy);
  }

  public ObjectMeta withFinalizers(List<String> value) {
    return new ObjectMeta(name, generateName, namespace, uid, resourceVersion, generation, creationTimestamp,
        deletionTimestamp, deletionGracePeriodSeconds, labels, annotations, value, ownerReferences, managedFields, unknown);
  }

  /** A copy with {@code finalizer} added at the end, or this if it is already there. */
  public ObjectMeta withFinalizer(String finalizer) {
    if (finalizers.contains(finalizer)) {
      return this;
    }
    List<String> copy = new ArrayList<>(finalizers);
    copy.add(finalizer);
    return withFinalizers(copy);
  }

  /** A copy without {@code finalizer}, or this if it is not there. */
  public ObjectMeta withoutFinalizer(String finalizer) {
    if (!finalizers.contains(finalizer)) {
      return this;
    }
    List<String> copy = new ArrayList<>(finalizers);
    copy.remove(finalizer);
    return withFinalizers(copy);
  }

  public ObjectMeta withOwnerReferences(List<OwnerReference> value) {
    return new ObjectMeta(name, generateName, namespace, uid, resourceVersion, generation, creationTimestamp,
        deletionTimestamp, deletionGracePeriodSeconds, labels, annotations, finalizers, value, managedFields, unknown);
  }

  /** A copy without {@code managedFields}: what an informer's transform typically drops to save memory. */
  public ObjectMeta withoutManagedFields() {
    if (managedFields.isEmpty()) {
      return this;
    }
    return new ObjectMeta(name, generateName, namespace, uid, resourceVersion, generation, creationTimestamp,
        deletionTimestamp, deletionGracePeriodSeconds, labels, annotations, finalizers, ownerReferences, null, unknown);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> freezeEntries(List<Map<String, Object>> entries) {
    List<Map<String, Object>> copy = new ArrayList<>(entries.size());
    for (Map<String, Object> e : entries) {
      copy.add(Unknown.freeze(e));
    }
    return List.copyOf(copy);
  }
}
