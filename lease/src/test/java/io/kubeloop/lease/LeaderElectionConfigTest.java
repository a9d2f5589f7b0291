package io.kubeloop.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kubeloop.core.Context;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code NewLeaderElector}'s validation: client-go's rules, in its order, with its messages (§1.1, test case 13). */
class LeaderElectionConfigTest {
  record Case(String name, UnaryOperator<LeaderElectionConfig.Builder> change, String expectedMessage) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final ResourceLock LOCK = new FakeLock("baz");

  static LeaderElectionConfig.Builder valid() {
    return LeaderElectionConfig.builder()
        .lock(LOCK)
        .leaseDuration(Duration.ofSeconds(15)).renewDeadline(Duration.ofSeconds(2)).retryPeriod(Duration.ofSeconds(1))
        .callbacks(new LeaderCallbacks(ctx -> {}, () -> {}, id -> {}));
  }

  static Duration s(long seconds) {
    return Duration.ofSeconds(seconds);
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("all zero fails the first rule, not the zero rules",
            b -> b.leaseDuration(Duration.ZERO).renewDeadline(Duration.ZERO).retryPeriod(Duration.ZERO),
            "leaseDuration must be greater than renewDeadline"),
        new Case("lease duration equal to renew deadline", b -> b.leaseDuration(s(2)),
            "leaseDuration must be greater than renewDeadline"),
        new Case("renew deadline equal to 1.2 × retry period", b -> b.renewDeadline(Duration.ofMillis(1200)),
            "renewDeadline must be greater than retryPeriod*JitterFactor"),
        new Case("renew deadline one nanosecond over 1.2 × retry period is valid",
            b -> b.renewDeadline(Duration.ofMillis(1200).plusNanos(1)), null),
        new Case("negative lease duration", b -> b.leaseDuration(s(-1)).renewDeadline(s(-2)).retryPeriod(s(-10)),
            "leaseDuration must be greater than zero"),
        new Case("zero renew deadline", b -> b.leaseDuration(s(1)).renewDeadline(Duration.ZERO).retryPeriod(s(-1)),
            "renewDeadline must be greater than zero"),
        new Case("zero retry period", b -> b.retryPeriod(Duration.ZERO), "retryPeriod must be greater than zero"),
        new Case("no OnStartedLeading", b -> b.callbacks(new LeaderCallbacks(null, () -> {}, null)),
            "OnStartedLeading callback must not be nil"),
        new Case("no callbacks at all", b -> b.callbacks(null), "OnStartedLeading callback must not be nil"),
        new Case("no OnStoppedLeading", b -> b.callbacks(new LeaderCallbacks(ctx -> {}, null, null)),
            "OnStoppedLeading callback must not be nil"),
        new Case("OnNewLeader is optional", b -> b.callbacks(LeaderCallbacks.of(ctx -> {}, () -> {})), null),
        new Case("timing is checked before callbacks", b -> b.callbacks(null).retryPeriod(Duration.ZERO),
            "retryPeriod must be greater than zero"),
        new Case("no lock", b -> b.lock(null), "Lock must not be nil."),
        new Case("callbacks are checked before the lock", b -> b.lock(null).callbacks(null),
            "OnStartedLeading callback must not be nil"),
        new Case("empty identity", b -> b.lock(new FakeLock("")), "Lock identity is empty"),
        new Case("LD 15s, RD 2s, RP 1s with all callbacks", b -> b, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void validation(Case c) {
    LeaderElectionConfig.Builder builder = c.change().apply(valid());
    if (c.expectedMessage() == null) {
      builder.build();
      return;
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
    assertEquals(c.expectedMessage(), e.getMessage());
  }

  @Test
  void leaseTimingValidatesOnItsOwn() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new LeaseTiming(s(10), s(10), s(2)));
    assertEquals("leaseDuration must be greater than renewDeadline", e.getMessage());
    assertEquals(15, LeaseTiming.defaults().leaseDurationSeconds());
    assertEquals(1, new LeaseTiming(Duration.ofMillis(1999), Duration.ofMillis(1500), Duration.ofMillis(100)).leaseDurationSeconds());
  }

  @Test
  void defaultsFollowTheLockAndClientGo() {
    LeaderElectionConfig config = valid().build();
    assertEquals("foo/bar", config.name());
    assertEquals(false, config.releaseOnCancel());
    assertEquals(false, config.watchFollowers());
    assertEquals(s(13), config.guardDriftMargin(), "leaseDuration - renewDeadline");
  }

  @Test
  void withersAndToBuilderKeepEverythingElse() {
    LeaseTiming t = LeaseTiming.defaults().withLeaseDuration(s(20)).withRenewDeadline(s(12)).withRetryPeriod(s(3));
    assertEquals(new LeaseTiming(s(20), s(12), s(3)), t);
    assertThrows(IllegalArgumentException.class, () -> t.withRetryPeriod(s(10)), "wither validates too");
    LeaderElectionConfig config = valid().watchFollowers(true).releaseOnCancel(true).name("ctrl").build();
    LeaderElectionConfig copy = config.toBuilder().build();
    assertEquals(config, copy);
    assertEquals(Duration.ofMillis(1500), config.toBuilder().retryPeriod(Duration.ofMillis(1500)).build().timing().retryPeriod());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> valid().guardDriftMargin(s(-1)).build());
    assertEquals("expected guardDriftMargin >= 0 but was PT-1S", e.getMessage());
  }

  @Test
  void anElectorRunsOnce() {
    LeaderElector elector = LeaderElector.create(valid().build());
    Context cancelled = Context.background().withCancel();
    cancelled.cancel();
    elector.run(cancelled);
    assertEquals(ElectorState.STOPPED, elector.state());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> elector.run(Context.background()));
    assertEquals("a LeaderElector runs once; cannot go from STOPPED to ACQUIRING for lock foo/bar "
        + "(create a new elector or use LeaderElection.runAgainAfterLosing)", e.getMessage());
  }
}
