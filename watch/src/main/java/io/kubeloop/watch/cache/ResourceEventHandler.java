package io.kubeloop.watch.cache;

import io.kubeloop.core.api.KubernetesObject;

/**
 * Java counterpart of client-go {@code tools/cache/controller.go} ({@code ResourceEventHandler}): what a
 * {@link SharedIndexInformer} tells each handler. Implement the methods you need; the others do nothing.
 *
 * <p>Contract (as client-go's): for each object, notifications arrive in the order the cache changed, and the
 * cache already holds the new state when a notification runs (a {@link Lister} read from a handler is never
 * older than the notification). There is no order across objects, and none across handlers. A handler sees the
 * latest state, not every intermediate one: changes made while it was behind can be merged. Each handler runs on
 * its own thread; a slow handler delays only itself. Objects are shared with the cache and every other handler:
 * they are immutable, never copy-to-modify in place.
 *
 * <p>A handler that throws is logged and skipped; the next notification is delivered as usual.
 */
public interface ResourceEventHandler<T extends KubernetesObject> {
  /**
   * The object appeared in the cache.
   *
   * @param isInInitialList it came with the informer's first list (or it existed when this handler was added
   *     to a running informer)
   */
  default void onAdd(T object, boolean isInInitialList) {}

  /**
   * The object changed, or a resync or relist re-delivered it unchanged (then {@code oldObject} and
   * {@code newObject} have the same resourceVersion, and only handlers due for a resync receive it).
   */
  default void onUpdate(T oldObject, T newObject) {}

  /** The object was deleted; {@code object} is its last state as the server sent it in the DELETED event. */
  default void onDelete(T object) {}

  /**
   * The object was deleted while the watch was down: a relist no longer had it. Defaults to
   * {@code onDelete(tombstone.object())}; override to tell the two apart.
   */
  default void onDeleteFinalStateUnknown(DeletedFinalStateUnknown<T> tombstone) {
    onDelete(tombstone.object());
  }
}
