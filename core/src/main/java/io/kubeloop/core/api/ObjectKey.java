package io.kubeloop.core.api;

import java.util.Objects;

/**
 * The key of an object in caches and queues: client-go's {@code cache.ObjectName} and the
 * {@code "namespace/name"} string of {@code cache.MetaNamespaceKeyFunc}. {@link #toString()} gives that string
 * (just {@code name} for cluster-scoped objects) and {@link #parse} reads it back.
 *
 * @param namespace {@code null} (never empty) for cluster-scoped objects
 */
public record ObjectKey(String namespace, String name) implements Comparable<ObjectKey> {
  public ObjectKey {
    Objects.requireNonNull(name, "name");
    if (namespace != null && namespace.isEmpty()) {
      namespace = null;
    }
  }

  /** The key of a cluster-scoped object. */
  public static ObjectKey of(String name) {
    return new ObjectKey(null, name);
  }

  public static ObjectKey of(String namespace, String name) {
    return new ObjectKey(namespace, name);
  }

  public static ObjectKey of(KubernetesObject object) {
    return object.metadata().key();
  }

  /**
   * Reads {@code "namespace/name"} or {@code "name"} ({@code cache.SplitMetaNamespaceKey}).
   *
   * @throws IllegalArgumentException for more than one slash or an empty part
   */
  public static ObjectKey parse(String key) {
    int slash = key.indexOf('/');
    if (slash < 0) {
      if (key.isEmpty()) {
        throw new IllegalArgumentException("expected a key \"namespace/name\" or \"name\" but was empty");
      }
      return of(key);
    }
    if (slash == 0 || slash == key.length() - 1 || key.indexOf('/', slash + 1) >= 0) {
      throw new IllegalArgumentException("expected a key \"namespace/name\" or \"name\" but was \"" + key + "\"");
    }
    return of(key.substring(0, slash), key.substring(slash + 1));
  }

  @Override
  public int compareTo(ObjectKey o) {
    return toString().compareTo(o.toString());
  }

  @Override
  public String toString() {
    return namespace == null ? name : namespace + "/" + name;
  }
}
