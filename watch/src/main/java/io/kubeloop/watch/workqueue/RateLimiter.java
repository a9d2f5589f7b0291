package io.kubeloop.watch.workqueue;

import java.time.Duration;

/**
 * Java counterpart of client-go {@code util/workqueue/default_rate_limiters.go} ({@code TypedRateLimiter}): decides
 * how long an item waits before it is retried. {@link RateLimiters} builds client-go's limiters.
 *
 * <p>Implementations are thread-safe; they remember failures per item until {@link #forget} (so a controller that
 * never forgets its keys keeps one counter per key, as in client-go).
 */
public interface RateLimiter<T> {

  /** Records one more failure of {@code item} and returns how long it should wait before its retry. */
  Duration when(T item);

  /**
   * Drops what this limiter remembers about {@code item} (it succeeded). Only per-item state is reset: a token
   * bucket is shared by all items and is not refilled.
   */
  void forget(T item);

  /** How many failures of {@code item} are remembered (0 for limiters that do not count per item). */
  int numRequeues(T item);
}
