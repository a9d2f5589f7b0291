package io.kubeloop.watch.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeloop.core.Context;
import io.kubeloop.testing.Await;
import io.kubeloop.testing.FakeClock;
import io.kubeloop.watch.workqueue.Forked;
import io.kubeloop.watch.workqueue.QueueConfig;
import io.kubeloop.watch.workqueue.RateLimiters;
import io.kubeloop.watch.workqueue.RateLimitingQueue;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The runner's paths on a fake clock: success, error with backoff, requeue, requeue-after, sync, shutdown. */
class ControllerTest {
  private final FakeClock clock = new FakeClock();
  private final RateLimitingQueue<String> queue = RateLimitingQueue.create(
      RateLimiters.itemExponentialFailure(Duration.ofMillis(5), Duration.ofSeconds(1000)),
      QueueConfig.named("test").withClock(clock));
  private final ScriptedReconciler reconciler = new ScriptedReconciler();
  /** Errors reported to the handler, as "key:requeues:message". */
  private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
  private Controller<String> controller;

  private Controller<String> start(int workers, BooleanSupplier... syncChecks) {
    controller = Controller.builder("test", queue, reconciler)
        .workers(workers)
        .clock(clock)
        .waitForSync(syncChecks)
        .errorHandler((key, e, requeues) -> errors.add(key + ":" + requeues + ":" + e.getMessage()))
        .build();
    controller.start();
    return controller;
  }

  @AfterEach
  void stop() {
    if (controller != null) {
      controller.close();
    }
  }

  private Duration untilNextTimer() {
    clock.awaitWaiters(1);
    return Duration.between(clock.now(), clock.nextDue());
  }

  @Test
  void success_forgetsTheKey() {
    start(1);
    queue.add("a");
    Await.until("a reconciled", () -> reconciler.finishedFor("a") == 1);
    Await.until("a done", () -> queue.len() == 0);
    assertEquals(0, queue.numRequeues("a"));
    assertTrue(errors.isEmpty());
  }

  @Test
  void error_requeuesRateLimitedAndReportsUntilSuccess() {
    reconciler.then("a", new Exception("boom-1"), new Exception("boom-2"), new Exception("boom-3"), Result.done());
    start(1);
    queue.add("a");
    for (long backoff : new long[] {5, 10, 20}) {
      assertEquals(Duration.ofMillis(backoff), untilNextTimer(), "exponential backoff before the retry");
      clock.step(Duration.ofMillis(backoff));
    }
    Await.until("fourth attempt succeeds", () -> reconciler.finishedFor("a") == 4);
    Await.until("forgotten", () -> queue.numRequeues("a") == 0);
    assertEquals(List.of("a:0:boom-1", "a:1:boom-2", "a:2:boom-3"), List.copyOf(errors));
  }

  @Test
  void requeueAfter_forgetsAndAddsAfterTheDelay() {
    reconciler.then("a", new Exception("boom"), Result.requeueAfter(Duration.ofSeconds(30)), Result.done());
    start(1);
    queue.add("a");
    assertEquals(Duration.ofMillis(5), untilNextTimer());
    clock.step(Duration.ofMillis(5));
    assertEquals(Duration.ofSeconds(30), untilNextTimer());
    assertEquals(0, queue.numRequeues("a"), "requeueAfter forgets the failure history");
    assertEquals(2, reconciler.callsFor("a"), "the third call waits for the 30 s");
    clock.step(Duration.ofSeconds(30));
    Await.until("third call", () -> reconciler.finishedFor("a") == 3);
    assertEquals(List.of("a:0:boom"), List.copyOf(errors));
  }

  @Test
  void requeue_addsRateLimitedWithoutReportingAnError() {
    reconciler.then("a", Result.requeue(), Result.requeue(), Result.done());
    start(1);
    queue.add("a");
    assertEquals(Duration.ofMillis(5), untilNextTimer());
    clock.step(Duration.ofMillis(5));
    assertEquals(Duration.ofMillis(10), untilNextTimer());
    assertEquals(2, queue.numRequeues("a"));
    clock.step(Duration.ofMillis(10));
    Await.until("third call", () -> reconciler.finishedFor("a") == 3);
    Await.until("forgotten", () -> queue.numRequeues("a") == 0);
    assertTrue(errors.isEmpty());
  }

  @Test
  void workers_waitForEverySyncCheck() {
    AtomicBoolean first = new AtomicBoolean(true);
    AtomicBoolean second = new AtomicBoolean(false);
    queue.add("a");
    start(1, first::get, second::get);
    for (int poll = 0; poll < 3; poll++) {
      clock.awaitWaiters(1); // the 100 ms poll
      assertFalse(controller.workersStarted());
      clock.step(Duration.ofMillis(100));
    }
    clock.awaitWaiters(1); // polled again and still not synced
    assertEquals(0, reconciler.calls().size());
    second.set(true);
    clock.step(Duration.ofMillis(100));
    Await.until("workers started", controller::workersStarted);
    Await.until("a reconciled", () -> reconciler.finishedFor("a") == 1);
  }

  @Test
  void close_beforeSync_startsNoWorkersAndShutsTheQueueDown() {
    start(1, () -> false);
    clock.awaitWaiters(1);
    controller.close();
    assertFalse(controller.workersStarted());
    assertTrue(queue.shuttingDown());
    assertEquals(0, clock.waiterCount(), "the poll sleep was cut short");
  }

  @Test
  void run_returnsWhenTheContextIsCancelled() throws Exception {
    Context context = Context.background().withCancel();
    controller = Controller.builder("ctx", queue, reconciler).clock(clock).build();
    Forked<Void> running = Forked.run("runner", () -> controller.run(context));
    Await.until("workers started", controller::workersStarted);
    queue.add("a");
    Await.until("a reconciled", () -> reconciler.finishedFor("a") == 1);
    context.cancel();
    running.join();
    assertTrue(queue.shuttingDown());
    assertThrows(IllegalStateException.class, () -> controller.run(Context.background()));
  }

  @Test
  void workers_areNamedAfterTheController() {
    CountDownLatch release = new CountDownLatch(1);
    reconciler.then("a", release).then("b", release).then("c", release);
    start(3);
    queue.add("a");
    queue.add("b");
    queue.add("c");
    Await.until("three reconciles in flight", () -> reconciler.calls().size() == 3);
    Set<String> names = reconciler.calls().stream().map(ScriptedReconciler.Call::thread).collect(Collectors.toSet());
    assertEquals(Set.of("test-worker-1", "test-worker-2", "test-worker-3"), names);
    release.countDown();
  }

  @Test
  void slowReconcile_doesNotBlockOtherKeys() {
    CountDownLatch release = new CountDownLatch(1);
    reconciler.then("slow", release);
    start(2);
    queue.add("slow");
    Await.until("slow started", () -> reconciler.callsFor("slow") == 1);
    for (int i = 0; i < 20; i++) {
      queue.add("fast-" + i);
    }
    Await.until("fast keys reconciled by the other worker",
        () -> IntStream.range(0, 20).allMatch(i -> reconciler.finishedFor("fast-" + i) == 1));
    queue.add("slow");
    assertEquals(1, reconciler.callsFor("slow"), "a key added while it is reconciled waits for that reconcile");
    release.countDown();
    Await.until("slow reconciled again after done", () -> reconciler.finishedFor("slow") == 2);
  }

  @Test
  void close_drainsInFlightReconcilesAndSkipsQueuedKeys() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    reconciler.then("a", release);
    start(1);
    queue.add("a");
    Await.until("a in flight", () -> reconciler.callsFor("a") == 1);
    queue.add("b");
    Forked<Void> closing = Forked.run("closer", controller::close).awaitBlocked();
    assertEquals(0, reconciler.finishedFor("a"));
    release.countDown();
    closing.join();
    assertEquals(1, reconciler.finishedFor("a"), "the in-flight reconcile finished before close returned");
    assertEquals(0, reconciler.callsFor("b"), "queued keys are not reconciled after cancellation");
    assertTrue(queue.shuttingDown());
  }

  @Test
  void close_fromInsideAReconcile_doesNotDeadlock() {
    AtomicBoolean closed = new AtomicBoolean();
    controller = Controller.builder("self", queue, key -> {
      controller.close();
      closed.set(true);
      return Result.done();
    }).clock(clock).build();
    controller.start();
    queue.add("a");
    Await.until("reconcile closed its controller", closed::get);
    controller.close();
    assertTrue(queue.shuttingDown());
  }

  @Test
  void builder_rejectsBadInput() {
    assertEquals("expected workers >= 1 but was 0", assertThrows(IllegalArgumentException.class,
        () -> Controller.builder("x", queue, reconciler).workers(0)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> Controller.builder(" ", queue, reconciler));
    Controller<String> c = Controller.builder("x", queue, reconciler).build();
    c.close();
    assertEquals("a controller runs once; controller x is STOPPED",
        assertThrows(IllegalStateException.class, c::start).getMessage());
  }

  @Test
  void nullResult_isTreatedAsAnError() {
    controller = Controller.builder("null", queue, key -> null).clock(clock)
        .errorHandler((key, e, requeues) -> errors.add(key + ":" + e.getMessage())).build();
    controller.start();
    queue.add("a");
    Await.until("error reported", () -> !errors.isEmpty());
    assertTrue(errors.peek().startsWith("a:reconciler returned null for key a"), errors.peek());
  }
}
