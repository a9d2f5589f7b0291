package io.kubeloop.lease;

import java.time.Duration;

/**
 * Beyond client-go: the question a leader's code asks before each write, "is my lease still certainly mine?".
 * Obtain it from {@link LeaderElector#guard()}.
 *
 * <p>{@link #isHeld()} is true only while the elector is {@link ElectorState#LEADING} and, on the elector's own
 * monotonic clock, {@code now < start of the last successful acquire or renew + advertised leaseDurationSeconds −
 * guardDriftMargin}. "Start" is the moment the elector began the attempt whose write succeeded, which is before
 * the server stored the write and therefore before any follower could have seen it. It turns false at once when
 * renewing ends, when the elector starts to release, or when a renew attempt finds another holder.
 *
 * <p><b>What it guarantees.</b> A follower takes over only after it has seen the record unchanged for the
 * advertised lease duration on its own clock, counted from a moment after the leader's last write was stored. So
 * if every candidate's clock runs at a rate within a factor {@code leaseDuration / (leaseDuration − margin)} of
 * every other's (the bounded clock drift assumption; offsets between clocks do not matter), no two candidates'
 * guards are ever true at the same instant. With the default margin ({@code leaseDuration − renewDeadline}) that
 * factor is {@code leaseDuration / renewDeadline}, 1.5 for the 15 s / 10 s defaults: the same bound client-go's
 * package documentation gives. The lease simulation checks exactly this property.
 *
 * <p><b>What it cannot guarantee.</b> A write that was already in flight when the guard said yes may arrive
 * after the lease has passed to someone else (a slow network, a long GC pause between the check and the send).
 * Keep the time between {@code isHeld()} and the write short compared with {@link #remaining()}, and use the
 * API server's own optimistic concurrency (resourceVersion preconditions) where a late write would do harm. The
 * guard also assumes the process was not suspended for longer than the remaining time between asking and acting,
 * and that no other candidate uses the same identity.
 *
 * <p>Thread-safe; cheap (no I/O, one monitor).
 */
public interface LeaseGuard {
  /** Whether the lease is certainly still ours, under the bounded clock drift assumption. */
  boolean isHeld();

  /** How much longer {@link #isHeld()} stays true if no renew succeeds; {@link Duration#ZERO} when it is false. */
  Duration remaining();
}
