package io.kubeloop.watch.workqueue;

/**
 * Java counterpart of client-go {@code util/workqueue/rate_limiting_queue.go} ({@code TypedRateLimitingInterface}):
 * a {@link DelayingQueue} whose retries are spaced by a {@link RateLimiter}.
 *
 * <p>The controller pattern (sample-controller's {@code processNextWorkItem}): on success {@link #forget} the item,
 * on failure {@link #addRateLimited} it, and in both cases call {@link #done}.
 */
public interface RateLimitingQueue<T> extends DelayingQueue<T> {

  /** A queue configured by {@code config} that asks {@code limiter} for retry delays. */
  static <T> RateLimitingQueue<T> create(RateLimiter<T> limiter, QueueConfig config) {
    return new DefaultRateLimitingQueue<>(limiter, config);
  }

  /** {@code addAfter(item, limiter.when(item))}: records a failure and adds the item when the limiter allows. */
  void addRateLimited(T item);

  /**
   * Tells the limiter that {@code item} succeeded, so its backoff starts over. Removes nothing from the queue:
   * the caller still calls {@link #done}.
   */
  void forget(T item);

  /** How many times {@code item} has been rate-limited since its last {@link #forget} (per the limiter). */
  int numRequeues(T item);
}
