package io.kubeloop.watch.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeloop.testing.Await;
import io.kubeloop.watch.workqueue.QueueConfig;
import io.kubeloop.watch.workqueue.RateLimiters;
import io.kubeloop.watch.workqueue.RateLimitingQueue;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A reconciler that throws an Error (a failed assert, a missing class) is a failure like any other. */
class ControllerErrorTest {
  @Test
  void anErrorFromTheReconcilerIsRetriedAndTheWorkerLives() {
    RateLimitingQueue<String> queue =
        RateLimitingQueue.create(RateLimiters.defaultControllerRateLimiter(), QueueConfig.named("errors"));
    Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    List<String> reported = new CopyOnWriteArrayList<>();
    Controller<String> controller = Controller.<String>builder("errors", queue, key -> {
      if (calls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() == 1 && key.equals("a")) {
        throw new AssertionError("a bug in the reconciler");
      }
      return Result.done();
    }).workers(1).errorHandler((key, e, requeues) -> reported.add(key + ": " + e.getMessage())).build();
    try {
      controller.start();
      queue.add("a");
      Await.until("a retried", () -> calls.containsKey("a") && calls.get("a").get() == 2);
      queue.add("b");
      Await.until("b reconciled by the same, still living worker", () -> calls.containsKey("b"));
      assertEquals(1, reported.size(), reported.toString());
      assertTrue(reported.get(0).startsWith("a: "), reported.toString());
    } finally {
      controller.close();
    }
  }
}
