package io.kubeloop.lease;

import io.kubeloop.core.Context;
import io.kubeloop.core.clock.Clock;
import java.time.Duration;

/**
 * The follower's wait between acquire attempts (client-go: the sleep of {@code wait.JitterUntil}) made
 * interruptible by a watch: {@link #wakeUp()} ends the current wait, or the next one at once if no wait is in
 * progress, and {@link #wakeUpAt} arranges a wake-up at a future instant (the observed lease's expiry).
 *
 * <p>Thread-safe: one thread waits, any thread wakes. Wake-ups only cancel a context; they never run user code.
 */
final class RetryWaiter {
  private final Clock clock;
  private final Object lock = new Object();
  /** The wait in progress, null between waits. Guarded by {@code lock}. */
  private Context waiting;
  /** A wake-up arrived while no wait was in progress: the next wait ends at once. Guarded by {@code lock}. */
  private boolean pending;
  /** The scheduled expiry wake-up, if any. Guarded by {@code lock}. */
  private Clock.Cancellable scheduled;

  RetryWaiter(Clock clock) {
    this.clock = clock;
  }

  /**
   * Waits {@code duration} or until woken or {@code context} ends.
   *
   * @return false if {@code context} ended
   */
  boolean await(Duration duration, Context context) throws InterruptedException {
    Context wait = context.withCancel();
    synchronized (lock) {
      if (pending) {
        pending = false;
        wait.cancel();
      } else {
        waiting = wait;
      }
    }
    try {
      clock.sleep(duration, wait);
    } finally {
      synchronized (lock) {
        waiting = null;
      }
      wait.cancel();
    }
    return !context.isCancelled();
  }

  /** Ends the current wait, or the next one. */
  void wakeUp() {
    Context toCancel;
    synchronized (lock) {
      toCancel = waiting;
      waiting = null;
      if (toCancel == null) {
        pending = true;
      }
    }
    if (toCancel != null) {
      toCancel.cancel();
    }
  }

  /** Replaces any scheduled wake-up with one after {@code delay} (at once if not positive). */
  void wakeUpAfter(Duration delay) {
    if (delay.isZero() || delay.isNegative()) {
      cancelScheduled();
      wakeUp();
      return;
    }
    Clock.Cancellable next = clock.schedule(delay, this::wakeUp);
    Clock.Cancellable previous;
    synchronized (lock) {
      previous = scheduled;
      scheduled = next;
    }
    if (previous != null) {
      previous.cancel();
    }
  }

  void cancelScheduled() {
    Clock.Cancellable previous;
    synchronized (lock) {
      previous = scheduled;
      scheduled = null;
    }
    if (previous != null) {
      previous.cancel();
    }
  }
}
