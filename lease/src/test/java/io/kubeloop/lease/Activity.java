package io.kubeloop.lease;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the simulation's threads that may still do work at the current virtual instant, so the driver steps the
 * fake clock only when every one of them is parked on it (or on a simulated network). A thread is counted while
 * it runs; it leaves the count when it blocks, only after registering what will wake it, and is counted again by
 * whoever wakes it, before the wake-up, so the count never reads zero while a thread has work to do at this instant.
 */
final class Activity {
  private final AtomicInteger busy = new AtomicInteger();

  /** A thread about to start (call before {@code Thread.start}). */
  void enter() {
    busy.incrementAndGet();
  }

  /** A thread that ends. */
  void exit() {
    busy.decrementAndGet();
  }

  /**
   * A park for the calling thread, which is still counted busy: register whatever will wake it (a timer, a
   * cancellation callback) with {@link Park#unpark()} first, then call {@link Park#block()} just before blocking.
   * Leaving the count before the wake-up is registered would let the driver step virtual time past it.
   */
  Park prepare() {
    return new Park();
  }

  int busy() {
    return busy.get();
  }

  /** Spins (in real time) until no simulated thread is runnable. */
  void awaitIdle(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int spins = 0;
    while (busy.get() != 0) {
      if (++spins > 1000) {
        Thread.yield();
      } else {
        Thread.onSpinWait();
      }
      if (System.nanoTime() - deadline > 0) {
        StringBuilder dump = new StringBuilder();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
          if (e.getKey().getName().startsWith("sim-")) {
            dump.append(e.getKey().getName()).append(' ').append(e.getKey().getState()).append('\n');
            for (StackTraceElement s : e.getValue()) {
              dump.append("    at ").append(s).append('\n');
            }
          }
        }
        throw new AssertionError("simulation threads still busy (" + busy.get() + ") after " + timeout + "\n" + dump);
      }
    }
  }

  /** One parked thread; unparking is idempotent, and may come before {@link #block()}. */
  final class Park {
    private final AtomicBoolean done = new AtomicBoolean();

    /** The calling thread leaves the busy count: it is about to block, its wake-up already registered. */
    void block() {
      busy.decrementAndGet();
    }

    void unpark() {
      if (done.compareAndSet(false, true)) {
        busy.incrementAndGet();
      }
    }
  }
}
