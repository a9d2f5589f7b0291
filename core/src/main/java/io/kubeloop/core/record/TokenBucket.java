package io.kubeloop.core.record;

import java.time.Duration;
import java.time.Instant;

/**
 * Java counterpart of client-go's {@code flowcontrol.NewTokenBucketPassiveRateLimiterWithClock}, that is of
 * {@code golang.org/x/time/rate.Limiter} asked only {@code AllowN(now, 1)}: a bucket of {@code burst} tokens,
 * full at first, that refills continuously at {@code qps} tokens per second and never holds more than
 * {@code burst}. {@link #tryAccept} takes a token if there is a whole one and never waits.
 *
 * <p>{@code qps} is a {@code float}, as client-go's is, so the refill arithmetic matches it to the last bit (1/300
 * as a float is a little above 1/300, so 300 s refill at least one whole token).
 *
 * <p>Time is passed in; a clock that goes backwards refills nothing. Not thread-safe: confined to the
 * broadcaster's thread.
 */
final class TokenBucket {
  private final float qps;
  private final int burst;
  /** Tokens at {@link #last}; between 0 and {@code burst}. */
  private double tokens;
  /** When a token was last taken; null before the first. */
  private Instant last;

  TokenBucket(float qps, int burst) {
    if (!(qps > 0)) {
      throw new IllegalArgumentException("expected a refill rate (qps) above 0 but was " + qps);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("expected a burst of at least 1 but was " + burst);
    }
    this.qps = qps;
    this.burst = burst;
    this.tokens = burst;
  }

  /** Takes one token if one is available at {@code now}. */
  boolean tryAccept(Instant now) {
    double available = tokensAt(now);
    if (available < 1) {
      return false; // as rate.Limiter: a refused request leaves the bucket as it was
    }
    tokens = available - 1;
    last = now;
    return true;
  }

  /** How many tokens the bucket holds at {@code now} (rate.Limiter.advance). */
  double tokensAt(Instant now) {
    if (last == null || !now.isAfter(last)) {
      return tokens;
    }
    Duration elapsed = Duration.between(last, now);
    double seconds = elapsed.getSeconds() + elapsed.getNano() / 1e9;
    return Math.min(burst, tokens + seconds * (double) qps);
  }
}
