package io.kubeloop.core.record;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Java counterpart of {@code k8s.io/utils/lru.Cache} as {@code tools/record/events_cache.go} uses it: a map of at
 * most {@code maxEntries} entries that forgets the least recently used one (read or written) when it grows past
 * that.
 *
 * <p>Not thread-safe: each cache of the record package is confined to the broadcaster's thread.
 */
final class LruCache<K, V> {
  private final Map<K, V> entries;

  LruCache(int maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("expected an LRU cache size of at least 1 but was " + maxEntries);
    }
    // Access order: get() makes an entry the most recently used, as lru.Cache.Get does.
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > maxEntries;
      }
    };
  }

  /** The value for {@code key}, or null; marks it most recently used. */
  V get(K key) {
    return entries.get(key);
  }

  /** Adds or replaces the value for {@code key}, evicting the least recently used entry beyond the limit. */
  void add(K key, V value) {
    entries.put(key, value);
  }

  int size() {
    return entries.size();
  }
}
