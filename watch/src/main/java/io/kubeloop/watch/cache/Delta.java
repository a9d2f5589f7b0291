package io.kubeloop.watch.cache;

import io.kubeloop.core.api.KubernetesObject;
import io.kubeloop.core.api.ObjectKey;
import java.util.Objects;

/**
 * Java counterpart of client-go {@code tools/cache/delta_fifo.go} ({@code Delta}): one change to one object.
 *
 * <p>Differences: a delete that a relist inferred is not a {@code Delta} whose object is a
 * {@code DeletedFinalStateUnknown}; it is a {@link DeltaType#DELETED} delta with {@link #finalStateUnknown()} set,
 * and {@link #tombstone()} gives the {@link DeletedFinalStateUnknown} view. The object is always a {@code T}, so a
 * tombstone can never wrap another tombstone (client-go had to fix exactly that, commit 8279635aa).
 *
 * @param object the object after the change; for {@link DeltaType#DELETED} its last known state
 * @param finalStateUnknown only for {@link DeltaType#DELETED}: the watch missed the delete, a relist found the
 *     object gone, and {@code object} is the last state the cache or queue held (possibly stale)
 */
public record Delta<T extends KubernetesObject>(DeltaType type, T object, boolean finalStateUnknown) {
  public Delta {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(object, "object");
    if (finalStateUnknown && type != DeltaType.DELETED) {
      throw new IllegalArgumentException("expected finalStateUnknown only on DELETED but was " + type);
    }
  }

  public static <T extends KubernetesObject> Delta<T> of(DeltaType type, T object) {
    return new Delta<>(type, object, false);
  }

  /** A delete inferred by a relist ({@code DeletedFinalStateUnknown} in client-go). */
  public static <T extends KubernetesObject> Delta<T> deletedFinalStateUnknown(T lastKnown) {
    return new Delta<>(DeltaType.DELETED, lastKnown, true);
  }

  public ObjectKey key() {
    return object.key();
  }

  /** The tombstone view of a delete inferred by a relist; {@code null} for any other delta. */
  public DeletedFinalStateUnknown<T> tombstone() {
    return finalStateUnknown ? new DeletedFinalStateUnknown<>(key(), object) : null;
  }

  @Override
  public String toString() {
    return (finalStateUnknown ? "DELETED(final state unknown)" : type.toString()) + " " + key() + "@"
        + object.metadata().resourceVersion();
  }
}
