package io.kubeloop.watch.workqueue;

import io.kubeloop.core.clock.Clock;
import java.time.Duration;

/**
 * Java counterpart of client-go {@code BucketRateLimiter}, which wraps {@code golang.org/x/time/rate.Limiter}: a
 * token bucket shared by all items, refilled at {@code qps} tokens per second up to {@code burst}, full at start.
 * Built by {@link RateLimiters#bucket}.
 *
 * <p>{@link #when} is {@code Reserve().Delay()}: it always takes a token, letting the bucket go into debt, and
 * returns how long until that token would have been available. So the first {@code burst} calls return zero and
 * later rapid calls are spaced {@code 1/qps} apart. {@link #forget} does nothing and {@link #numRequeues} is 0.
 * Time is read from the injected clock's {@code nanoTime()}.
 */
final class BucketRateLimiter<T> implements RateLimiter<T> {
  private final Clock clock;
  private final double qps;
  private final int burst;
  /** Tokens available at {@code lastNanos}; negative when in debt. Guarded by {@code this}. */
  private double tokens;
  /** When {@code tokens} was last computed. Guarded by {@code this}. */
  private long lastNanos;

  BucketRateLimiter(Clock clock, double qps, int burst) {
    this.clock = clock;
    this.qps = qps;
    this.burst = burst;
    this.tokens = burst;
    this.lastNanos = clock.nanoTime();
  }

  @Override
  public Duration when(T item) {
    double debt;
    synchronized (this) {
      long now = clock.nanoTime();
      long elapsed = Math.max(0, now - lastNanos); // rate.Limiter.advance: time never runs backwards
      tokens = Math.min(burst, tokens + elapsed / 1e9 * qps);
      lastNanos = now;
      tokens -= 1;
      debt = -tokens;
    }
    if (debt <= 0) {
      return Duration.ZERO;
    }
    return Duration.ofNanos((long) (debt / qps * 1e9)); // rate.Limit.durationFromTokens
  }

  @Override
  public void forget(T item) {}

  @Override
  public int numRequeues(T item) {
    return 0;
  }

  @Override
  public String toString() {
    return "BucketRateLimiter[qps=" + qps + ", burst=" + burst + "]";
  }
}
