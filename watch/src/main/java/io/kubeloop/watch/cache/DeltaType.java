package io.kubeloop.watch.cache;

/**
 * Java counterpart of client-go {@code tools/cache/delta_fifo.go} ({@code DeltaType}): what happened to an object,
 * as the {@link DeltaFifo} records it.
 *
 * <p>Differences: client-go's {@code ReplacedAll}, {@code SyncAll} and {@code Bookmark} belong to its
 * {@code RealFIFO}, which kubeloop does not implement (see {@link DeltaFifo}), so they are absent.
 */
public enum DeltaType {
  /** A watch ADDED event. */
  ADDED,
  /** A watch MODIFIED event. */
  UPDATED,
  /**
   * A watch DELETED event, or a delete inferred by a relist ({@link Delta#finalStateUnknown()}): the object was
   * in the cache or queue but not in the new list.
   */
  DELETED,
  /** The object was in a relist ({@code Replace}). Its resourceVersion tells whether it changed. */
  REPLACED,
  /** A periodic resync re-delivered the cached object unchanged. */
  SYNC
}
