package io.kubeloop.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.ApiException;
import io.kubeloop.core.api.Lease;
import io.kubeloop.core.api.LeaseSpec;
import io.kubeloop.core.api.ObjectMeta;
import io.kubeloop.core.api.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * client-go's {@code TestTryAcquireOrRenew} table ({@code leaderelection_test.go}), case for case: identity
 * {@code baz}, lock {@code foo/bar}, lease duration 10 s, {@code future = now + 1000h}, {@code past = now − 1000h};
 * "calls" counts every request that reached the fake server. Plus the two error cases of the issue (409 on
 * update, get error).
 */
class TryAcquireOrRenewTest {
  static final Duration FAR = Duration.ofHours(1000);

  /** Which Lease the fake server holds (null: none), which observation the elector starts from, what must follow. */
  record Case(
      String name,
      LeaderElectionRecord stored,
      Consumer<ReactorLeaseClient> reactors,
      LeaderElectionRecord observed,
      Duration observedTimeOffset,
      Duration sleepBetweenTwoAttempts,
      boolean expectSuccess,
      String expectHolder,
      int expectTransitions,
      int expectCalls,
      String expectReported) {
    @Override
    public String toString() {
      return name;
    }
  }

  static LeaderElectionRecord held(String holder, int seconds) {
    Instant t = Instant.parse("2025-12-31T23:00:00.123456Z");
    return LeaderElectionRecord.of(holder, seconds, t, t, 0);
  }

  static Stream<Case> cases() {
    Consumer<ReactorLeaseClient> none = c -> {};
    return Stream.of(
        new Case("acquire from no object", null, none, null, null, null, true, "baz", 0, 2, "baz"),
        new Case("acquire from object without a record", LeaderElectionRecord.EMPTY, none, null, null, null,
            true, "baz", 1, 2, "baz"),
        new Case("acquire from led object with the lease duration seconds", held("bing", 3), none, null, null,
            Duration.ofSeconds(3), true, "baz", 1, 3, "baz"),
        new Case("acquire from unled object", held("", 10), none, null, null, null, true, "baz", 1, 2, "baz"),
        new Case("acquire from led, unacked object", held("bing", 10), none, held("bing", 10), FAR.negated(), null,
            true, "baz", 1, 2, "baz"),
        new Case("acquire from empty-holder object with an unexpired observation", held("", 10), none, held("", 10),
            FAR, null, true, "baz", 1, 2, "baz"),
        new Case("don't acquire from led, acked object", held("bing", 0), none, LeaderElectionRecord.EMPTY, FAR, null,
            false, "bing", 0, 1, "bing"),
        new Case("renew already acquired object", held("baz", 10), none, held("baz", 10), FAR, null,
            true, "baz", 0, 2, "baz"),
        new Case("a 409 on update loses the race", held("", 10), c -> c.onUpdate((n, l) -> {
          throw ReactorLeaseClient.conflict(n);
        }), null, null, null, false, "", 0, 2, ""),
        new Case("a get error gives up this round", held("bing", 10), c -> c.onGet((n, l) -> {
          throw new ApiException(Status.failure(500, "InternalError", "etcd is down"));
        }), null, null, null, false, "", 0, 1, ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void tryAcquireOrRenew(Case c) {
    TickingClock clock = new TickingClock();
    ReactorLeaseClient server = new ReactorLeaseClient();
    if (c.stored() != null) {
      server.seed(Lease.of(ObjectMeta.of("foo", "bar"),
          c.stored() == LeaderElectionRecord.EMPTY ? new LeaseSpec(null, null, null, null, null, null, null, null)
              : c.stored().toSpec(null)));
    }
    c.reactors().accept(server);
    List<String> reported = Collections.synchronizedList(new ArrayList<>());
    LeaderElector elector = LeaderElector.create(LeaderElectionConfig.builder()
        .lock(LeaseLock.builder(server, "foo", "bar", "baz").build())
        .leaseDuration(Duration.ofSeconds(10)).renewDeadline(Duration.ofSeconds(5)).retryPeriod(Duration.ofSeconds(2))
        .callbacks(LeaderCallbacks.of(ctx -> {}, () -> {}).withOnNewLeader(reported::add))
        .callbackExecutor(Runnable::run)
        .clock(clock)
        .build());
    if (c.observed() != null) {
      elector.setObservedForTest(c.observed(), clock.base.instant().plus(c.observedTimeOffset()));
    }

    boolean success = elector.tryAcquireOrRenew(Context.background(), clock.instant());
    if (c.sleepBetweenTwoAttempts() != null) {
      assertEquals(false, success, "the first attempt sees a fresh record and waits");
      clock.base.step(c.sleepBetweenTwoAttempts());
      success = elector.tryAcquireOrRenew(Context.background(), clock.instant());
    }
    elector.maybeReportTransition();

    assertEquals(c.expectSuccess(), success, "success");
    assertEquals(c.expectHolder(), elector.getLeader(), "observed holder");
    assertEquals(c.expectCalls(), server.actions().size(), "API calls " + server.actions());
    if (c.expectSuccess()) {
      LeaseSpec spec = server.stored("bar").orElseThrow().spec();
      assertEquals("baz", spec.holderIdentity());
      assertEquals(c.expectTransitions(), spec.leaseTransitions(), "leaseTransitions");
      assertEquals(10, spec.leaseDurationSeconds());
    }
    assertEquals(c.expectReported().isEmpty() ? List.of() : List.of(c.expectReported()), reported, "onNewLeader");
  }
}
