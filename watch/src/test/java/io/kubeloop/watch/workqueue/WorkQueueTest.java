package io.kubeloop.watch.workqueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeloop.testing.FakeClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** client-go {@code util/workqueue/queue_test.go}, case by case (reference §3.1), plus this port's own checks. */
class WorkQueueTest {
  private final FakeClock clock = new FakeClock();
  private final DefaultWorkQueue<String> queue = new DefaultWorkQueue<>(QueueConfig.defaults().withClock(clock));

  @AfterEach
  void structureIsConsistent() {
    queue.checkInvariants();
  }

  @Test
  void len_countsDistinctWaitingItems() { // TestLen
    queue.add("foo");
    assertEquals(1, queue.len());
    queue.add("bar");
    assertEquals(2, queue.len());
    queue.add("foo");
    assertEquals(2, queue.len());
  }

  @Test
  void get_handsOutInAddOrder() throws Exception {
    queue.add("a");
    queue.add("b");
    queue.add("a");
    queue.add("c");
    assertEquals(List.of("a", "b", "c"), List.of(queue.get(), queue.get(), queue.get()));
  }

  @Test
  void add_whileProcessing_isHandedOutAgainAfterDone() throws Exception { // TestReinsert
    queue.add("foo");
    assertEquals("foo", queue.get());
    queue.add("foo");
    assertEquals(0, queue.len(), "an item being processed is not queued again before done");
    queue.done("foo");
    assertEquals(1, queue.len());
    assertEquals("foo", queue.get());
    queue.done("foo");
    assertEquals(0, queue.len());
  }

  @Test
  void add_twiceBeforeGet_collapses() throws Exception { // TestCollapse
    queue.add("bar");
    queue.add("bar");
    assertEquals("bar", queue.get());
    queue.done("bar");
    assertEquals(0, queue.len());
  }

  @Test
  void add_twiceWhileProcessing_secondWorkerWaitsForDone() throws Exception { // TestCollapseWhileProcessing
    queue.add("foo");
    assertEquals("foo", queue.get());
    queue.add("foo");
    queue.add("foo");
    Forked<String> second = Forked.start("second-worker", queue::get).awaitBlocked();
    queue.done("foo");
    assertEquals("foo", second.join());
    queue.done("foo");
    assertEquals(0, queue.len());
  }

  @Test
  void shutDownWithDrain_waitsForItemsInProcessing() throws Exception { // TestQueueDrainageUsingShutDownWithDrain
    queue.add("foo");
    queue.add("bar");
    String first = queue.get();
    String second = queue.get();
    Forked<Void> drain = Forked.run("drain", queue::shutDownWithDrain).awaitBlocked();
    assertNull(queue.get(), "get reports shutdown once the queue is empty");
    queue.done(first);
    assertFalse(drain.isDone(), "one item is still being processed");
    queue.done(second);
    drain.join();
  }

  @Test
  void shutDown_releasesAWaitingDrain() throws Exception { // TestForceQueueShutdownUsingShutDown
    queue.add("foo");
    queue.add("bar");
    queue.get();
    queue.get();
    Forked<Void> drain = Forked.run("drain", queue::shutDownWithDrain).awaitBlocked();
    queue.shutDown();
    drain.join();
    assertEquals(2, queue.processing().size(), "a forced stop does not wait for the workers");
  }

  @Test
  void shutDown_returnsAtOnceWithItemsInProcessing() throws Exception { // TestNoQueueDrainageUsingShutDown
    queue.add("foo");
    queue.add("bar");
    queue.get();
    queue.get();
    queue.shutDown();
    assertTrue(queue.shuttingDown());
    assertNull(queue.get());
  }

  @Test
  void shutDownWithDrain_dirtyItemIsStillHandedOut() throws Exception {
    // TestQueueDrainageUsingShutDownWithDrainWithDirtyItem
    queue.add("foo");
    assertEquals("foo", queue.get());
    queue.add("foo");
    Forked<Void> drain = Forked.run("drain", queue::shutDownWithDrain).awaitBlocked();
    assertNull(queue.get(), "nothing is queued: foo is processing (and dirty)");
    queue.done("foo");
    assertEquals("foo", queue.get(), "done re-queues the dirty foo even while shutting down");
    assertFalse(drain.isDone());
    queue.done("foo");
    assertNull(queue.get());
    drain.join();
  }

  @Test
  void add_afterShutDown_isIgnored() throws Exception { // TestBasic / TestAddWhileProcessing
    queue.add("before");
    queue.shutDown();
    queue.add("added after shutdown!");
    assertEquals("before", queue.get(), "items queued before shutdown are still handed out");
    queue.done("before");
    assertNull(queue.get());
    assertEquals(0, queue.len());
  }

  @Test
  void get_blockedWorkersAllWakeOnShutDown() throws Exception {
    List<Forked<String>> workers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      workers.add(Forked.start("worker-" + i, queue::get).awaitBlocked());
    }
    queue.shutDown();
    for (Forked<String> w : workers) {
      assertNull(w.join());
    }
  }

  @Test
  void get_interrupted_takesNothing() throws Exception {
    Forked<String> worker = Forked.start("worker", queue::get).awaitBlocked();
    worker.thread().interrupt();
    assertThrows(InterruptedException.class, worker::join);
    queue.add("foo");
    assertEquals(1, queue.len());
  }

  @Test
  void done_forAnItemNotBeingProcessed_failsFast() {
    queue.add("foo");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> queue.done("foo"));
    assertEquals("done(foo) called for an item that is not being processed", e.getMessage());
  }

  @Test
  void shutDown_isIdempotent() throws Exception {
    queue.shutDown();
    queue.shutDown();
    queue.shutDownWithDrain();
    assertTrue(queue.shuttingDown());
  }

  @Test
  void add_null_isRejected() {
    assertThrows(NullPointerException.class, () -> queue.add(null));
  }
}
