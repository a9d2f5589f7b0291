package io.kubeloop.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.ApiException;
import io.kubeloop.core.api.Status;
import io.kubeloop.testing.Await;
import io.kubeloop.testing.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** {@link LeaderElection#runAgainAfterLosing}: a new elector per term; callbacks and metrics per term. */
class LeaderElectionTest {
  @Test
  void standsAgainAfterLosingUntilCancelled() throws Exception {
    FakeClock clock = new FakeClock();
    ReactorLeaseClient server = new ReactorLeaseClient();
    AtomicBoolean failing = new AtomicBoolean();
    ApiException down = new ApiException(Status.failure(503, "ServiceUnavailable", "down"));
    server.onUpdate((n, l) -> {
      if (failing.get()) {
        throw down;
      }
      return null;
    });
    server.onGet((n, l) -> {
      if (failing.get()) {
        throw down;
      }
      return null;
    });
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    LeaderMetrics metrics = new LeaderMetrics() {
      @Override
      public void leaderOn(String name) {
        seen.add("on " + name);
      }

      @Override
      public void leaderOff(String name) {
        seen.add("off " + name);
      }
    };
    LeaderElectionConfig config = LeaderElectionConfig.builder()
        .lock(LeaseLock.builder(server, "foo", "bar", "baz").build())
        .leaseDuration(Duration.ofSeconds(15)).renewDeadline(Duration.ofSeconds(2)).retryPeriod(Duration.ofSeconds(1))
        .callbacks(LeaderCallbacks.of(ctx -> seen.add("started"), () -> seen.add("stopped")))
        .callbackExecutor(Runnable::run)
        .metrics(metrics)
        .clock(clock)
        .build();
    LeaderHealthzAdaptor healthz = new LeaderHealthzAdaptor(Duration.ofSeconds(20));
    Context context = Context.background().withCancel();
    Thread runner = new Thread(() -> LeaderElection.runAgainAfterLosing(context, config, healthz), "test-runner");
    runner.start();

    Await.until("first term leads", () -> seen.contains("started"));
    failing.set(true);
    driveUntil(clock, runner, () -> seen.contains("stopped"));
    failing.set(false);
    driveUntil(clock, runner, () -> seen.stream().filter("started"::equals).count() == 2);
    assertEquals(java.util.Optional.empty(), healthz.check(), "the adaptor follows the new term");
    context.cancel();
    runner.join(10_000);
    assertFalse(runner.isAlive());
    // A cancel that lands during a renew (rather than between renews) also reports leaderOff, as client-go does.
    List<String> events = new java.util.ArrayList<>(seen);
    if (events.size() == 10 && events.get(8).equals("off foo/bar")) {
      events.remove(8);
    }
    assertEquals(List.of("off foo/bar", "on foo/bar", "started", "off foo/bar", "stopped",
        "off foo/bar", "on foo/bar", "started", "stopped"), events);
  }

  /** Steps the clock to each next waiter, once the runner is parked on it, until {@code done}. */
  static void driveUntil(FakeClock clock, Thread runner, java.util.function.BooleanSupplier done) {
    for (int i = 0; i < 1_000 && !done.getAsBoolean(); i++) {
      Await.until("runner parked on the clock", () -> done.getAsBoolean()
          || (clock.hasWaiters() && (runner.getState() == Thread.State.WAITING || runner.getState() == Thread.State.TIMED_WAITING)));
      if (!done.getAsBoolean()) {
        clock.stepToNextWaiter();
      }
    }
    Await.until("condition", done);
  }
}
