package io.kubeloop.watch.controller;

import io.kubeloop.testing.Await;
import io.kubeloop.watch.cache.ThreadsGone;
import io.kubeloop.watch.workqueue.QueueConfig;
import io.kubeloop.watch.workqueue.RateLimiters;
import io.kubeloop.watch.workqueue.RateLimitingQueue;
import org.junit.jupiter.api.RepeatedTest;

/** {@code close()} returns only once the controller's own threads have ended, on the system clock. */
class ControllerCloseTest {
  @RepeatedTest(20)
  void closeReturnsAfterTheRunnerAndEveryWorkerHaveEnded() {
    RateLimitingQueue<String> queue =
        RateLimitingQueue.create(RateLimiters.defaultControllerRateLimiter(), QueueConfig.named("closing"));
    Controller<String> controller = Controller.<String>builder("closing", queue, key -> Result.done()).workers(3).build();
    controller.start();
    Await.until("workers started", controller::workersStarted);
    queue.add("a");
    controller.close();
    ThreadsGone.assertNoThreads("closing-worker-", "closing-controller");
  }
}
