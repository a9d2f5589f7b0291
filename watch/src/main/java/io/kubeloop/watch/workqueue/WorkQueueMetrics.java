package io.kubeloop.watch.workqueue;

import java.time.Duration;

/**
 * What one queue reports, one method per metric of client-go {@code util/workqueue/metrics.go}; every method is
 * a no-op by default, so an implementation overrides only what it records. Prometheus names in client-go
 * (subsystem {@code workqueue}, label {@code name}):
 *
 * <ul>
 *   <li>{@code workqueue_depth} (gauge): +1 on {@link #added()}, -1 on {@link #handedOut(Duration)}. It counts
 *       dirty items, so an item re-added while it is being processed counts although it is not queued yet.
 *   <li>{@code workqueue_adds_total} (counter): +1 on {@link #added()}. Duplicate adds of an item that is already
 *       waiting are not counted.
 *   <li>{@code workqueue_queue_duration_seconds} (histogram): the {@code queued} argument of {@link #handedOut}.
 *   <li>{@code workqueue_work_duration_seconds} (histogram): the {@code worked} argument of {@link #done}.
 *   <li>{@code workqueue_unfinished_work_seconds} and {@code workqueue_longest_running_processor_seconds} (gauges):
 *       {@link #unfinishedWork}, every 500 ms while the queue runs.
 *   <li>{@code workqueue_retries_total} (counter): +1 on {@link #retried()}, for every {@code addAfter} (and so
 *       every {@code addRateLimited}) on a queue that is not shutting down, even with a zero delay.
 * </ul>
 *
 * <p>Rules: methods are called outside the queue's lock, on the thread that added, got or finished the item (the
 * periodic update on the clock's timer thread). They must be fast, must not block, must not throw and must not
 * call back into the queue. Calls from different threads may arrive in any order, which is why depth is reported
 * as increments rather than as a value. {@link InMemoryMetrics} is a ready implementation.
 */
public interface WorkQueueMetrics {

  /** An item that was not waiting was added: {@code adds_total} +1 and {@code depth} +1. */
  default void added() {}

  /** A worker took an item that had waited {@code queued} since it was added: {@code depth} -1. */
  default void handedOut(Duration queued) {}

  /** A worker finished an item after working on it for {@code worked}. */
  default void done(Duration worked) {}

  /**
   * Periodic snapshot of the items being processed: the sum of their ages and the age of the oldest (both zero
   * when no item is being processed).
   */
  default void unfinishedWork(Duration total, Duration longestRunning) {}

  /** An item was scheduled for a later add ({@code addAfter}): {@code retries_total} +1. */
  default void retried() {}
}
