package io.kubeloop.lease;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.ApiException;
import io.kubeloop.core.clock.Clock;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;

/**
 * client-go's {@code LeaderElector.release} and {@code tryRelease}: give the lease up so another candidate can take
 * it at once, as a procedure of its own because it differs from a renew in every respect that matters.
 *
 * <ol>
 *   <li>A fresh context with the renew deadline, never the (cancelled) run context (client-go f9eba8e8c).</li>
 *   <li>GET first, so the resourceVersion is fresh (500bfe00c, e36950929); not found or an error: give up.</li>
 *   <li>If the local observation says we do not lead, there is nothing to release.</li>
 *   <li>Difference from client-go: the record read must be one this elector wrote (its last success or its last
 *       attempt). The election simulation found that otherwise an old process releases the lease its restarted
 *       successor with the same identity has just renewed.</li>
 *   <li>A complete record: holder {@code ""}, 1 s, acquire and renew time now, transitions kept (710705cfe).</li>
 *   <li>A 409 (a renew that completed server-side after we gave up on it, 1b1630d32): GET and try again, until
 *       the deadline.</li>
 * </ol>
 */
final class LeaseRelease {
  private static final System.Logger LOG = System.getLogger(LeaderElector.class.getName());

  private LeaseRelease() {}

  /** Whether the lease is released (or was not ours); records the released record as observed on success. */
  static boolean release(ResourceLock lock, Clock clock, Duration renewDeadline, ObservedLease observed, LocalTime local,
      LeaderElectionRecord lastSent) {
    Context context = Context.background().withTimeout(clock, renewDeadline);
    try {
      while (true) {
        LeaderElectionRecord current;
        try {
          current = lock.get(context);
        } catch (ApiException e) {
          if (e.isNotFound()) {
            LOG.log(Level.INFO, () -> "lease lock not found lock=" + lock.describe());
          } else {
            LOG.log(Level.ERROR, () -> "failed to get lease lock=" + lock.describe() + " error=" + e);
          }
          return false;
        } catch (IOException | RuntimeException e) {
          LOG.log(Level.ERROR, () -> "failed to get lease lock=" + lock.describe() + " error=" + e);
          return false;
        }
        if (!observed.get().isHeldBy(lock.identity())) {
          return true;
        }
        if (!current.equals(observed.get().record()) && !current.equals(lastSent)) {
          // Held under our identity, but not by a record we wrote: another process with the same identity (an
          // overlapping restart) renewed it. Releasing would pull the lease from under it.
          LOG.log(Level.INFO, () -> "lease renewed by another process with our identity, not releasing lock=" + lock.describe());
          return true;
        }
        Instant now = clock.now();
        LeaderElectionRecord released = LeaderElectionRecord.of("", 1, now, now, current.leaderTransitions());
        try {
          lock.update(context, released);
          observed.set(released, local.now());
          LOG.log(Level.INFO, () -> "successfully released lease lock=" + lock.describe());
          return true;
        } catch (ApiException e) {
          if (e.isConflict() && !context.isCancelled()) {
            LOG.log(Level.DEBUG, () -> "conflict while releasing lease, retrying lock=" + lock.describe());
            continue;
          }
          LOG.log(Level.ERROR, () -> "failed to release lock lock=" + lock.describe() + " error=" + e);
          return false;
        } catch (IOException | RuntimeException e) {
          LOG.log(Level.ERROR, () -> "failed to release lock lock=" + lock.describe() + " error=" + e);
          return false;
        }
      }
    } finally {
      context.cancel();
    }
  }
}
