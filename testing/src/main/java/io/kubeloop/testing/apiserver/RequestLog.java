package io.kubeloop.testing.apiserver;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Every request the server received, in arrival order, bounded to the most recent {@link #CAPACITY}. Thread-safe;
 * what it returns are immutable snapshots.
 */
public final class RequestLog {
  /** How many requests are kept; older ones are forgotten first. */
  public static final int CAPACITY = 10_000;

  private final Object lock = new Object();
  /** Guarded by {@code lock}. */
  private final ArrayList<RecordedRequest> requests = new ArrayList<>();

  RequestLog() {}

  void add(RecordedRequest request) {
    synchronized (lock) {
      if (requests.size() >= CAPACITY) {
        requests.subList(0, CAPACITY / 10).clear();
      }
      requests.add(request);
    }
  }

  /** All recorded requests, oldest first. */
  public List<RecordedRequest> all() {
    synchronized (lock) {
      return List.copyOf(requests);
    }
  }

  /** The recorded requests that match, oldest first. */
  public List<RecordedRequest> matching(Predicate<RecordedRequest> filter) {
    List<RecordedRequest> out = new ArrayList<>();
    for (RecordedRequest r : all()) {
      if (filter.test(r)) {
        out.add(r);
      }
    }
    return out;
  }

  /** How many recorded requests match. */
  public int count(Predicate<RecordedRequest> filter) {
    return matching(filter).size();
  }

  public void clear() {
    synchronized (lock) {
      requests.clear();
    }
  }
}
