package io.kubeloop.watch.workqueue;

import java.time.Duration;

/**
 * Java counterpart of client-go {@code util/workqueue/delaying_queue.go} ({@code TypedDelayingInterface}): a
 * {@link WorkQueue} that can also add an item later.
 *
 * <p>Differences from client-go: there is no waiting goroutine, no 1000-slot channel and no 10 s heartbeat. Waiting
 * items sit in a heap ordered by ready time, and a single action scheduled on the configured
 * {@link io.kubeloop.core.clock.Clock} fires at the earliest ready time, so the queue starts no thread of its own
 * (with the system clock the action runs on the clock's shared timer thread; with a fake clock, on the thread
 * that steps it). {@code addAfter} never blocks.
 */
public interface DelayingQueue<T> extends WorkQueue<T> {

  /** A delaying queue configured by {@code config} (client-go {@code NewTypedDelayingQueueWithConfig}). */
  static <T> DelayingQueue<T> create(QueueConfig config) {
    return new DefaultDelayingQueue<>(config);
  }

  /**
   * Adds {@code item} once {@code delay} has passed on the queue's clock; a zero or negative delay adds at once.
   * If the item is already waiting for a later add, the earliest ready time wins: a longer delay never postpones
   * it and a shorter one moves it forward. Ignored after shutdown; items still waiting at shutdown are dropped.
   * Counts one {@code retries} metric per call (even for a zero delay), as client-go does.
   */
  void addAfter(T item, Duration delay);

  /**
   * Stops the timer, drops every item still waiting for its delay, and shuts the queue down as
   * {@link WorkQueue#shutDown()} does. Idempotent.
   */
  @Override
  void shutDown();

  /**
   * Stops the timer, drops every item still waiting for its delay, then shuts down with drain as
   * {@link WorkQueue#shutDownWithDrain()} does.
   */
  @Override
  void shutDownWithDrain() throws InterruptedException;
}
