package io.kubeloop.core.client;

import io.kubeloop.core.Context;
import io.kubeloop.core.clock.Clock;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * Client-side throttling, opt-in with {@code ClientConfig.Builder.rateLimit(qps, burst)}: client-go's
 * {@code Request.tryThrottle} over {@code flowcontrol.NewTokenBucketRateLimiter} ({@code golang.org/x/time/rate}).
 * One bucket per client, shared by every request of it; every attempt takes a token, so a retry waits too, as in
 * client-go where the throttle sits inside the retry loop.
 *
 * <ul>
 *   <li>The bucket holds {@code burst} tokens, full at first, refilled continuously at {@code qps} per second. A
 *       request takes one; when none is left it reserves the next one and waits until it is due, so waiting requests
 *       are served in order, {@code 1/qps} apart.
 *   <li>The wait runs on the client's {@link Clock} and ends early, with an {@link InterruptedIOException}, when the
 *       request's context is cancelled or the client is closed; the reserved token is given back.
 *   <li>As client-go, a wait over 50 ms is logged at DEBUG and one over 1 s at INFO: "Waited for ... due to
 *       client-side throttling, not priority and fairness".
 * </ul>
 *
 * <p>Difference from client-go: off unless configured. client-go throttles every client at 5 requests per second
 * (burst 10) unless told otherwise, which an informer-heavy process usually raises at once; servers protect
 * themselves with API Priority and Fairness. A wait is not refused up front when it would outlast the request's
 * deadline (client-go's {@code rate: Wait(n=1) would exceed context deadline}); the deadline ends it instead.
 */
final class RateLimitStage implements RequestStage {
  private static final System.Logger LOG = System.getLogger(RateLimitStage.class.getName());
  static final Duration LONG_THROTTLE_LATENCY = Duration.ofMillis(50);
  static final Duration EXTRA_LONG_THROTTLE_LATENCY = Duration.ofSeconds(1);

  private final float qps;
  private final int burst;
  private final Clock clock;
  private final Context lifetime;
  /** Tokens at {@link #last}; negative when requests have reserved tokens not yet due. Guarded by {@code this}. */
  private double tokens;
  /** Guarded by {@code this}. */
  private long last;

  RateLimitStage(float qps, int burst, Clock clock, Context lifetime) {
    if (!(qps > 0) || burst < 1) {
      throw new IllegalArgumentException("expected qps > 0 and burst >= 1 but were " + qps + " and " + burst);
    }
    this.qps = qps;
    this.burst = burst;
    this.clock = clock;
    this.lifetime = lifetime;
    this.tokens = burst;
    this.last = clock.nanoTime();
  }

  @Override
  public KubeResponse intercept(KubeRequest request, Chain next) throws IOException {
    Duration wait = reserve();
    if (!wait.isZero()) {
      await(request, wait);
      if (wait.compareTo(LONG_THROTTLE_LATENCY) > 0) {
        Level level = wait.compareTo(EXTRA_LONG_THROTTLE_LATENCY) > 0 ? Level.INFO : Level.DEBUG;
        LOG.log(level, () -> "Waited for " + wait.toMillis() + " ms due to client-side throttling, not priority "
            + "and fairness, request: " + request.describe());
      }
    }
    return next.proceed(request);
  }

  /** Takes a token now, or reserves the next one; returns how long until it is due (rate.Limiter.reserveN). */
  synchronized Duration reserve() {
    long now = clock.nanoTime();
    if (now > last) {
      tokens = Math.min(burst, tokens + (now - last) / 1e9 * qps);
      last = now;
    }
    tokens -= 1;
    return tokens >= 0 ? Duration.ZERO : Duration.ofNanos((long) Math.ceil(-tokens / qps * 1e9));
  }

  /** Gives back a reserved token whose request gave up waiting. */
  synchronized void unreserve() {
    tokens = Math.min(burst, tokens + 1);
  }

  private void await(KubeRequest request, Duration wait) throws InterruptedIOException {
    try {
      ClientWait.sleep(clock, wait, request, lifetime, "for the client-side rate limiter");
    } catch (InterruptedIOException e) {
      unreserve();
      throw e;
    }
  }

  @Override
  public String toString() {
    return "RateLimit[qps=" + qps + ", burst=" + burst + "]";
  }
}
