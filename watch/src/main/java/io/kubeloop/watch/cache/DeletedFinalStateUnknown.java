package io.kubeloop.watch.cache;

import io.kubeloop.core.api.KubernetesObject;
import io.kubeloop.core.api.ObjectKey;
import java.util.Objects;

/**
 * Java counterpart of client-go {@code tools/cache/delta_fifo.go} ({@code DeletedFinalStateUnknown}): an object
 * that is gone from the server although no DELETED event was seen, because the watch was down when it went. A
 * relist found it missing, so all we have is the last state we knew.
 *
 * <p>Handlers receive it through {@link ResourceEventHandler#onDeleteFinalStateUnknown}; its default forwards
 * {@link #object()} to {@link ResourceEventHandler#onDelete}.
 *
 * <p>Differences: {@code object} is never null here. client-go's may be nil when its known-objects lookup
 * failed; kubeloop's known objects are the informer's own indexer, read under the same lock as the queue.
 *
 * @param object the last state the cache (or the queue) held; its fields may be stale
 */
public record DeletedFinalStateUnknown<T extends KubernetesObject>(ObjectKey key, T object) {
  public DeletedFinalStateUnknown {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(object, "object");
  }
}
