package io.kubeloop.lease;

import io.kubeloop.core.clock.Clock;
import java.time.Instant;

/**
 * The local time an elector stamps every observation with and judges every expiry by: the monotonic clock
 * ({@link Clock#nanoTime()}), shown as an {@link Instant} that counts from the wall time at construction.
 *
 * <p>Go's {@code time.Now()} carries a monotonic reading that {@code After} and {@code Sub} use, so client-go's
 * {@code observedTime.Add(d).After(now)} is immune to steps of the system clock; {@code Instant.now()} is not. With
 * the wall clock, an NTP step forward of a follower's clock made it take over a lease its holder was still
 * renewing, and a step backwards made it wait the step's length on top. Only the times written into the record
 * (acquire and renew time) follow the wall clock.
 *
 * <p>Immutable and thread-safe.
 */
final class LocalTime {
  private final Clock clock;
  private final Instant origin;
  private final long originNanos;

  LocalTime(Clock clock) {
    this.clock = clock;
    this.originNanos = clock.nanoTime();
    this.origin = clock.now();
  }

  Instant now() {
    return at(clock.nanoTime());
  }

  /** The local instant of a {@link Clock#nanoTime()} reading. */
  Instant at(long nanoTime) {
    return origin.plusNanos(nanoTime - originNanos);
  }
}
