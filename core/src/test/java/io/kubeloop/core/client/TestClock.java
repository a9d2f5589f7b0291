package io.kubeloop.core.client;

import io.kubeloop.core.Context;
import io.kubeloop.core.clock.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A clock whose {@link #sleep} returns at once and records how long it was asked to wait, so retry tests see the
 * waits without waiting. (core cannot use {@code io.kubeloop.testing.FakeClock}: testing depends on core.)
 */
class TestClock implements Clock {
  final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  @Override
  public Instant instant() {
    return Instant.EPOCH.plus(total());
  }

  @Override
  public long nanoTime() {
    return total().toNanos();
  }

  private Duration total() {
    return sleeps.stream().reduce(Duration.ZERO, Duration::plus);
  }

  @Override
  public boolean sleep(Duration duration, Context context) {
    if (context.isCancelled()) {
      return false;
    }
    sleeps.add(duration);
    return true;
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable action) {
    throw new UnsupportedOperationException("the HTTP client schedules nothing");
  }
}
