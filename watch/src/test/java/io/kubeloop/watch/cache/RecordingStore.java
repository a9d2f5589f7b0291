package io.kubeloop.watch.cache;

import io.kubeloop.core.api.ObjectKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A {@link ReflectorStore} that keeps what it was told, as text ("add a@2", "replace 3 @5") and as contents. */
final class RecordingStore implements ReflectorStore<Obj> {
  private final List<String> calls = new ArrayList<>();
  private final Map<ObjectKey, Obj> contents = new HashMap<>();
  private int resyncs;
  private RuntimeException nextResyncFailure;

  @Override
  public synchronized void add(Obj object) {
    calls.add("add " + object);
    contents.put(object.key(), object);
  }

  @Override
  public synchronized void update(Obj object) {
    calls.add("update " + object);
    contents.put(object.key(), object);
  }

  @Override
  public synchronized void delete(Obj object) {
    calls.add("delete " + object);
    contents.remove(object.key());
  }

  @Override
  public synchronized void replace(List<Obj> objects, String resourceVersion) {
    calls.add("replace " + objects.size() + " @" + resourceVersion);
    contents.clear();
    objects.forEach(o -> contents.put(o.key(), o));
  }

  @Override
  public synchronized void resync() {
    resyncs++;
    RuntimeException failure = nextResyncFailure;
    nextResyncFailure = null;
    if (failure != null) {
      throw failure;
    }
  }

  synchronized void failNextResync(RuntimeException e) {
    nextResyncFailure = e;
  }

  synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  synchronized Map<ObjectKey, Obj> contents() {
    return Map.copyOf(contents);
  }

  synchronized int resyncs() {
    return resyncs;
  }
}
