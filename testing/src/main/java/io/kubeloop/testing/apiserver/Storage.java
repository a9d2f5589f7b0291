package io.kubeloop.testing.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The in-memory "etcd": objects per resource in sorted maps, one global revision counter, a bounded history of
 * changes and the watchers that changes fan out to. Java counterpart of the etcd3 store plus the watch cache
 * (k8s.io/apiserver pkg/storage/etcd3/store.go, pkg/storage/cacher/watch_cache.go).
 *
 * <p>Concurrency: one lock ({@link #lock}) guards everything. Request handlers run their whole
 * read-check-write under it ({@link #locked}), which makes every verb atomic and keeps resourceVersions strictly
 * increasing in commit order. Writes cost O(log n) (a {@link TreeMap} put plus an O(1) history append) plus
 * O(w) non-blocking offers to the w watchers of that resource; nothing under the lock blocks on I/O.
 *
 * <p>Stored objects are never mutated after they are stored: every writer stores a fresh tree. That is what lets
 * each stored object keep its JSON encoding ({@link #encoded}), made once when it is stored, so a list of n
 * objects copies n byte arrays to the socket instead of serialising n trees on every read.
 */
final class Storage {
  /** Receives changes of one resource; must not block. Returning {@code false} unregisters it. */
  interface Sink {
    boolean offer(Change change);

    /** Asks the watch to end cleanly (its resource went away, a fault, shutdown). Must not block. */
    default void end() {}
  }

  /** A stored tree and its JSON encoding; the bytes are never modified. */
  private record Encoded(ObjectNode object, byte[] json) {}

  /** An object reference for the owner index: which resource and which key. */
  record Ref(String storageKey, String key) {}

  private final ReentrantLock lock = new ReentrantLock();
  /** Signalled after every committed change, for reads that wait for a resourceVersion. */
  private final java.util.concurrent.locks.Condition advanced = lock.newCondition();
  /** Objects per storage key, in etcd key order. Guarded by {@code lock}. */
  private final Map<String, TreeMap<String, ObjectNode>> objects = new HashMap<>();
  /**
   * The JSON encoding of each stored object, per storage key and object key, next to the tree it encodes.
   * Invariant: for every stored object there is an entry whose {@code object} is that very tree. Guarded by
   * {@code lock}.
   */
  private final Map<String, HashMap<String, Encoded>> encodings = new HashMap<>();
  /** Retained changes, oldest first; at most {@code historyWindow}. Guarded by {@code lock}. */
  private final ArrayDeque<Change> history = new ArrayDeque<>();
  /** Owner uid to dependents, from {@code metadata.ownerReferences}. Guarded by {@code lock}. */
  private final Map<String, Set<Ref>> dependents = new HashMap<>();
  /** Watchers per storage key. Changed under {@code lock}; iteration needs no lock. */
  private final Map<String, List<Sink>> sinks = new HashMap<>();
  private final int historyWindow;
  /** The global resourceVersion; the last committed write. Guarded by {@code lock}. */
  private long revision;
  /**
   * Every change with {@code rv <= compactedThrough} is forgotten: a watch or exact list from an older
   * resourceVersion gets 410 Expired. Guarded by {@code lock}.
   */
  private long compactedThrough;

  Storage(int historyWindow, long initialRevision) {
    if (historyWindow < 1) {
      throw new IllegalArgumentException("expected historyWindow >= 1 but was " + historyWindow);
    }
    this.historyWindow = historyWindow;
    this.revision = initialRevision;
    this.compactedThrough = initialRevision;
  }

  /** Runs {@code action} holding the storage lock. */
  <T> T locked(Supplier<T> action) {
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }

  void locked(Runnable action) {
    locked(() -> {
      action.run();
      return null;
    });
  }

  private void checkLocked() {
    if (!lock.isHeldByCurrentThread()) {
      throw new IllegalStateException("storage access outside the storage lock");
    }
  }

  long revision() {
    return locked(() -> revision);
  }

  /**
   * Waits, in real time, until the revision reaches {@code rv} (a get or list "not older than" a resourceVersion
   * the store has not reached yet; the real server waits up to 3 s).
   *
   * @return whether it did
   */
  boolean awaitRevision(long rv, java.time.Duration max) {
    lock.lock();
    try {
      long left = max.toNanos();
      while (revision < rv && left > 0) {
        left = advanced.awaitNanos(left);
      }
      return revision >= rv;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return revision >= rv;
    } finally {
      lock.unlock();
    }
  }

  long compactedThrough() {
    return locked(() -> compactedThrough);
  }

  /** Caller holds the lock. */
  ObjectNode get(String storageKey, String key) {
    checkLocked();
    TreeMap<String, ObjectNode> m = objects.get(storageKey);
    return m == null ? null : m.get(key);
  }

  /**
   * The JSON encoding of the object stored under {@code key}, if {@code object} is that stored tree (else
   * {@code null}, e.g. for a state rebuilt from history). The array must not be modified. Caller holds the lock.
   */
  byte[] encoded(String storageKey, String key, ObjectNode object) {
    checkLocked();
    HashMap<String, Encoded> m = encodings.get(storageKey);
    Encoded e = m == null ? null : m.get(key);
    return e != null && e.object() == object ? e.json() : null;
  }

  /** Current objects of a resource, in key order; {@code namespace} empty means all. Caller holds the lock. */
  List<Map.Entry<String, ObjectNode>> list(String storageKey, String namespace) {
    checkLocked();
    return new ArrayList<>(range(objects.get(storageKey), namespace).entrySet());
  }

  /**
   * A live view of a resource's current objects after {@code afterKey} (all when null), in key order, for reading
   * a page without copying the whole resource. Valid only while the caller holds the lock.
   */
  Iterable<Map.Entry<String, ObjectNode>> view(String storageKey, String namespace, String afterKey) {
    checkLocked();
    NavigableMap<String, ObjectNode> r = range(objects.get(storageKey), namespace);
    return (afterKey == null ? r : r.tailMap(afterKey, false)).entrySet();
  }

  /** The object stored under {@code key} as a list of at most one entry. Caller holds the lock. */
  List<Map.Entry<String, ObjectNode>> entry(String storageKey, String key) {
    ObjectNode o = get(storageKey, key);
    return o == null ? List.of() : List.of(Map.entry(key, o));
  }

  /**
   * Whether a resource holds no object (in {@code namespace}, or at all when it is empty). O(log n): the size of a
   * namespace's sub-map would be counted element by element. Caller holds the lock.
   */
  boolean isEmpty(String storageKey, String namespace) {
    checkLocked();
    return range(objects.get(storageKey), namespace).isEmpty();
  }

  /** Storage keys that hold at least one object. Caller holds the lock. */
  List<String> storageKeys() {
    checkLocked();
    List<String> out = new ArrayList<>();
    objects.forEach((k, v) -> {
      if (!v.isEmpty()) {
        out.add(k);
      }
    });
    return out;
  }

  private static NavigableMap<String, ObjectNode> range(TreeMap<String, ObjectNode> m, String namespace) {
    if (m == null) {
      return Collections.emptyNavigableMap();
    }
    if (namespace == null || namespace.isEmpty()) {
      return m;
    }
    // '0' is the character after '/', so this is exactly the keys "namespace/…".
    return m.subMap(namespace + "/", true, namespace + "0", false);
  }

  /**
   * The objects of a resource as they were at {@code rv}, rebuilt from the current state by undoing newer
   * changes. Caller holds the lock and has checked {@code rv >= compactedThrough}.
   */
  List<Map.Entry<String, ObjectNode>> listAt(String storageKey, String namespace, long rv) {
    checkLocked();
    TreeMap<String, ObjectNode> state = new TreeMap<>(range(objects.get(storageKey), namespace));
    Iterator<Change> newestFirst = history.descendingIterator();
    while (newestFirst.hasNext()) {
      Change c = newestFirst.next();
      if (c.rv() <= rv) {
        break;
      }
      if (!c.storageKey().equals(storageKey)
          || (namespace != null && !namespace.isEmpty() && !c.namespace().equals(namespace))) {
        continue;
      }
      if (c.previous() == null) {
        state.remove(c.key());
      } else {
        state.put(c.key(), c.previous());
      }
    }
    return new ArrayList<>(state.entrySet());
  }

  /**
   * Stores {@code object} (a new tree, not shared with anyone) under a fresh resourceVersion and records ADDED or
   * MODIFIED. The caller has already ruled out no-op writes. Caller holds the lock.
   *
   * @return the stored object, stamped
   */
  ObjectNode put(String storageKey, String key, ObjectNode object) {
    checkLocked();
    long rv = ++revision;
    Json.meta(object).put("resourceVersion", Long.toString(rv));
    ObjectNode previous = objects.computeIfAbsent(storageKey, k -> new TreeMap<>()).put(key, object);
    byte[] json = Json.bytes(object);
    encodings.computeIfAbsent(storageKey, k -> new HashMap<>()).put(key, new Encoded(object, json));
    reindexOwners(new Ref(storageKey, key), previous, object);
    record(new Change(rv, storageKey, previous == null ? Change.Type.ADDED : Change.Type.MODIFIED, key, object,
        previous, json));
    return object;
  }

  /**
   * Removes an object under a fresh resourceVersion and records DELETED with its last state. Caller holds the
   * lock.
   *
   * @return the last state stamped with the delete's resourceVersion, or {@code null} if absent
   */
  ObjectNode remove(String storageKey, String key) {
    return remove(storageKey, key, null);
  }

  /**
   * As {@link #remove(String, String)}, but the DELETED event carries {@code finalState} (e.g. the object with
   * its last finalizer removed) instead of the stored state.
   */
  ObjectNode remove(String storageKey, String key, ObjectNode finalState) {
    checkLocked();
    TreeMap<String, ObjectNode> m = objects.get(storageKey);
    ObjectNode previous = m == null ? null : m.remove(key);
    if (previous == null) {
      return null;
    }
    encodings.get(storageKey).remove(key);
    long rv = ++revision;
    ObjectNode last = (finalState == null ? previous : finalState).deepCopy();
    Json.meta(last).put("resourceVersion", Long.toString(rv));
    reindexOwners(new Ref(storageKey, key), previous, null);
    record(new Change(rv, storageKey, Change.Type.DELETED, key, last, previous, null));
    return last;
  }

  /** Objects whose ownerReferences name {@code ownerUid}. Caller holds the lock. */
  List<Ref> dependentsOf(String ownerUid) {
    checkLocked();
    return new ArrayList<>(dependents.getOrDefault(ownerUid, Set.of()));
  }

  private void reindexOwners(Ref ref, ObjectNode before, ObjectNode after) {
    for (String uid : ownerUids(before)) {
      Set<Ref> set = dependents.get(uid);
      if (set != null) {
        set.remove(ref);
        if (set.isEmpty()) {
          dependents.remove(uid);
        }
      }
    }
    for (String uid : ownerUids(after)) {
      dependents.computeIfAbsent(uid, u -> new LinkedHashSet<>()).add(ref);
    }
  }

  private static List<String> ownerUids(ObjectNode object) {
    if (object == null) {
      return List.of();
    }
    List<String> uids = new ArrayList<>();
    for (JsonNode ref : object.path("metadata").path("ownerReferences")) {
      String uid = ref.path("uid").asText("");
      if (!uid.isEmpty()) {
        uids.add(uid);
      }
    }
    return uids;
  }

  private void record(Change change) {
    if (history.size() >= historyWindow) {
      compactedThrough = history.pollFirst().rv();
    }
    history.addLast(change);
    advanced.signalAll();
    List<Sink> targets = sinks.get(change.storageKey());
    if (targets != null) {
      targets.removeIf(s -> !s.offer(change));
    }
  }

  /** Forgets all history up to the current revision: every resume from an older resourceVersion gets 410. */
  void compact() {
    locked(() -> {
      history.clear();
      compactedThrough = revision;
    });
  }

  /** What a new watch starts with: either an initial snapshot or the retained changes after its start point. */
  record WatchStart(long revision, List<Map.Entry<String, ObjectNode>> initial, List<Change> backlog,
      boolean tooOld, long oldest) {}

  /**
   * Registers {@code sink} for later changes of a resource and returns, atomically with the registration, where
   * the watch starts. With {@code fromRv < 0} it starts from the current state ({@code initial}); otherwise from
   * the retained changes after {@code fromRv} ({@code backlog}), or {@code tooOld} (nothing registered).
   */
  WatchStart watch(String storageKey, String namespace, long fromRv, Sink sink) {
    return locked(() -> {
      if (fromRv >= 0 && fromRv < compactedThrough) {
        return new WatchStart(revision, List.of(), List.of(), true, compactedThrough);
      }
      List<Map.Entry<String, ObjectNode>> initial = List.of();
      List<Change> backlog = new ArrayList<>();
      if (fromRv < 0) {
        initial = list(storageKey, namespace);
      } else {
        Iterator<Change> newestFirst = history.descendingIterator();
        while (newestFirst.hasNext()) {
          Change c = newestFirst.next();
          if (c.rv() <= fromRv) {
            break;
          }
          if (c.storageKey().equals(storageKey)) {
            backlog.add(c);
          }
        }
        Collections.reverse(backlog);
      }
      sinks.computeIfAbsent(storageKey, k -> new CopyOnWriteArrayList<>()).add(sink);
      return new WatchStart(revision, initial, backlog, false, compactedThrough);
    });
  }

  void unwatch(String storageKey, Sink sink) {
    locked(() -> {
      List<Sink> list = sinks.get(storageKey);
      if (list != null) {
        list.remove(sink);
      }
    });
  }

  /** Every registered sink of every resource, for faults and shutdown. */
  List<Sink> allSinks() {
    return locked(() -> {
      List<Sink> all = new ArrayList<>();
      sinks.values().forEach(all::addAll);
      return all;
    });
  }

  /** Sinks of one resource, e.g. to end CR watches when their CRD goes away. */
  List<Sink> sinksOf(String storageKey) {
    return locked(() -> new ArrayList<>(sinks.getOrDefault(storageKey, List.of())));
  }
}
