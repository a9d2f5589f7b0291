package io.kubeloop.lease;

import io.kubeloop.core.Context;
import io.kubeloop.core.clock.Clock;
import io.kubeloop.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;

/**
 * A fake clock that moves forward one microsecond on every read (wall or monotonic), like a real clock that is read
 * twice in a row: client-go's table tests rely on {@code clock.Now()} inside {@code setObservedRecord} being later
 * than the {@code now} the attempt started with. Everything else is the wrapped {@link FakeClock}.
 */
final class TickingClock implements Clock {
  final FakeClock base = new FakeClock();

  @Override
  public Instant instant() {
    base.step(Duration.ofNanos(1_000));
    return base.instant();
  }

  @Override
  public long nanoTime() {
    base.step(Duration.ofNanos(1_000));
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
