package io.kubeloop.lease;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.ApiException;
import io.kubeloop.core.clock.Clock;
import io.kubeloop.lease.ObservedLease.Observation;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Java counterpart of client-go {@code tools/leaderelection/leaderelection.go} ({@code LeaderElector}): one
 * candidate's loop that acquires a {@link ResourceLock}, renews it, and releases it.
 *
 * <pre>{@code
 * LeaderElector elector = LeaderElector.create(config);   // validates as NewLeaderElector does
 * elector.run(context);                                   // blocks; returns when leadership ends or context is cancelled
 * }</pre>
 *
 * <p>{@link #run} follows client-go step by step: acquire with jittered retries ({@code retryPeriod × [1, 2.2)});
 * call {@code onStartedLeading} on a new thread; renew every {@code retryPeriod}, each renew retried every
 * {@code retryPeriod} until it succeeds or {@code renewDeadline} passes (the lock's requests are bound to that
 * deadline); on failure or cancellation cancel the leader's context, wait for {@code onStartedLeading} to return
 * (up to the renew deadline; client-go does not wait), release (if configured, and only if it returned: client-go
 * releases first), then call {@code onStoppedLeading} on the calling thread. Expiry of another holder's lease is
 * judged only by the local time at which this elector last saw the record change plus the holder's advertised
 * {@code leaseDurationSeconds}.
 *
 * <p>Like client-go's, an elector runs once ({@link ElectorState}); to stand again after losing, create a new one
 * or use {@link LeaderElection#runAgainAfterLosing}.
 *
 * <p>Differences from client-go: the clock, jitter source, metrics and callback executor are injected; records
 * are compared at microsecond precision (see {@link LeaderElectionRecord}); no coordinated (alpha) mode. Beyond
 * client-go, both off unless configured: watch-driven followers ({@link LeaderElectionConfig#watchFollowers()})
 * and {@link #guard()}.
 *
 * <p>Thread-safe: {@link #isLeader}, {@link #getLeader}, {@link #check} and {@link #guard} may be called from any
 * thread. No lock is held while calling the {@link ResourceLock} or user code.
 */
public final class LeaderElector {
  private static final System.Logger LOG = System.getLogger(LeaderElector.class.getName());

  private final LeaderElectionConfig config;
  private final ResourceLock lock;
  private final Clock clock;
  private final LeaseTiming timing;
  private final String name;
  private final ObservedLease observed = new ObservedLease();
  private final RetryWaiter retry;
  private final AtomicLong slowPaths = new AtomicLong();
  private final LocalTime localTime;

  private final ElectorLifecycle lifecycle;
  private final ElectorCallbacks callbacks;
  /** The record of our latest create or update attempt, whatever its outcome; null before any. */
  private volatile LeaderElectionRecord lastSent;

  private LeaderElector(LeaderElectionConfig config) {
    this.config = config;
    this.lock = config.lock();
    this.clock = config.clock();
    this.timing = config.timing();
    this.name = config.name();
    this.retry = new RetryWaiter(clock);
    this.lifecycle = new ElectorLifecycle(clock, lock.describe());
    this.callbacks = new ElectorCallbacks(config.callbacks(), config.callbackExecutor(), lock.describe());
    this.localTime = new LocalTime(clock);
    config.metrics().leaderOff(name);
  }

  /** {@code NewLeaderElector}: the config is already validated by its constructor. */
  public static LeaderElector create(LeaderElectionConfig config) {
    return new LeaderElector(java.util.Objects.requireNonNull(config, "config"));
  }

  /**
   * Runs this candidate until leadership is lost or {@code context} is cancelled; then calls
   * {@code onStoppedLeading}, always, even if it never led. An interrupt of the calling thread ends the run like a
   * cancellation (the interrupt flag is restored).
   *
   * @throws IllegalStateException if this elector was already run
   */
  public void run(Context context) {
    moveTo(ElectorState.ACQUIRING);
    try {
      if (!acquire(context)) {
        return;
      }
      Context leaderContext = context.withCancel();
      ElectorCallbacks.Leading leading = callbacks.startLeading(leaderContext);
      try {
        renew(leaderContext);
      } finally {
        leaderContext.cancel();
        boolean returned = awaitReturned(leading);
        if (config.releaseOnCancel()) {
          releaseAfterLeaderCode(returned);
        }
        lock.recordEvent("stopped leading");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lifecycle.stopped(); // from ACQUIRING or STOPPING, or from anywhere after an interrupt
      callbacks.stoppedLeading();
    }
  }

  /* 1. acquire: attempt at once, then after each failure wait retryPeriod × [1, 2.2) (JitterUntil, sliding). With
   *    watch-driven followers the wait also ends when the watch sees the lease released, deleted, or expired. */
  private boolean acquire(Context context) throws InterruptedException {
    LOG.log(Level.INFO, () -> "attempting to acquire leader lease lock=" + lock.describe());
    WatchableLock.Subscription watch = null;
    if (config.watchFollowers() && lock instanceof WatchableLock watchable) {
      watch = watchable.watch(this::onWatched);
    }
    try {
      while (!context.isCancelled()) {
        // Difference from client-go: an attempt's requests are bound to the renew deadline, as a renew's are.
        // Without it a follower whose lock has no request timeout (ClientConfig's default) hung for good on a
        // request that never answered (a half-open connection), and never took over.
        Context attempt = context.withTimeout(clock, timing.renewDeadline());
        boolean acquired;
        try {
          acquired = tryAcquireOrRenew(attempt, clock.now());
        } finally {
          attempt.cancel();
        }
        maybeReportTransition();
        if (acquired) {
          moveTo(ElectorState.LEADING);
          lock.recordEvent("became leader");
          config.metrics().leaderOn(name);
          LOG.log(Level.INFO, () -> "successfully acquired lease lock=" + lock.describe());
          return true;
        }
        LOG.log(Level.TRACE, () -> "failed to acquire lease lock=" + lock.describe());
        if (!retry.await(jittered(timing.retryPeriod()), context)) {
          break;
        }
      }
      return false;
    } finally {
      if (watch != null) {
        watch.close();
      }
      retry.cancelScheduled();
    }
  }

  /* 2. renew: every retryPeriod, a poll that attempts at once and then every retryPeriod (fixed ticker) until it
   *    succeeds or renewDeadline passes; the deadline context is the one the lock's requests use, so a hung request
   *    is aborted at the deadline. A failed poll ends leadership; run then releases (see releaseAfterLeaderCode). */
  private void renew(Context leaderContext) throws InterruptedException {
    try {
      while (!leaderContext.isCancelled()) {
        Context deadline = leaderContext.withTimeout(clock, timing.renewDeadline());
        boolean renewed;
        try {
          renewed = pollRenew(deadline);
        } finally {
          deadline.cancel();
        }
        maybeReportTransition();
        if (!renewed) {
          config.metrics().leaderOff(name);
          LOG.log(Level.INFO, () -> "failed to renew lease lock=" + lock.describe() + " reason=" + deadline.cause());
          break;
        }
        LOG.log(Level.TRACE, () -> "successfully renewed lease lock=" + lock.describe());
        if (!clock.sleep(timing.retryPeriod(), leaderContext)) {
          break;
        }
      }
    } finally {
      moveTo(ElectorState.STOPPING); // the guard says no from here on, before any release is sent
    }
  }

  /* Difference from client-go, which releases as soon as renewing ends while onStartedLeading may still be running
   * (its ReleaseOnCancel doc asks the caller to finish the guarded work before cancelling). Here the release waits
   * until the leader's code has returned, so a watching follower cannot take over while it still works. If that code
   * does not return within the renew deadline, the lease is not released: it expires on its own, which is slower
   * for the others but never gives them a lease whose old holder is still acting. */
  private void releaseAfterLeaderCode(boolean leaderCodeReturned) {
    if (!leaderCodeReturned) {
      LOG.log(Level.WARNING, () -> "not releasing the lease: onStartedLeading is still running; it expires "
          + timing.leaseDuration() + " after the last renew lock=" + lock.describe());
      return;
    }
    release();
    maybeReportTransition();
  }

  private boolean pollRenew(Context deadline) throws InterruptedException {
    long start = clock.nanoTime();
    long period = timing.retryPeriod().toNanos();
    while (true) {
      if (deadline.isCancelled()) {
        return false; // no extra attempt after the deadline or a cancellation (client-go commit 8a32b4087)
      }
      if (tryAcquireOrRenew(deadline, clock.now())) {
        return true;
      }
      long elapsed = clock.nanoTime() - start;
      long nextTick = (elapsed / period + 1) * period; // a ticker: attempts slower than the period skip ticks
      if (!clock.sleep(Duration.ofNanos(nextTick - elapsed), deadline)) {
        return false;
      }
    }
  }

  /**
   * One attempt, client-go's {@code tryAcquireOrRenew} step by step; {@code now} is the time the attempt
   * started. Returns whether this candidate holds the lock afterwards. Never throws for lock failures.
   */
  boolean tryAcquireOrRenew(Context context, Instant now) {
    long startNanos = clock.nanoTime(); // the guard counts from before any request of this attempt
    Instant localNow = localTime.at(startNanos); // expiry is judged on the monotonic clock; `now` goes on the wire
    String me = lock.identity();
    LeaderElectionRecord desired = LeaderElectionRecord.of(me, timing.leaseDurationSeconds(), now, now, 0);

    // 1. Fast path: we lead and our lease is valid, so update with the cached object; no GET.
    Observation seen = observed.get();
    if (seen.isHeldBy(me) && seen.isLeaseValid(localNow)) {
      LeaderElectionRecord renewal = desired.withAcquireTime(seen.record().acquireTime())
          .withLeaderTransitions(seen.record().leaderTransitions());
      try {
        lastSent = renewal;
        lock.update(context, renewal);
        succeeded(renewal, startNanos);
        return true;
      } catch (IOException | ApiException | RuntimeException e) {
        LOG.log(Level.DEBUG, () -> "failed to update lease optimistically, falling back to slow path lock="
            + lock.describe() + " error=" + e);
      }
    }

    // 2. Read the record; create the lock object if it does not exist.
    LeaderElectionRecord old;
    try {
      old = lock.get(context);
    } catch (ApiException e) {
      if (!e.isNotFound()) {
        LOG.log(Level.ERROR, () -> "error retrieving resource lock lock=" + lock.describe() + " error=" + e);
        return false;
      }
      try {
        lastSent = desired;
        lock.create(context, desired);
      } catch (IOException | ApiException | RuntimeException ce) {
        LOG.log(Level.ERROR, () -> "error initially creating lease lock lock=" + lock.describe() + " error=" + ce);
        return false;
      }
      succeeded(desired, startNanos);
      return true;
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.ERROR, () -> "error retrieving resource lock lock=" + lock.describe() + " error=" + e);
      return false;
    }

    // 3. A changed record restarts the expiry countdown on our clock. Held by someone else and not expired: wait.
    seen = observed.observeRead(old, local());
    if (!old.holderIdentity().isEmpty() && seen.isLeaseValid(localNow) && !seen.isHeldBy(me)) {
      LOG.log(Level.TRACE, () -> "lock is held by " + old.holderIdentity() + " and has not yet expired lock=" + lock.describe());
      lifecycle.revoke(); // whatever we believed, someone else holds it now
      return false;
    }

    // 4. Renew our own lease through the slow path, or take over an expired or released one.
    if (seen.isHeldBy(me)) {
      desired = desired.withAcquireTime(old.acquireTime()).withLeaderTransitions(old.leaderTransitions());
      slowPaths.incrementAndGet();
      config.metrics().slowpathExercised(name);
    } else {
      desired = desired.withLeaderTransitions(old.leaderTransitions() + 1);
    }
    try {
      lastSent = desired;
      lock.update(context, desired);
    } catch (IOException | ApiException | RuntimeException e) {
      LOG.log(Level.ERROR, () -> "failed to update lock lock=" + lock.describe() + " error=" + e);
      return false;
    }
    succeeded(desired, startNanos);
    return true;
  }

  private void succeeded(LeaderElectionRecord written, long startNanos) {
    observed.set(written, local());
    lifecycle.written(startNanos, Duration.ofSeconds(written.leaseDurationSeconds()).minus(config.guardDriftMargin()));
  }

  /** 3. release: see {@link LeaseRelease}. */
  boolean release() {
    return LeaseRelease.release(lock, clock, timing.renewDeadline(), observed, localTime, lastSent);
  }

  /* Watch-driven followers: adopt what the watch saw (it is a read like step 3's), report a new leader, and wake
   * the acquire loop now (released or deleted) or at the exact instant the observed lease expires. */
  private void onWatched(Optional<LeaderElectionRecord> seen) {
    if (lifecycle.state() != ElectorState.ACQUIRING) {
      return;
    }
    if (seen.isEmpty()) {
      retry.wakeUp();
      return;
    }
    Observation o = observed.observeWatched(seen.get(), local(), lock.identity());
    maybeReportTransition();
    if (o.isHeldBy(lock.identity())) {
      return; // we hold it (or believe so until our next read): nothing to wake up for
    }
    if (o.record().holderIdentity().isEmpty()) {
      retry.wakeUp();
      return;
    }
    Instant expiry = o.time().plusSeconds(o.record().leaseDurationSeconds());
    retry.wakeUpAfter(Duration.between(local(), expiry));
  }

  /** {@code maybeReportTransition}: tell {@code onNewLeader} if the observed holder changed since the last report. */
  void maybeReportTransition() {
    callbacks.reportIfChanged(observed.get().record().holderIdentity());
  }

  /** Whether the last observed record names this candidate ({@code IsLeader}). */
  public boolean isLeader() {
    return observed.get().isHeldBy(lock.identity());
  }

  /** The holder in the last observed record, {@code ""} if none ({@code GetLeader}). */
  public String getLeader() {
    return observed.get().record().holderIdentity();
  }

  /**
   * {@code Check}: empty if healthy; otherwise {@code failed election to renew leadership on lease <name>}, when
   * this candidate leads but has not renewed for {@code leaseDuration + maxTolerableExpiredLease} (its renew loop
   * is stuck). A follower is always healthy.
   */
  public Optional<String> check(Duration maxTolerableExpiredLease) {
    Observation o = observed.get(); // one snapshot: record and time together
    if (!o.isHeldBy(lock.identity())) {
      return Optional.empty();
    }
    Duration since = o.time() == null ? Duration.ofDays(365 * 1000L) : Duration.between(o.time(), local());
    if (since.compareTo(timing.leaseDuration().plus(maxTolerableExpiredLease)) > 0) {
      return Optional.of("failed election to renew leadership on lease " + name);
    }
    return Optional.empty();
  }

  /** The guard the leader's code asks before each write; see {@link LeaseGuard} for what it guarantees. */
  public LeaseGuard guard() {
    return lifecycle;
  }

  public ElectorState state() {
    return lifecycle.state();
  }

  /** How often the leader renewed through GET + UPDATE ({@code leader_election_slowpath_total}). */
  public long slowPathCount() {
    return slowPaths.get();
  }

  public LeaderElectionConfig config() {
    return config;
  }

  /** For table tests: the observed record and time, as client-go's tests set them. */
  void setObservedForTest(LeaderElectionRecord record, Instant time) {
    observed.setForTest(record, local().plus(Duration.between(clock.now(), time)));
  }

  private Instant local() {
    return localTime.now();
  }

  private void moveTo(ElectorState next) {
    lifecycle.moveTo(next);
  }

  private Duration jittered(Duration period) {
    double factor = config.random().nextDouble() * LeaseTiming.JITTER_FACTOR;
    return period.plusNanos((long) (period.toNanos() * factor));
  }

  /* Before onStoppedLeading, wait for onStartedLeading to return: its context is cancelled by now, so leader code
   * that honours it returns promptly. client-go does not wait (a goroutine), and with threads that showed: on a
   * busy machine the leading thread could first be scheduled after a short term had ended, so the user's code ran
   * onStartedLeading after onStoppedLeading (and, say, set a "leading" flag nothing cleared), and the leading
   * thread outlived run. Bounded by the renew deadline, for leader code that ignores its context; then we log and
   * go on, as client-go would. */
  private boolean awaitReturned(ElectorCallbacks.Leading leading) {
    try {
      if (leading.awaitReturned(clock, timing.renewDeadline())) {
        return true;
      }
      LOG.log(Level.WARNING, () -> "onStartedLeading has not returned " + timing.renewDeadline()
          + " after its context was cancelled; calling onStoppedLeading anyway lock=" + lock.describe());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  @Override
  public String toString() {
    return "LeaderElector[" + name + ", identity=" + lock.identity() + ", state=" + state() + "]";
  }
}
