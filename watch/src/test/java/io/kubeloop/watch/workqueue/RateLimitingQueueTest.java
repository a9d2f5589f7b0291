package io.kubeloop.watch.workqueue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubeloop.testing.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** client-go {@code util/workqueue/rate_limiting_queue_test.go} (reference §3.3). */
class RateLimitingQueueTest {
  private final FakeClock clock = new FakeClock();
  private final DefaultRateLimitingQueue<String> queue = new DefaultRateLimitingQueue<>(
      RateLimiters.itemExponentialFailure(Duration.ofMillis(1), Duration.ofSeconds(1)),
      QueueConfig.defaults().withClock(clock));

  @AfterEach
  void structureIsConsistent() {
    queue.delaying().checkInvariants();
  }

  @Test
  void addRateLimited_waitsLongerPerFailureUntilForget() throws Exception { // TestRateLimitingQueue
    DefaultDelayingQueue<String> delaying = queue.delaying();
    queue.addRateLimited("one");
    assertEquals(Duration.ofMillis(1), delaying.waitingFor("one"));
    queue.addRateLimited("one");
    assertEquals(Duration.ofMillis(1), delaying.waitingFor("one"), "the earlier ready time (+1ms) wins over +2ms");
    assertEquals(2, queue.numRequeues("one"));

    queue.addRateLimited("two");
    assertEquals(Duration.ofMillis(1), delaying.waitingFor("two"));
    queue.addRateLimited("two");
    assertEquals(2, queue.numRequeues("two"));

    queue.forget("one");
    assertEquals(0, queue.numRequeues("one"));
    clock.step(Duration.ofMillis(1));
    assertEquals(2, queue.len());
    assertEquals("one", queue.get());
    queue.done("one");
    queue.addRateLimited("one");
    assertEquals(Duration.ofMillis(1), delaying.waitingFor("one"), "after forget the backoff starts over");
  }

  @Test
  void addRateLimited_delaysFollowTheLimiter() throws Exception {
    for (long expected : new long[] {1, 2, 4, 8}) {
      queue.addRateLimited("one");
      assertEquals(Duration.ofMillis(expected), queue.delaying().waitingFor("one"));
      clock.step(Duration.ofMillis(expected));
      assertEquals("one", queue.get());
      queue.done("one");
    }
    assertEquals(4, queue.numRequeues("one"));
  }

  @Test
  void forget_removesNothingFromTheQueue() {
    queue.add("one");
    queue.forget("one");
    assertEquals(1, queue.len());
  }
}
