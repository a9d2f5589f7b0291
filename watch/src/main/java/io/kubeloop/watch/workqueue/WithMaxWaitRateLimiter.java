package io.kubeloop.watch.workqueue;

import java.time.Duration;

/**
 * Java counterpart of client-go {@code WithMaxWaitRateLimiter}: another limiter's delay, capped at
 * {@code maxDelay}. Built by {@link RateLimiters#withMaxWait}.
 */
final class WithMaxWaitRateLimiter<T> implements RateLimiter<T> {
  private final RateLimiter<T> limiter;
  private final Duration maxDelay;

  WithMaxWaitRateLimiter(RateLimiter<T> limiter, Duration maxDelay) {
    this.limiter = limiter;
    this.maxDelay = maxDelay;
  }

  @Override
  public Duration when(T item) {
    Duration d = limiter.when(item);
    return d.compareTo(maxDelay) > 0 ? maxDelay : d;
  }

  @Override
  public void forget(T item) {
    limiter.forget(item);
  }

  @Override
  public int numRequeues(T item) {
    return limiter.numRequeues(item);
  }

  @Override
  public String toString() {
    return "WithMaxWaitRateLimiter[" + limiter + ", max=" + maxDelay + "]";
  }
}
