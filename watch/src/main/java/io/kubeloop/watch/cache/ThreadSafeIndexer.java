package io.kubeloop.watch.cache;

import io.kubeloop.core.api.KubernetesObject;
import io.kubeloop.core.api.ObjectKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Java counterpart of client-go {@code tools/cache/thread_safe_store.go} ({@code threadSafeMap}) and
 * {@code store.go} ({@code cache}): the {@link Indexer} implementation.
 *
 * <p>One read-write lock guards everything. Index functions run under the write lock (they must be pure and fast,
 * see {@link IndexFunc}); nothing else foreign runs under it. Every index value is computed before anything
 * changes, so a write whose index function throws leaves the store as it was (client-go panics instead).
 * Readers get copies.
 */
final class ThreadSafeIndexer<T extends KubernetesObject> implements Indexer<T> {
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  /** The cache. Guarded by {@code lock}. */
  private final Map<ObjectKey, T> items = new HashMap<>();
  /** Index name to function; always holds {@link #NAMESPACE_INDEX}. Guarded by {@code lock}. */
  private final Map<String, IndexFunc<T>> indexers = new LinkedHashMap<>();
  /**
   * Index name to value to keys. Invariant: key k is in {@code indices[i][v]} iff {@code items[k]} exists and
   * {@code indexers[i]} maps it to a list containing v; value sets are never empty. Guarded by {@code lock}.
   */
  private final Map<String, Map<String, Set<ObjectKey>>> indices = new HashMap<>();
  /** See {@link #resourceVersion()}. Guarded by {@code lock}. */
  private String resourceVersion = "";

  ThreadSafeIndexer(Map<String, IndexFunc<T>> extra) {
    indexers.put(NAMESPACE_INDEX, o -> {
      String ns = o.metadata().namespace();
      return ns == null || ns.isEmpty() ? List.of() : List.of(ns);
    });
    indices.put(NAMESPACE_INDEX, new HashMap<>());
    addIndexers(extra);
  }

  @Override
  public T put(T object) {
    Objects.requireNonNull(object, "object");
    ObjectKey key = object.key();
    lock.writeLock().lock();
    try {
      T old = items.get(key);
      // Index values first: an index function that throws must leave the store exactly as it was.
      List<List<String>> oldValues = valuesOf(old);
      List<List<String>> newValues = valuesOf(object);
      items.put(key, object);
      refile(key, oldValues, newValues);
      noteVersion(object);
      return old;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public T delete(ObjectKey key) {
    lock.writeLock().lock();
    try {
      T old = items.get(key);
      if (old != null) {
        List<List<String>> oldValues = valuesOf(old);
        items.remove(key);
        refile(key, oldValues, valuesOf(null));
      }
      return old;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public void replace(Collection<T> objects, String resourceVersion) {
    lock.writeLock().lock();
    try {
      // Build the new contents aside, so an index function that throws leaves the store as it was.
      Map<ObjectKey, T> newItems = new HashMap<>();
      for (T o : objects) {
        newItems.put(o.key(), o);
      }
      Map<String, Map<String, Set<ObjectKey>>> newIndices = new HashMap<>();
      for (Map.Entry<String, IndexFunc<T>> e : indexers.entrySet()) {
        Map<String, Set<ObjectKey>> index = new HashMap<>();
        newItems.forEach((k, o) -> {
          for (String v : e.getValue().values(o)) {
            index.computeIfAbsent(v, x -> new HashSet<>()).add(k);
          }
        });
        newIndices.put(e.getKey(), index);
      }
      items.clear();
      items.putAll(newItems);
      indices.putAll(newIndices);
      this.resourceVersion = resourceVersion == null ? "" : resourceVersion;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public void addIndexers(Map<String, IndexFunc<T>> more) {
    lock.writeLock().lock();
    try {
      Set<String> conflicts = new TreeSet<>(more.keySet());
      conflicts.retainAll(indexers.keySet());
      if (!conflicts.isEmpty()) {
        throw new IllegalArgumentException("indexer conflict: " + conflicts);
      }
      Map<String, Map<String, Set<ObjectKey>>> built = new LinkedHashMap<>();
      for (Map.Entry<String, IndexFunc<T>> e : more.entrySet()) {
        Objects.requireNonNull(e.getValue(), e.getKey());
        Map<String, Set<ObjectKey>> index = new HashMap<>();
        items.forEach((k, o) -> {
          for (String v : e.getValue().values(o)) {
            index.computeIfAbsent(v, x -> new HashSet<>()).add(k);
          }
        });
        built.put(e.getKey(), index);
      }
      // Only now that every function has run over every item: a throwing one adds no index at all.
      for (Map.Entry<String, IndexFunc<T>> e : more.entrySet()) {
        indexers.put(e.getKey(), e.getValue());
        indices.put(e.getKey(), built.get(e.getKey()));
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public void bookmark(String resourceVersion) {
    lock.writeLock().lock();
    try {
      this.resourceVersion = resourceVersion;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Caller holds the write lock. Each index function's values for {@code object}, in {@code indexers} order; empty
   * lists for null. May throw (user code), so callers compute these before changing anything.
   */
  private List<List<String>> valuesOf(T object) {
    List<List<String>> out = new ArrayList<>(indexers.size());
    for (IndexFunc<T> f : indexers.values()) {
      out.add(object == null ? List.of() : f.values(object));
    }
    return out;
  }

  /** Caller holds the write lock. {@code updateIndices} of client-go: refile {@code key} from old's values to new's. */
  private void refile(ObjectKey key, List<List<String>> allOld, List<List<String>> allNew) {
    int i = 0;
    for (String indexName : indexers.keySet()) {
      List<String> oldValues = allOld.get(i);
      List<String> newValues = allNew.get(i);
      i++;
      if (oldValues.size() == 1 && newValues.size() == 1 && oldValues.get(0).equals(newValues.get(0))) {
        continue; // the common case: nothing moves
      }
      Map<String, Set<ObjectKey>> index = indices.get(indexName);
      for (String v : oldValues) {
        Set<ObjectKey> keys = index.get(v);
        if (keys != null) {
          keys.remove(key);
          if (keys.isEmpty()) {
            index.remove(v); // never keep empty sets: they would leak one entry per value ever seen
          }
        }
      }
      for (String v : newValues) {
        index.computeIfAbsent(v, x -> new HashSet<>()).add(key);
      }
    }
  }

  private void noteVersion(T object) {
    String rv = object.metadata().resourceVersion();
    if (rv != null && !rv.isEmpty()) {
      resourceVersion = rv;
    }
  }

  @Override
  public Optional<T> get(ObjectKey key) {
    lock.readLock().lock();
    try {
      return Optional.ofNullable(items.get(key));
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<T> list() {
    lock.readLock().lock();
    try {
      return List.copyOf(items.values());
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<T> list(String namespace) {
    return byIndex(NAMESPACE_INDEX, namespace);
  }

  @Override
  public Set<ObjectKey> keys() {
    lock.readLock().lock();
    try {
      return Set.copyOf(items.keySet());
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<T> byIndex(String indexName, String value) {
    lock.readLock().lock();
    try {
      Set<ObjectKey> keys = index(indexName).getOrDefault(value, Set.of());
      List<T> out = new ArrayList<>(keys.size());
      for (ObjectKey k : keys) {
        out.add(items.get(k));
      }
      return Collections.unmodifiableList(out);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<ObjectKey> indexKeys(String indexName, String value) {
    lock.readLock().lock();
    try {
      return List.copyOf(new TreeSet<>(index(indexName).getOrDefault(value, Set.of())));
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Set<String> indexValues(String indexName) {
    lock.readLock().lock();
    try {
      return Set.copyOf(index(indexName).keySet());
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Caller holds a lock. */
  private Map<String, Set<ObjectKey>> index(String indexName) {
    Map<String, Set<ObjectKey>> index = indices.get(indexName);
    if (index == null) {
      throw new IllegalArgumentException("Index with name " + indexName + " does not exist");
    }
    return index;
  }

  @Override
  public int size() {
    lock.readLock().lock();
    try {
      return items.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<String> indexNames() {
    lock.readLock().lock();
    try {
      return List.copyOf(indexers.keySet());
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public String resourceVersion() {
    lock.readLock().lock();
    try {
      return resourceVersion;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Test hook: recomputes every index from the items and compares (the invariant on {@code indices}). */
  void checkInvariants() {
    lock.readLock().lock();
    try {
      for (Map.Entry<String, IndexFunc<T>> e : indexers.entrySet()) {
        Map<String, Set<ObjectKey>> expected = new HashMap<>();
        items.forEach((k, o) -> {
          for (String v : e.getValue().values(o)) {
            expected.computeIfAbsent(v, x -> new HashSet<>()).add(k);
          }
        });
        if (!expected.equals(indices.get(e.getKey()))) {
          throw new AssertionError("index " + e.getKey() + " is " + indices.get(e.getKey()) + " but items give " + expected);
        }
      }
    } finally {
      lock.readLock().unlock();
    }
  }
}
