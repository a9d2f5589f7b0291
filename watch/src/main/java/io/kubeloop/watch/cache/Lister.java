package io.kubeloop.watch.cache;

import io.kubeloop.core.api.KubernetesObject;
import io.kubeloop.core.api.ObjectKey;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Java counterpart of client-go's generated listers ({@code listers/.../v1.LeaseLister}) over
 * {@code tools/cache/index.go} ({@code Indexer}'s read half): a read-only, thread-safe view of an informer's cache.
 *
 * <pre>{@code
 * Lister<Lease> leases = informer.lister();
 * Optional<Lease> lease = leases.get(ObjectKey.of("kube-system", "my-lock"));
 * List<Lease> inNs = leases.list("kube-system");
 * }</pre>
 *
 * <p>Everything returned is a snapshot taken at the call: lists are unmodifiable and do not change afterwards, and
 * the objects are the cached instances, which are immutable ({@link KubernetesObject}). Nothing a reader does can
 * corrupt the cache. Order of lists is unspecified (client-go: random map order).
 *
 * <p>Differences: no {@code labels.Selector} argument; filter the returned list, or add an index
 * ({@link IndexFunc}) for lookups you repeat.
 */
public interface Lister<T extends KubernetesObject> {
  /** The cached object with this key ({@code GetByKey}). */
  Optional<T> get(ObjectKey key);

  /** The cached object {@code namespace/name}; {@code namespace} null for cluster-scoped objects. */
  default Optional<T> get(String namespace, String name) {
    return get(ObjectKey.of(namespace, name));
  }

  /** Every cached object. */
  List<T> list();

  /** The cached objects of one namespace, through the {@link Indexer#NAMESPACE_INDEX}. */
  List<T> list(String namespace);

  /** The keys of every cached object ({@code ListKeys}). */
  Set<ObjectKey> keys();

  /**
   * The objects filed under {@code value} in the index {@code indexName} ({@code ByIndex}).
   *
   * @throws IllegalArgumentException if no index has that name ("Index with name x does not exist")
   */
  List<T> byIndex(String indexName, String value);

  /** The keys filed under {@code value} in {@code indexName}, sorted ({@code IndexKeys}). */
  List<ObjectKey> indexKeys(String indexName, String value);

  /** The values that have at least one object in {@code indexName} ({@code ListIndexFuncValues}). */
  Set<String> indexValues(String indexName);

  /** How many objects are cached. */
  int size();
}
