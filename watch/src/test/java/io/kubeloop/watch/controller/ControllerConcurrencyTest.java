package io.kubeloop.watch.controller;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeloop.core.clock.Clock;
import io.kubeloop.testing.Await;
import io.kubeloop.watch.workqueue.QueueConfig;
import io.kubeloop.watch.workqueue.RateLimiters;
import io.kubeloop.watch.workqueue.RateLimitingQueue;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Four workers on the real clock, random adds, and a reconciler that randomly fails or asks to be requeued: no key
 * is ever reconciled by two workers at once, and every key's last add is followed by a reconcile that started
 * after it. Short by default; {@code -Dsoak=true} runs a hundred times more adds.
 */
class ControllerConcurrencyTest {
  private static final int KEYS = 12;
  private static final int ADDS = Boolean.getBoolean("soak") ? 500_000 : 5_000;

  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLongArray lastAddStarted = new AtomicLongArray(KEYS);
  private final AtomicLongArray lastReconcileStarted = new AtomicLongArray(KEYS);
  private final Map<Integer, String> heldBy = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();

  @Test
  void workersNeverShareAKeyAndEveryAddIsReconciled() {
    RateLimitingQueue<Integer> queue = RateLimitingQueue.create(
        RateLimiters.itemExponentialFailure(Duration.ofNanos(1_000), Duration.ofMillis(1)),
        QueueConfig.named("concurrency").withClock(Clock.system()));
    Reconciler<Integer> reconciler = key -> {
      lastReconcileStarted.accumulateAndGet(key, sequence.incrementAndGet(), Math::max);
      String me = Thread.currentThread().getName();
      String other = heldBy.putIfAbsent(key, me);
      if (other != null) {
        violations.add("key " + key + " reconciled by " + me + " while " + other + " held it");
      }
      try {
        int roll = ThreadLocalRandom.current().nextInt(10);
        Thread.yield();
        if (roll == 0) {
          throw new IllegalStateException("injected failure");
        }
        return roll == 1 ? Result.requeueAfter(Duration.ofNanos(ThreadLocalRandom.current().nextInt(500_000)))
            : Result.done();
      } finally {
        heldBy.remove(key, me);
      }
    };
    try (Controller<Integer> controller = Controller.builder("concurrency", queue, reconciler)
        .workers(4).errorHandler((key, e, requeues) -> {}).build()) {
      controller.start();
      for (int i = 0; i < ADDS; i++) {
        int key = ThreadLocalRandom.current().nextInt(KEYS);
        lastAddStarted.accumulateAndGet(key, sequence.incrementAndGet(), Math::max);
        queue.add(key);
      }
      Await.until("every key's last add is followed by a reconcile", () -> IntStream.range(0, KEYS)
          .allMatch(k -> lastReconcileStarted.get(k) > lastAddStarted.get(k)));
    }
    assertTrue(violations.isEmpty(), () -> violations.size() + " violations, first: " + violations.peek());
    assertTrue(queue.shuttingDown());
  }
}
