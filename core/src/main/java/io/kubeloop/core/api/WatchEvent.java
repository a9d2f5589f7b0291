package io.kubeloop.core.api;

import java.util.Objects;

/**
 * Java counterpart of apimachinery {@code watch.Event}: one event of a watch stream.
 *
 * @param object the object for ADDED, MODIFIED, DELETED (its last state) and BOOKMARK (only
 *     {@code metadata.resourceVersion} and annotations set); {@code null} for ERROR
 * @param status the server's (or the decoder's) Status for ERROR; {@code null} otherwise
 */
public record WatchEvent<T>(EventType type, T object, Status status) {
  public WatchEvent {
    Objects.requireNonNull(type, "type");
    if (type == EventType.ERROR) {
      Objects.requireNonNull(status, "an ERROR event needs a status");
    } else {
      Objects.requireNonNull(object, () -> "a " + type + " event needs an object");
    }
  }

  public static <T> WatchEvent<T> of(EventType type, T object) {
    return new WatchEvent<>(type, object, null);
  }

  public static <T> WatchEvent<T> error(Status status) {
    return new WatchEvent<>(EventType.ERROR, null, status);
  }

  /** The annotation a server puts on the bookmark that ends the initial events of a streaming list. */
  public static final String INITIAL_EVENTS_END_ANNOTATION = "k8s.io/initial-events-end";
}
