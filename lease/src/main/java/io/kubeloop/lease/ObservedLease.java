package io.kubeloop.lease;

import java.time.Duration;
import java.time.Instant;

/**
 * What one elector last saw of the lock, and when: client-go's {@code observedRecord}, {@code observedTime} and
 * {@code observedRawRecord}, kept together under one lock (client-go commits b4027a90c and 7761b3a08 fixed races
 * where they were read separately).
 *
 * <p>{@code time} is read on the elector's own monotonic clock ({@code LeaderElector.local()}: an instant that
 * follows {@code Clock.nanoTime()}, so a step of the system clock neither shortens nor lengthens a lease); the
 * remote {@code renewTime} is never used to judge expiry. {@code raw} is the last record read from the lock (client-go updates it only in step 3 of
 * {@code tryAcquireOrRenew}, not after our own writes, so after our own update the next read always counts as a
 * change).
 */
final class ObservedLease {
  /** An immutable snapshot: the record and the local time it was set. {@code time} is null before anything was seen. */
  record Observation(LeaderElectionRecord record, Instant time) {
    /**
     * {@code isLeaseValid(now)}: {@code time + record.leaseDurationSeconds} is strictly after {@code now}. Uses the
     * holder's advertised duration, not our configuration (client-go commit b4217e149).
     */
    boolean isLeaseValid(Instant now) {
      return time != null && time.plus(Duration.ofSeconds(record.leaseDurationSeconds())).isAfter(now);
    }

    boolean isHeldBy(String identity) {
      return record.isHeldBy(identity);
    }
  }

  private final Object lock = new Object();
  /** Guarded by {@code lock}. Never null. */
  private Observation current = new Observation(LeaderElectionRecord.EMPTY, null);
  /** The last record read from the lock. Guarded by {@code lock}; null before the first read. */
  private LeaderElectionRecord raw;

  Observation get() {
    synchronized (lock) {
      return current;
    }
  }

  /** {@code setObservedRecord}: the record and the local time now. */
  void set(LeaderElectionRecord record, Instant now) {
    synchronized (lock) {
      current = new Observation(record, now);
    }
  }

  /**
   * Step 3 of {@code tryAcquireOrRenew}: if {@code read} differs from the last record read, adopt it with
   * {@code now} as the time it was seen to change. Returns the observation after the comparison.
   */
  Observation observeRead(LeaderElectionRecord read, Instant now) {
    synchronized (lock) {
      if (!read.equals(raw)) {
        current = new Observation(read, now);
        raw = read;
      }
      return current;
    }
  }

  /**
   * What a watch saw counts like a read, except that it never replaces an observation of our own holding: a
   * watch event still in flight when we acquire must not make us believe the previous holder is back (our next
   * GET shows the truth anyway).
   */
  Observation observeWatched(LeaderElectionRecord read, Instant now, String identity) {
    synchronized (lock) {
      if (current.isHeldBy(identity)) {
        return current;
      }
      return observeRead(read, now);
    }
  }

  /**
   * For table tests: set the observed record, its raw form and the time, as client-go's tests set
   * {@code observedRecord}, {@code observedRawRecord} and {@code observedTime}.
   */
  void setForTest(LeaderElectionRecord record, Instant time) {
    synchronized (lock) {
      current = new Observation(record, time);
      raw = record;
    }
  }
}
