package io.kubeloop.lease;

import io.kubeloop.core.Context;
import io.kubeloop.core.clock.Clock;
import io.kubeloop.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;

/**
 * A fake clock whose wall time ({@link #instant()}) can be stepped on its own, as NTP or an administrator steps a
 * machine's system clock, while its monotonic time ({@link #nanoTime()}), sleeps and schedules follow only
 * {@link #base}. Real clocks do exactly this; {@link FakeClock} moves both together.
 */
final class SteppedWallClock implements Clock {
  final FakeClock base = new FakeClock();
  private volatile Duration wallOffset = Duration.ZERO;

  /** Steps the wall clock alone, forwards (positive) or backwards (negative). */
  void stepWall(Duration amount) {
    wallOffset = wallOffset.plus(amount);
  }

  @Override
  public Instant instant() {
    return base.instant().plus(wallOffset);
  }

  @Override
  public long nanoTime() {
    return base.nanoTime();
  }

  @Override
  public boolean sleep(Duration duration, Context context) throws InterruptedException {
    return base.sleep(duration, context);
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable action) {
    return base.schedule(delay, action);
  }
}
