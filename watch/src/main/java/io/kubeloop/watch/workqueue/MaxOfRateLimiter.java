package io.kubeloop.watch.workqueue;

import java.time.Duration;
import java.util.List;

/**
 * Java counterpart of client-go {@code MaxOfRateLimiter}: asks every limiter (so each records the failure or takes a
 * token) and returns the longest delay. Built by {@link RateLimiters#maxOf}.
 */
final class MaxOfRateLimiter<T> implements RateLimiter<T> {
  private final List<RateLimiter<T>> limiters;

  MaxOfRateLimiter(List<RateLimiter<T>> limiters) {
    this.limiters = List.copyOf(limiters);
  }

  @Override
  public Duration when(T item) {
    Duration longest = Duration.ZERO;
    for (RateLimiter<T> limiter : limiters) {
      Duration d = limiter.when(item);
      if (d.compareTo(longest) > 0) {
        longest = d;
      }
    }
    return longest;
  }

  @Override
  public void forget(T item) {
    for (RateLimiter<T> limiter : limiters) {
      limiter.forget(item);
    }
  }

  @Override
  public int numRequeues(T item) {
    int max = 0;
    for (RateLimiter<T> limiter : limiters) {
      max = Math.max(max, limiter.numRequeues(item));
    }
    return max;
  }

  @Override
  public String toString() {
    return "MaxOfRateLimiter" + limiters;
  }
}
