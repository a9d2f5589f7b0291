package io.kubeloop.watch.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.ObjectKey;
import io.kubeloop.testing.Await;
import io.kubeloop.testing.FakeClock;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shared informer against {@link FakeListerWatcher} on a {@link FakeClock} (reference §2.7, §2.9). */
class SharedIndexInformerTest {
  private final FakeClock clock = new FakeClock();
  private final BackoffStepper backoffs = new BackoffStepper(clock);
  private final FakeListerWatcher lw = new FakeListerWatcher();
  private DefaultSharedIndexInformer<Obj> informer;

  private SharedIndexInformer.Builder<Obj> builder() {
    return SharedIndexInformer.builder(lw).clock(clock).random(new Random(3)).reflectorListener(backoffs);
  }

  private DefaultSharedIndexInformer<Obj> build(SharedIndexInformer.Builder<Obj> b) {
    informer = (DefaultSharedIndexInformer<Obj>) b.build();
    return informer;
  }

  @AfterEach
  void close() {
    if (informer != null) {
      informer.close();
      assertTrue(informer.isStopped());
      ThreadsGone.assertNoThreads("informer[objs]"); // at once: close() returns after its threads have ended
      informer.fifo().checkInvariants();
      ((ThreadSafeIndexer<Obj>) informer.indexer()).checkInvariants();
    }
  }

  private void awaitSynced() throws InterruptedException {
    assertTrue(informer.waitForCacheSync(Context.background().withCancel()));
  }

  private void passBackoff() {
    backoffs.passNext();
  }

  @Test
  void handlersGetTheInitialListThenChangesAndTheCacheIsUpdatedFirst() throws InterruptedException {
    lw.create("ns", "a");
    lw.create("ns", "b");
    build(builder());
    RecordingHandler<Obj> h = new RecordingHandler<>(informer.lister());
    HandlerRegistration reg = informer.addEventHandler(h);
    assertEquals("", informer.lastSyncResourceVersion());
    assertFalse(informer.hasSynced());
    informer.start();
    awaitSynced();
    Await.until("handler synced", reg::hasSynced);
    assertEquals(Set.of("add ns/a@2 initial", "add ns/b@3 initial"), Set.copyOf(h.events()));
    assertEquals("3", informer.lastSyncResourceVersion());

    lw.update(ObjectKey.of("ns", "a"), "x");
    lw.delete(ObjectKey.of("ns", "b"));
    lw.create("ns", "c");
    h.awaitCount(5);
    assertEquals(List.of("add ns/a@2 initial", "update ns/a@2->ns/a@4"), h.events(ObjectKey.of("ns", "a")));
    assertEquals(List.of("add ns/b@3 initial", "delete ns/b@5"), h.events(ObjectKey.of("ns", "b")));
    assertEquals(List.of("add ns/c@6"), h.events(ObjectKey.of("ns", "c")));
    assertEquals(List.of(), h.violations());
    assertEquals(Set.of(ObjectKey.of("ns", "a"), ObjectKey.of("ns", "c")), informer.lister().keys());
    assertEquals(2, informer.lister().list("ns").size());
  }

  @Test
  void aRelistThatFindsAnObjectDeletedWhileTheWatchWasDownDeliversADelete() throws InterruptedException {
    lw.create("a");
    lw.create("b");
    build(builder());
    RecordingHandler<Obj> h = new RecordingHandler<>();
    informer.addEventHandler(h);
    informer.start();
    awaitSynced();
    h.awaitCount(2);
    lw.deleteSilently(ObjectKey.of("b")); // gone while nobody watched, and the history with it
    lw.resetWatches();
    passBackoff(); // the resume got 410 at once: back off, relist at ""
    h.awaitCount(3);
    assertEquals(List.of("add b@3 initial", "tombstone b@3"), h.events(ObjectKey.of("b")));
    assertEquals(Set.of(ObjectKey.of("a")), informer.lister().keys());
    assertEquals(List.of(), h.violations());
  }

  @Test
  void watchDisruptionRelistReachesHandlersByWhetherTheyResync() throws InterruptedException {
    // client-go TestSharedInformerWatchDisruption
    lw.create("pod1");
    lw.create("pod2");
    build(builder().resyncPeriod(Duration.ofSeconds(1)));
    RecordingHandler<Obj> noResync = new RecordingHandler<>();
    RecordingHandler<Obj> resync = new RecordingHandler<>();
    informer.addEventHandler(noResync, Duration.ZERO);
    informer.addEventHandler(resync, Duration.ofSeconds(1));
    informer.start();
    awaitSynced();
    noResync.awaitCount(2);
    resync.awaitCount(2);
    int noResyncBefore = noResync.count();

    lw.putSilently(new Obj(io.kubeloop.core.api.ObjectMeta.of(null, "pod3"), "new"));
    lw.putSilently(lw.contents().get(ObjectKey.of("pod2")).withValue("changed"));
    lw.resetWatches();
    Await.until("relisted", () -> lw.lists().size() == 2 || informer.reflectorState() instanceof ReflectorState.BackingOff);
    clock.step(Duration.ofSeconds(1)); // the resync tick marks the resync handler as due...
    Await.until("relisted", () -> {
      if (lw.lists().size() < 2) {
        clock.step(Duration.ofMillis(200)); // ...and the backoff passes
      }
      return lw.lists().size() == 2 && lw.openWatches() == 1;
    });
    Await.until("noResync saw pod2 and pod3", () -> keysAfter(noResync, noResyncBefore).size() == 2);
    Await.until("resync saw pod1, pod2 and pod3", () -> keysAfter(resync, 2).containsAll(Set.of("pod1", "pod2", "pod3")));
    assertEquals(Set.of("pod2", "pod3"), keysAfter(noResync, noResyncBefore));
    assertEquals(List.of(), noResync.violations());
    assertEquals(List.of(), resync.violations());
  }

  private static Set<String> keysAfter(RecordingHandler<Obj> h, int skip) {
    return h.events().stream().skip(skip).map(e -> e.split(" ")[1].split("@")[0]).collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void aHandlerAddedLateGetsTheCacheFirstAndIsNotSyncedUntilItHasProcessedIt() throws InterruptedException {
    lw.create("pod1");
    build(builder());
    RecordingHandler<Obj> first = new RecordingHandler<>();
    informer.addEventHandler(first);
    informer.start();
    awaitSynced();
    CountDownLatch release = new CountDownLatch(1);
    RecordingHandler<Obj> late = new RecordingHandler<>() {
      @Override
      public void onAdd(Obj object, boolean isInInitialList) {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        super.onAdd(object, isInInitialList);
      }
    };
    HandlerRegistration reg = informer.addEventHandler(late);
    lw.create("pod2");
    first.awaitCount(2);
    assertFalse(reg.hasSynced(), "the synthetic add of pod1 is still being delivered");
    release.countDown();
    Await.until("late handler synced", reg::hasSynced);
    late.awaitCount(2);
    assertEquals(List.of("add pod1@2 initial", "add pod2@3"), late.events());
    assertEquals(List.of("add pod1@2 initial", "add pod2@3"), first.events());
  }

  @Test
  void aRemovedHandlerHearsNothingMore() throws InterruptedException {
    lw.create("pod1");
    build(builder());
    RecordingHandler<Obj> kept = new RecordingHandler<>();
    RecordingHandler<Obj> removed = new RecordingHandler<>();
    informer.addEventHandler(kept);
    HandlerRegistration reg = informer.addEventHandler(removed);
    informer.start();
    awaitSynced();
    removed.awaitCount(1);
    informer.removeEventHandler(reg);
    informer.removeEventHandler(reg); // idempotent
    lw.create("pod2");
    kept.awaitCount(2);
    assertEquals(List.of("add pod1@2 initial"), removed.events());
  }

  @Test
  void aSlowHandlerDelaysNoOther() throws InterruptedException {
    build(builder());
    CountDownLatch stuck = new CountDownLatch(1);
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Obj object, boolean isInInitialList) {
        try {
          stuck.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
    RecordingHandler<Obj> fast = new RecordingHandler<>();
    informer.addEventHandler(fast);
    informer.start();
    awaitSynced();
    for (int i = 0; i < 100; i++) {
      lw.create("o" + i);
    }
    fast.awaitCount(100);
    stuck.countDown();
  }

  @Test
  void transformRunsOnceAndTheCacheHoldsItsResult() throws InterruptedException {
    AtomicInteger calls = new AtomicInteger();
    lw.create("a");
    build(builder().transform(o -> {
      calls.incrementAndGet();
      return o.withValue("trimmed");
    }));
    RecordingHandler<Obj> h = new RecordingHandler<>();
    informer.addEventHandler(h);
    informer.start();
    awaitSynced();
    lw.update(ObjectKey.of("a"), "big");
    h.awaitCount(2);
    assertEquals(2, calls.get(), "once for the list, once for the event");
    assertEquals("trimmed", informer.lister().get(ObjectKey.of("a")).orElseThrow().value());
    assertEquals("trimmed", h.state().get(ObjectKey.of("a")).value());
  }

  @Test
  void resyncPeriodsArePerHandler() throws InterruptedException {
    // client-go TestListenerResyncPeriods: informer 1s; handlers 0s, 2s, 3s
    lw.create("pod1");
    lw.create("pod2");
    build(builder().resyncPeriod(Duration.ofSeconds(1)).handlerExecutor(Runnable::run));
    RecordingHandler<Obj> h0 = new RecordingHandler<>();
    RecordingHandler<Obj> h2 = new RecordingHandler<>();
    RecordingHandler<Obj> h3 = new RecordingHandler<>();
    informer.addEventHandler(h0, Duration.ZERO);
    informer.addEventHandler(h2, Duration.ofSeconds(2));
    informer.addEventHandler(h3, Duration.ofSeconds(3));
    informer.start();
    awaitSynced();
    Await.until("resync loop sleeping", () -> clock.waiterCount() >= 2); // watchdog + resync
    clock.step(Duration.ofSeconds(1));
    clock.awaitWaiters(2);
    clock.step(Duration.ofSeconds(1));
    Await.until("h2 resynced", () -> h2.count() == 4);
    assertEquals(2, h3.count());
    clock.awaitWaiters(2);
    clock.step(Duration.ofSeconds(1));
    Await.until("h3 resynced", () -> h3.count() == 4);
    assertEquals(2, h0.count());
    assertEquals(4, h2.count());
    assertTrue(h2.events().get(2).startsWith("update pod"), h2.events().toString());
  }

  @Test
  void resyncCheckPeriodFollowsTheShortestHandlerBeforeStart() {
    // client-go TestResyncCheckPeriod
    build(builder().resyncPeriod(Duration.ofHours(12)));
    HandlerRegistration l1 = informer.addEventHandler(new RecordingHandler<>(), Duration.ZERO);
    assertEquals(Duration.ofHours(12), informer.resyncCheckPeriod());
    HandlerRegistration l2 = informer.addEventHandler(new RecordingHandler<>(), Duration.ofMinutes(1));
    assertEquals(Duration.ofMinutes(1), informer.resyncCheckPeriod());
    HandlerRegistration l3 = informer.addEventHandler(new RecordingHandler<>(), Duration.ofSeconds(55));
    assertEquals(Duration.ofSeconds(55), informer.resyncCheckPeriod());
    HandlerRegistration l4 = informer.addEventHandler(new RecordingHandler<>(), Duration.ofSeconds(5));
    assertEquals(Duration.ofSeconds(5), informer.resyncCheckPeriod());
    assertEquals(List.of(Duration.ZERO, Duration.ofMinutes(1), Duration.ofSeconds(55), Duration.ofSeconds(5)),
        List.of(l1.resyncPeriod(), l2.resyncPeriod(), l3.resyncPeriod(), l4.resyncPeriod()));
    HandlerRegistration tiny = informer.addEventHandler(new RecordingHandler<>(), Duration.ofMillis(10));
    assertEquals(Duration.ofSeconds(1), tiny.resyncPeriod(), "raised to the 1 s minimum");
  }

  @Test
  void anInformerWithoutResyncNeverResyncs() {
    build(builder());
    assertEquals(Duration.ZERO, informer.addEventHandler(new RecordingHandler<>(), Duration.ofMinutes(1)).resyncPeriod());
  }

  @Test
  void lifecycleErrorsNameTheProblem() {
    build(builder());
    informer.start();
    IllegalStateException twice = assertThrows(IllegalStateException.class, informer::start);
    assertTrue(twice.getMessage().contains("is STARTED"), twice.getMessage());
    assertTrue(informer.hasStarted());
    informer.close();
    informer.close(); // idempotent
    RecordingHandler<Obj> h = new RecordingHandler<>();
    IllegalStateException late = assertThrows(IllegalStateException.class, () -> informer.addEventHandler(h));
    assertTrue(late.getMessage().endsWith("was not added to shared informer because it has stopped already"));
    informer.removeEventHandler(new ProcessorListener<>("x", h, Runnable::run, null, List.of(), () -> true, Duration.ZERO, Duration.ZERO, clock.instant()));
  }

  @Test
  void waitForCacheSyncGivesUpWhenItsContextEnds() throws InterruptedException {
    List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
    lw.failNextList(new IOException("Access Denied"));
    build(builder().watchErrorHandler((name, e) -> errors.add(e.getMessage())));
    informer.start();
    Context ctx = Context.background().withCancel();
    ctx.cancel();
    assertFalse(informer.waitForCacheSync(ctx));
    Await.until("error handler told", () -> errors.contains("Access Denied"));
    passBackoff();
    awaitSynced();
  }

  @Test
  void threadsAreNamedAfterTheInformer() throws InterruptedException {
    lw.create("a"); // a handler's thread starts with its first notification
    build(builder());
    informer.addEventHandler(new RecordingHandler<>());
    informer.start();
    awaitSynced();
    Set<String> names = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
        .filter(n -> n.startsWith("informer[objs]")).collect(Collectors.toSet());
    assertTrue(names.containsAll(Set.of("informer[objs]-reflector", "informer[objs]-process", "informer[objs]-handler-1")), names.toString());
  }

  @Test
  void theListerCannotWriteTheCache() throws InterruptedException {
    lw.create("a");
    build(builder());
    informer.start();
    awaitSynced();
    Lister<Obj> lister = informer.lister();
    assertFalse(lister instanceof Indexer);
    assertThrows(UnsupportedOperationException.class, () -> lister.list().clear());
    assertThrows(UnsupportedOperationException.class, () -> lister.keys().clear());
  }

  @Test
  void removingAHandlerLetsItsNotificationInFlightFinishUninterrupted() throws InterruptedException {
    // client-go: at most the notification being delivered still runs after RemoveEventHandler, and it runs to
    // its end; interrupting it would break a handler blocked in a queue put or an HTTP call half-way.
    lw.create("ns", "a");
    build(builder());
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> outcome = new java.util.concurrent.CopyOnWriteArrayList<>();
    HandlerRegistration reg = informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Obj object, boolean initial) {
        entered.countDown();
        try {
          release.await();
          outcome.add(Thread.currentThread().isInterrupted() ? "interrupted after" : "finished");
        } catch (InterruptedException e) {
          outcome.add("interrupted");
        }
      }
    });
    informer.start();
    assertTrue(entered.await(10, java.util.concurrent.TimeUnit.SECONDS));
    informer.removeEventHandler(reg);
    release.countDown();
    Await.until("the handler returned", () -> !outcome.isEmpty());
    assertEquals(List.of("finished"), outcome);
  }

  @Test
  void aHandlerMayCloseItsInformerWithoutWaitingForItselfOrBeingInterrupted() throws InterruptedException {
    lw.create("ns", "a");
    build(builder());
    List<String> outcome = new java.util.concurrent.CopyOnWriteArrayList<>();
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Obj object, boolean initial) {
        long start = System.nanoTime();
        informer.close();
        long millis = (System.nanoTime() - start) / 1_000_000;
        outcome.add((millis < 2_000 ? "quick" : "took " + millis + " ms")
            + (Thread.currentThread().isInterrupted() ? ", interrupted" : ""));
      }
    });
    informer.start();
    Await.until("the handler returned", () -> !outcome.isEmpty());
    assertEquals(List.of("quick"), outcome);
    assertTrue(informer.isStopped());
    Await.until("the handler's thread ended after its handler returned", () -> Thread.getAllStackTraces().keySet()
        .stream().noneMatch(t -> t.getName().startsWith("informer[objs]")));
  }
}
