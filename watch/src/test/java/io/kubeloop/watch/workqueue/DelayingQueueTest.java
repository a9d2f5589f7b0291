package io.kubeloop.watch.workqueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.kubeloop.testing.Await;
import io.kubeloop.testing.FakeClock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** client-go {@code util/workqueue/delaying_queue_test.go} on a fake clock (reference §3.2), plus this port's. */
class DelayingQueueTest {
  private final FakeClock clock = new FakeClock();
  private final DefaultDelayingQueue<String> queue = new DefaultDelayingQueue<>(QueueConfig.defaults().withClock(clock));

  @AfterEach
  void structureIsConsistent() {
    queue.checkInvariants();
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  @Test
  void addAfter_addsOnceTheDelayPassed() throws Exception { // TestSimpleQueue
    queue.addAfter("foo", ms(50));
    assertEquals(0, queue.len());
    clock.step(ms(60));
    assertEquals(1, queue.len());
    assertEquals("foo", queue.get());
    queue.done("foo");
    clock.step(Duration.ofSeconds(10)); // client-go's heartbeat: nothing more arrives
    assertEquals(0, queue.len());
    assertEquals(0, clock.waiterCount(), "no timer is left armed");
  }

  @Test
  void addAfter_sameItem_earliestReadyTimeWins() throws Exception { // TestDeduping
    queue.addAfter("foo", ms(50));
    queue.addAfter("foo", ms(70));
    clock.step(ms(60));
    assertEquals(1, queue.len(), "the later add does not postpone the earlier one");
    assertEquals("foo", queue.get());
    queue.done("foo");
    clock.step(ms(20));
    assertEquals(0, queue.len(), "the 70ms add collapsed into the 50ms one");

    queue.addAfter("foo", ms(50));
    queue.addAfter("foo", ms(30));
    clock.step(ms(40));
    assertEquals(1, queue.len(), "an earlier add moves the item forward");
    assertEquals("foo", queue.get());
    queue.done("foo");
    clock.step(ms(20));
    assertEquals(0, queue.len());
  }

  @Test
  void addAfter_laterItemFiresFirstWhenItsDelayIsShorter() throws Exception { // TestAddTwoFireEarly
    queue.addAfter("foo", Duration.ofSeconds(1));
    queue.addAfter("bar", ms(50));
    clock.step(ms(60));
    assertEquals("bar", queue.get());
    queue.done("bar");
    queue.addAfter("baz", Duration.ofSeconds(2));
    clock.step(Duration.ofSeconds(1));
    assertEquals(1, queue.len());
    assertEquals("foo", queue.get());
    queue.done("foo");
    clock.step(Duration.ofSeconds(2));
    assertEquals(1, queue.len());
    assertEquals("baz", queue.get());
    queue.done("baz");
  }

  @Test
  void addAfter_readyItemsAreAddedInReadyOrder() throws Exception { // TestCopyShifting
    queue.addAfter("foo", Duration.ofSeconds(1));
    queue.addAfter("bar", ms(500));
    queue.addAfter("baz", ms(250));
    clock.step(Duration.ofSeconds(2));
    assertEquals(3, queue.len());
    assertEquals(List.of("baz", "bar", "foo"), List.of(queue.get(), queue.get(), queue.get()));
  }

  @Test
  void addAfter_zeroOrNegativeDelay_addsAtOnce() {
    queue.addAfter("now", Duration.ZERO);
    queue.addAfter("past", ms(-5));
    assertEquals(2, queue.len());
    assertEquals(0, clock.waiterCount());
  }

  @Test
  void addAfter_keepsOneTimerForTheEarliestItem() {
    queue.addAfter("a", ms(300));
    queue.addAfter("b", ms(200));
    queue.addAfter("c", ms(400));
    assertEquals(1, clock.waiterCount());
    assertEquals(FakeClock.DEFAULT_START.plus(ms(200)), clock.nextDue());
    clock.step(ms(200));
    assertEquals(FakeClock.DEFAULT_START.plus(ms(300)), clock.nextDue());
  }

  @Test
  void shutDown_dropsWaitingItemsAndStopsTheTimer() throws Exception {
    queue.addAfter("foo", ms(50));
    queue.shutDown();
    queue.shutDown(); // idempotent (client-go fix bdead75b4)
    assertEquals(0, clock.waiterCount(), "the timer is cancelled (client-go fix 8a1fbdc8b)");
    assertEquals(0, queue.waitingCount());
    clock.step(ms(100));
    assertNull(queue.get());
    queue.addAfter("late", ms(10));
    assertEquals(0, clock.waiterCount());
  }

  @Test
  void addAfter_randomOps_matchEarliestReadyTimeModel() throws Exception {
    long seed = System.nanoTime();
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, Long> model = new HashMap<>(); // item -> earliest ready time (ms from start)
    long now = 0;
    int rounds = Boolean.getBoolean("soak") ? 100_000 : 2_000;
    for (int round = 0; round < rounds; round++) {
      if (random.nextInt(3) > 0) {
        String item = "item-" + random.nextInt(20);
        long delay = 1 + random.nextInt(100);
        queue.addAfter(item, ms(delay));
        model.merge(item, now + delay, Math::min);
      } else {
        long step = random.nextInt(60);
        clock.step(ms(step));
        now += step;
        Set<String> expected = new TreeSet<>();
        for (Map.Entry<String, Long> e : model.entrySet()) {
          if (e.getValue() <= now) {
            expected.add(e.getKey());
          }
        }
        model.keySet().removeAll(expected);
        Set<String> got = new TreeSet<>();
        while (queue.len() > 0) {
          String item = queue.get();
          got.add(item);
          queue.done(item);
        }
        assertEquals(expected, got, "round " + round + " at +" + now + "ms, seed " + seed);
        queue.checkInvariants();
      }
    }
  }

  @Test
  void addAfter_onTheSystemClock_firesOnItsTimerThread() throws Exception {
    DelayingQueue<String> real = DelayingQueue.create(QueueConfig.named("real"));
    real.addAfter("sooner", ms(1)); // added first, so its ready time is earlier however slow this thread is
    real.addAfter("later", ms(20));
    Await.until("both added", () -> real.len() == 2);
    assertEquals(List.of("sooner", "later"), List.of(real.get(), real.get()));
    real.shutDown();
  }

  @Test
  void addAfter_duringProcessing_isHandedOutAfterDone() throws Exception {
    queue.add("foo");
    assertEquals("foo", queue.get());
    queue.addAfter("foo", ms(10));
    clock.step(ms(10));
    assertEquals(0, queue.len(), "foo is dirty while it is processed");
    queue.done("foo");
    assertEquals("foo", queue.get());
    queue.done("foo");
  }
}
