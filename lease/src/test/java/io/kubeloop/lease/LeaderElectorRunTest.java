package io.kubeloop.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.ApiException;
import io.kubeloop.core.api.Status;
import io.kubeloop.testing.Await;
import io.kubeloop.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link LeaderElector#run} on a fake clock against LeaseLock over a reactor fake: client-go's
 * {@code TestFastPathLeaderElection}, the fast-path fallback, release on cancel ({@code testReleaseLease},
 * {@code TestReleaseOnCancellation}, {@code TestReleaseRetriesOnConflict}), renew deadline, callback order and the
 * guard.
 */
class LeaderElectorRunTest {
  final FakeClock clock = new FakeClock();
  final ReactorLeaseClient server = new ReactorLeaseClient();
  final List<String> events = Collections.synchronizedList(new ArrayList<>());
  final List<String> callbacks = Collections.synchronizedList(new ArrayList<>());
  final List<String> leaders = Collections.synchronizedList(new ArrayList<>());
  final AtomicReference<Context> leaderContext = new AtomicReference<>();
  final AtomicReference<String> leadingThread = new AtomicReference<>();
  final Context run = Context.background().withCancel();
  Thread runner;

  LeaderElectionConfig.Builder config() {
    return LeaderElectionConfig.builder()
        .lock(LeaseLock.builder(server, "foo", "bar", "baz").events(events::add).build())
        .leaseDuration(Duration.ofSeconds(15)).renewDeadline(Duration.ofSeconds(2)).retryPeriod(Duration.ofSeconds(1))
        .callbacks(new LeaderCallbacks(
            ctx -> {
              leadingThread.set(Thread.currentThread().getName());
              leaderContext.set(ctx);
              callbacks.add("started");
            },
            () -> callbacks.add("stopped"),
            leaders::add))
        .clock(clock);
  }

  LeaderElector start(LeaderElectionConfig config) {
    LeaderElector elector = LeaderElector.create(config);
    runner = new Thread(() -> elector.run(run), "test-runner");
    runner.start();
    return elector;
  }

  /** Waits until the only thing on the clock is the renew loop's sleep of one retry period. */
  void awaitRenewSleep() {
    Await.until("the leader sleeps one retry period", () -> {
      java.time.Instant due = clock.nextDue();
      return clock.waiterCount() == 1 && due != null && due.equals(clock.instant().plusSeconds(1));
    });
  }

  void awaitStopped() throws InterruptedException {
    runner.join(10_000);
    assertFalse(runner.isAlive(), "run returned");
  }

  @AfterEach
  void stop() throws InterruptedException {
    run.cancel();
    if (runner != null) {
      runner.join(10_000);
    }
  }

  @Test
  void fastPathRenewsWithUpdatesOnly() throws Exception {
    AtomicInteger updates = new AtomicInteger();
    server.onUpdate((n, l) -> {
      if (updates.incrementAndGet() == 2) {
        run.cancel();
      }
      return null;
    });
    start(config().build());
    awaitRenewSleep(); // first renew done
    clock.step(Duration.ofSeconds(1));
    awaitStopped();
    assertEquals(List.of("get", "create", "update", "update"), server.actions());
  }

  @Test
  void fastPathFallsBackToGetAndUpdateInTheSameAttempt() throws Exception {
    AtomicInteger updates = new AtomicInteger();
    server.onUpdate((n, l) -> {
      int u = updates.incrementAndGet();
      if (u == 2) {
        throw ReactorLeaseClient.conflict(n);
      }
      if (u == 4) {
        run.cancel();
      }
      return null;
    });
    LeaderElector elector = start(config().build());
    awaitRenewSleep();
    clock.step(Duration.ofSeconds(1));
    awaitRenewSleep();
    clock.step(Duration.ofSeconds(1));
    awaitStopped();
    assertEquals(List.of("get", "create", "update", "update", "get", "update", "update"), server.actions());
    assertEquals(1, elector.slowPathCount());
  }

  @Test
  void releaseOnCancelWritesAnEmptyHolderAndReportsIt() throws Exception {
    LeaderElector elector = start(config().releaseOnCancel(true).callbackExecutor(Runnable::run).build());
    awaitRenewSleep();
    assertTrue(elector.isLeader());
    run.cancel();
    awaitStopped();

    assertEquals(List.of("baz became leader", "baz stopped leading"), events);
    assertEquals(List.of("get", "create", "update", "get", "update"), server.actions(), "one more update: the release");
    var spec = server.stored("bar").orElseThrow().spec();
    assertEquals("", spec.holderIdentity());
    assertEquals(1, spec.leaseDurationSeconds());
    assertEquals(0, spec.leaseTransitions());
    assertEquals("", elector.getLeader());
    assertEquals(List.of("baz", ""), leaders);
    assertEquals(List.of("started", "stopped"), callbacks);
    assertTrue(leaderContext.get().isCancelled());
  }

  /** A leader whose code blocks on {@code mayReturn} after it started, on its own thread. */
  LeaderElectionConfig.Builder drainingLeader(CountDownLatch mayReturn) {
    return config().releaseOnCancel(true).callbacks(new LeaderCallbacks(ctx -> {
      callbacks.add("started");
      try {
        mayReturn.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      callbacks.add("returned after " + server.actions());
    }, () -> callbacks.add("stopped"), leaders::add));
  }

  /** Waits until run, its context cancelled, waits up to the renew deadline for onStartedLeading to return. */
  void awaitWaitingForLeaderCode() {
    Await.until("run waits for onStartedLeading", () -> {
      java.time.Instant due = clock.nextDue();
      return clock.waiterCount() == 1 && due != null && due.equals(clock.instant().plusSeconds(2));
    });
  }

  @Test
  void releaseWaitsUntilTheLeadersCodeHasReturned() throws Exception {
    CountDownLatch mayReturn = new CountDownLatch(1);
    start(drainingLeader(mayReturn).build());
    awaitRenewSleep();
    run.cancel();
    awaitWaitingForLeaderCode();
    assertEquals(List.of("get", "create", "update"), server.actions(), "no release while the leader's code runs");
    assertEquals("baz", server.stored("bar").orElseThrow().spec().holderIdentity());

    mayReturn.countDown();
    awaitStopped();
    assertEquals(List.of("started", "returned after [get, create, update]", "stopped"), callbacks);
    assertEquals(List.of("get", "create", "update", "get", "update"), server.actions(), "then the release");
    assertEquals("", server.stored("bar").orElseThrow().spec().holderIdentity());
  }

  @Test
  void leaderCodeThatDoesNotReturnWithinTheRenewDeadlineKeepsTheLeaseUntilItExpires() throws Exception {
    CountDownLatch mayReturn = new CountDownLatch(1);
    try {
      start(drainingLeader(mayReturn).build());
      awaitRenewSleep();
      run.cancel();
      awaitWaitingForLeaderCode();
      clock.step(Duration.ofSeconds(2));
      awaitStopped();
      assertEquals(List.of("started", "stopped"), callbacks, "onStoppedLeading is still called");
      assertEquals(List.of("get", "create", "update"), server.actions(), "no release: the old leader may still act");
      assertEquals("baz", server.stored("bar").orElseThrow().spec().holderIdentity());
    } finally {
      mayReturn.countDown();
    }
  }

  @Test
  void releaseRetriesOnConflictUntilItSucceeds() {
    server.seed(io.kubeloop.core.api.Lease.of(io.kubeloop.core.api.ObjectMeta.of("foo", "bar"),
        LeaderElectionRecord.of("baz", 15, clock.instant(), clock.instant(), 0).toSpec(null)));
    AtomicInteger updates = new AtomicInteger();
    server.onUpdate((n, l) -> {
      if (updates.incrementAndGet() == 1) {
        throw ReactorLeaseClient.conflict(n);
      }
      return null;
    });
    LeaderElector elector = LeaderElector.create(config().build());
    elector.setObservedForTest(LeaderElectionRecord.of("baz", 15, clock.instant(), clock.instant(), 0), clock.instant());
    assertTrue(elector.release());
    assertEquals(List.of("get", "update", "get", "update"), server.actions(), "GET first, then again after the 409");
    assertEquals("", server.stored("bar").orElseThrow().spec().holderIdentity());
  }

  @Test
  void releaseLeavesAloneARecordAnotherProcessWroteUnderOurIdentity() {
    server.seed(io.kubeloop.core.api.Lease.of(io.kubeloop.core.api.ObjectMeta.of("foo", "bar"),
        LeaderElectionRecord.of("baz", 15, clock.instant(), clock.instant().plusSeconds(7), 0).toSpec(null)));
    LeaderElector elector = LeaderElector.create(config().build());
    elector.setObservedForTest(LeaderElectionRecord.of("baz", 15, clock.instant(), clock.instant(), 0), clock.instant());
    assertTrue(elector.release());
    assertEquals(List.of("get"), server.actions(), "a restarted successor with our name renewed it: no release");
    assertEquals("baz", server.stored("bar").orElseThrow().spec().holderIdentity());
  }

  @Test
  void releaseWithoutLeadingWritesNothing() {
    server.seed(io.kubeloop.core.api.Lease.of(io.kubeloop.core.api.ObjectMeta.of("foo", "bar"),
        LeaderElectionRecord.of("bing", 15, clock.instant(), clock.instant(), 0).toSpec(null)));
    LeaderElector elector = LeaderElector.create(config().build());
    assertTrue(elector.release());
    assertEquals(List.of("get"), server.actions(), "release must GET, and writes only if we lead");
  }

  @Test
  void renewThatFailsUntilTheDeadlineEndsLeadership() throws Exception {
    AtomicBoolean failing = new AtomicBoolean();
    ApiException unavailable = new ApiException(Status.failure(503, "ServiceUnavailable", "down"));
    server.onUpdate((n, l) -> {
      if (failing.get()) {
        throw unavailable;
      }
      return null;
    });
    server.onGet((n, l) -> {
      if (failing.get()) {
        throw unavailable;
      }
      return null;
    });
    LeaderElector elector = start(config().build());
    awaitRenewSleep();
    Instant lastRenewStart = clock.instant();
    LeaseGuard guard = elector.guard();
    assertTrue(guard.isHeld());
    assertEquals(Duration.ofSeconds(2), guard.remaining(), "15 s lease − default margin (15 s − 2 s)");
    Await.value("leading thread", leadingThread::get);
    assertEquals("leader-elector[foo/bar]-leading", leadingThread.get());

    failing.set(true);
    clock.step(Duration.ofSeconds(1)); // renew attempt at +1 s fails; ticker retries at +2 s; deadline at +3 s
    clock.awaitWaiters(2);
    clock.step(Duration.ofSeconds(1).minusNanos(1));
    assertTrue(guard.isHeld(), "guard holds until the last successful renew's start + 2 s");
    clock.step(Duration.ofNanos(1));
    assertFalse(guard.isHeld());
    clock.awaitWaiters(2);
    clock.step(Duration.ofSeconds(1)); // deadline passes at +3 s
    awaitStopped();
    assertEquals(Duration.ofSeconds(3), Duration.between(lastRenewStart, clock.instant()));
    assertEquals(List.of("started", "stopped"), callbacks);
    assertTrue(leaderContext.get().isCancelled());
    assertEquals(ElectorState.STOPPED, elector.state());
    assertTrue(elector.isLeader(), "client-go's IsLeader still reads the last observed record");
    assertEquals(List.of("get", "create", "update", "update", "get"), server.actions().subList(0, 5));
  }

  @Test
  void onStoppedLeadingRunsEvenWithoutLeading() throws Exception {
    server.seed(io.kubeloop.core.api.Lease.of(io.kubeloop.core.api.ObjectMeta.of("foo", "bar"),
        LeaderElectionRecord.of("bing", 15, clock.instant(), clock.instant(), 0).toSpec(null)));
    LeaderElector elector = start(config().callbackExecutor(Runnable::run).build());
    // held by bing: reported after the attempt (and its deadline timer) ended, then waiting for the next retry
    Await.until("waiting for the next retry", () -> leaders.contains("bing") && clock.waiterCount() == 1);
    run.cancel();
    awaitStopped();
    assertEquals(List.of("stopped"), callbacks);
    assertEquals(List.of("bing"), leaders);
    assertEquals("bing", elector.getLeader());
    assertFalse(elector.guard().isHeld());
  }

  @Test
  void followerRetriesWithJitterAndTakesOverAfterTheLeaseDuration() throws Exception {
    server.seed(io.kubeloop.core.api.Lease.of(io.kubeloop.core.api.ObjectMeta.of("foo", "bar"),
        LeaderElectionRecord.of("bing", 15, clock.instant(), clock.instant(), 4).toSpec(null)));
    Instant firstSeen = clock.instant();
    LeaderElector elector = start(config().random(new java.util.Random(1)).build());
    while (!elector.isLeader()) {
      // parked in the retry wait: an attempt in flight also has a waiter (its deadline) but never parks here
      Await.until("parked between attempts", () -> clock.waiterCount() == 1 && runner.getState() == Thread.State.WAITING);
      Duration wait = Duration.between(clock.instant(), clock.nextDue());
      assertTrue(wait.compareTo(Duration.ofSeconds(1)) >= 0 && wait.compareTo(Duration.ofMillis(2200)) < 0,
          "retry period × [1, 2.2): " + wait);
      clock.stepToNextWaiter();
      Await.until("attempt done", () -> elector.isLeader()
          || (clock.waiterCount() == 1 && runner.getState() == Thread.State.WAITING));
    }
    Duration takeover = Duration.between(firstSeen, clock.instant());
    assertTrue(takeover.compareTo(Duration.ofSeconds(15)) >= 0 && takeover.compareTo(Duration.ofMillis(17200)) < 0,
        "after 15 s unchanged, at the first retry: " + takeover);
    assertEquals(5, server.stored("bar").orElseThrow().spec().leaseTransitions());
  }

  @Test
  void onStoppedLeadingWaitsForALateOnStartedLeadingToReturn() throws InterruptedException {
    // An executor whose thread is scheduled late: it starts the leading callback only once onStoppedLeading has
    // run, or after 500 ms of real time, whichever comes first (a busy machine, a short term).
    java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    LeaderElectionConfig.Builder b = config().callbackExecutor(task -> new Thread(() -> {
      try {
        stopped.await(500, java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      task.run();
    }, "late-callback").start());
    LeaderCallbacks cb = b.build().callbacks();
    LeaderElector elector = start(b.callbacks(new LeaderCallbacks(cb.onStartedLeading(), () -> {
      callbacks.add("stopped");
      stopped.countDown();
    }, null)).build());
    awaitRenewSleep();
    assertTrue(elector.isLeader());
    run.cancel();
    awaitStopped();
    assertEquals(List.of("started", "stopped"), callbacks, "onStartedLeading returned before onStoppedLeading began");
    assertTrue(leaderContext.get().isCancelled());
  }
}
