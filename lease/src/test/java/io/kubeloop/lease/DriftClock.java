package io.kubeloop.lease;

import io.kubeloop.core.Context;
import io.kubeloop.core.clock.Clock;
import io.kubeloop.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One candidate's clock in the simulation: the shared {@link FakeClock}'s virtual time, running at {@code rate}
 * (1.1 = 10% fast) from an arbitrary {@code offset}. Readings round down and waits round up, so a wait of d on
 * this clock always lasts at least d as this clock measures it. Sleeps report to {@link Activity}.
 */
final class DriftClock implements Clock {
  private final FakeClock base;
  private final double rate;
  private final Instant origin;
  private final long baseStart;
  private final Activity activity;

  DriftClock(FakeClock base, double rate, Duration offset, Activity activity) {
    this.base = base;
    this.rate = rate;
    this.origin = base.instant().plus(offset);
    this.baseStart = base.nanoTime();
    this.activity = activity;
  }

  double rate() {
    return rate;
  }

  @Override
  public Instant instant() {
    return origin.plusNanos(nanoTime());
  }

  @Override
  public long nanoTime() {
    return (long) Math.floor((base.nanoTime() - baseStart) * rate);
  }

  /** {@code d} of this clock in base (virtual real) time, rounded up. */
  Duration toBase(Duration d) {
    if (d.isNegative() || d.isZero()) {
      return Duration.ZERO;
    }
    return Duration.ofNanos((long) Math.ceil(d.toNanos() / rate));
  }

  @Override
  public boolean sleep(Duration duration, Context context) throws InterruptedException {
    return sleepOn(base, activity, toBase(duration), context);
  }

  /** A tracked sleep of {@code duration} on {@code clock}: the waker marks the sleeper busy before releasing it. */
  static boolean sleepOn(FakeClock clock, Activity activity, Duration duration, Context context) throws InterruptedException {
    if (context.isCancelled()) {
      return false;
    }
    if (duration.isZero() || duration.isNegative()) {
      return true;
    }
    CountDownLatch released = new CountDownLatch(1);
    AtomicBoolean done = new AtomicBoolean();
    AtomicBoolean fired = new AtomicBoolean();
    Activity.Park park = activity.prepare();
    Clock.Cancellable timer = clock.schedule(duration, () -> {
      if (done.compareAndSet(false, true)) {
        fired.set(true);
        park.unpark();
        released.countDown();
      }
    });
    Context.Registration registration = context.onCancel(() -> {
      if (done.compareAndSet(false, true)) {
        timer.cancel();
        park.unpark();
        released.countDown();
      }
    });
    park.block(); // only now: the timer and the cancellation are registered, so the driver cannot step past them
    try {
      released.await();
      return fired.get();
    } finally {
      park.unpark();
      registration.remove();
    }
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable action) {
    return base.schedule(toBase(delay), action);
  }
}
