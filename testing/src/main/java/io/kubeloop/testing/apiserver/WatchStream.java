package io.kubeloop.testing.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.kubeloop.core.clock.Clock;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One open watch: a bounded queue that writers fill without blocking, drained by the HTTP thread that serves the
 * stream. Java counterpart of the watch cache's {@code cacheWatcher}
 * (k8s.io/apiserver pkg/storage/cacher/cache_watcher.go): per-watcher buffer, selector transitions
 * (newly matching → ADDED, no longer matching → DELETED), bookmarks, and termination of a watcher that falls too
 * far behind (its stream simply ends, and the client re-watches).
 *
 * <p>Timers (bookmark cadence, lifetime) run on the injected {@link Clock}, so tests drive them with a fake clock.
 */
final class WatchStream implements Storage.Sink {
  /** Control messages interleaved with changes in the queue. */
  private enum Signal { END }

  /** A bookmark at a resourceVersion taken under the storage lock, so every earlier change is queued before it. */
  private record Bookmark(long rv, boolean periodic) {}

  /** What the request asked for. */
  record Options(ResourceType type, String namespace, ObjectFilter filter, boolean bookmarks,
      boolean initialEventsEnd, String tableVersion, TableConverter.IncludeObject includeObject) {}

  private final Options options;
  private final Storage storage;
  private final Clock clock;
  private final int capacity;
  private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private volatile boolean overflowed;
  private volatile boolean stalled;
  private boolean sentColumns;
  /** The pending periodic bookmark; replaced each time one is sent. Touched by the serving thread only. */
  private volatile Clock.Cancellable nextBookmark;
  private static final Duration DEADLINE_BOOKMARK_LEAD = Duration.ofSeconds(2);
  /** Changes at or below this resourceVersion are not sent (a watch from a future resourceVersion waits). */
  private long sentThrough = -1;

  WatchStream(Options options, Storage storage, Clock clock, int capacity) {
    this.options = options;
    this.storage = storage;
    this.clock = clock;
    this.capacity = capacity;
  }

  @Override
  public boolean offer(Change change) {
    if (!options.namespace().isEmpty() && !change.namespace().equals(options.namespace())) {
      // Never sent (deliver drops it too), so it must not wake the serving thread or fill the queue. The server
      // notices that a client went away only when it next writes to it: a watch whose client closed it would
      // otherwise be woken for every change of the resource in every namespace until its lifetime ends.
      return true;
    }
    if (queue.size() >= capacity) {
      overflowed = true;
      queue.offer(Signal.END);
      return false;
    }
    queue.offer(change);
    return true;
  }

  @Override
  public void end() {
    queue.offer(Signal.END);
  }

  /** Fault: from now on this stream sends nothing more, but stays open (a dead connection). */
  void stall() {
    stalled = true;
  }

  /**
   * Serves the stream until it ends: writes the start events, then changes and bookmarks as they come.
   *
   * @param fromRv the requested resourceVersion, or -1 to start with the current state
   * @param lifetime when to end the stream cleanly
   * @param bookmarkInterval how often to send a bookmark when the client allows them
   */
  void serve(HttpExchange exchange, long fromRv, Duration lifetime, Duration bookmarkInterval) throws IOException {
    String storageKey = options.type().storageKey();
    Storage.WatchStart start = storage.watch(storageKey, options.namespace(), fromRv, this);
    List<Clock.Cancellable> timers = new ArrayList<>();
    try {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.getResponseHeaders().set("Cache-Control", "no-cache, private");
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      if (start.tooOld()) {
        ObjectNode status = StatusErrors.tooOldResourceVersion(fromRv, start.oldest());
        write(out, event("ERROR", status));
        out.close();
        return;
      }
      sentThrough = fromRv;
      timers.add(clock.schedule(lifetime, this::end));
      for (Map.Entry<String, ObjectNode> e : start.initial()) {
        if (options.filter().matches(e.getValue())) {
          write(out, objectEvent("ADDED", e.getValue()));
        }
      }
      if (options.initialEventsEnd() && options.bookmarks() && options.tableVersion() == null) {
        write(out, bookmark(start.revision(), true));
      }
      for (Change c : start.backlog()) {
        deliver(out, c);
      }
      boolean bookmarks = options.bookmarks() && options.tableVersion() == null;
      if (bookmarks && bookmarkInterval.compareTo(Duration.ZERO) > 0) {
        scheduleBookmark(bookmarkInterval, true);
      }
      if (bookmarks && lifetime.compareTo(DEADLINE_BOOKMARK_LEAD) > 0) {
        // Like the cacher, one last bookmark shortly before the deadline, so the client resumes from a fresh RV.
        timers.add(scheduleBookmark(lifetime.minus(DEADLINE_BOOKMARK_LEAD), false));
      }
      while (true) {
        Object next = queue.take();
        if (next == Signal.END || overflowed) {
          break;
        }
        if (stalled) {
          continue;
        }
        if (next instanceof Change c) {
          deliver(out, c);
        } else if (next instanceof Bookmark b) {
          write(out, bookmark(b.rv(), false));
          if (b.periodic()) {
            scheduleBookmark(bookmarkInterval, true);
          }
        }
      }
      out.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException clientGone) {
      // The client closed the connection; nothing more to do.
    } finally {
      timers.forEach(Clock.Cancellable::cancel);
      Clock.Cancellable periodic = nextBookmark;
      if (periodic != null) {
        periodic.cancel();
      }
      storage.unwatch(storageKey, this);
      exchange.close();
    }
  }

  /** Schedules a bookmark; its resourceVersion is read under the storage lock, after every earlier change. */
  private Clock.Cancellable scheduleBookmark(Duration delay, boolean periodic) {
    Clock.Cancellable c = clock.schedule(delay, () -> storage.locked(() -> {
      queue.offer(new Bookmark(storage.revision(), periodic));
    }));
    if (periodic) {
      nextBookmark = c;
    }
    return c;
  }

  /** Applies selector transitions and writes at most one event for a change. */
  private void deliver(OutputStream out, Change c) throws IOException {
    if (c.rv() <= sentThrough) {
      return;
    }
    if (!options.namespace().isEmpty() && !c.namespace().equals(options.namespace())) {
      return;
    }
    ObjectFilter f = options.filter();
    boolean now = c.type() != Change.Type.DELETED && f.matches(c.object());
    boolean before = c.previous() != null && f.matches(c.previous());
    if (c.type() == Change.Type.DELETED) {
      if (before) {
        write(out, objectEvent("DELETED", c.object()));
      }
      return;
    }
    if (now) {
      String type = before ? "MODIFIED" : "ADDED";
      if (c.json() != null && options.tableVersion() == null
          && ObjectStore.present(options.type(), c.object()) == c.object()) {
        writeEncoded(out, type, c.json()); // every watcher shares the encoding made when the object was stored
      } else {
        write(out, objectEvent(type, c.object()));
      }
    } else if (before) {
      ObjectNode gone = c.previous().deepCopy();
      Json.meta(gone).put("resourceVersion", Long.toString(c.rv()));
      write(out, objectEvent("DELETED", gone));
    }
  }

  private ObjectNode objectEvent(String type, ObjectNode stored) {
    ObjectNode object = ObjectStore.present(options.type(), stored);
    if (options.tableVersion() != null) {
      object = Tables.table(options.type(), List.of(object), options.tableVersion(), options.includeObject(),
          !sentColumns, clock.instant());
      Json.meta(object).put("resourceVersion", Json.resourceVersion(stored));
      sentColumns = true;
    }
    return event(type, object);
  }

  private ObjectNode bookmark(long rv, boolean initialEventsEnd) {
    ObjectNode object = Json.object();
    object.put("kind", options.type().kind()).put("apiVersion", options.type().apiVersion());
    ObjectNode meta = object.putObject("metadata");
    meta.put("resourceVersion", Long.toString(rv));
    if (initialEventsEnd) {
      meta.putObject("annotations").put("k8s.io/initial-events-end", "true");
    }
    return event("BOOKMARK", object);
  }

  private static ObjectNode event(String type, ObjectNode object) {
    ObjectNode e = Json.object();
    e.put("type", type);
    e.set("object", object);
    return e;
  }

  /** Writes {@code {"type":<type>,"object":<json>}} and a newline, exactly as {@link #write} would. */
  private static void writeEncoded(OutputStream out, String type, byte[] json) throws IOException {
    byte[] head = ("{\"type\":\"" + type + "\",\"object\":").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] line = new byte[head.length + json.length + 2];
    System.arraycopy(head, 0, line, 0, head.length);
    System.arraycopy(json, 0, line, head.length, json.length);
    line[line.length - 2] = '}';
    line[line.length - 1] = '\n';
    out.write(line);
    out.flush();
  }

  private static void write(OutputStream out, ObjectNode event) throws IOException {
    byte[] bytes = Json.bytes(event);
    byte[] line = new byte[bytes.length + 1];
    System.arraycopy(bytes, 0, line, 0, bytes.length);
    line[bytes.length] = '\n';
    out.write(line);
    out.flush();
  }
}
