package io.kubeloop.watch.cache;

import io.kubeloop.core.clock.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Java counterpart of apimachinery {@code wait.Backoff} wrapped by {@code DelayWithReset}, as client-go's
 * reflector builds it ({@code tools/cache/reflector.go}): each delay is the current step plus up to 100% jitter,
 * then the step doubles, up to a cap; after a quiet period the next delay starts from the beginning again.
 *
 * <p>Defaults ({@link Policy#reflectorDefaults()}): 0.8 s doubling, jitter 1.0, cap 30 s, reset after 2 min. The
 * delays fall in [0.8, 1.6), [1.6, 3.2), ... [25.6, 51.2) seconds, then [30, 60) forever.
 *
 * <p>Difference: client-go resets when 2 minutes have passed since the <em>last reset</em>; this backoff resets
 * when 2 minutes have passed since the <em>last delay was asked for</em>, i.e. after 2 minutes of health, so a
 * server that keeps failing is never hit at the initial rate again.
 *
 * <p>Not thread-safe: one reflector thread owns it.
 */
public final class Backoff {
  /**
   * @param initial the first step; > 0
   * @param factor multiplies the step after each delay; >= 1
   * @param jitter each delay is {@code step * (1 + U[0,1) * jitter)}; 0 for none
   * @param cap the step never exceeds this
   * @param resetAfter a delay asked for this long after the previous one starts from {@code initial}
   */
  public record Policy(Duration initial, double factor, double jitter, Duration cap, Duration resetAfter) {
    public Policy {
      if (initial.isZero() || initial.isNegative()) {
        throw new IllegalArgumentException("expected a positive initial backoff but was " + initial);
      }
      if (factor < 1) {
        throw new IllegalArgumentException("expected factor >= 1 but was " + factor);
      }
      if (jitter < 0) {
        throw new IllegalArgumentException("expected jitter >= 0 but was " + jitter);
      }
      if (cap.compareTo(initial) < 0) {
        throw new IllegalArgumentException("expected cap >= initial but was " + cap + " < " + initial);
      }
      Objects.requireNonNull(resetAfter, "resetAfter");
    }

    /** client-go's reflector backoff: 800 ms, x2, jitter 1.0, cap 30 s, reset after 2 min. */
    public static Policy reflectorDefaults() {
      return new Policy(Duration.ofMillis(800), 2.0, 1.0, Duration.ofSeconds(30), Duration.ofMinutes(2));
    }
  }

  private final Policy policy;
  private final Clock clock;
  private final RandomGenerator random;
  /** The step the next delay is computed from. */
  private Duration step;
  /** {@link Clock#nanoTime()} of the last {@link #next()}; {@code Long.MIN_VALUE} before the first. */
  private long lastAskedNanos = Long.MIN_VALUE;

  public Backoff(Policy policy, Clock clock, RandomGenerator random) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.step = policy.initial();
  }

  /** The next delay to wait. */
  public Duration next() {
    long now = clock.nanoTime();
    if (lastAskedNanos != Long.MIN_VALUE && now - lastAskedNanos >= policy.resetAfter().toNanos()) {
      step = policy.initial();
    }
    lastAskedNanos = now;
    Duration delay = jittered(step);
    double doubled = step.toNanos() * policy.factor();
    step = doubled >= policy.cap().toNanos() ? policy.cap() : Duration.ofNanos((long) doubled);
    return delay;
  }

  /** Starts the next delay from {@code initial} again. */
  public void reset() {
    step = policy.initial();
    lastAskedNanos = Long.MIN_VALUE;
  }

  private Duration jittered(Duration d) {
    if (policy.jitter() <= 0) {
      return d;
    }
    return d.plusNanos((long) (random.nextDouble() * policy.jitter() * d.toNanos()));
  }
}
