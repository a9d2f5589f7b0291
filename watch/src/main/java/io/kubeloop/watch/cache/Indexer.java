package io.kubeloop.watch.cache;

import io.kubeloop.core.api.KubernetesObject;
import io.kubeloop.core.api.ObjectKey;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Java counterpart of client-go {@code tools/cache/index.go} and {@code thread_safe_store.go} ({@code Indexer},
 * {@code ThreadSafeStore}): a thread-safe map from {@code namespace/name} to object, plus indices that file each
 * key under computed values. The {@link #NAMESPACE_INDEX} is always present.
 *
 * <p>This is the writer half of an informer's cache. Only the informer's process thread writes to it; everyone
 * else gets the {@link Lister} half ({@code SharedIndexInformer.lister()}), which cannot be cast back to this.
 *
 * <p>Differences: keys are {@link ObjectKey}s, not strings; {@code Add} and {@code Update} are one method
 * ({@link #put}), as they are one operation in client-go.
 */
public interface Indexer<T extends KubernetesObject> extends Lister<T> {
  /** The index every indexer has: objects by namespace ({@code cache.NamespaceIndex}); cluster-scoped: none. */
  String NAMESPACE_INDEX = "namespace";

  /** An empty indexer with the namespace index and {@code indexers} (which must not redefine it). */
  static <T extends KubernetesObject> Indexer<T> create(Map<String, IndexFunc<T>> indexers) {
    return new ThreadSafeIndexer<>(indexers);
  }

  static <T extends KubernetesObject> Indexer<T> create() {
    return new ThreadSafeIndexer<>(Map.of());
  }

  /** Adds or replaces the object under its key and refiles it in every index; returns the previous object or null. */
  T put(T object);

  /** Removes the object with this key; returns it, or null if absent. */
  T delete(ObjectKey key);

  /**
   * Swaps in exactly {@code objects} and rebuilds every index ({@code Replace}).
   *
   * @param resourceVersion the resourceVersion the list was read at (remembered, see {@link #resourceVersion()})
   */
  void replace(Collection<T> objects, String resourceVersion);

  /**
   * Adds indices and files every cached object under them ({@code AddIndexers}).
   *
   * @throws IllegalArgumentException naming the conflicting names if one already exists ("indexer conflict")
   */
  void addIndexers(Map<String, IndexFunc<T>> indexers);

  /** The names of the indices, including {@link #NAMESPACE_INDEX}. */
  List<String> indexNames();

  /**
   * The resourceVersion of the last write, replace or bookmark ({@code LastStoreSyncResourceVersion}); empty
   * before the first.
   */
  String resourceVersion();

  /** Records a bookmark's resourceVersion without changing any object. */
  void bookmark(String resourceVersion);
}
