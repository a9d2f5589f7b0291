package io.kubeloop.watch.cache;

import io.kubeloop.testing.Await;
import io.kubeloop.testing.FakeClock;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link ReflectorListener} that counts the reflector's backoffs so a test can pass each one exactly: wait for the
 * next backoff the reflector enters, then step the fake clock by its delay. Counting (rather than looking at the
 * current state) keeps a test from stepping an old backoff twice.
 */
final class BackoffStepper implements ReflectorListener {
  private final FakeClock clock;
  private final List<ReflectorState.BackingOff> seen = new ArrayList<>();
  private int passed;

  BackoffStepper(FakeClock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized void stateChanged(ReflectorState state) {
    if (state instanceof ReflectorState.BackingOff b) {
      seen.add(b);
    }
  }

  synchronized int count() {
    return seen.size();
  }

  /** Waits for the next backoff not yet passed and steps the clock by its delay. */
  void passNext() {
    int n = ++passed;
    ReflectorState.BackingOff b = Await.value("backoff #" + n, () -> {
      synchronized (this) {
        return seen.size() >= n ? seen.get(n - 1) : null;
      }
    });
    clock.awaitWaiters(1);
    clock.step(b.delay());
  }
}
