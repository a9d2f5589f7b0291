package io.kubeloop.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubeloop.testing.FakeClock;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** client-go's {@code TestLeaderElectionHealthChecker} (healthzadaptor_test.go): timeout 20 s, LD 1 min, name foo. */
class LeaderHealthzAdaptorTest {
  record Case(String name, String holder, Duration clockAdvance, boolean expectHealthy) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("leader that has not renewed for an hour is unhealthy", "healthTest", Duration.ofHours(1), false),
        new Case("follower is healthy however old its observation", "otherServer", Duration.ofHours(1), true),
        new Case("leader that just renewed is healthy", "healthTest", Duration.ZERO, true),
        new Case("leader 61 s after renewing is within 60 s + 20 s", "healthTest", Duration.ofSeconds(61), true),
        new Case("leader 80 s after renewing is at the edge, still healthy", "healthTest", Duration.ofSeconds(80), true),
        new Case("leader 80.001 s after renewing is unhealthy", "healthTest", Duration.ofMillis(80_001), false));
  }

  @Test
  void healthyWithoutAnElector() {
    LeaderHealthzAdaptor adaptor = new LeaderHealthzAdaptor(Duration.ofSeconds(20));
    assertEquals("leaderElection", adaptor.name());
    assertEquals(Optional.empty(), adaptor.check());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void check(Case c) {
    FakeClock clock = new FakeClock();
    LeaderElector elector = LeaderElector.create(LeaderElectionConfig.builder()
        .lock(new FakeLock("healthTest"))
        .leaseDuration(Duration.ofMinutes(1)).renewDeadline(Duration.ofSeconds(15)).retryPeriod(Duration.ofSeconds(1))
        .callbacks(LeaderCallbacks.of(ctx -> {}, () -> {}))
        .name("foo")
        .clock(clock)
        .build());
    LeaderHealthzAdaptor adaptor = new LeaderHealthzAdaptor(Duration.ofSeconds(20));
    adaptor.setLeaderElection(elector);
    elector.setObservedForTest(LeaderElectionRecord.of(c.holder(), 60, clock.instant(), clock.instant(), 0), clock.instant());
    clock.step(c.clockAdvance());

    Optional<String> result = adaptor.check();
    assertEquals(c.expectHealthy() ? Optional.empty() : Optional.of("failed election to renew leadership on lease foo"), result);
  }
}
