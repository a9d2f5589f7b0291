package io.kubeloop.watch.workqueue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Java counterpart of client-go {@code ItemFastSlowRateLimiter}: an item's first {@code maxFastAttempts} failures
 * wait {@code fastDelay}, every later one {@code slowDelay}. Built by {@link RateLimiters#itemFastSlow}.
 */
final class ItemFastSlowRateLimiter<T> implements RateLimiter<T> {
  private final Duration fastDelay;
  private final Duration slowDelay;
  private final int maxFastAttempts;
  /** Failures per item since its last forget. Guarded by {@code this}. */
  private final Map<T, Integer> failures = new HashMap<>();

  ItemFastSlowRateLimiter(Duration fastDelay, Duration slowDelay, int maxFastAttempts) {
    this.fastDelay = fastDelay;
    this.slowDelay = slowDelay;
    this.maxFastAttempts = maxFastAttempts;
  }

  @Override
  public Duration when(T item) {
    int count;
    synchronized (this) {
      count = failures.merge(item, 1, (a, b) -> a == Integer.MAX_VALUE ? a : a + b); // counted first, as in Go
    }
    return count <= maxFastAttempts ? fastDelay : slowDelay;
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
    return "ItemFastSlowRateLimiter[fast=" + fastDelay + ", slow=" + slowDelay + ", maxFast=" + maxFastAttempts + "]";
  }
}
