package io.kubeloop.core.api;

import java.util.Objects;

/**
 * Names a resource and the Java type its objects decode to: client-go's {@code schema.GroupVersionResource}
 * plus the kind and scope a REST mapping adds, and the Go type a typed client is generated for.
 *
 * <pre>{@code
 * ResourceType<Lease> LEASES = ResourceType.of("coordination.k8s.io", "v1", "leases", "Lease", true, Lease.class);
 * ResourceType<DynamicObject> VMS = ResourceType.dynamic("cloudnative.czs", "v1alpha1", "virtualmachines", "VirtualMachine", true);
 * }</pre>
 *
 * @param group the API group; empty for the core group ({@code /api/v1})
 * @param plural the resource name in URLs, e.g. {@code leases}
 * @param namespaced whether objects live in namespaces
 */
public record ResourceType<T>(String group, String version, String plural, String kind, boolean namespaced, Class<T> type) {
  public ResourceType {
    group = group == null ? "" : group;
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(plural, "plural");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(type, "type");
  }

  public static <T> ResourceType<T> of(String group, String version, String plural, String kind, boolean namespaced, Class<T> type) {
    return new ResourceType<>(group, version, plural, kind, namespaced, type);
  }

  /** A resource served as {@link DynamicObject}s (client-go's dynamic client). */
  public static ResourceType<DynamicObject> dynamic(String group, String version, String plural, String kind, boolean namespaced) {
    return new ResourceType<>(group, version, plural, kind, namespaced, DynamicObject.class);
  }

  /** The same resource decoded as {@link DynamicObject}s. */
  public ResourceType<DynamicObject> asDynamic() {
    return new ResourceType<>(group, version, plural, kind, namespaced, DynamicObject.class);
  }

  /** {@code group/version}, or just {@code version} for the core group. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /**
   * The collection path: {@code /api/v1/namespaces/ns/configmaps}, {@code /apis/g/v/plural}. A null namespace
   * of a namespaced resource gives the all-namespaces path.
   */
  public String collectionPath(String namespace) {
    StringBuilder path = new StringBuilder(group.isEmpty() ? "/api/" : "/apis/" + group + "/").append(version);
    if (namespaced && namespace != null) {
      path.append("/namespaces/").append(namespace);
    }
    return path.append('/').append(plural).toString();
  }

  /** The path of one object, e.g. {@code /apis/coordination.k8s.io/v1/namespaces/ns/leases/name}. */
  public String objectPath(String namespace, String name) {
    return collectionPath(namespace) + "/" + name;
  }

  /** {@code plural.group} as kubectl names it, e.g. {@code leases.coordination.k8s.io} or {@code configmaps}. */
  @Override
  public String toString() {
    return group.isEmpty() ? plural : plural + "." + group;
  }
}
