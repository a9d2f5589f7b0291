package io.kubeloop.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeloop.core.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class FakeClockTest {
  private final FakeClock clock = new FakeClock();

  @Test
  void stepFiresScheduledActionsInDueOrderAtTheirOwnInstants() {
    List<String> fired = new ArrayList<>();
    clock.schedule(Duration.ofSeconds(3), () -> fired.add("3s@" + clock.now()));
    clock.schedule(Duration.ofSeconds(1), () -> fired.add("1s@" + clock.now()));
    clock.step(Duration.ofSeconds(2));
    assertEquals(List.of("1s@2026-01-01T00:00:01Z"), fired);
    clock.step(Duration.ofSeconds(5));
    assertEquals(List.of("1s@2026-01-01T00:00:01Z", "3s@2026-01-01T00:00:03Z"), fired);
    assertEquals(FakeClock.DEFAULT_START.plusSeconds(7), clock.now());
    assertEquals(Duration.ofSeconds(7).toNanos(), clock.nanoTime());
  }

  @Test
  void actionScheduledByAnActionInsideTheWindowFiresInTheSameStep() {
    List<String> fired = new ArrayList<>();
    clock.schedule(Duration.ofSeconds(1), () -> clock.schedule(Duration.ofSeconds(1), () -> fired.add("" + clock.now())));
    clock.step(Duration.ofSeconds(5));
    assertEquals(List.of("2026-01-01T00:00:02Z"), fired);
  }

  @Test
  void cancelledActionNeverRuns() {
    List<String> fired = new ArrayList<>();
    var handle = clock.schedule(Duration.ofSeconds(1), () -> fired.add("x"));
    assertTrue(handle.cancel());
    assertFalse(handle.cancel());
    clock.step(Duration.ofSeconds(2));
    assertTrue(fired.isEmpty());
    assertFalse(clock.hasWaiters());
  }

  @Test
  void sleeperWakesOnlyWhenStepped() throws Exception {
    CompletableFuture<Boolean> slept = CompletableFuture.supplyAsync(() -> sleep(Duration.ofSeconds(10), Context.background()));
    clock.awaitWaiters(1);
    clock.step(Duration.ofSeconds(9));
    assertFalse(slept.isDone(), "woke a second early");
    clock.step(Duration.ofSeconds(1));
    assertTrue(slept.get());
  }

  @Test
  void cancellingTheContextEndsTheSleepEarly() throws Exception {
    Context ctx = Context.background().withCancel();
    CompletableFuture<Boolean> slept = CompletableFuture.supplyAsync(() -> sleep(Duration.ofHours(1), ctx));
    clock.awaitWaiters(1);
    ctx.cancel();
    assertFalse(slept.get());
    assertFalse(clock.hasWaiters());
  }

  @Test
  void timeoutContextIsCancelledByTheFakeClock() {
    Context ctx = Context.background().withTimeout(clock, Duration.ofSeconds(5));
    clock.step(Duration.ofSeconds(4));
    assertFalse(ctx.isCancelled());
    clock.step(Duration.ofSeconds(1));
    assertEquals(Context.DEADLINE_EXCEEDED, ctx.cause());
  }

  @Test
  void stepToNextWaiterJumpsExactly() {
    assertNull(clock.stepToNextWaiter());
    clock.schedule(Duration.ofMillis(1500), () -> {});
    assertEquals(Duration.ofMillis(1500), clock.stepToNextWaiter());
  }

  @Test
  void awaitWaitersFailsWithADescription() {
    AssertionError e = assertThrows(AssertionError.class, () -> clock.awaitWaiters(1, Duration.ofMillis(20)));
    assertTrue(e.getMessage().startsWith("expected at least 1 waiters on the fake clock"), e.getMessage());
  }

  private boolean sleep(Duration d, Context ctx) {
    try {
      return clock.sleep(d, ctx);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
