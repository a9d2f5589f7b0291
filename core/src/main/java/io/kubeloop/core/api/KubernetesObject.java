package io.kubeloop.core.api;

/**
 * Java counterpart of apimachinery's {@code runtime.Object} with {@code metav1.Object} access: anything with an
 * apiVersion, a kind and {@link ObjectMeta}. Typed resources are records implementing this; resources without a
 * Java class use {@link DynamicObject}.
 *
 * <p>Implementations must be immutable (informer caches hand the same instance to every reader) and should keep
 * JSON fields they do not model, as the kubeloop records do with an {@code unknown} map annotated
 * {@code @JsonAnySetter @JsonAnyGetter}, so an update never drops fields a newer server added.
 */
public interface KubernetesObject {
  String apiVersion();

  String kind();

  ObjectMeta metadata();

  /** The {@code namespace/name} key ({@code cache.MetaNamespaceKeyFunc}). */
  default ObjectKey key() {
    return metadata().key();
  }
}
