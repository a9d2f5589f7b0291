package io.kubeloop.watch.workqueue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Java counterpart of client-go {@code ItemExponentialFailureRateLimiter}: the n-th consecutive failure of an item
 * (counting from 0) waits {@code base * 2^n}, capped at {@code max}. Built by
 * {@link RateLimiters#itemExponentialFailure}.
 *
 * <p>As in client-go the product is computed in floating point and clamped, so any number of failures saturates
 * at {@code max} instead of overflowing (client-go's overflow tests run 1000 failures; a {@code long} shift would
 * wrap after about 60).
 */
final class ItemExponentialFailureRateLimiter<T> implements RateLimiter<T> {
  private final Duration base;
  private final Duration max;
  /** Failures per item since its last forget. Guarded by {@code this}. */
  private final Map<T, Integer> failures = new HashMap<>();

  ItemExponentialFailureRateLimiter(Duration base, Duration max) {
    this.base = base;
    this.max = max;
  }

  @Override
  public Duration when(T item) {
    int exp;
    synchronized (this) {
      exp = failures.getOrDefault(item, 0);
      failures.put(item, exp == Integer.MAX_VALUE ? exp : exp + 1);
    }
    return backoff(base, max, exp);
  }

  /** {@code min(base * 2^exp, max)} in double arithmetic, as client-go computes it. */
  static Duration backoff(Duration base, Duration max, int exp) {
    double nanos = base.toNanos() * Math.pow(2, exp);
    if (nanos > Long.MAX_VALUE) {
      return max;
    }
    Duration calculated = Duration.ofNanos((long) nanos);
    return calculated.compareTo(max) > 0 ? max : calculated;
  }

  @Override
  public synchronized void forget(T item) {
    failures.remove(item);
  }

  @Override
  public synchronized int numRequeues(T item) {
    return failures.getOrDefault(item, 0);
  }

  @Override
  public String toString() {
    return "ItemExponentialFailureRateLimiter[base=" + base + ", max=" + max + "]";
  }
}
