package io.kubeloop.lease;

import io.kubeloop.core.clock.Clock;
import java.time.Duration;

/**
 * One elector's {@link ElectorState} and the deadline of its {@link LeaseGuard}, under one lock so the guard can
 * never say yes outside {@link ElectorState#LEADING}. Package-private: {@link LeaderElector} drives it.
 */
final class ElectorLifecycle implements LeaseGuard {
  private final Clock clock;
  private final String lockName;
  private final Object lock = new Object();
  /** Guarded by {@code lock}; moves only along {@link ElectorState#canMoveTo}. */
  private ElectorState state = ElectorState.NEW;
  /** {@link Clock#nanoTime()} until which the guard holds, if {@code guardSet}. Guarded by {@code lock}. */
  private long guardUntilNanos;
  /** Whether a successful acquire or renew set {@code guardUntilNanos} and nothing revoked it. Guarded by {@code lock}. */
  private boolean guardSet;

  ElectorLifecycle(Clock clock, String lockName) {
    this.clock = clock;
    this.lockName = lockName;
  }

  ElectorState state() {
    synchronized (lock) {
      return state;
    }
  }

  /** @throws IllegalStateException for a transition the state machine does not allow (an elector runs once) */
  void moveTo(ElectorState next) {
    synchronized (lock) {
      if (!state.canMoveTo(next)) {
        throw new IllegalStateException("a LeaderElector runs once; cannot go from " + state + " to " + next
            + " for lock " + lockName + " (create a new elector or use LeaderElection.runAgainAfterLosing)");
      }
      state = next;
    }
  }

  /** The terminal state, from wherever the run ended (also after an interrupt). */
  void stopped() {
    synchronized (lock) {
      state = ElectorState.STOPPED;
    }
  }

  /** A write that began at {@code startNanos} succeeded: the guard holds until then + {@code validity}. */
  void written(long startNanos, Duration validity) {
    synchronized (lock) {
      guardUntilNanos = startNanos + validity.toNanos();
      guardSet = true;
    }
  }

  /** Someone else holds the lease, whatever we believed. */
  void revoke() {
    synchronized (lock) {
      guardSet = false;
    }
  }

  private long remainingNanos() {
    long now = clock.nanoTime();
    synchronized (lock) {
      return state == ElectorState.LEADING && guardSet ? guardUntilNanos - now : 0;
    }
  }

  @Override
  public boolean isHeld() {
    return remainingNanos() > 0;
  }

  @Override
  public Duration remaining() {
    return Duration.ofNanos(Math.max(0, remainingNanos()));
  }
}
