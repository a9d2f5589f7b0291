package io.kubeloop.watch.cache;

import io.kubeloop.core.api.KubernetesObject;

/**
 * What the informer's process thread hands to each handler's buffer (client-go's {@code addNotification},
 * {@code updateNotification}, {@code deleteNotification}).
 */
sealed interface Notification<T extends KubernetesObject> {
  record Add<T extends KubernetesObject>(T object, boolean isInInitialList) implements Notification<T> {}

  record Update<T extends KubernetesObject>(T oldObject, T newObject) implements Notification<T> {}

  /** {@code tombstone} is non-null when a relist inferred the delete. */
  record Delete<T extends KubernetesObject>(T object, DeletedFinalStateUnknown<T> tombstone) implements Notification<T> {}
}
