package io.kubeloop.testing;

import io.kubeloop.core.Context;
import io.kubeloop.core.clock.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Java counterpart of {@code k8s.io/utils/clock/testing.FakeClock}: virtual time that moves only when a test
 * calls {@link #step} or {@link #setTime}, so time-based code is tested without {@code Thread.sleep}.
 *
 * <p>Sleepers and scheduled actions are "waiters" with a due instant. {@link #step} walks time forward through
 * every due instant in order, so an action scheduled by another action inside the stepped window still fires
 * in it, at its own due time. Scheduled actions run on the stepping thread, outside the clock's lock; sleepers
 * are released and continue on their own threads. {@link #awaitWaiters(int)} waits (in real time) until code
 * under test has parked on the clock, which is what makes a test race-free:
 *
 * <pre>{@code
 * clock.awaitWaiters(1);                 // the elector is sleeping until its next retry
 * clock.step(Duration.ofSeconds(3));     // wake it
 * }</pre>
 *
 * <p>Differences from Go's fake: a waiter with a zero or negative delay is due at once but still fires only on
 * the next step (as in Go); {@link #step} fires in due order rather than all at the final time.
 *
 * <p>Thread-safe.
 */
public final class FakeClock implements Clock {
  /** Where a new fake clock starts unless told otherwise: a fixed, readable instant. */
  public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

  private static final Duration DEFAULT_AWAIT = Duration.ofSeconds(10);

  private final ReentrantLock lock = new ReentrantLock();
  /** Signalled whenever a waiter is added; {@link #awaitWaiters} waits on it. */
  private final Condition waitersChanged = lock.newCondition();
  /** Virtual now. Guarded by {@code lock}; never moves backwards through {@link #step}. */
  private Instant now;
  /** Nanoseconds of virtual time since creation, for {@link #nanoTime()}. Guarded by {@code lock}. */
  private long elapsedNanos;
  /** Pending sleepers and actions, earliest first (ties in insertion order). Guarded by {@code lock}. */
  private final PriorityQueue<Waiter> waiters = new PriorityQueue<>();
  private long sequence;

  public FakeClock() {
    this(DEFAULT_START);
  }

  public FakeClock(Instant start) {
    this.now = Objects.requireNonNull(start, "start");
  }

  @Override
  public Instant instant() {
    lock.lock();
    try {
      return now;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long nanoTime() {
    lock.lock();
    try {
      return elapsedNanos;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean sleep(Duration duration, Context context) throws InterruptedException {
    if (context.isCancelled()) {
      return false;
    }
    if (duration.isZero() || duration.isNegative()) {
      return true;
    }
    CountDownLatch released = new CountDownLatch(1);
    Waiter waiter = add(duration, released::countDown, "sleep");
    Context.Registration registration = context.onCancel(() -> {
      if (remove(waiter)) {
        released.countDown();
      }
    });
    try {
      released.await();
      return !waiter.cancelled;
    } catch (InterruptedException e) {
      remove(waiter);
      throw e;
    } finally {
      registration.remove();
    }
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable action) {
    Objects.requireNonNull(action, "action");
    Waiter waiter = add(delay, action, "schedule");
    return () -> remove(waiter);
  }

  /**
   * Moves virtual time forward by {@code amount}, firing every waiter that falls due on the way, in due order,
   * with the clock reading each waiter's due instant while it fires.
   */
  public void step(Duration amount) {
    if (amount.isNegative()) {
      throw new IllegalArgumentException("expected a non-negative step but was " + amount);
    }
    Instant target;
    lock.lock();
    try {
      target = now.plus(amount);
    } finally {
      lock.unlock();
    }
    advanceTo(target);
  }

  /** Sets virtual time. Moving forwards fires due waiters as {@link #step} does; moving backwards fires none. */
  public void setTime(Instant time) {
    lock.lock();
    try {
      if (time.isBefore(now)) {
        elapsedNanos -= Duration.between(time, now).toNanos();
        now = time;
        return;
      }
    } finally {
      lock.unlock();
    }
    advanceTo(time);
  }

  /**
   * Steps to the earliest pending waiter's due instant and fires it (and any due at the same instant).
   *
   * @return the amount stepped, or {@code null} if nothing was waiting
   */
  public Duration stepToNextWaiter() {
    Instant before;
    Instant due;
    lock.lock();
    try {
      Waiter first = waiters.peek();
      if (first == null) {
        return null;
      }
      before = now;
      due = first.due.isBefore(now) ? now : first.due;
    } finally {
      lock.unlock();
    }
    advanceTo(due);
    return Duration.between(before, due);
  }

  private void advanceTo(Instant target) {
    while (true) {
      Waiter next;
      lock.lock();
      try {
        Waiter first = waiters.peek();
        if (first == null || first.due.isAfter(target)) {
          moveTo(target);
          return;
        }
        next = waiters.poll();
        if (next.due.isAfter(now)) {
          moveTo(next.due);
        }
      } finally {
        lock.unlock();
      }
      next.action.run(); // outside the lock: an action may schedule more, or sleep on another thread
    }
  }

  /** Caller holds the lock. */
  private void moveTo(Instant t) {
    if (t.isAfter(now)) {
      elapsedNanos += Duration.between(now, t).toNanos();
      now = t;
    }
  }

  /** How many sleepers and scheduled actions are pending. */
  public int waiterCount() {
    lock.lock();
    try {
      return waiters.size();
    } finally {
      lock.unlock();
    }
  }

  /** Whether anything is sleeping on or scheduled with this clock ({@code HasWaiters} in Go). */
  public boolean hasWaiters() {
    return waiterCount() > 0;
  }

  /** The due instant of the earliest waiter, or {@code null} if none. */
  public Instant nextDue() {
    lock.lock();
    try {
      Waiter first = waiters.peek();
      return first == null ? null : first.due;
    } finally {
      lock.unlock();
    }
  }

  /** Waits, in real time (10 s at most), until at least {@code count} waiters are pending. */
  public void awaitWaiters(int count) {
    awaitWaiters(count, DEFAULT_AWAIT);
  }

  /**
   * Waits, in real time, until at least {@code count} waiters are pending.
   *
   * @throws AssertionError if {@code timeout} of real time passes first; the message lists what is waiting
   */
  public void awaitWaiters(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (waiters.size() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("expected at least " + count + " waiters on the fake clock within " + timeout
              + " but found " + waiters.size() + ": " + describeLocked());
        }
        waitersChanged.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while awaiting " + count + " waiters", e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "FakeClock[now=" + now + ", waiters=" + describeLocked() + "]";
    } finally {
      lock.unlock();
    }
  }

  private String describeLocked() {
    List<String> parts = new ArrayList<>();
    waiters.stream().sorted().forEach(w -> parts.add(w.kind + "@" + w.due));
    return parts.toString();
  }

  private Waiter add(Duration delay, Runnable action, String kind) {
    lock.lock();
    try {
      Instant due = delay.isNegative() ? now : now.plus(delay);
      Waiter w = new Waiter(due, sequence++, action, kind);
      waiters.add(w);
      waitersChanged.signalAll();
      return w;
    } finally {
      lock.unlock();
    }
  }

  /** Removes a pending waiter; returns false if it already fired or was removed. */
  private boolean remove(Waiter w) {
    lock.lock();
    try {
      boolean removed = waiters.remove(w);
      if (removed) {
        w.cancelled = true;
      }
      return removed;
    } finally {
      lock.unlock();
    }
  }

  private static final class Waiter implements Comparable<Waiter> {
    final Instant due;
    final long seq;
    final Runnable action;
    final String kind;
    volatile boolean cancelled;

    Waiter(Instant due, long seq, Runnable action, String kind) {
      this.due = due;
      this.seq = seq;
      this.action = action;
      this.kind = kind;
    }

    @Override
    public int compareTo(Waiter o) {
      int c = due.compareTo(o.due);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }
}
