package io.kubeloop.watch.workqueue;

import io.kubeloop.core.clock.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds client-go's rate limiters ({@code util/workqueue/default_rate_limiters.go}) with client-go's constants.
 * The limiters themselves are package-private classes named as in client-go; read them for the formulas.
 *
 * <p>Differences from client-go: the token bucket reads time from an injected {@link Clock}, so
 * {@link #defaultControllerRateLimiter(Clock)} takes one (client-go's reads the wall clock).
 */
public final class RateLimiters {
  /** Base delay of the per-item exponential backoff in {@link #defaultControllerRateLimiter}: 5 ms. */
  public static final Duration DEFAULT_CONTROLLER_BASE_DELAY = Duration.ofMillis(5);
  /** Cap of the per-item exponential backoff in {@link #defaultControllerRateLimiter}: 1000 s. */
  public static final Duration DEFAULT_CONTROLLER_MAX_DELAY = Duration.ofSeconds(1000);
  /** Overall retry rate of {@link #defaultControllerRateLimiter}: 10 per second ... */
  public static final double DEFAULT_CONTROLLER_QPS = 10;
  /** ... after a burst of 100. */
  public static final int DEFAULT_CONTROLLER_BURST = 100;

  private RateLimiters() {}

  /**
   * Client-go {@code DefaultTypedControllerRateLimiter}: the larger of a per-item exponential backoff (5 ms, 10 ms,
   * 20 ms, ... capped at 1000 s from the 19th consecutive failure) and an overall token bucket of 10 qps with a
   * burst of 100 (the first 100 rapid retries of all items together go at once, later ones 100 ms apart).
   */
  public static <T> RateLimiter<T> defaultControllerRateLimiter(Clock clock) {
    return maxOf(
        itemExponentialFailure(DEFAULT_CONTROLLER_BASE_DELAY, DEFAULT_CONTROLLER_MAX_DELAY),
        bucket(clock, DEFAULT_CONTROLLER_QPS, DEFAULT_CONTROLLER_BURST));
  }

  /** {@link #defaultControllerRateLimiter(Clock)} on {@link Clock#system()}. */
  public static <T> RateLimiter<T> defaultControllerRateLimiter() {
    return defaultControllerRateLimiter(Clock.system());
  }

  /** Client-go {@code DefaultTypedItemBasedRateLimiter}: exponential per item from 1 ms to 1000 s. */
  public static <T> RateLimiter<T> defaultItemBasedRateLimiter() {
    return itemExponentialFailure(Duration.ofMillis(1), Duration.ofSeconds(1000));
  }

  /**
   * Client-go {@code NewTypedItemExponentialFailureRateLimiter}: the n-th consecutive failure of an item (from 0)
   * waits {@code baseDelay * 2^n}, never more than {@code maxDelay}.
   *
   * @throws IllegalArgumentException unless {@code 0 < baseDelay <= maxDelay}
   */
  public static <T> RateLimiter<T> itemExponentialFailure(Duration baseDelay, Duration maxDelay) {
    positive(baseDelay, "baseDelay");
    if (maxDelay.compareTo(baseDelay) < 0) {
      throw new IllegalArgumentException(
          "expected maxDelay >= baseDelay but was maxDelay=" + maxDelay + ", baseDelay=" + baseDelay);
    }
    return new ItemExponentialFailureRateLimiter<>(baseDelay, maxDelay);
  }

  /**
   * Client-go {@code NewTypedItemFastSlowRateLimiter}: an item's first {@code maxFastAttempts} failures wait
   * {@code fastDelay}, later ones {@code slowDelay}.
   *
   * @throws IllegalArgumentException if a delay is negative or {@code maxFastAttempts} is negative
   */
  public static <T> RateLimiter<T> itemFastSlow(Duration fastDelay, Duration slowDelay, int maxFastAttempts) {
    notNegative(fastDelay, "fastDelay");
    notNegative(slowDelay, "slowDelay");
    if (maxFastAttempts < 0) {
      throw new IllegalArgumentException("expected maxFastAttempts >= 0 but was " + maxFastAttempts);
    }
    return new ItemFastSlowRateLimiter<>(fastDelay, slowDelay, maxFastAttempts);
  }

  /**
   * Client-go {@code NewTypedMaxOfRateLimiter}: asks every limiter and waits for the longest delay.
   *
   * @throws IllegalArgumentException if no limiter is given
   */
  @SafeVarargs
  public static <T> RateLimiter<T> maxOf(RateLimiter<T>... limiters) {
    if (limiters.length == 0) {
      throw new IllegalArgumentException("expected at least one limiter but was none");
    }
    List<RateLimiter<T>> list = new ArrayList<>(limiters.length);
    for (RateLimiter<T> limiter : limiters) {
      list.add(Objects.requireNonNull(limiter, "limiter"));
    }
    return new MaxOfRateLimiter<>(list);
  }

  /**
   * Client-go {@code BucketRateLimiter} over {@code rate.NewLimiter(rate.Limit(qps), burst)}: one token bucket for
   * all items, full at start, refilled at {@code qps} per second on {@code clock}.
   *
   * @throws IllegalArgumentException unless {@code qps > 0} (finite) and {@code burst >= 1}
   */
  public static <T> RateLimiter<T> bucket(Clock clock, double qps, int burst) {
    Objects.requireNonNull(clock, "clock");
    if (!(qps > 0) || Double.isInfinite(qps)) {
      throw new IllegalArgumentException("expected a finite qps > 0 but was " + qps);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("expected burst >= 1 but was " + burst);
    }
    return new BucketRateLimiter<>(clock, qps, burst);
  }

  /**
   * Client-go {@code NewTypedWithMaxWaitRateLimiter}: {@code limiter}'s delay, never more than {@code maxDelay}.
   */
  public static <T> RateLimiter<T> withMaxWait(RateLimiter<T> limiter, Duration maxDelay) {
    Objects.requireNonNull(limiter, "limiter");
    notNegative(maxDelay, "maxDelay");
    return new WithMaxWaitRateLimiter<>(limiter, maxDelay);
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException("expected " + name + " > 0 but was " + d);
    }
  }

  private static void notNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException("expected " + name + " >= 0 but was " + d);
    }
  }
}
