package io.kubeloop.watch.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeloop.core.api.ObjectKey;
import io.kubeloop.testing.Await;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Ports client-go's delta_fifo_test.go case by case (reference §2.6.1). Deltas print as "Added foo:2". */
class DeltaFifoTest {
  private final List<DeltaFifo<Obj>> created = new ArrayList<>();

  @AfterEach
  void structureIsConsistent() {
    created.forEach(DeltaFifo::checkInvariants);
  }

  private DeltaFifo<Obj> fifo(Obj... known) {
    Indexer<Obj> indexer = Indexer.create();
    for (Obj o : known) {
      indexer.put(o);
    }
    DeltaFifo<Obj> f = new DeltaFifo<>(indexer, UnaryOperator.identity());
    created.add(f);
    return f;
  }

  private DeltaFifo<Obj> fifoWithoutKnownObjects() {
    DeltaFifo<Obj> f = new DeltaFifo<>(null, UnaryOperator.identity());
    created.add(f);
    return f;
  }

  static Obj o(String name, int value) {
    return Obj.of(name, Integer.toString(value));
  }

  static String describe(Delta<Obj> d) {
    String type = d.finalStateUnknown() ? "Tombstone" : switch (d.type()) {
      case ADDED -> "Added";
      case UPDATED -> "Updated";
      case DELETED -> "Deleted";
      case REPLACED -> "Replaced";
      case SYNC -> "Sync";
    };
    return type + " " + d.object().metadata().name() + ":" + d.object().rv();
  }

  /** Pops one key that must be queued and describes its deltas. */
  static List<String> pop(DeltaFifo<Obj> f) {
    assertFalse(f.queuedKeys().isEmpty(), "expected a queued key");
    List<String> out = new ArrayList<>();
    try {
      assertTrue(f.pop((deltas, initial) -> deltas.forEach(d -> out.add(describe(d)))));
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    return out;
  }

  static List<List<String>> drain(DeltaFifo<Obj> f) {
    List<List<String>> all = new ArrayList<>();
    while (!f.queuedKeys().isEmpty()) {
      all.add(pop(f));
    }
    return all;
  }

  @Test
  void replaceAfterQueuedDeleteStillDeliversTheNewObject() {
    DeltaFifo<Obj> f = fifo(o("foo", 1));
    f.delete(o("foo", 1));
    f.replace(List.of(o("foo", 2)), "0");
    assertEquals(List.of(List.of("Deleted foo:1", "Replaced foo:2")), drain(f));
  }

  record Case(String name, boolean withKnownObjects, Consumer<DeltaFifo<Obj>> ops, List<String> expected) {
    @Override
    public String toString() {
      return name + (withKnownObjects ? " (known objects)" : " (no known objects)");
    }
  }

  static Stream<Case> replaceOnlyInQueueCases() {
    List<Case> base = List.of(
        new Case("added then listed empty", true, f -> {
          f.add(o("foo", 2));
          f.replace(List.of(), "0");
        }, List.of("Added foo:2", "Tombstone foo:2")),
        new Case("added, listed, listed empty", true, f -> {
          f.add(o("foo", 2));
          f.replace(List.of(o("foo", 2)), "0");
          f.replace(List.of(), "0");
        }, List.of("Added foo:2", "Replaced foo:2", "Tombstone foo:2")),
        new Case("added, deleted, listed empty: no second delete", true, f -> {
          f.add(o("foo", 2));
          f.delete(o("foo", 2));
          f.replace(List.of(), "0");
        }, List.of("Added foo:2", "Deleted foo:2")),
        new Case("listed twice then empty", true, f -> {
          f.add(o("foo", 2));
          f.replace(List.of(o("foo", 2)), "0");
          f.replace(List.of(o("foo", 2)), "0");
          f.replace(List.of(), "0");
        }, List.of("Added foo:2", "Replaced foo:2", "Replaced foo:2", "Tombstone foo:2")),
        new Case("listed empty twice: one delete", true, f -> {
          f.add(o("foo", 2));
          f.replace(List.of(), "0");
          f.replace(List.of(), "0");
        }, List.of("Added foo:2", "Tombstone foo:2")),
        new Case("re-added after delete: tombstone carries the newest", true, f -> {
          f.add(o("foo", 2));
          f.delete(o("foo", 2));
          f.add(o("foo", 3));
          f.replace(List.of(), "0");
        }, List.of("Added foo:2", "Deleted foo:2", "Added foo:3", "Tombstone foo:3")));
    return base.stream().flatMap(c -> Stream.of(c, new Case(c.name, false, c.ops, c.expected)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("replaceOnlyInQueueCases")
  void replaceOnlyInQueue(Case c) {
    DeltaFifo<Obj> f = c.withKnownObjects ? fifo() : fifoWithoutKnownObjects();
    c.ops.accept(f);
    assertEquals(List.of(c.expected), drain(f));
  }

  @Test
  void addUpdateDeleteMergeUnderOneKey() {
    DeltaFifo<Obj> f = fifoWithoutKnownObjects();
    f.add(o("foo", 10));
    f.update(o("foo", 12));
    f.delete(o("foo", 15));
    assertEquals(List.of(ObjectKey.of("foo")), f.queuedKeys());
    assertEquals(List.of(List.of("Added foo:10", "Updated foo:12", "Deleted foo:15")), drain(f));
    assertTrue(f.deltas(ObjectKey.of("foo")).isEmpty());
  }

  @Test
  void deleteOfAnUnknownKeyIsDroppedWithoutKnownObjects() {
    DeltaFifo<Obj> f = fifoWithoutKnownObjects();
    f.add(o("foo", 10));
    f.update(o("bar", 15));
    f.add(o("qux", 17));
    f.delete(o("qux", 18));
    f.delete(o("baz", 20));
    List<String> newest = drain(f).stream().map(l -> l.get(l.size() - 1)).toList();
    assertEquals(List.of("Added foo:10", "Updated bar:15", "Deleted qux:18"), newest);
  }

  @Test
  void deleteOfAKnownOnlyKeyIsQueued() {
    DeltaFifo<Obj> f = fifo(o("foo", 5), o("bar", 6), o("baz", 7));
    f.add(o("foo", 10));
    f.update(o("bar", 15));
    f.delete(o("baz", 20));
    assertEquals(List.of(List.of("Added foo:10"), List.of("Updated bar:15"), List.of("Deleted baz:20")), drain(f));
  }

  @Test
  void addThenReplaceIsOnePop() {
    DeltaFifo<Obj> f = fifoWithoutKnownObjects();
    f.add(o("foo", 10));
    f.replace(List.of(o("foo", 15)), "0");
    assertEquals(List.of(List.of("Added foo:10", "Replaced foo:15")), drain(f));
  }

  @Test
  void resyncQueuesSyncForKnownKeysOnly() {
    DeltaFifo<Obj> f = fifo(o("foo", 5));
    f.resync();
    assertEquals(List.of(List.of("Sync foo:5")), drain(f));
  }

  @Test
  void resyncSkipsKeysWithPendingDeltas() {
    DeltaFifo<Obj> f = fifo(o("foo", 5));
    f.delete(o("foo", 10));
    f.resync();
    assertEquals(List.of(List.of("Deleted foo:10")), drain(f));

    DeltaFifo<Obj> g = fifo(o("foo", 5));
    g.update(o("foo", 6));
    g.resync();
    assertEquals(List.of(List.of("Updated foo:6")), drain(g));
  }

  static Stream<Case> replaceMakesDeletionsCases() {
    return Stream.of(
        new Case("queued delete, then list without it", true, f -> {
          f.delete(o("baz", 10));
          f.replace(List.of(o("foo", 5)), "0");
        }, List.of("Deleted baz:10", "|", "Replaced foo:5", "|", "Tombstone bar:6")),
        new Case("queued add: tombstone carries the newest queued object", true, f -> {
          f.add(o("baz", 10));
          f.replace(List.of(o("foo", 5)), "0");
        }, List.of("Added baz:10", "Tombstone baz:10", "|", "Replaced foo:5", "|", "Tombstone bar:6")),
        new Case("deleted and re-added", true, f -> {
          f.delete(o("bar", 6));
          f.add(o("bar", 100));
          f.replace(List.of(o("foo", 5)), "0");
        }, List.of("Deleted bar:6", "Added bar:100", "Tombstone bar:100", "|", "Replaced foo:5", "|", "Tombstone baz:7")),
        new Case("two replaces", true, f -> {
          f.replace(List.of(o("bar", 100), o("foo", 5)), "0");
          f.replace(List.of(o("foo", 5)), "0");
        }, List.of("Replaced bar:100", "Tombstone bar:100", "|", "Replaced foo:5", "Replaced foo:5", "|", "Tombstone baz:7")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("replaceMakesDeletionsCases")
  void replaceMakesDeletions(Case c) {
    DeltaFifo<Obj> f = fifo(o("foo", 5), o("bar", 6), o("baz", 7));
    c.ops.accept(f);
    List<String> flat = new ArrayList<>();
    for (List<String> popped : drain(f)) {
      if (!flat.isEmpty()) {
        flat.add("|");
      }
      flat.addAll(popped);
    }
    assertEquals(c.expected, flat);
  }

  @Test
  void hasSyncedCountsDeletionsOfTheFirstReplace() throws InterruptedException {
    DeltaFifo<Obj> f = fifo(o("foo", 1), o("bar", 2), o("baz", 3));
    f.replace(List.of(o("foo", 5)), "0");
    for (int i = 0; i < 3; i++) {
      assertFalse(f.hasSynced(), "before pop " + i);
      AtomicInteger initial = new AtomicInteger();
      f.pop((deltas, isInInitialList) -> initial.set(isInInitialList ? 1 : 0));
      assertEquals(1, initial.get(), "pop " + i + " is in the initial list");
    }
    assertTrue(f.hasSynced());
  }

  @Test
  void detectLineJumpers() {
    DeltaFifo<Obj> f = fifoWithoutKnownObjects();
    f.add(o("foo", 10));
    f.add(o("bar", 1));
    f.add(o("foo", 11));
    f.add(o("foo", 13));
    f.add(o("zab", 30));
    assertEquals(List.of("Added foo:10", "Added foo:11", "Added foo:13"), pop(f));
    f.add(o("foo", 14));
    assertEquals(List.of(List.of("Added bar:1"), List.of("Added zab:30"), List.of("Added foo:14")), drain(f));
  }

  @Test
  void hasSyncedTable() throws InterruptedException {
    assertFalse(fifo().hasSynced(), "nothing");
    DeltaFifo<Obj> added = fifo();
    added.add(o("a", 1));
    assertTrue(added.hasSynced(), "add before any replace");
    DeltaFifo<Obj> empty = fifo();
    empty.replace(List.of(), "0");
    assertTrue(empty.hasSynced(), "empty replace");
    DeltaFifo<Obj> two = fifo();
    two.replace(List.of(o("a", 1), o("b", 1)), "0");
    assertFalse(two.hasSynced());
    pop(two);
    assertFalse(two.hasSynced());
    pop(two);
    assertTrue(two.hasSynced());
    DeltaFifo<Obj> sameKey = fifo();
    sameKey.replace(List.of(o("a", 1), o("a", 2)), "0");
    pop(sameKey);
    assertTrue(sameKey.hasSynced(), "counted by distinct key");
  }

  @Test
  void closeWakesEveryBlockedPop() throws InterruptedException {
    DeltaFifo<Obj> f = fifo();
    int n = 10;
    CountDownLatch returned = new CountDownLatch(n);
    AtomicInteger falses = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Thread t = new Thread(() -> {
        try {
          if (!f.pop((d, i2) -> {})) {
            falses.incrementAndGet();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        returned.countDown();
      }, "pop-" + i);
      threads.add(t);
      t.start();
    }
    Await.until("all pops blocked", () -> threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING));
    f.close();
    Await.until("all pops returned", () -> returned.getCount() == 0);
    assertEquals(n, falses.get());
  }

  @Test
  void transformRunsOncePerObjectEnteringTheQueue() {
    AtomicInteger calls = new AtomicInteger();
    Indexer<Obj> known = Indexer.create();
    DeltaFifo<Obj> f = new DeltaFifo<>(known, x -> {
      calls.incrementAndGet();
      return x.withValue("trimmed");
    });
    created.add(f);
    f.add(o("a", 1));
    f.replace(List.of(o("a", 2), o("b", 2)), "2");
    assertEquals(3, calls.get());
    known.put(o("c", 3));
    f.resync(); // SYNC re-delivers cached (already transformed) objects: no second transform
    assertEquals(3, calls.get());
    assertTrue(f.deltas(ObjectKey.of("a")).stream().allMatch(d -> d.object().value().equals("trimmed")));
  }
}
