package io.kubeloop.testing.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One persisted change, as kept in the history window and fanned out to watchers. Java counterpart of the watch
 * cache's {@code watchCacheEvent} (k8s.io/apiserver pkg/storage/cacher/watch_cache.go).
 *
 * @param rv the global resourceVersion of this write
 * @param storageKey which resource ({@code group/plural}) changed
 * @param key {@code namespace/name} or {@code name}
 * @param object the state after the change; for {@code DELETED} the last state stamped with {@code rv}
 * @param previous the state before the change, {@code null} for {@code ADDED}
 * @param json the JSON encoding of {@code object} as stored (never modified), or {@code null} when it was not kept
 */
record Change(long rv, String storageKey, Type type, String key, ObjectNode object, ObjectNode previous,
    byte[] json) {
  enum Type { ADDED, MODIFIED, DELETED }

  String namespace() {
    int slash = key.indexOf('/');
    return slash < 0 ? "" : key.substring(0, slash);
  }
}
