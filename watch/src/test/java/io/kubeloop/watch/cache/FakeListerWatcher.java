package io.kubeloop.watch.cache;

import io.kubeloop.core.api.ApiException;
import io.kubeloop.core.api.EventType;
import io.kubeloop.core.api.ListMeta;
import io.kubeloop.core.api.ObjectKey;
import io.kubeloop.core.api.ObjectList;
import io.kubeloop.core.api.ObjectMeta;
import io.kubeloop.core.api.Status;
import io.kubeloop.core.api.WatchEvent;
import io.kubeloop.core.client.ListOptions;
import io.kubeloop.core.client.WatchOptions;
import io.kubeloop.core.client.WatchStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Java counterpart of client-go {@code tools/cache/testing/fake_controller_source.go} ({@code FakeControllerSource}):
 * an in-memory source of {@link Obj}s with a resourceVersion counter, a change history that watches replay from
 * and that {@link #compact()} can cut (a watch or continue token from before it gets 410 Expired), pagination with
 * continue tokens, scripted failures, and a record of every request.
 *
 * <p>Thread-safe: every method is synchronized; each stream is a queue the fake feeds and the reflector drains.
 */
final class FakeListerWatcher implements ListerWatcher<Obj> {
  private record Change(EventType type, Obj object, long rv) {}

  private final TreeMap<ObjectKey, Obj> objects = new TreeMap<>();
  private final List<Change> history = new ArrayList<>();
  private final List<FakeStream> open = new ArrayList<>();
  private final List<ListOptions> lists = new ArrayList<>();
  private final List<WatchOptions> watches = new ArrayList<>();
  private final Deque<Exception> listFailures = new ArrayDeque<>();
  private final Deque<Exception> watchFailures = new ArrayDeque<>();
  /** Failures for the n-th list call (0-based), e.g. to expire a continue token between pages. */
  private final Map<Integer, Exception> listFailuresAt = new HashMap<>();
  /** Snapshots behind continue tokens, by the resourceVersion they were taken at. */
  private final Map<Long, List<Obj>> snapshots = new HashMap<>();
  private long rv = 1;
  /** Watches and continue tokens from before this resourceVersion are expired. */
  private long compactedRv;
  private boolean rejectStreamingLists;
  private String listResourceVersionOverride;

  // ---- the server side ----------------------------------------------------------------------------------------

  synchronized Obj create(String namespace, String name) {
    return write(EventType.ADDED, new Obj(ObjectMeta.of(namespace, name), "v0"));
  }

  synchronized Obj create(String name) {
    return create(null, name);
  }

  synchronized Obj update(ObjectKey key, String value) {
    Obj current = objects.get(key);
    if (current == null) {
      throw new IllegalStateException("no " + key);
    }
    return write(EventType.MODIFIED, current.withValue(value));
  }

  synchronized Obj delete(ObjectKey key) {
    Obj current = objects.get(key);
    if (current == null) {
      throw new IllegalStateException("no " + key);
    }
    return write(EventType.DELETED, current);
  }

  /** Changes the server without telling any watch (the object is as if edited during a partition). */
  synchronized void putSilently(Obj object) {
    rv++;
    objects.put(object.key(), object.withResourceVersion(Long.toString(rv)));
    compactedRv = rv; // the history no longer explains the state
  }

  synchronized void deleteSilently(ObjectKey key) {
    rv++;
    objects.remove(key);
    compactedRv = rv;
  }

  private Obj write(EventType type, Obj object) {
    rv++;
    Obj stored = object.withResourceVersion(Long.toString(rv));
    if (type == EventType.DELETED) {
      objects.remove(stored.key());
    } else {
      objects.put(stored.key(), stored);
    }
    history.add(new Change(type, stored, rv));
    for (FakeStream s : open) {
      s.offer(WatchEvent.of(type, stored));
    }
    return stored;
  }

  /** Forgets the history: watches resuming from before now, and continue tokens, get 410 Expired. */
  synchronized void compact() {
    compactedRv = rv;
    history.clear();
    snapshots.clear();
  }

  /** Ends every open watch normally, as a server timeout or a dropped connection does ({@code ResetWatch}). */
  synchronized void resetWatches() {
    open.forEach(FakeStream::closeFromServer);
    open.clear();
  }

  /** Sends 410 Expired to every open watch and ends it. */
  synchronized void expireWatches() {
    for (FakeStream s : open) {
      s.offer(WatchEvent.error(expired()));
      s.closeFromServer();
    }
    open.clear();
  }

  /** Sends an ERROR event with {@code status} to every open watch and ends it. */
  synchronized void failWatches(Status status) {
    for (FakeStream s : open) {
      s.offer(WatchEvent.error(status));
      s.closeFromServer();
    }
    open.clear();
  }

  /** Sends a bookmark at the current resourceVersion to every open watch that asked for bookmarks. */
  synchronized void bookmark() {
    for (FakeStream s : open) {
      if (s.bookmarks) {
        s.offer(WatchEvent.of(EventType.BOOKMARK, bookmarkObject(Map.of())));
      }
    }
  }

  synchronized void failNextList(Exception e) {
    listFailures.add(e);
  }

  synchronized void failNextWatch(Exception e) {
    watchFailures.add(e);
  }

  synchronized void failListCall(int index, Exception e) {
    listFailuresAt.put(index, e);
  }

  /** Makes watches with {@code sendInitialEvents} fail with 422 Invalid, as servers without streaming lists do. */
  synchronized void rejectStreamingLists() {
    rejectStreamingLists = true;
  }

  /** Moves the resourceVersion on without changing these objects (another resource was written). */
  synchronized void advanceVersion() {
    rv++;
  }

  /** Makes lists report this resourceVersion (e.g. "" to make the reflector watch from ""). */
  synchronized void overrideListResourceVersion(String value) {
    listResourceVersionOverride = value;
  }

  static Status expired() {
    return Status.failure(410, "Expired", "too old resource version");
  }

  static ApiException apiError(int code, String reason) {
    return new ApiException(Status.failure(code, reason, reason));
  }

  // ---- what the reflector calls -----------------------------------------------------------------------------

  @Override
  public synchronized ObjectList<Obj> list(ListOptions options) throws IOException, ApiException {
    lists.add(options);
    Exception failure = listFailuresAt.containsKey(lists.size() - 1) ? listFailuresAt.remove(lists.size() - 1) : listFailures.poll();
    if (failure instanceof IOException e) {
      throw e;
    }
    if (failure instanceof ApiException e) {
      throw e;
    }
    List<Obj> all;
    long at;
    int offset = 0;
    if (options.continueToken() != null) {
      String[] parts = options.continueToken().split(":");
      at = Long.parseLong(parts[0]);
      offset = Integer.parseInt(parts[1]);
      all = snapshots.get(at);
      if (all == null || at < compactedRv) {
        throw new ApiException(expired());
      }
    } else {
      at = rv;
      all = List.copyOf(objects.values());
    }
    String listRv = listResourceVersionOverride != null ? listResourceVersionOverride : Long.toString(at);
    Long limit = options.limit();
    if (limit == null || limit == 0 || offset + limit >= all.size()) {
      return new ObjectList<>("v1", "ObjList", new ListMeta(listRv, null, null, null), all.subList(offset, all.size()), null);
    }
    snapshots.put(at, all);
    int end = (int) (offset + limit);
    String token = at + ":" + end;
    return new ObjectList<>("v1", "ObjList", new ListMeta(listRv, token, null, null), all.subList(offset, end), null);
  }

  @Override
  public synchronized WatchStream<Obj> watch(WatchOptions options) throws IOException, ApiException {
    watches.add(options);
    Exception failure = watchFailures.poll();
    if (failure instanceof IOException e) {
      throw e;
    }
    if (failure instanceof ApiException e) {
      throw e;
    }
    FakeStream s = new FakeStream(options.allowWatchBookmarks());
    String from = options.resourceVersion() == null ? "" : options.resourceVersion();
    if (Boolean.TRUE.equals(options.sendInitialEvents())) {
      if (rejectStreamingLists) {
        throw apiError(422, "Invalid");
      }
      objects.values().forEach(o -> s.offer(WatchEvent.of(EventType.ADDED, o)));
      s.offer(WatchEvent.of(EventType.BOOKMARK, bookmarkObject(Map.of(WatchEvent.INITIAL_EVENTS_END_ANNOTATION, "true"))));
    } else if (from.isEmpty() || from.equals("0")) {
      objects.values().forEach(o -> s.offer(WatchEvent.of(EventType.ADDED, o)));
    } else {
      long since = Long.parseLong(from);
      if (since < compactedRv) {
        s.offer(WatchEvent.error(expired()));
        s.closeFromServer();
        return s;
      }
      for (Change c : history) {
        if (c.rv > since) {
          s.offer(WatchEvent.of(c.type, c.object));
        }
      }
    }
    open.removeIf(FakeStream::isClosedByClient);
    open.add(s);
    return s;
  }

  @Override
  public String description() {
    return "objs";
  }

  private Obj bookmarkObject(Map<String, String> annotations) {
    return new Obj(ObjectMeta.of(null, "bookmark").withResourceVersion(Long.toString(rv)).withAnnotations(annotations), "");
  }

  // ---- what tests read --------------------------------------------------------------------------------------

  synchronized List<ListOptions> lists() {
    return List.copyOf(lists);
  }

  synchronized List<WatchOptions> watches() {
    return List.copyOf(watches);
  }

  synchronized int openWatches() {
    open.removeIf(FakeStream::isClosedByClient);
    return open.size();
  }

  synchronized String resourceVersion() {
    return Long.toString(rv);
  }

  synchronized Map<ObjectKey, Obj> contents() {
    return Map.copyOf(objects);
  }

  /** A watch stream fed by the fake. The server ends it after what is queued; a client close ends it at once. */
  static final class FakeStream implements WatchStream<Obj> {
    private static final WatchEvent<Obj> END = WatchEvent.error(Status.failure(0, "End", "end"));
    private final LinkedBlockingQueue<WatchEvent<Obj>> events = new LinkedBlockingQueue<>();
    final boolean bookmarks;
    private volatile boolean closedByClient;

    FakeStream(boolean bookmarks) {
      this.bookmarks = bookmarks;
    }

    void offer(WatchEvent<Obj> e) {
      events.add(e);
    }

    @Override
    public WatchEvent<Obj> next() throws IOException {
      if (closedByClient) {
        return null;
      }
      try {
        WatchEvent<Obj> e = events.take();
        if (e == END || closedByClient) {
          events.add(END); // stay ended
          return null;
        }
        return e;
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted");
      }
    }

    /** Server side: end after what is queued. */
    void closeFromServer() {
      events.add(END);
    }

    boolean isClosedByClient() {
      return closedByClient;
    }

    @Override
    public void close() {
      closedByClient = true;
      events.add(END);
    }
  }
}
