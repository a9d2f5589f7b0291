package io.kubeloop.lease;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.ApiException;
import io.kubeloop.core.api.Status;
import io.kubeloop.testing.Await;
import io.kubeloop.testing.FakeClock;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A follower's attempt whose request never answers (a half-open connection, a lock without a request timeout) is
 * aborted at the renew deadline, so the follower goes on trying and can still take over.
 */
class HungFollowerTest {
  final FakeClock clock = new FakeClock();
  final Context run = Context.background().withCancel();
  Thread runner;

  @AfterEach
  void stop() throws InterruptedException {
    run.cancel();
    runner.join(10_000);
  }

  /** The first GET hangs until its context ends; later ones find no lease, so the follower creates it. */
  static final class FirstGetHangs implements ResourceLock {
    final AtomicInteger gets = new AtomicInteger();

    @Override
    public LeaderElectionRecord get(Context context) throws IOException, ApiException {
      if (gets.incrementAndGet() == 1) {
        try {
          context.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new InterruptedIOException("GET aborted: " + context.cause());
      }
      throw new ApiException(Status.failure(404, "NotFound", "leases \"bar\" not found"));
    }

    @Override
    public void create(Context context, LeaderElectionRecord record) {}

    @Override
    public void update(Context context, LeaderElectionRecord record) {}

    @Override
    public String describe() {
      return "foo/bar";
    }

    @Override
    public String identity() {
      return "baz";
    }
  }

  @Test
  void aHungAcquireRequestIsAbortedAtTheRenewDeadline() {
    FirstGetHangs lock = new FirstGetHangs();
    LeaderElector elector = LeaderElector.create(LeaderElectionConfig.builder()
        .lock(lock)
        .leaseDuration(Duration.ofSeconds(15)).renewDeadline(Duration.ofSeconds(10)).retryPeriod(Duration.ofSeconds(2))
        .callbacks(LeaderCallbacks.of(ctx -> {}, () -> {}))
        .callbackExecutor(Runnable::run)
        .clock(clock)
        .build());
    runner = new Thread(() -> elector.run(run), "test-runner");
    runner.start();
    Await.until("the first GET hangs under a deadline", Duration.ofSeconds(3),
        () -> lock.gets.get() == 1 && clock.waiterCount() == 1);
    clock.step(Duration.ofSeconds(10)); // the deadline aborts the GET
    Await.until("waiting to retry", () -> clock.waiterCount() == 1 && elector.state() == ElectorState.ACQUIRING
        && !clock.nextDue().equals(clock.instant()));
    clock.stepToNextWaiter();
    Await.until("took the lease on the next attempt", elector::isLeader);
    assertTrue(lock.gets.get() >= 2);
  }
}
