package io.kubeloop.watch.cache;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.KubernetesObject;
import io.kubeloop.core.api.ObjectKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * Java counterpart of client-go {@code tools/cache/delta_fifo.go} ({@code DeltaFIFO}, with
 * {@code EmitDeltaTypeReplaced = true} as informers use it): a queue of keys where each key carries every change
 * seen for it since it was last popped, oldest first.
 *
 * <p>A key is queued once however many deltas pile up behind it, and keeps its place in line: a slow consumer
 * sees fewer, fuller pops, never a stale one. {@link #replace} (a relist) queues {@link DeltaType#REPLACED} for
 * every listed object and a {@linkplain Delta#finalStateUnknown() final-state-unknown} delete for every key that
 * is known (queued, or in {@code knownObjects}, the informer's indexer) but not listed. {@link #resync} queues
 * {@link DeltaType#SYNC} for known keys with nothing pending (a pending key would resync a stale version).
 *
 * <p>Thread-safety: one lock guards the queue; {@link #pop} runs its processor while holding it, as client-go
 * does, so a concurrent {@link #replace} or {@link #resync} never sees a key that has been popped but is not in
 * {@code knownObjects} yet. The processor is the informer's own code (indexer update and hand-off to buffers),
 * never a user handler. The transform, which is user code, runs before the lock is taken.
 *
 * <p>Differences from client-go:
 * <ul>
 *   <li>DeltaFIFO rather than client-go's newer default {@code RealFIFO}: the handler contract is the same, and
 *       DeltaFIFO's per-key merging is the structure the client-go documentation teaches; it also bounds the
 *       queue by the number of distinct objects instead of the number of events.
 *   <li>Keys are {@link ObjectKey}s; tombstones are flagged deltas, never a wrapper object.
 *   <li>The transform runs outside the lock; the initial population count is the number of queued keys after
 *       the first replace (which is client-go's "distinct keys plus queued deletions" when nothing was queued).
 * </ul>
 */
public final class DeltaFifo<T extends KubernetesObject> implements ReflectorStore<T> {
  /** Called by {@link #pop} with all deltas of one key, oldest first, while the queue's lock is held. */
  @FunctionalInterface
  public interface PopProcessor<T extends KubernetesObject> {
    void process(List<Delta<T>> deltas, boolean isInInitialList);
  }

  private final ReentrantLock lock = new ReentrantLock();
  /** Signalled when a key is queued or the queue is closed. */
  private final Condition changed = lock.newCondition();
  /** Deltas per key, oldest first, never empty. Invariant: key in {@code items} iff in {@code queue}. Guarded by {@code lock}. */
  private final Map<ObjectKey, List<Delta<T>>> items = new HashMap<>();
  /** Keys in pop order, each at most once. Guarded by {@code lock}. */
  private final ArrayDeque<ObjectKey> queue = new ArrayDeque<>();
  /** Whether any add, update, delete or replace has been called. Guarded by {@code lock}. */
  private boolean populated;
  /** Keys of the first replace not yet popped (and processed). Invariant: at most {@code queue.size()}. Guarded by {@code lock}. */
  private int initialPopulationCount;
  /** Guarded by {@code lock}; once true stays true. */
  private boolean closed;

  /** May be null: then deletes of unknown keys are dropped and {@link #resync} does nothing. */
  private final Lister<T> knownObjects;
  private final UnaryOperator<T> transform;

  /**
   * @param knownObjects what the consumer already holds (the informer's indexer); null for none
   * @param transform applied once to every object entering the queue from the reflector; identity for none
   */
  public DeltaFifo(Lister<T> knownObjects, UnaryOperator<T> transform) {
    this.knownObjects = knownObjects;
    this.transform = Objects.requireNonNull(transform, "transform");
  }

  @Override
  public void add(T object) {
    T t = transformed(object);
    lock.lock();
    try {
      populated = true;
      queueActionLocked(Delta.of(DeltaType.ADDED, t));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void update(T object) {
    T t = transformed(object);
    lock.lock();
    try {
      populated = true;
      queueActionLocked(Delta.of(DeltaType.UPDATED, t));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void delete(T object) {
    T t = transformed(object);
    lock.lock();
    try {
      populated = true;
      ObjectKey key = t.key();
      boolean known = knownObjects != null && knownObjects.get(key).isPresent();
      if (!known && !items.containsKey(key)) {
        return; // never seen: nothing to tell anyone (client-go drops these too)
      }
      queueActionLocked(Delta.of(DeltaType.DELETED, t));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void replace(List<T> objects, String resourceVersion) {
    List<T> listed = new ArrayList<>(objects.size());
    for (T o : objects) {
      listed.add(transformed(o));
    }
    lock.lock();
    try {
      // 1. Everything listed is queued as REPLACED; presence in the cache decides later whether it is an add.
      Set<ObjectKey> keys = new HashSet<>();
      for (T o : listed) {
        keys.add(o.key());
        queueActionLocked(Delta.of(DeltaType.REPLACED, o));
      }
      // 2. Queued but not listed: created and deleted while we were not watching, or deleted with its add still
      //    queued. Tell the consumer with the newest queued state (client-go 2ded6b6eb).
      for (ObjectKey k : List.copyOf(queue)) {
        if (!keys.contains(k)) {
          List<Delta<T>> deltas = items.get(k);
          queueActionLocked(Delta.deletedFinalStateUnknown(deltas.get(deltas.size() - 1).object()));
        }
      }
      // 3. Cached but neither listed nor queued: deleted while the watch was down.
      if (knownObjects != null) {
        for (ObjectKey k : knownObjects.keys()) {
          if (!keys.contains(k) && !items.containsKey(k)) {
            Optional<T> last = knownObjects.get(k);
            last.ifPresent(o -> queueActionLocked(Delta.deletedFinalStateUnknown(o)));
          }
        }
      }
      // 4. The first replace defines the initial list that hasSynced waits for.
      if (!populated) {
        populated = true;
        initialPopulationCount = queue.size();
        changed.signalAll(); // an empty first list is synced at once
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void resync() {
    if (knownObjects == null) {
      return;
    }
    lock.lock();
    try {
      for (ObjectKey k : knownObjects.keys()) {
        if (items.containsKey(k)) {
          continue; // a pending delta is newer than the cache: resyncing would deliver a stale object
        }
        knownObjects.get(k).ifPresent(o -> queueActionLocked(Delta.of(DeltaType.SYNC, o)));
      }
    } finally {
      lock.unlock();
    }
  }

  /** Caller holds the lock. {@code queueActionLocked} of client-go. */
  private void queueActionLocked(Delta<T> delta) {
    ObjectKey key = delta.key();
    List<Delta<T>> deltas = items.get(key);
    if (deltas == null) {
      deltas = new ArrayList<>(2);
      items.put(key, deltas);
      queue.add(key);
    }
    deltas.add(delta);
    dedupLastTwoDeletes(deltas);
    changed.signalAll();
  }

  /**
   * Two deletes in a row say the same thing; keep the more informative: the older one, unless only the older
   * one is a tombstone ({@code dedupDeltas}/{@code isDeletionDup} of client-go). No other deltas are merged.
   */
  private static <T extends KubernetesObject> void dedupLastTwoDeletes(List<Delta<T>> deltas) {
    int n = deltas.size();
    if (n < 2) {
      return;
    }
    Delta<T> older = deltas.get(n - 2);
    Delta<T> newer = deltas.get(n - 1);
    if (older.type() != DeltaType.DELETED || newer.type() != DeltaType.DELETED) {
      return;
    }
    deltas.remove(n - 1);
    if (older.finalStateUnknown()) {
      deltas.set(n - 2, newer);
    }
  }

  /**
   * Blocks until a key is queued, removes it, and hands its deltas to {@code processor} while holding the lock.
   *
   * @return {@code false} if the queue is closed (at once, even with keys still queued); {@code true} after one
   *     key was processed. An exception from the processor propagates; the key is gone either way.
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  public boolean pop(PopProcessor<T> processor) throws InterruptedException {
    lock.lock();
    try {
      while (queue.isEmpty()) {
        if (closed) {
          return false;
        }
        changed.await();
      }
      if (closed) {
        return false;
      }
      ObjectKey key = queue.poll();
      List<Delta<T>> deltas = items.remove(key);
      boolean isInInitialList = !hasSyncedLocked();
      try {
        processor.process(List.copyOf(deltas), isInInitialList);
      } finally {
        if (initialPopulationCount > 0) {
          initialPopulationCount--;
          changed.signalAll(); // awaitSynced may be waiting for exactly this
        }
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Whether the first list has been fully popped and processed, or something was added before any list.
   * Never goes back to false.
   */
  public boolean hasSynced() {
    lock.lock();
    try {
      return hasSyncedLocked();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Blocks until {@link #hasSynced()}, the queue is closed, or {@code context} is cancelled.
   *
   * @return whether the queue has synced
   */
  public boolean awaitSynced(Context context) throws InterruptedException {
    Context.Registration registration = context.onCancel(() -> {
      lock.lock();
      try {
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    });
    lock.lock();
    try {
      while (!hasSyncedLocked() && !closed && !context.isCancelled()) {
        changed.await();
      }
      return hasSyncedLocked();
    } finally {
      lock.unlock();
      registration.remove();
    }
  }

  private boolean hasSyncedLocked() {
    return populated && initialPopulationCount == 0;
  }

  /** Wakes every blocked {@link #pop}, which then returns {@code false}. Idempotent. */
  public void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  public boolean isClosed() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }

  /** The queued keys in pop order: a snapshot, for tests and debugging. */
  public List<ObjectKey> queuedKeys() {
    lock.lock();
    try {
      return List.copyOf(queue);
    } finally {
      lock.unlock();
    }
  }

  /** The deltas queued for {@code key} (a snapshot), or an empty list. */
  public List<Delta<T>> deltas(ObjectKey key) {
    lock.lock();
    try {
      List<Delta<T>> d = items.get(key);
      return d == null ? List.of() : List.copyOf(d);
    } finally {
      lock.unlock();
    }
  }

  private T transformed(T object) {
    Objects.requireNonNull(object, "object");
    return Objects.requireNonNull(transform.apply(object), "transform returned null");
  }

  /** Test hook: the invariants stated on the fields. Throws {@link AssertionError} naming the broken one. */
  void checkInvariants() {
    lock.lock();
    try {
      Set<ObjectKey> queued = new HashSet<>(queue);
      if (queued.size() != queue.size()) {
        throw new AssertionError("duplicate keys in queue " + queue);
      }
      if (!queued.equals(items.keySet())) {
        throw new AssertionError("queue " + queue + " and items " + items.keySet() + " hold different keys");
      }
      for (Map.Entry<ObjectKey, List<Delta<T>>> e : items.entrySet()) {
        if (e.getValue().isEmpty()) {
          throw new AssertionError("empty deltas for " + e.getKey());
        }
        for (Delta<T> d : e.getValue()) {
          if (!d.key().equals(e.getKey())) {
            throw new AssertionError("delta " + d + " filed under " + e.getKey());
          }
        }
      }
      if (initialPopulationCount > queue.size()) {
        throw new AssertionError("initialPopulationCount " + initialPopulationCount + " > queued " + queue.size());
      }
    } finally {
      lock.unlock();
    }
  }
}
