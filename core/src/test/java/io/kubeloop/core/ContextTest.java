package io.kubeloop.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeloop.core.clock.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ContextTest {
  @Test
  void cancellingAParentCancelsItsChildrenButNotTheOtherWayRound() {
    Context parent = Context.background().withCancel();
    Context child = parent.withCancel();
    Context sibling = parent.withCancel();
    child.cancel();
    assertFalse(parent.isCancelled());
    assertFalse(sibling.isCancelled());
    parent.cancel();
    assertTrue(sibling.isCancelled());
    assertEquals(Context.CANCELED, sibling.cause());
  }

  @Test
  void childOfACancelledParentIsBornCancelled() {
    Context parent = Context.background().withCancel();
    parent.cancel();
    assertTrue(parent.withCancel().isCancelled());
  }

  @Test
  void callbacksRunOnceAndRemovedOnesNever() {
    Context ctx = Context.background().withCancel();
    AtomicInteger runs = new AtomicInteger();
    ctx.onCancel(runs::incrementAndGet);
    ctx.onCancel(runs::incrementAndGet).remove();
    ctx.cancel();
    ctx.cancel();
    assertEquals(1, runs.get());
    ctx.onCancel(runs::incrementAndGet); // already cancelled: runs at once
    assertEquals(2, runs.get());
  }

  @Test
  void aThrowingCallbackDoesNotStopTheOthersOrTheChildren() {
    // A user's onCancel callback that throws must not leave the children live and the requests un-aborted.
    Context parent = Context.background().withCancel();
    AtomicInteger ran = new AtomicInteger();
    parent.onCancel(() -> {
      throw new IllegalStateException("user bug");
    });
    Context child = parent.withCancel();
    parent.onCancel(ran::incrementAndGet);
    IllegalStateException e = assertThrows(IllegalStateException.class, parent::cancel);
    assertEquals("user bug", e.getMessage(), "the first failure reaches the canceller");
    assertTrue(child.isCancelled(), "the child was cancelled anyway");
    assertEquals(1, ran.get(), "the later callback ran anyway");
  }

  @Test
  void backgroundIsNeverCancelled() {
    assertNull(Context.background().cause());
    assertFalse(Context.background().isCancelled());
  }

  @Test
  void systemClockSleepReturnsFalseWhenCancelled() throws Exception {
    Context ctx = Context.background().withCancel();
    ctx.cancel();
    assertFalse(Clock.system().sleep(Duration.ofHours(1), ctx));
    assertTrue(Clock.system().sleep(Duration.ZERO, Context.background()));
  }

  @Test
  void systemClockTimeoutCancelsWithDeadlineExceeded() throws Exception {
    Context ctx = Context.background().withTimeout(Clock.system(), Duration.ofMillis(20));
    assertTrue(ctx.await(5, java.util.concurrent.TimeUnit.SECONDS));
    assertEquals(Context.DEADLINE_EXCEEDED, ctx.cause());
  }
}
