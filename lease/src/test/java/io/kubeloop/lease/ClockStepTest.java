package io.kubeloop.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.Lease;
import io.kubeloop.core.api.ObjectMeta;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A step of the system (wall) clock must not change when a lease expires: expiry is judged on the monotonic clock,
 * as Go's {@code time.Time} with its monotonic reading judges it in client-go. Only the times written into the
 * record follow the wall clock.
 */
class ClockStepTest {
  final SteppedWallClock clock = new SteppedWallClock();
  final ReactorLeaseClient server = new ReactorLeaseClient();

  LeaderElector follower(String identity) {
    return LeaderElector.create(LeaderElectionConfig.builder()
        .lock(LeaseLock.builder(server, "foo", "bar", identity).build())
        .leaseDuration(Duration.ofSeconds(10)).renewDeadline(Duration.ofSeconds(5)).retryPeriod(Duration.ofSeconds(2))
        .callbacks(LeaderCallbacks.of(ctx -> {}, () -> {}))
        .callbackExecutor(Runnable::run)
        .clock(clock)
        .build());
  }

  void seedHeldBy(String holder) {
    Instant t = Instant.parse("2025-12-31T23:00:00.123456Z");
    server.seed(Lease.of(ObjectMeta.of("foo", "bar"), LeaderElectionRecord.of(holder, 10, t, t, 0).toSpec(null)));
  }

  @Test
  void aFollowerWhoseClockStepsForwardStillWaitsTheFullLease() {
    seedHeldBy("bing");
    LeaderElector baz = follower("baz");
    assertFalse(baz.tryAcquireOrRenew(Context.background(), clock.instant()), "bing's lease is fresh");
    clock.stepWall(Duration.ofHours(1)); // NTP corrects a clock that was an hour behind
    clock.base.step(Duration.ofSeconds(1));
    assertFalse(baz.tryAcquireOrRenew(Context.background(), clock.instant()),
        "1 s of real time has passed, bing may still be renewing: taking over now would make two leaders");
    assertEquals("bing", server.stored("bar").orElseThrow().spec().holderIdentity());
    clock.base.step(Duration.ofSeconds(9));
    assertTrue(baz.tryAcquireOrRenew(Context.background(), clock.instant()), "10 s unchanged: expired");
  }

  @Test
  void aFollowerWhoseClockStepsBackwardsDoesNotWaitTheStepOnTop() {
    seedHeldBy("bing");
    LeaderElector baz = follower("baz");
    assertFalse(baz.tryAcquireOrRenew(Context.background(), clock.instant()));
    clock.stepWall(Duration.ofHours(-1));
    clock.base.step(Duration.ofSeconds(10));
    assertTrue(baz.tryAcquireOrRenew(Context.background(), clock.instant()),
        "10 s of real time unchanged: expired, whatever the wall clock says");
    assertEquals("baz", server.stored("bar").orElseThrow().spec().holderIdentity());
  }

  @Test
  void aLeaderWhoseClockStepsForwardStaysHealthyAndKeepsItsGuard() {
    LeaderElector baz = follower("baz");
    assertTrue(baz.tryAcquireOrRenew(Context.background(), clock.instant()), "creates the lease");
    LeaderHealthzAdaptor healthz = new LeaderHealthzAdaptor(Duration.ofSeconds(20));
    healthz.setLeaderElection(baz);
    clock.stepWall(Duration.ofHours(1));
    assertEquals(Optional.empty(), healthz.check(), "it renewed a moment ago on the monotonic clock");
    assertTrue(baz.tryAcquireOrRenew(Context.background(), clock.instant()));
    assertEquals(1, server.actions().stream().filter("update"::equals).count(),
        "the renew took the fast path: our lease is still valid on the monotonic clock");
  }
}
