package io.kubeloop.lease;

import io.kubeloop.core.Context;
import io.kubeloop.core.clock.Clock;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * How one {@link LeaderElector} calls its {@link LeaderCallbacks}: the leading callback on a thread of its own,
 * {@code onNewLeader} asynchronously and only when the observed holder changed (client-go's {@code reportedLeader}
 * and the {@code go} statements around the callbacks). Package-private: the elector's algorithm decides when, this
 * class decides how, so the algorithm never holds a lock or a thread of the user's.
 *
 * <p>Thread-safe. No lock is held while user code runs; a callback's exception is logged, never thrown.
 */
final class ElectorCallbacks {
  private static final System.Logger LOG = System.getLogger(LeaderElector.class.getName());

  private final LeaderCallbacks callbacks;
  /** Null: a new thread per callback. */
  private final Executor executor;
  private final String lockName;
  private final Object mutex = new Object();
  /** The holder last reported to {@code onNewLeader} ({@code reportedLeader}). Guarded by {@code mutex}. */
  private String reportedLeader = "";

  ElectorCallbacks(LeaderCallbacks callbacks, Executor executor, String lockName) {
    this.callbacks = callbacks;
    this.executor = executor;
    this.lockName = lockName;
  }

  /** A running {@code onStartedLeading}. */
  static final class Leading {
    /** Cancelled when the callback has returned (or will never run). */
    private final Context returned = Context.background().withCancel();

    /** Waits up to {@code timeout} on {@code clock} for the callback to return; whether it did. */
    boolean awaitReturned(Clock clock, Duration timeout) throws InterruptedException {
      return returned.isCancelled() || !clock.sleep(timeout, returned);
    }
  }

  /** Starts {@code onStartedLeading(context)} on thread {@code leader-elector[ns/name]-leading}. */
  Leading startLeading(Context context) {
    Leading leading = new Leading();
    spawn("leading", leading.returned::cancel, () -> callbacks.onStartedLeading().accept(context));
    return leading;
  }

  /** {@code onStoppedLeading}, on the calling thread. */
  void stoppedLeading() {
    callbacks.onStoppedLeading().run();
  }

  /** {@code maybeReportTransition}: tell {@code onNewLeader} if {@code holder} differs from the last one reported. */
  void reportIfChanged(String holder) {
    synchronized (mutex) {
      if (holder.equals(reportedLeader)) {
        return;
      }
      reportedLeader = holder;
    }
    if (callbacks.onNewLeader() != null) {
      spawn("new-leader", () -> {}, () -> callbacks.onNewLeader().accept(holder));
    }
  }

  /** Runs {@code task} on a new thread (or the executor), then {@code returned} (also if it can never run). */
  private void spawn(String role, Runnable returned, Runnable task) {
    Runnable guarded = () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.log(Level.ERROR, "leader election callback failed lock=" + lockName + " callback=" + role, e);
      } finally {
        returned.run();
      }
    };
    try {
      if (executor != null) {
        executor.execute(guarded);
      } else {
        new Thread(guarded, "leader-elector[" + lockName + "]-" + role).start();
      }
    } catch (RuntimeException rejected) {
      returned.run(); // it will never run: nothing to wait for
      LOG.log(Level.ERROR, "leader election callback could not be started lock=" + lockName + " callback=" + role, rejected);
    }
  }
}
