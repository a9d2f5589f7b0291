package io.kubeloop.watch.cache;

import io.kubeloop.core.clock.Clock;
import java.time.Duration;

/**
 * Ends a watch stream that has gone silent: no event and no bookmark for longer than {@code limit} (the watch's
 * timeout plus a margin). A half-open TCP connection otherwise blocks a reflector forever, since the server's own
 * {@code timeoutSeconds} can only end a stream whose connection still works. client-go relies on TCP keepalives
 * and HTTP/2 pings instead; this makes the guarantee explicit and testable on a fake clock.
 *
 * <p>{@link #touch()} is called by the reading thread for every event; the check runs on the clock's timer (or
 * the fake clock's stepping thread) and only calls the short {@code onIdle} action, which closes the stream.
 */
final class IdleWatchdog {
  private final Clock clock;
  private final long limitNanos;
  private final Runnable onIdle;
  private final Object lock = new Object();
  /** {@link Clock#nanoTime()} of the last activity. Guarded by {@code lock}. */
  private long lastActivity;
  /** The pending check; null once stopped. Guarded by {@code lock}. */
  private Clock.Cancellable pending;
  /** Whether the watchdog ended the stream. Guarded by {@code lock}. */
  private boolean fired;

  IdleWatchdog(Clock clock, Duration limit, Runnable onIdle) {
    this.clock = clock;
    this.limitNanos = limit.toNanos();
    this.onIdle = onIdle;
    synchronized (lock) {
      lastActivity = clock.nanoTime();
      pending = clock.schedule(limit, this::check);
    }
  }

  void touch() {
    synchronized (lock) {
      lastActivity = clock.nanoTime();
    }
  }

  private void check() {
    synchronized (lock) {
      if (pending == null) {
        return;
      }
      long idle = clock.nanoTime() - lastActivity;
      if (idle < limitNanos) {
        pending = clock.schedule(Duration.ofNanos(limitNanos - idle), this::check);
        return;
      }
      fired = true;
      pending = null;
    }
    onIdle.run();
  }

  /** Stops checking; returns whether the watchdog had ended the stream. */
  boolean stop() {
    synchronized (lock) {
      if (pending != null) {
        pending.cancel();
        pending = null;
      }
      return fired;
    }
  }
}
