package io.kubeloop.core.clock;

import io.kubeloop.core.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The real clock ({@code clock.RealClock} in Go). One daemon timer thread, {@code kubeloop-clock}, started on the
 * first {@link #schedule} call; scheduled actions run on it, so they must be short. Like the JDK's own
 * {@code CompletableFuture} delayer, the thread is shared by the process and never needs closing.
 */
final class SystemClock implements Clock {
  static final SystemClock INSTANCE = new SystemClock();

  private volatile ScheduledThreadPoolExecutor timer;

  private SystemClock() {}

  @Override
  public Instant instant() {
    return Instant.now();
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public boolean sleep(Duration duration, Context context) throws InterruptedException {
    if (context.isCancelled()) {
      return false;
    }
    if (duration.isZero() || duration.isNegative()) {
      return true;
    }
    CountDownLatch cancelled = new CountDownLatch(1);
    Context.Registration registration = context.onCancel(cancelled::countDown);
    try {
      return !cancelled.await(saturatedNanos(duration), TimeUnit.NANOSECONDS);
    } finally {
      registration.remove();
    }
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable action) {
    ScheduledFuture<?> future = timer().schedule(action, saturatedNanos(delay), TimeUnit.NANOSECONDS);
    return () -> future.cancel(false);
  }

  private ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor t = timer;
    if (t == null) {
      synchronized (this) {
        t = timer;
        if (t == null) {
          t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "kubeloop-clock");
            thread.setDaemon(true);
            return thread;
          });
          t.setRemoveOnCancelPolicy(true);
          timer = t;
        }
      }
    }
    return t;
  }

  static long saturatedNanos(Duration d) {
    if (d.isNegative()) {
      return 0;
    }
    try {
      return d.toNanos();
    } catch (ArithmeticException overflow) {
      return Long.MAX_VALUE;
    }
  }
}
