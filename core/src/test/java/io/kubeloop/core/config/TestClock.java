package io.kubeloop.core.config;

import io.kubeloop.core.Context;
import io.kubeloop.core.clock.Clock;
import java.time.Duration;
import java.time.Instant;

/** A clock that only moves when a test calls {@link #step}. Nothing here waits or schedules. */
public final class TestClock implements Clock {
  private volatile Instant now;

  public TestClock(Instant start) {
    this.now = start;
  }

  public void step(Duration d) {
    now = now.plus(d);
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public long nanoTime() {
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  @Override
  public boolean sleep(Duration duration, Context context) {
    throw new UnsupportedOperationException("configuration code never sleeps");
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable action) {
    throw new UnsupportedOperationException("configuration code never schedules");
  }
}
