package io.kubeloop.watch.cache;

import io.kubeloop.core.api.KubernetesObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Java counterpart of client-go {@code tools/cache/shared_informer.go} ({@code sharedProcessor}): the informer's
 * handlers, the hand-out of each notification to their buffers, and the per-handler resync bookkeeping.
 *
 * <p>Sync notifications (an update whose old and new resourceVersion are equal: a periodic resync, or a relist
 * that found the object unchanged) go only to the handlers due for a resync at the last tick; every other
 * notification goes to all handlers.
 */
final class SharedProcessor<T extends KubernetesObject> {
  private final Object lock = new Object();
  /** Guarded by {@code lock}; replaced, never mutated, so {@link #distribute} iterates a snapshot. */
  private List<ProcessorListener<T>> listeners = List.of();
  /** Handlers due a resync at the last {@link #shouldResync} tick. Invariant: a subset of {@code listeners}. Guarded by {@code lock}. */
  private final Set<ProcessorListener<T>> syncing = new HashSet<>();

  void add(ProcessorListener<T> listener) {
    synchronized (lock) {
      List<ProcessorListener<T>> copy = new ArrayList<>(listeners);
      copy.add(listener);
      listeners = List.copyOf(copy);
    }
  }

  /** Returns whether it was registered here. */
  boolean remove(ProcessorListener<T> listener) {
    synchronized (lock) {
      List<ProcessorListener<T>> copy = new ArrayList<>(listeners);
      boolean removed = copy.remove(listener);
      listeners = List.copyOf(copy);
      syncing.remove(listener);
      return removed;
    }
  }

  List<ProcessorListener<T>> listeners() {
    synchronized (lock) {
      return listeners;
    }
  }

  void distribute(Notification<T> n, boolean isSync) {
    List<ProcessorListener<T>> targets;
    synchronized (lock) {
      targets = isSync ? List.copyOf(syncing) : listeners;
    }
    for (ProcessorListener<T> l : targets) {
      l.add(n);
    }
  }

  /**
   * The reflector's resync tick ({@code shouldResync}): marks the handlers whose period has come round as syncing,
   * schedules their next resync, and says whether any is due.
   */
  boolean shouldResync(Instant now) {
    synchronized (lock) {
      syncing.clear();
      for (ProcessorListener<T> l : listeners) {
        if (!l.resyncPeriod.isZero() && !now.isBefore(l.nextResync)) {
          syncing.add(l);
          l.nextResync = now.plus(l.resyncPeriod);
        }
      }
      return !syncing.isEmpty();
    }
  }

  /** The informer lowered its check period before start: recompute every handler's effective period. */
  void resyncCheckPeriodChanged(Duration checkPeriod) {
    synchronized (lock) {
      for (ProcessorListener<T> l : listeners) {
        l.resyncPeriod = determineResyncPeriod(l.requestedResync, checkPeriod);
      }
    }
  }

  /**
   * client-go {@code determineResyncPeriod}: none if the handler asks for none or the informer does no resyncs
   * at all; otherwise never more often than the informer checks.
   */
  static Duration determineResyncPeriod(Duration requested, Duration checkPeriod) {
    if (requested.isZero() || checkPeriod.isZero()) {
      return Duration.ZERO;
    }
    return requested.compareTo(checkPeriod) < 0 ? checkPeriod : requested;
  }

  void stopAll() {
    for (ProcessorListener<T> l : listeners()) {
      l.stop();
    }
  }
}
